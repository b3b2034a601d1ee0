using System.Diagnostics;
using System.Globalization;
using Tidings.Core;
using Tidings.Fuzz;
using Tidings.Ingest;
using Tidings.Ingest.Reading;

namespace Tidings.Bench;

/// <summary><c>fuzz [--cases N] [--from N] [--max-bytes N[K|M]] [--batch N] [--in-process] [--cli tidings.dll] [--samples DIR]</c>: the long fuzz
/// run (100,000 cases by default). Each batch of cases is written to a folder, every case is read, extracted and
/// detected here one by one (timed: a case over 10 s is a hang), then the folder goes through <c>./tidings ingest</c>
/// as its own process (its peak resident memory is the one reported) into one database, and every document of every
/// good file must be in it afterwards. Prints crashes, hangs, the slowest case and batch, peak memory, good files stored.</summary>
internal static class FuzzBench
{
    internal static async Task<int> RunAsync(string[] args)
    {
        int cases = 100_000, from = 0, maxBytes = 32 << 20, batch = 1000;
        bool inProcess = false;
        string root = FindRoot();
        string? cliPath = null;
        string samples = Path.Combine(root, "samples");
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--cases": cases = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--from": from = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--max-bytes": maxBytes = ParseSize(Next()); break;
                case "--batch": batch = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--samples": samples = Next(); break;
                case "--in-process": inProcess = true; break;
                case "--cli": cliPath = Next(); break; // a built tidings.dll (a copy, so that editing src/ meanwhile does not rebuild ./tidings mid-run)
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }
        var dir = Directory.CreateTempSubdirectory("tidings-fuzz-").FullName;
        var watch = Stopwatch.StartNew();
        var inv = CultureInfo.InvariantCulture;
        try
        {
            var gen = new FuzzCases(FuzzCases.SeedsFrom(samples), maxBytes);
            Func<string, string, Task<FuzzBatchResult>> ingest = FuzzRunner.IngestInProcessAsync;
            if (!inProcess)
            {
                var cli = cliPath ?? Path.Combine(root, "tidings");
                // build once before the clock of the first batch starts
                using (var build = Process.Start(cli.EndsWith(".dll", StringComparison.Ordinal)
                    ? new ProcessStartInfo("dotnet", [cli, "--version"]) { RedirectStandardOutput = true, RedirectStandardError = true }
                    : new ProcessStartInfo(cli, "--version") { RedirectStandardOutput = true, RedirectStandardError = true })!)
                {
                    await build.WaitForExitAsync().ConfigureAwait(false);
                }
                ingest = (folder, db) => IngestWithCliAsync(cli, folder, db, batch);
            }
            Console.Error.WriteLine(string.Create(inv, $"fuzz: {gen.Seeds.Count} seed files ({string.Join(", ", gen.Seeds.GroupBy(s => s.Kind).Select(g => $"{g.Count()} {g.Key}"))}), cases {from}..{from + cases - 1}, inputs up to {maxBytes / (1024 * 1024)} MiB, batches of {batch}, ingest {(inProcess ? "in this process" : "by ./tidings ingest")}"));
            var r = await FuzzRunner.RunAsync(gen, from, cases, dir, TimeSpan.FromSeconds(10), ingest, batch, ReadRecords, Console.Error.WriteLine).ConfigureAwait(false);
            Console.WriteLine(string.Create(inv, $"cases          {r.Cases} (from {from}, inputs up to {maxBytes / (1024 * 1024)} MiB, {r.Batches} batches of {batch})"));
            Console.WriteLine(string.Create(inv, $"crashes        {r.Crashes}"));
            Console.WriteLine(string.Create(inv, $"hangs > 10 s   {r.Hangs}"));
            Console.WriteLine(string.Create(inv, $"slowest case   {r.Slowest.TotalSeconds:F2} s ({r.SlowestCase}; read, extract and detect)"));
            Console.WriteLine(string.Create(inv, $"slowest batch  {r.SlowestBatch.TotalSeconds:F1} s (ingest of {batch} cases)"));
            Console.WriteLine(inProcess
                ? string.Create(inv, $"peak memory    {r.PeakWorkingSet / (1024 * 1024)} MB (this process, ingest included)")
                : string.Create(inv, $"peak memory    {r.PeakIngestBytes / (1024 * 1024)} MB (largest resident set of a ./tidings ingest process); this process {r.PeakWorkingSet / (1024 * 1024)} MB"));
            Console.WriteLine(string.Create(inv, $"good files     {r.GoodStored} of {r.GoodCases} stored whole ({r.GoodDocuments} documents)"));
            Console.WriteLine(string.Create(inv, $"wall time      {watch.Elapsed.TotalMinutes:F1} min ({r.Cases / watch.Elapsed.TotalSeconds:F1} cases/s)"));
            Console.WriteLine("outcomes       " + string.Join(", ", r.Outcomes.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} {kv.Value}")));
            foreach (var p in r.Problems.Take(50))
                Console.WriteLine("problem: " + p);
            bool memoryOk = inProcess || r.PeakIngestBytes < 1L << 30;
            return r.Crashes == 0 && r.Hangs == 0 && r.Problems.Count == 0 && r.GoodStored == r.GoodCases && memoryOk ? 0 : 1;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>The raw pages a crawler file holds, read by the ingest readers (WARC records, JSONL and feed items
    /// given as HTML); a null for every other item, so that reading every record is timed too.</summary>
    private static IEnumerable<RawDocument?> ReadRecords(string path)
    {
        var input = new InputFile(NativeFiles.Bytes(path), path) { Named = true };
        foreach (var item in DocumentSource.Read(input, new IngestLimits(), ReadPosition.Start))
            yield return item.Raw;
    }

    /// <summary><c>./tidings ingest FOLDER --db DB</c> as its own process: a crash is an exit code other than 0 and 1,
    /// or an internal error in what it prints; it must end within 10 s per 20 cases (at least 2 minutes).</summary>
    private static async Task<FuzzBatchResult> IngestWithCliAsync(string cli, string folder, string db, int batch)
    {
        var crashes = new List<string>();
        bool dll = cli.EndsWith(".dll", StringComparison.Ordinal);
        var psi = new ProcessStartInfo(dll ? "dotnet" : cli) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (dll ? new[] { cli } : []).Concat(["ingest", folder, "--db", db]))
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(Math.Max(120, batch / 2)));
        bool timedOut = false;
        // the child's peak resident set (VmHWM), sampled until it ends
        long sampled = 0;
        var sampler = Task.Run(async () =>
        {
            var status = $"/proc/{p.Id}/status";
            while (!p.HasExited)
            {
                try
                {
                    foreach (var line in await File.ReadAllLinesAsync(status).ConfigureAwait(false))
                    {
                        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                            sampled = Math.Max(sampled, long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024);
                    }
                }
                catch (IOException)
                {
                    break; // it ended
                }
                await Task.Delay(50).ConfigureAwait(false);
            }
        });
        try
        {
            await p.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync().ConfigureAwait(false);
        }
        await sampler.ConfigureAwait(false);
        var err = await stderr.ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false);
        if (!timedOut && p.ExitCode is not (0 or 1))
            crashes.Add($"exit code {p.ExitCode}: {string.Join(" | ", err.Split('\n').Where(l => !l.StartsWith("failed:", StringComparison.Ordinal) && !l.StartsWith("skipped:", StringComparison.Ordinal) && !l.StartsWith("warning:", StringComparison.Ordinal)).Take(10))}");
        crashes.AddRange(err.Split('\n').Where(l => l.Contains("internal error", StringComparison.Ordinal)).Take(20));
        if (!timedOut && !output.Contains("new: ", StringComparison.Ordinal))
            crashes.Add("no summary line: " + output.Trim());
        // (getrusage's RUSAGE_CHILDREN would count the compiler of the first ./tidings build too)
        return new FuzzBatchResult(crashes, timedOut, sampled);
    }

    private static int ParseSize(string s)
    {
        int mult = 1;
        char last = char.ToUpperInvariant(s[^1]);
        if (last is 'K' or 'M')
        {
            mult = last == 'K' ? 1 << 10 : 1 << 20;
            s = s[..^1];
        }
        return int.Parse(s, CultureInfo.InvariantCulture) * mult;
    }

    private static string FindRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Tidings.slnx")))
            d = d.Parent;
        return d?.FullName ?? Directory.GetCurrentDirectory();
    }
}
