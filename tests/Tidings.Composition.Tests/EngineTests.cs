using Microsoft.Data.Sqlite;
using Tidings.Storage;
using Tidings.Tests;

namespace Tidings.Composition.Tests;

public sealed class EngineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-engine-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Ingest_through_the_engine_then_query_read_only()
    {
        var db = Path.Combine(_dir, "e.db");
        await using (var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = db }))
        {
            Assert.Equal("sqlite", engine.Store.Kind);
            var ingestor = await engine.CreateIngestorAsync();
            var report = await ingestor.IngestPathsAsync([RepoPaths.Shared("seeds")]);
            Assert.Equal(2, report.New);
        }
        await using var reader = await TidingsEngine.OpenAsync(new EngineOptions { Database = "sqlite:" + db, Access = StoreAccess.ReadOnly });
        var story = Assert.Single((await reader.Stories.ListStoriesAsync(new StoryQuery())).Stories);
        Assert.Equal(2, story.ArticleCount);
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.CreateIngestorAsync());
    }

    [Fact]
    public async Task A_second_ingestor_on_the_same_database_continues_the_first_ones_stories()
    {
        var db = Path.Combine(_dir, "two.db");
        var seeds = RepoPaths.Shared("seeds");
        var files = Directory.GetFiles(seeds, "*.txt").Order(StringComparer.Ordinal).ToArray();
        await using var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = db });
        var first = await engine.CreateIngestorAsync();
        var second = await engine.CreateIngestorAsync(); // loaded before the first wrote anything
        Assert.Equal(1, (await first.IngestPathsAsync([files[0]])).New);
        // read both from the start (not from the first one's checkpoint), so the known page is seen as a duplicate
        var report = await second.IngestAsync(new Tidings.Ingest.IngestRequest { Paths = files, Resume = false });
        Assert.Equal(1, report.New);
        Assert.Equal(1, report.Duplicate);
        Assert.Equal(0, report.StoriesCreated); // caught up on the first one's story and joined it
        var story = Assert.Single((await engine.Stories.ListStoriesAsync(new StoryQuery())).Stories);
        Assert.Equal(2, story.ArticleCount);
    }

    [Fact]
    public async Task Read_only_on_a_missing_database_creates_nothing()
    {
        var db = Path.Combine(_dir, "none.db");
        await Assert.ThrowsAsync<StoreException>(() => TidingsEngine.OpenAsync(new EngineOptions { Database = db, Access = StoreAccess.ReadOnly }));
        Assert.False(File.Exists(db));
    }

    [Fact]
    public void The_database_comes_from_the_flag_else_the_environment_else_the_default()
    {
        Assert.Equal("x.db", TidingsEngine.ResolveDatabase("x.db"));
        var old = Environment.GetEnvironmentVariable("TIDINGS_DB");
        try
        {
            Environment.SetEnvironmentVariable("TIDINGS_DB", "postgres://u@h/db");
            Assert.Equal("postgres://u@h/db", TidingsEngine.ResolveDatabase(null));
            Environment.SetEnvironmentVariable("TIDINGS_DB", null);
            Assert.Equal("tidings.db", TidingsEngine.ResolveDatabase(" "));
        }
        finally
        {
            Environment.SetEnvironmentVariable("TIDINGS_DB", old);
        }
    }
}
