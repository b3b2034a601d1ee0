using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Tidings.Ingest;
using Tidings.Composition;

namespace Tidings.Bench;

/// <summary>End-to-end throughput: <c>dotnet run -c Release --project bench/Tidings.Bench -- e2e PATH... [--repeat N]</c>.
/// Ingests every page under PATH into a fresh temporary SQLite database (N times, each into a new database, to
/// have enough pages for a stable figure) and reports pages/s, peak working set and managed heap.</summary>
internal static class EndToEnd
{
    internal static int Run(string[] args)
    {
        int repeat = 1;
        var paths = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--repeat" && i + 1 < args.Length)
                repeat = Math.Max(1, int.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture));
            else
                paths.Add(args[i]);
        }
        if (paths.Count == 0)
        {
            Console.Error.WriteLine("usage: e2e PATH... [--repeat N]");
            return 2;
        }
        var files = PageSource.Expand(paths).ToList();
        Console.WriteLine($"e2e: {files.Count} pages x {repeat}, {Environment.ProcessorCount} cores, .NET {Environment.Version}");
        var dir = Directory.CreateTempSubdirectory("tidings-bench-");
        try
        {
            // warm-up: JIT, gazetteer and model loading are not part of steady-state throughput
            IngestInto(Path.Combine(dir.FullName, "warm.db"), files.Take(20));
            var sw = Stopwatch.StartNew();
            long bytes = files.Sum(f => f == "-" ? 0 : new FileInfo(f).Length);
            int pages = 0, failed = 0;
            TimeSpan stages = default, clustering = default, storing = default;
            for (int r = 0; r < repeat; r++)
            {
                var report = IngestInto(Path.Combine(dir.FullName, $"run{r}.db"), files);
                pages += report.New + report.Duplicate + report.Failed;
                failed += report.Failed;
                stages += report.Timings.Stages;
                clustering += report.Timings.Clustering;
                storing += report.Timings.Store;
            }
            sw.Stop();
            using var proc = Process.GetCurrentProcess();
            Console.WriteLine($"pages: {pages} ({failed} failed) in {sw.Elapsed.TotalSeconds:F2} s = {pages / sw.Elapsed.TotalSeconds:F1} pages/s, {bytes * repeat / sw.Elapsed.TotalSeconds / 1e6:F2} MB/s (on-disk bytes)");
            Console.WriteLine($"time in: reading + per-document stages {stages.TotalSeconds:F2} s (parallel), clustering {clustering.TotalSeconds:F2} s, SQLite {storing.TotalSeconds:F2} s");
            Console.WriteLine($"peak working set: {proc.PeakWorkingSet64 / 1e6:F0} MB, managed heap now: {GC.GetTotalMemory(false) / 1e6:F0} MB");
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            dir.Delete(recursive: true);
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
