using System.Globalization;
using Tidings.Fuzz;

namespace Tidings.Bench;

/// <summary><c>fuzz [--cases N] [--from N] [--max-bytes N] [--samples DIR]</c>: the long fuzz run (100,000 cases by
/// default): crashes, hangs over 10 s, the slowest case, peak memory, good pages stored.</summary>
internal static class FuzzBench
{
    internal static async Task<int> RunAsync(string[] args)
    {
        int cases = 100_000, from = 0, maxBytes = 32 << 20;
        string samples = Path.Combine(FindRoot(), "samples");
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--cases": cases = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--from": from = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--max-bytes": maxBytes = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--samples": samples = args[i + 1]; break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var dir = Directory.CreateTempSubdirectory("tidings-fuzz-").FullName;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            var gen = new FuzzCases(FuzzCases.SeedsFrom(samples), maxBytes);
            var r = await FuzzRunner.RunAsync(gen, from, cases, dir, TimeSpan.FromSeconds(10), log: Console.Error.WriteLine).ConfigureAwait(false);
            var inv = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(inv, $"cases        {r.Cases} (from {from}, inputs up to {maxBytes / (1024 * 1024)} MiB)"));
            Console.WriteLine(string.Create(inv, $"crashes      {r.Crashes}"));
            Console.WriteLine(string.Create(inv, $"hangs > 10 s {r.Hangs}"));
            Console.WriteLine(string.Create(inv, $"slowest      {r.Slowest.TotalSeconds:F2} s ({r.SlowestCase})"));
            Console.WriteLine(string.Create(inv, $"peak memory  {r.PeakWorkingSet / (1024 * 1024)} MB (working set)"));
            Console.WriteLine(string.Create(inv, $"good pages   {r.GoodStored} of {r.GoodCases} stored"));
            Console.WriteLine(string.Create(inv, $"wall time    {watch.Elapsed.TotalMinutes:F1} min"));
            Console.WriteLine("outcomes     " + string.Join(", ", r.Outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
            foreach (var p in r.Problems.Take(50))
                Console.WriteLine("problem: " + p);
            return r.Crashes == 0 && r.Hangs == 0 && r.GoodStored == r.GoodCases ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Tidings.slnx")))
            d = d.Parent;
        return d?.FullName ?? Directory.GetCurrentDirectory();
    }
}
