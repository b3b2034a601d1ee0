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
        var extractor = Extractor.Create();
        for (int w = 0; w < Math.Min(50, pages.Length); w++)
            extractor.Extract(pages[w]);
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
                using var proc = Process.GetCurrentProcess();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{n + 1,6} pages  {1000 / lap.Elapsed.TotalSeconds,6:F0} pages/s  {lapBytes / 1e6 / lap.Elapsed.TotalSeconds,5:F1} MB/s  GC heap {GC.GetTotalMemory(false) / 1e6,6:F1} MB  working set {proc.WorkingSet64 / 1e6,6:F1} MB"));
                lap.Restart();
                lapBytes = 0;
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"total: {total / watch.Elapsed.TotalSeconds:F0} pages/s over {total} pages"));
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
