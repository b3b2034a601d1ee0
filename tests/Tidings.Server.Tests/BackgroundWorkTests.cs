using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Tidings.Composition;
using Tidings.Core;
using Tidings.Ingest;

namespace Tidings.Server.Tests;

/// <summary>What keeps reads quick while the server ingests: the pipeline's stages on low-priority threads of their
/// own, and story listings served from memory until a commit.</summary>
public sealed class BackgroundWorkTests
{
    /// <summary>The nice value of the calling thread, from /proc (Linux).</summary>
    private static int ThreadNice()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture); // field 19 of stat: nice
    }

    [Fact]
    public async Task A_pipeline_batch_on_the_stage_scheduler_runs_only_on_its_threads_at_the_lowered_priority()
    {
        using var scheduler = new BackgroundScheduler(2);
        var pipeline = Ingestor.StandardPipeline();
        var threads = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var docs = Enumerable.Range(0, 40).Select(i => new Document(new RawDocument($"r{i}",
            System.Text.Encoding.UTF8.GetBytes($"Harbour strike, report {i}\nThe harbour strike in Rotterdam enters day {i} as crane operators walk out over pay and shifts."),
            ContentKind.Text))).ToList();
        var errors = await Task.Run(() => pipeline.ProcessBatch(docs, scheduler));
        Assert.All(errors, Assert.Null);
        Assert.All(docs, d => Assert.NotEmpty(d.Text));

        Parallel.For(0, 64, new ParallelOptions { TaskScheduler = scheduler }, _ =>
            threads[Thread.CurrentThread.Name ?? "(pool)"] = OperatingSystem.IsLinux() ? ThreadNice() : BackgroundScheduler.Nice);
        Assert.All(threads.Keys, name => Assert.StartsWith("tidings-stages-", name, StringComparison.Ordinal));
        Assert.All(threads.Values, nice => Assert.Equal(BackgroundScheduler.Nice, nice));
        Assert.Equal(2, scheduler.LoweredThreads);
        if (OperatingSystem.IsLinux())
            Assert.Equal(0, ThreadNice()); // the caller (a request's thread) keeps its priority
    }

    [Fact]
    public async Task A_listing_shows_this_servers_commit_at_once_and_another_writers_within_a_second()
    {
        using var server = new ServerFactory();
        using var client = server.CreateClient();
        async Task<int> Stories() =>
            (await client.GetFromJsonAsync<JsonElement>(new Uri("/api/stories", UriKind.Relative))).GetProperty("stories").GetArrayLength();
        Assert.Equal(0, await Stories());
        (await client.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Json(Http.Seeds()))).EnsureSuccessStatusCode();
        Assert.Equal(1, await Stories());

        // another writer on the same database (a `tidings ingest` beside the server)
        await using (var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = server.Database }))
        {
            var ingestor = await engine.CreateIngestorAsync();
            var page = new PageInput("other", new RawDocument("other",
                System.Text.Encoding.UTF8.GetBytes("Volcano erupts in Iceland\nA volcano on the Reykjanes peninsula erupted on Tuesday night, sending lava towards the town of Grindavik."),
                ContentKind.Text), null);
            Assert.Equal(1, (await ingestor.IngestAsync([page], 1)).New);
        }
        var until = DateTime.UtcNow + StoreReadModel.ListLifetime + TimeSpan.FromSeconds(5);
        int seen;
        while ((seen = await Stories()) < 2 && DateTime.UtcNow < until)
            await Task.Delay(100);
        Assert.Equal(2, seen);
    }
}
