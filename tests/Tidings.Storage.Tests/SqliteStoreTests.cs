using Microsoft.Data.Sqlite;
using Tidings.Core;
using Tidings.Storage;

namespace Tidings.Storage.Tests;

public sealed class SqliteStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-store-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private string Db => Path.Combine(_dir, "t.db");

    private static Article MakeArticle(string id, long story, string lang, DateTimeOffset? published = null) => new()
    {
        Id = id,
        Title = "Title " + id,
        Text = "Text " + id,
        Language = new LanguageTag(lang),
        Path = "/x/" + id + ".txt",
        Published = published,
        StoryId = story,
    };

    private static StoryState MakeStory(long id, int size, DateTimeOffset last, params string[] langs) =>
        new(id, "Story " + id, FeatureVector.FromCounts(new Dictionary<ulong, float> { [(ulong)id] = 1 }), size, last.AddDays(-1), last, langs);

    [Fact]
    public void New_database_gets_the_current_schema_version_and_reopens()
    {
        using (var store = SqliteStore.Open(Db))
            Assert.Equal(0, store.ArticleCount());
        using var c = new SqliteConnection($"Data Source={Db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT MAX(version) FROM schema_version";
        Assert.Equal((long)SqliteStore.SchemaVersion, (long)cmd.ExecuteScalar()!);
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)cmd.ExecuteScalar()!);
        using var again = SqliteStore.Open(Db);
        Assert.Equal(0, again.ArticleCount());
    }

    [Fact]
    public void Saves_articles_stories_and_frequencies_and_loads_them_back()
    {
        var t = new DateTimeOffset(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);
        using (var store = SqliteStore.Open(Db))
        {
            store.SaveBatch(
                [new StoredArticle(MakeArticle("a", 1, "bg", t), FeatureVector.Empty), new StoredArticle(MakeArticle("b", 1, "vi"), FeatureVector.Empty),
                 new StoredArticle(MakeArticle("c", 2, "en"), FeatureVector.Empty)],
                [MakeStory(1, 2, t, "bg", "vi"), MakeStory(2, 1, t.AddDays(1), "en")],
                new Dictionary<ulong, int> { [42UL] = 2, [ulong.MaxValue] = 1 });
            store.SaveBatch([], [], new Dictionary<ulong, int> { [42UL] = 1 });
        }
        using var reopened = SqliteStore.Open(Db);
        Assert.True(reopened.Contains("a"));
        Assert.False(reopened.Contains("zzz"));
        var stories = reopened.ListStories();
        Assert.Equal([1L, 2L], stories.Select(s => s.Id));
        Assert.Equal(["bg", "vi"], stories[0].Languages);
        Assert.Equal([1L], reopened.ListStories("vi").Select(s => s.Id));
        Assert.Empty(reopened.ListStories("de"));
        Assert.Single(reopened.ListStories(limit: 1));
        var articles = reopened.GetArticles(1);
        Assert.Equal(["a", "b"], articles.Select(a => a.Id));
        Assert.Equal(t, articles[0].Published);
        var state = reopened.LoadClusterState();
        Assert.Equal(3, state.DocumentCount);
        Assert.Equal(3, state.DocumentFrequencies[42UL]);
        Assert.Equal(1, state.DocumentFrequencies[ulong.MaxValue]);
        Assert.Equal(2, state.Stories.Count);
        Assert.Equal(1, state.Stories[0].Centroid.Count);
    }

    [Fact]
    public void The_same_article_id_is_stored_once()
    {
        using var store = SqliteStore.Open(Db);
        var a = new StoredArticle(MakeArticle("same", 1, "en"), FeatureVector.Empty);
        var story = MakeStory(1, 1, DateTimeOffset.UtcNow, "en");
        store.SaveBatch([a], [story], new Dictionary<ulong, int>());
        store.SaveBatch([a], [story], new Dictionary<ulong, int>());
        Assert.Equal(1, store.ArticleCount());
    }

    [Fact]
    public void A_file_that_is_not_a_database_gives_a_clear_error()
    {
        File.WriteAllBytes(Db, [.. Enumerable.Range(0, 4096).Select(i => (byte)(i * 7))]);
        var e = Assert.Throws<StoreException>(() => SqliteStore.Open(Db));
        Assert.Contains(Db, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_from_a_newer_version_is_refused()
    {
        using (SqliteStore.Open(Db)) { }
        using (var c = new SqliteConnection($"Data Source={Db};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "INSERT INTO schema_version VALUES (999, 'future')";
            cmd.ExecuteNonQuery();
        }
        var e = Assert.Throws<StoreException>(() => SqliteStore.Open(Db));
        Assert.Contains("999", e.Message, StringComparison.Ordinal);
    }
}
