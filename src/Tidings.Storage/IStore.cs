using Tidings.Core;

namespace Tidings.Storage;

/// <summary>An article with the features the clusterer compares.</summary>
public sealed record StoredArticle(Article Article, FeatureVector Features);

/// <summary>Where articles and stories live. One implementation per database (SQLite now, PostgreSQL later).</summary>
public interface IStore : IDisposable
{
    /// <summary>True when an article with this content id is stored.</summary>
    bool Contains(string articleId);

    /// <summary>Writes a batch of articles, the stories they touched and the document-frequency changes in one transaction.</summary>
    void SaveBatch(IReadOnlyCollection<StoredArticle> articles, IReadOnlyCollection<StoryState> stories, IReadOnlyDictionary<ulong, int> documentFrequencyDelta);

    /// <summary>What the clusterer needs to resume: every story's state and the feature document frequencies.</summary>
    ClusterState LoadClusterState();

    /// <summary>Stories, biggest and newest first.</summary>
    IReadOnlyList<Story> ListStories(string? language = null, int limit = 50);

    Story? GetStory(long id);

    /// <summary>The articles of a story, by language then time.</summary>
    IReadOnlyList<Article> GetArticles(long storyId);

    int ArticleCount();
}

