using System.IO.Compression;
using System.Text;
using Microsoft.Data.Sqlite;
using Tidings.Ingest;
using Tidings.Storage;
using Tidings.Tests;

namespace Tidings.Ingest.Tests;

public sealed class IngestTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-ingest-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private Task<IStore> OpenStore() => Stores.OpenAsync(Path.Combine(_dir, "t.db"), StoreAccess.ReadWrite);

    private static async Task<IngestReport> Ingest(IStore store, params string[] paths) =>
        await (await Ingestor.CreateAsync(store, Ingestor.StandardPipeline())).IngestPathsAsync(paths);

    private static async Task<IReadOnlyList<Tidings.Core.Story>> ListStories(IStore store) =>
        (await store.ListStoriesAsync(new StoryQuery())).Stories;

    [Fact]
    public async Task The_two_seed_pages_become_one_story_in_bulgarian_and_vietnamese()
    {
        var seeds = RepoPaths.Shared("seeds");
        await using var store = await OpenStore();
        var report = await Ingest(store, seeds);
        Assert.Equal(2, report.New);
        Assert.Empty(report.Failures);
        Assert.True(report.Timings.Stages > TimeSpan.Zero && report.Timings.Store > TimeSpan.Zero, report.Timings.ToString());
        var story = Assert.Single(await ListStories(store));
        Assert.Equal(2, story.ArticleCount);
        Assert.Equal(["bg", "vi"], story.Languages);
        var articles = (await store.GetArticlesAsync(story.Id));
        Assert.Equal(["bg", "vi"], articles.Select(a => a.Language.Language));
        // the sidebar of unrelated headlines must not be part of the article text
        Assert.DoesNotContain("Google", articles[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingesting_the_same_folder_twice_adds_nothing_the_second_time()
    {
        var seeds = RepoPaths.Shared("seeds");
        await using (var store = await OpenStore())
            Assert.Equal(2, (await Ingest(store, seeds)).New);
        await using (var store = await OpenStore())
        {
            // unchanged files resume from their checkpoints: nothing left to read
            var again = await Ingest(store, seeds);
            Assert.Equal(0, again.New);
            Assert.Equal(0, again.Found);
            Assert.Equal(2, again.Resumed);
            // read again from the start, they are known
            var reread = await (await Ingestor.CreateAsync(store, Ingestor.StandardPipeline())).IngestAsync(new IngestRequest { Paths = [seeds], Resume = false });
            Assert.Equal(0, reread.New);
            Assert.Equal(2, reread.Duplicate);
            Assert.Equal(2L, await store.CountArticlesAsync());
            Assert.Single(await ListStories(store));
        }
    }

    [Fact]
    public async Task Bad_pages_are_reported_by_name_and_the_rest_go_in()
    {
        var good = Path.Combine(_dir, "good.txt");
        File.WriteAllText(good, "Storm closes the harbour of Gdansk\n\nThe harbour of Gdansk was closed on Monday after a storm with winds of 140 km/h damaged two cranes, the port authority said in a statement.\n");
        var binary = Path.Combine(_dir, "junk.html");
        File.WriteAllBytes(binary, [.. Enumerable.Range(0, 5000).Select(i => (byte)((i * 37) % 256))]);
        var empty = Path.Combine(_dir, "empty.txt");
        File.WriteAllText(empty, "");
        var truncated = Path.Combine(_dir, "cut.txt.gz");
        using (var ms = new MemoryStream())
        {
            using (var gz = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
                gz.Write(Encoding.UTF8.GetBytes(new string('x', 100000)));
            File.WriteAllBytes(truncated, ms.ToArray()[..(int)(ms.Length / 2)]);
        }
        var utf16NoBom = Path.Combine(_dir, "utf16.txt");
        File.WriteAllBytes(utf16NoBom, Encoding.Unicode.GetBytes("Hello world, this is text in UTF-16 without a byte order mark."));
        var missing = Path.Combine(_dir, "missing.txt");

        await using var store = await OpenStore();
        var report = await Ingest(store, _dir, missing);
        Assert.Equal(1, report.New);
        var failed = report.Failures.Select(f => Path.GetFileName(f.Path)).Order().ToArray();
        Assert.Equal(["cut.txt.gz", "empty.txt", "junk.html", "missing.txt", "utf16.txt"], failed);
        Assert.All(report.Failures, f => Assert.False(string.IsNullOrWhiteSpace(f.Reason)));
        Assert.Equal(1L, await store.CountArticlesAsync());
    }

    [Fact]
    public async Task Huge_and_hostile_pages_do_not_stop_the_run()
    {
        var nested = Path.Combine(_dir, "nested.html");
        File.WriteAllText(nested, "<html><body>" + string.Concat(Enumerable.Repeat("<div>", 10000)) + "<p>Deep text here in a page that nests far too much.</p></body></html>");
        var script = Path.Combine(_dir, "script.html");
        File.WriteAllText(script, "<html><head><title>Evil \u001b[31m <script>alert(1)</script></title></head><body><article><h1>Dam opens on the Vistula</h1><p>The new dam on the Vistula opened on 3 May with a capacity of 480 megawatts, officials said today in Warsaw.</p></article><script>alert(2)</script></body></html>");
        await using var store = await OpenStore();
        var report = await Ingest(store, _dir);
        Assert.Equal(2, report.New + report.Failed);
        Assert.True(report.New >= 1);
        var story = (await ListStories(store)).Single(s => s.Title.Contains("Vistula", StringComparison.Ordinal));
        Assert.DoesNotContain("alert", (await store.GetArticlesAsync(story.Id))[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Samples_in_two_runs_form_the_same_stories_as_in_one_and_the_second_run_reads_frequencies_from_the_store()
    {
        var files = PageSource.Expand([RepoPaths.InRepo("samples")]).ToArray();
        Assert.True(files.Length >= 40);
        var half = files.Length / 2;
        static async Task<string[]> Partition(IStore store)
        {
            var groups = new List<string>();
            foreach (var s in (await store.ListStoriesAsync(new StoryQuery { Limit = 0 })).Stories)
                groups.Add(string.Join(",", (await store.GetArticlesAsync(s.Id)).Select(a => a.Id).Order(StringComparer.Ordinal)));
            return [.. groups.Order(StringComparer.Ordinal)];
        }
        string[] whole;
        await using (var store = await Stores.OpenAsync(Path.Combine(_dir, "one.db"), StoreAccess.ReadWrite))
        {
            await Ingest(store, files);
            whole = await Partition(store);
        }
        await using (var store = await Stores.OpenAsync(Path.Combine(_dir, "two.db"), StoreAccess.ReadWrite))
        {
            await Ingest(store, files[..half]);
            // a new ingestor loads the active stories and their keys' frequencies; it asks the store for the others
            var state = await store.LoadActiveStateAsync(TimeSpan.FromDays(100000));
            var centroidKeys = state.Stories.SelectMany(s => s.Centroid.Keys.ToArray()).ToHashSet();
            var titleKeys = state.Stories.SelectMany(s => s.TitleVector.Keys.ToArray()).ToHashSet();
            Assert.All(centroidKeys, k => Assert.True(state.DocumentFrequencies.ContainsKey(k)));
            Assert.All(state.DocumentFrequencies.Keys, k => Assert.True(centroidKeys.Contains(k) || titleKeys.Contains(k)));
            Assert.Equal(half, state.DocumentCount);
            await Ingest(store, files[half..]);
            Assert.Equal(whole, await Partition(store));
        }
    }

    [Fact]
    public void Page_source_expands_folders_in_order_and_skips_other_files()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.WriteAllText(Path.Combine(_dir, "b.txt"), "x");
        File.WriteAllText(Path.Combine(_dir, "sub", "a.html.gz"), "x");
        File.WriteAllText(Path.Combine(_dir, "c.json"), "{}");
        var files = PageSource.Expand([_dir]).Select(p => Path.GetRelativePath(_dir, p)).ToArray();
        Assert.Equal(["b.txt", Path.Combine("sub", "a.html.gz")], files);
    }

    [Fact]
    public void The_standard_pipeline_is_in_a_valid_order()
    {
        var pipeline = Ingestor.StandardPipeline();
        Assert.Equal(["extract", "page-kind", "language", "content-id", "site-furniture", "features"], pipeline.Stages.Select(s => s.Name));
    }

    [Fact]
    public void Every_standard_stage_requires_exactly_what_it_reads_and_assigns_what_it_declares()
    {
        // the pipeline checks each stage's reads and writes (it throws on a read that is not required and on a declared
        // field left unassigned); over the sample corpus every declared requirement must also be read: a Requires
        // that is too wide, too narrow or empty fails here
        var pipeline = Core.Pipeline.Create(Ingestor.StandardPipeline().Stages, checkAccess: true);
        var docs = PageSource.Read([RepoPaths.InRepo("samples")]).Select(p => new Core.Document(p.Document!)).ToList();
        Assert.True(docs.Count >= 40);
        Assert.All(pipeline.ProcessBatch(docs), Assert.Null);
        foreach (var stage in pipeline.Stages)
        {
            var reads = pipeline.ObservedReads(stage) & ~Core.DocumentFields.Raw;
            Assert.True((stage.Requires & ~Core.DocumentFields.Raw) == reads, $"stage '{stage.Name}' requires {stage.Requires} but reads {reads}");
        }
    }
}
