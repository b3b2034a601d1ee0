using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Tidings.Core;
using Tidings.Extraction;

namespace Tidings.Bench;

/// <summary>Extraction throughput. Direct mode, one thread:
/// <c>dotnet run -c Release --project bench/Tidings.Bench -- extract-speed DATASET [--pages 10000]</c>
/// cycles through the dataset's pages (held in memory, decompressed) and reports pages/s, GC heap and working set
/// every 1000 pages, so a leak shows as a rising heap.</summary>
public static class ExtractionSpeed
{
    internal static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: extract-speed DATASET [--pages N]");
            return 2;
        }
        int total = 10_000;
        int i = Array.IndexOf(args, "--pages");
        if (i >= 0 && i + 1 < args.Length)
            total = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
        var pages = ExtractionEvaluation.LoadPages(args[0]).Select(p => new RawDocument(p.File, p.Bytes, ContentKind.Html, p.Url)).ToArray();
        long bytes = pages.Sum(p => (long)p.Content.Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pages.Length} pages, {bytes / 1e6:F1} MB of HTML; extracting {total} pages on one thread"));
        if (args.Contains("--phases"))
            return Phases(pages);
        var extractor = Extractor.Create();
        for (int w = 0; w < Math.Min(50, pages.Length); w++)
            extractor.Extract(pages[w]);
        using var self = Process.GetCurrentProcess();
        var cpuStart = self.TotalProcessorTime;
        var lapCpu = cpuStart;
        var watch = Stopwatch.StartNew();
        var lap = Stopwatch.StartNew();
        long lapBytes = 0;
        for (int n = 0; n < total; n++)
        {
            var page = pages[n % pages.Length];
            lapBytes += page.Content.Length;
            extractor.Extract(page);
            if ((n + 1) % 1000 == 0)
            {
                self.Refresh();
                var cpu = self.TotalProcessorTime;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n + 1,6} pages  {1000 / lap.Elapsed.TotalSeconds,6:F0} pages/s wall  {1000 / (cpu - lapCpu).TotalSeconds,6:F0} pages/s per CPU-second  {lapBytes / 1e6 / lap.Elapsed.TotalSeconds,5:F1} MB/s  GC heap {GC.GetTotalMemory(false) / 1e6,6:F1} MB  working set {self.WorkingSet64 / 1e6,6:F1} MB"));
                lapCpu = cpu;
                lap.Restart();
                lapBytes = 0;
            }
        }
        self.Refresh();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total: {total / watch.Elapsed.TotalSeconds:F0} pages/s wall, {total / (self.TotalProcessorTime - cpuStart).TotalSeconds:F0} pages/s per CPU-second (all threads of the process, GC included) over {total} pages"));
        return 0;
    }

    /// <summary>Time per phase over the last of four passes of the dataset (the first three warm up): decode, prepass, parse, metadata,
    /// tree, content — in CPU time of the process (<see cref="Environment.CpuUsage"/>, so other processes on a shared
    /// machine do not inflate it) and in wall-clock time.</summary>
    private static int Phases(RawDocument[] pages)
    {
        var t = new double[6];
        var cpu = new double[6];
        var parser = new AngleSharp.Html.Parser.HtmlParser(Extractor.ParserOptions);
        static double Cpu() => Environment.CpuUsage.TotalTime.Ticks;
        for (int pass = 0; pass < 4; pass++) // the last pass is reported: tiered compilation needs ~3,000 pages to settle
        {
            Array.Clear(t);
            Array.Clear(cpu);
            foreach (var p in pages)
            {
                long a = Stopwatch.GetTimestamp(); double ca = Cpu();
                var (text, _) = Decoding.Decode(p.Content, null);
                long b = Stopwatch.GetTimestamp(); double cb = Cpu();
                var ld = new List<string>();
                using var html = HtmlPrepass.Prepare(text, ld, true, out _);
                long c = Stopwatch.GetTimestamp(); double cc = Cpu();
                using var doc = parser.ParseDocument(html.Memory);
                long d = Stopwatch.GetTimestamp(); double cd = Cpu();
                var meta = PageMetadata.Read(doc, ld, p.Url);
                long e = Stopwatch.GetTimestamp(); double ce = Cpu();
                var tree = doc.Body is { } body ? PageTree.Build(body) : null;
                long f = Stopwatch.GetTimestamp(); double cf = Cpu();
                if (tree is not null)
                    HtmlContent.Extract(tree);
                long g = Stopwatch.GetTimestamp(); double cg = Cpu();
                t[0] += b - a; t[1] += c - b; t[2] += d - c; t[3] += e - d; t[4] += f - e; t[5] += g - f;
                cpu[0] += cb - ca; cpu[1] += cc - cb; cpu[2] += cd - cc; cpu[3] += ce - cd; cpu[4] += cf - ce; cpu[5] += cg - cf;
            }
        }
        var w0 = Stopwatch.StartNew();
        for (int k = 0; k < 2000; k++)
        {
            using var d0 = parser.ParseDocument("<html><body><p>x</p></body></html>");
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tiny page parse: {w0.Elapsed.TotalMilliseconds / 2000:F3} ms"));
        // each phase includes one reading of the CPU clock (a system call): measure it and take it off
        var w1 = Stopwatch.StartNew();
        double c0 = Cpu();
        for (int k = 0; k < 2000; k++)
            _ = Cpu();
        double perCall = (Cpu() - c0) / 2001, perCallWall = w1.Elapsed.Ticks / 2001.0 * Stopwatch.Frequency / TimeSpan.TicksPerSecond;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU clock reading: {perCallWall * 1000 / Stopwatch.Frequency:F4} ms (subtracted)"));
        for (int i = 0; i < t.Length; i++)
        {
            cpu[i] = Math.Max(0, cpu[i] - perCall * pages.Length);
            t[i] = Math.Max(0, t[i] - perCallWall * pages.Length);
        }
        string[] names = ["decode", "prepass", "parse", "metadata", "tree", "content"];
        double total = t.Sum(), totalCpu = cpu.Sum();
        for (int i = 0; i < t.Length; i++)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{names[i],-9} {cpu[i] / TimeSpan.TicksPerMillisecond / pages.Length,7:F3} ms/page CPU {100 * cpu[i] / totalCpu,5:F1}%   wall {t[i] / Stopwatch.Frequency * 1000 / pages.Length,7:F3} ms/page {100 * t[i] / total,5:F1}%"));
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"total     {totalCpu / TimeSpan.TicksPerMillisecond / pages.Length,7:F3} ms/page CPU = {pages.Length / (totalCpu / TimeSpan.TicksPerSecond):F0} pages per CPU-second; wall {total / Stopwatch.Frequency * 1000 / pages.Length:F3} ms/page = {pages.Length / (total / Stopwatch.Frequency):F0} pages/s"));
        return 0;
    }
}

/// <summary>BenchmarkDotNet view of the same work: <c>dotnet run -c Release --project bench/Tidings.Bench -- --filter *ExtractionBench*</c>.</summary>
[MemoryDiagnoser]
public class ExtractionBench
{
    private RawDocument[] _pages = [];
    private readonly Extractor _extractor = Extractor.Create();

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("TIDINGS_EXTRACTION_DEV") ?? Path.Combine("..", "shared", "data", "extraction-dev");
        _pages = ExtractionEvaluation.LoadPages(dir).Take(100).Select(p => new RawDocument(p.File, p.Bytes, ContentKind.Html, p.Url)).ToArray();
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public int Extract100Pages()
    {
        int chars = 0;
        foreach (var p in _pages)
            chars += _extractor.Extract(p).Text.Length;
        return chars;
    }
}
