using Microsoft.Data.Sqlite;
using Tidings.Clustering;
using Tidings.Ingest;
using Tidings.Tests;

namespace Tidings.Composition.Tests;

/// <summary>Late joins: a report that arrives before every other report of its event opens a story of its own; when
/// the event's story has grown and clears the threshold against it, that one-report story merges into it, in the
/// database too (the article moves with its evidence, the old id leads to the story it joined).</summary>
public sealed class LateJoinTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-latejoin-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>The Arabic luxor-tomb report first, then the other four reports of that event.</summary>
    private static List<string> ArabicFirst()
    {
        var dir = RepoPaths.InRepo("samples", "luxor-tomb");
        var files = Directory.GetFiles(dir).Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToList();
        var arabic = files.Single(f => Path.GetFileName(f).StartsWith("ar-", StringComparison.Ordinal));
        files.Remove(arabic);
        Assert.True(files.Count >= 3, $"{files.Count} other reports in {dir}");
        return [arabic, .. files];
    }

    private async Task<(Dictionary<string, long> Story, string ArabicId, long OpenedAs, TidingsEngine Engine)> IngestAsync(string name, ClusteringOptions clustering)
    {
        var order = ArabicFirst();
        var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = Path.Combine(_dir, name + ".db"), Clustering = clustering });
        var ingestor = await engine.CreateIngestorAsync();
        var story = new Dictionary<string, long>(StringComparer.Ordinal);
        string arabicId = "";
        long openedAs = 0;
        ingestor.Assigned = (article, a) =>
        {
            story[article.Id] = a.StoryId;
            if (Path.GetFullPath(article.Path ?? "") == order[0])
                (arabicId, openedAs) = (article.Id, a.StoryId);
        };
        ingestor.Moved = (id, to) => story[id] = to;
        // one page per batch: the Arabic report is stored (and committed) before the others come
        foreach (var path in order)
            await ingestor.IngestAsync([PageSource.ReadOne(path)], 1, timeOrder: false);
        return (story, arabicId, openedAs, engine);
    }

    [Fact]
    public async Task A_report_that_came_first_and_stayed_alone_joins_its_events_story_later_and_the_store_follows()
    {
        var (story, arabicId, openedAs, engine) = await IngestAsync("late", new ClusteringOptions());
        await using (engine)
        {
            Assert.NotEqual("", arabicId);
            var others = story.Where(s => s.Key != arabicId).Select(s => s.Value).Distinct().ToList();
            Assert.True(others.Count == 1, $"the other reports are in {others.Count} stories");
            Assert.NotEqual(openedAs, others[0]);
            Assert.Equal(others[0], story[arabicId]);

            var stored = await engine.Store.GetArticleAsync(arabicId);
            Assert.Equal(others[0], stored!.StoryId);
            Assert.Contains("joined later", stored.Evidence ?? "", StringComparison.Ordinal);
            var merged = await engine.Store.GetStoryAsync(openedAs);
            Assert.Equal(others[0], merged!.Id); // the id the report opened leads to the story it joined
            Assert.Equal(story.Count, merged.ArticleCount);
            var listed = await engine.Store.ListStoriesAsync(new Storage.StoryQuery { Limit = 0 });
            Assert.Equal([others[0]], listed.Stories.Select(s => s.Id));
        }

        // a fresh engine on the same database resumes without the merged story and places a copy of a report there
        await using var again = await TidingsEngine.OpenAsync(new EngineOptions { Database = Path.Combine(_dir, "late.db") });
        var state = await again.Store.LoadActiveStateAsync(TimeSpan.FromDays(3650));
        Assert.DoesNotContain(state.Stories, s => s.Id == openedAs);
    }

    [Fact]
    public async Task Without_late_joins_the_report_that_came_first_stays_alone()
    {
        // the control: the same order with late joins made impossible splits the event (what a single pass does)
        var (story, arabicId, openedAs, engine) = await IngestAsync("single-pass", new ClusteringOptions { LateJoinMargin = 2 });
        await using (engine)
        {
            Assert.Equal(openedAs, story[arabicId]);
            Assert.DoesNotContain(story, s => s.Key != arabicId && s.Value == openedAs);
        }
    }
}
