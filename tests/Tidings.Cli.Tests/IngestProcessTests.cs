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

    /// <summary>Articles committed so far, by a plain read-only SQLite query (cheap enough to poll).</summary>
    private static long RawCount(string db)
    {
        if (!File.Exists(db))
            return 0;
        try
        {
            using var c = new SqliteConnection($"Data Source={db};Mode=ReadOnly;Pooling=False");
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT count(*) FROM articles";
            return (long)cmd.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // not created yet
        }
    }

    [GeneratedRegex(@"new: (\d+), duplicate: (\d+), failed: (\d+), skipped: (\d+) \(found: (\d+)\)")]
    private static partial Regex Counts();

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
