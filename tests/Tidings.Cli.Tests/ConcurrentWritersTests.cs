using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tidings.Storage;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

/// <summary>Several <c>tidings ingest</c> processes on one database at once, and one killed mid-run, on SQLite and
/// PostgreSQL. (bench/concurrent-writers.sh does the same on the whole extraction-dev set.)</summary>
public sealed class ConcurrentWritersTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-writers-").FullName;
    private readonly List<string> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var cs in _databases)
            await TestPostgres.DropDatabaseAsync(cs);
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<string> NewDatabaseAsync(string kind, string name)
    {
        if (kind == "sqlite")
            return Path.Combine(_dir, name + ".db");
        var cs = await TestPostgres.CreateDatabaseAsync();
        _databases.Add(cs);
        return cs;
    }

    private static readonly string Cli = Path.Combine(AppContext.BaseDirectory, "tidings.dll");

    private static Process Start(params string[] args) => Start(false, args);

    private static Process Start(bool holdStandardInput, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = holdStandardInput,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Cli);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment.Remove("TIDINGS_DB");
        return Process.Start(psi)!;
    }

    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var p = Start(args);
        var o = p.StandardOutput.ReadToEndAsync();
        var e = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(5));
        return (p.ExitCode, await o, await e);
    }

    /// <summary>40 extraction-dev pages: four quarters of 8 and a shared 8.</summary>
    private static (string[][] Quarters, string[] Shared, string[] All) Pages()
    {
        var all = Directory.GetFiles(RepoPaths.Shared("data", "extraction-dev", "html")).Order(StringComparer.Ordinal).Take(40).ToArray();
        var quarters = Enumerable.Range(0, 4).Select(q => all.Skip(q * 8).Take(8).ToArray()).ToArray();
        return (quarters, all[32..], all);
    }

    private sealed record EndState(string[] ArticleIds, int Stories);

    /// <summary>Every story's size equals its articles, every article is in a story, ids are all distinct.</summary>
    private static async Task<EndState> CheckConsistentAsync(string db)
    {
        await using var store = await Stores.OpenAsync(db, StoreAccess.ReadOnly);
        var stories = (await store.ListStoriesAsync(new StoryQuery { Limit = 0 })).Stories;
        var ids = new List<string>();
        Assert.Equal(stories.Count, stories.Select(s => s.Id).Distinct().Count());
        foreach (var s in stories)
        {
            var articles = await store.GetArticlesAsync(s.Id);
            Assert.True(s.ArticleCount == articles.Count, $"story {s.Id} says {s.ArticleCount} articles but has {articles.Count}");
            ids.AddRange(articles.Select(a => a.Id));
        }
        Assert.Equal(await store.CountArticlesAsync(), ids.Count);
        Assert.Equal(ids.Count, ids.Distinct(StringComparer.Ordinal).Count());
        var state = await store.LoadActiveStateAsync(TimeSpan.FromDays(100000));
        Assert.Equal(ids.Count, state.DocumentCount);
        return new EndState([.. ids.Order(StringComparer.Ordinal)], stories.Count);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task Four_writers_at_once_store_every_page_once_with_consistent_stories(string kind)
    {
        var (quarters, shared, all) = Pages();
        var reference = await NewDatabaseAsync(kind, "reference");
        var one = await RunAsync(["ingest", .. all, "--db", reference]);
        Assert.True(one.Code == 0, one.Err);
        var expected = await CheckConsistentAsync(reference);

        var db = await NewDatabaseAsync(kind, "four");
        var runs = await Task.WhenAll(quarters.Select(q => RunAsync(["ingest", .. q, .. shared, "--db", db, "--batch-size", "4"])));
        foreach (var (code, _, err) in runs)
        {
            Assert.True(code == 0, err);
            Assert.DoesNotContain("locked", err, StringComparison.OrdinalIgnoreCase);
        }
        var end = await CheckConsistentAsync(db);
        Assert.Equal(expected.ArticleIds, end.ArticleIds);
        // each shared page was new to exactly one writer and a duplicate to the other three
        int news = runs.Sum(r => int.Parse(r.Out.Split("new: ")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(expected.ArticleIds.Length, news);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("postgres")]
    public async Task A_writer_killed_mid_run_and_run_again_reaches_the_same_end_state(string kind)
    {
        var (_, _, all) = Pages();
        var reference = await NewDatabaseAsync(kind, "reference");
        Assert.Equal(0, (await RunAsync(["ingest", .. all, "--db", reference])).Code);
        var expected = await CheckConsistentAsync(reference);

        var db = await NewDatabaseAsync(kind, "killed");
        Assert.Equal(0, (await RunAsync(["migrate", "--db", db])).Code);
        // "-" (standard input, held open and never written) between the two halves: the writer commits pages of the
        // first half, then waits for input that never comes, so it is certainly killed mid-run however fast it is
        using (var p = Start(holdStandardInput: true, ["ingest", .. all[..20], "-", .. all[20..], "--db", db, "--batch-size", "2"]))
        {
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            var watch = Stopwatch.StartNew();
            long stored = 0;
            while (stored == 0 && !p.HasExited && watch.Elapsed < TimeSpan.FromMinutes(3))
            {
                await Task.Delay(20);
                await using var s = await Stores.OpenAsync(db, StoreAccess.ReadOnly);
                stored = await s.CountArticlesAsync();
            }
            Assert.False(p.HasExited, "the writer finished before it could be killed");
            p.Kill(entireProcessTree: true); // SIGKILL
            await p.WaitForExitAsync();
        }
        var partial = await CheckConsistentAsync(db);
        Assert.InRange(partial.ArticleIds.Length, 1, expected.ArticleIds.Length - 1);
        var again = await RunAsync(["ingest", .. all, "--db", db, "--batch-size", "2"]);
        Assert.True(again.Code == 0, again.Err);
        var end = await CheckConsistentAsync(db);
        Assert.Equal(expected.ArticleIds, end.ArticleIds);
    }
}
