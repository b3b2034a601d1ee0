using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Tidings.Storage;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

/// <summary>The real <c>tidings</c> process: killed with SIGKILL mid-WARC and run again; JSONL on standard input.</summary>
public sealed partial class IngestProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-proc-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static ProcessStartInfo Tidings(params string[] args)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "tidings.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        psi.ArgumentList.Add(dll);
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        return psi;
    }

    private static async Task<long> Count(string db)
    {
        try
        {
            await using var store = await Stores.OpenAsync(db, StoreAccess.ReadOnly);
            return await store.CountArticlesAsync();
        }
        catch (StoreException)
        {
            return 0; // not created yet
        }
        catch (SqliteException)
        {
            return 0;
        }
    }

    /// <summary>The resume offset the store holds for <paramref name="file"/> (0 when none is committed yet). The
    /// checkpoint is "offset records size mtime", keyed by the file's full path.</summary>
    private static async Task<long> CheckpointOffset(string db, string file)
    {
        await using var store = await Stores.OpenAsync(db, StoreAccess.ReadOnly);
        var cp = await store.GetCheckpointAsync("file:" + Path.GetFullPath(file));
        return cp is null ? 0 : long.Parse(cp.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex(@"new: (\d+), duplicate: (\d+), failed: (\d+), skipped: (\d+) \(found: (\d+)\)")]
    private static partial Regex Counts();

    [Fact]
    public async Task A_warc_ingest_killed_with_sigkill_resumes_from_its_checkpoint_and_stores_every_record_once()
    {
        const int pages = 4000;
        var warc = Path.Combine(_dir, "crawl.warc.gz");
        using (var w = new WarcWriter(warc, gzip: true))
        {
            var places = new[] { "Gdansk", "Porto", "Sofia", "Hanoi", "Luxor", "Oslo" };
            for (int i = 0; i < pages; i++)
            {
                var place = places[i % places.Length];
                w.Request($"https://news.example/{i}");
                w.Response($"https://news.example/{i}", WarcWriter.Page($"Report number {i} from {place}",
                    $"The council of {place} met on Monday to discuss item {i} of its agenda, officials said.\nA vote on proposal {i * 7 + 3} is expected next week, according to a statement from the mayor of {place}."));
            }
        }
        var db = Path.Combine(_dir, "t.db");
        long before;
        using (var migrate = Process.Start(Tidings("migrate", "--db", db))!)
        {
            await migrate.WaitForExitAsync();
            Assert.Equal(0, migrate.ExitCode);
        }
        using (var first = Process.Start(Tidings("ingest", warc, "--db", db, "--batch-size", "50"))!)
        {
            // kill -9 once the store holds a checkpoint for the WARC (a batch and the offset after it are committed
            // together), not after a guessed time: batches of 50 leave thousands of records to go. The output is
            // drained meanwhile and read only after the kill (awaiting it before would wait for the run's end).
            var stdout = first.StandardOutput.ReadToEndAsync();
            var stderr = first.StandardError.ReadToEndAsync();
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            long offset = 0;
            while (offset <= 0 && !first.HasExited && DateTime.UtcNow < until)
            {
                await Task.Delay(10);
                offset = await CheckpointOffset(db, warc);
            }
            bool exited = first.HasExited;
            first.Kill(entireProcessTree: true); // SIGKILL
            await first.WaitForExitAsync();
            Assert.False(exited, "the first run ended before it could be killed: " + await stdout + await stderr);
            Assert.NotEqual(0, first.ExitCode);
            Assert.InRange(offset, 1, new FileInfo(warc).Length - 1);
        }
        before = await Count(db);
        Assert.InRange(before, 1, pages - 1);

        using var second = Process.Start(Tidings("ingest", warc, "--db", db))!;
        var output = await second.StandardOutput.ReadToEndAsync();
        var errors = await second.StandardError.ReadToEndAsync();
        await second.WaitForExitAsync();
        Assert.True(second.ExitCode == 0, output + errors);
        Assert.Contains("resumed inputs: 1", output, StringComparison.Ordinal);
        var m = Counts().Match(output);
        Assert.True(m.Success, output);
        long added = long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        long duplicates = long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
        long found = long.Parse(m.Groups[5].Value, System.Globalization.CultureInfo.InvariantCulture);
        // started from the checkpoint: nothing committed before was read again
        Assert.Equal(0, duplicates);
        Assert.Equal(pages - before, added);
        Assert.Equal(pages - before, found);
        Assert.Equal(pages, await Count(db));
        await using var store = await Stores.OpenAsync(db, StoreAccess.ReadOnly);
        var urls = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        do
        {
            var page = await store.ListStoriesAsync(new StoryQuery { Limit = 200, Cursor = cursor });
            foreach (var s in page.Stories)
                foreach (var a in await store.GetArticlesAsync(s.Id))
                    Assert.True(urls.Add(a.Url!), $"stored twice: {a.Url}");
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        Assert.Equal(pages, urls.Count);
    }

    [Fact]
    public async Task Ingest_dash_reads_jsonl_from_standard_input()
    {
        var db = Path.Combine(_dir, "t.db");
        using var p = Process.Start(Tidings("ingest", "-", "--db", db))!;
        var lines = new StringBuilder();
        lines.Append("{\"url\":\"https://a.example/1\",\"title\":\"Storm closes the harbour of Gdansk\",\"text\":\"The harbour of Gdansk was closed on Monday after a storm damaged two cranes, the port authority said.\"}\n");
        lines.Append("not json at all\n");
        lines.Append("{\"url\":\"https://b.example/2\",\"title\":\"Floods in Porto\",\"maintext\":\"Rivers rose in Porto on Tuesday and two hundred people left their homes, the city hall said.\"}\n");
        await p.StandardInput.WriteAsync(lines.ToString());
        p.StandardInput.Close();
        var output = await p.StandardOutput.ReadToEndAsync();
        var errors = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(0, p.ExitCode);
        Assert.Contains("new: 2, duplicate: 0, failed: 1, skipped: 0 (found: 3)", output, StringComparison.Ordinal);
        Assert.Contains("-:2", errors, StringComparison.Ordinal);
        Assert.Contains("malformed JSON", errors, StringComparison.Ordinal);
        Assert.Equal(2, await Count(db));
    }
}
