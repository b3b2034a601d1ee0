using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tidings.Ingest;
using Tidings.Composition;

namespace Tidings.Bench;

/// <summary>End-to-end throughput: <c>dotnet run -c Release --project bench/Tidings.Bench -- e2e PATH... [--repeat N]
/// [--postgres CONNECTION]</c>. Ingests every page under PATH into a fresh temporary SQLite database (N times, each into
/// a new database, to have enough pages for a stable figure) and reports pages/s, peak working set and managed heap.
/// With <c>--postgres</c> (a connection string of a user who may create databases) each round also ingests the same
/// pages into a fresh PostgreSQL database, alternating with SQLite so both see the same machine, and reports both
/// rates and their ratio.</summary>
internal static class EndToEnd
{
    private sealed class Totals
    {
        public int Pages;
        public int Failed;
        public TimeSpan Wall;
        public TimeSpan Stages;
        public TimeSpan Clustering;
        public TimeSpan Storing;

        public void Add(IngestReport report, TimeSpan wall)
        {
            Pages += report.New + report.Duplicate + report.Failed;
            Failed += report.Failed;
            Wall += wall;
            Stages += report.Timings.Stages;
            Clustering += report.Timings.Clustering;
            Storing += report.Timings.Store;
        }

        public double Rate => Pages / Wall.TotalSeconds;
    }

    internal static int Run(string[] args)
    {
        int repeat = 1;
        string? postgres = null;
        var paths = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat" && i + 1 < args.Length)
                repeat = Math.Max(1, int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
            else if (args[i] == "--postgres" && i + 1 < args.Length)
                postgres = args[++i];
            else
                paths.Add(args[i]);
        }
        if (paths.Count == 0)
        {
            Console.Error.WriteLine("usage: e2e PATH... [--repeat N] [--postgres CONNECTION]");
            return 2;
        }
        var files = PageSource.Expand(paths).ToList();
        Console.WriteLine($"e2e: {files.Count} pages x {repeat}, {Environment.ProcessorCount} cores, .NET {Environment.Version}{(postgres is null ? "" : ", SQLite and PostgreSQL alternating")}");
        var dir = Directory.CreateTempSubdirectory("tidings-bench-");
        var databases = new List<string>();
        try
        {
            // warm-up: JIT, gazetteer and model loading are not part of steady-state throughput
            IngestInto(Path.Combine(dir.FullName, "warm.db"), files.Take(20));
            if (postgres is not null)
                IngestInto(CreateDatabase(postgres, databases), files.Take(20));
            long bytes = files.Sum(f => f == "-" ? 0 : new FileInfo(f).Length);
            var sqlite = new Totals();
            var pg = new Totals();
            for (int r = 0; r < repeat; r++)
            {
                var sw = Stopwatch.StartNew();
                sqlite.Add(IngestInto(Path.Combine(dir.FullName, $"run{r}.db"), files), sw.Elapsed);
                if (postgres is not null)
                {
                    var db = CreateDatabase(postgres, databases);
                    sw.Restart();
                    pg.Add(IngestInto(db, files), sw.Elapsed);
                }
            }
            using var proc = Process.GetCurrentProcess();
            Print("SQLite", sqlite, bytes * repeat);
            if (postgres is not null)
            {
                Print("PostgreSQL", pg, bytes * repeat);
                Console.WriteLine($"PostgreSQL / SQLite pages/s: {pg.Rate / sqlite.Rate:P0}");
            }
            Console.WriteLine($"peak working set: {proc.PeakWorkingSet64 / 1e6:F0} MB, managed heap now: {GC.GetTotalMemory(false) / 1e6:F0} MB");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
            if (postgres is not null)
                DropDatabases(postgres, databases);
        }
    }

    private static void Print(string name, Totals t, long bytes)
    {
        Console.WriteLine($"{name}: pages: {t.Pages} ({t.Failed} failed) in {t.Wall.TotalSeconds:F2} s = {t.Rate:F1} pages/s, {bytes / t.Wall.TotalSeconds / 1e6:F2} MB/s (on-disk bytes)");
        Console.WriteLine($"  time in: reading + per-document stages {t.Stages.TotalSeconds:F2} s (parallel), clustering {t.Clustering.TotalSeconds:F2} s, store {t.Storing.TotalSeconds:F2} s");
    }

    private static string CreateDatabase(string admin, List<string> made)
    {
        var name = $"tidings_bench_{Environment.ProcessId}_{made.Count}";
        using var c = new Npgsql.NpgsqlConnection(admin);
        c.Open();
        using (var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name}", c))
            cmd.ExecuteNonQuery();
        using (var cmd = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", c))
            cmd.ExecuteNonQuery();
        made.Add(name);
        return new Npgsql.NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    private static void DropDatabases(string admin, List<string> names)
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        using var c = new Npgsql.NpgsqlConnection(admin);
        c.Open();
        foreach (var name in names)
        {
            using var cmd = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
            cmd.ExecuteNonQuery();
        }
    }

    /// <summary>One ingest through the composition root, as the CLI does it.</summary>
    internal static IngestReport IngestInto(string database, IEnumerable<string> files)
    {
        return Run().GetAwaiter().GetResult();

        async Task<IngestReport> Run()
        {
            await using var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = database });
            var ingestor = await engine.CreateIngestorAsync();
            return await ingestor.IngestPathsAsync(files);
        }
    }
}
