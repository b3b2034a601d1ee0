using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Tidings.LanguageId;

namespace Tidings.Bench;

/// <summary>Language identification speed. BenchmarkDotNet: <c>dotnet run -c Release --project bench/Tidings.Bench -- --filter *LanguageId*</c>
/// (texts from $TIDINGS_LID_DIR, default ../shared/data/lid-dev). Quick mode without BenchmarkDotNet:
/// <c>dotnet run -c Release --project bench/Tidings.Bench -- lid ../shared/data/lid-dev</c>.</summary>
[MemoryDiagnoser]
public class LanguageIdBench
{
    private LanguageDetector _detector = null!;
    private string[] _sentences = [];
    private string[] _documents = [];

    [GlobalSetup]
    public void Setup()
    {
        var dir = Environment.GetEnvironmentVariable("TIDINGS_LID_DIR") ?? DefaultDir();
        (_sentences, _documents) = LoadTexts(dir);
        _detector = LanguageDetector.Create();
    }

    /// <summary>All sentences (~37,500, ~5 MB of UTF-8), one Detect call each.</summary>
    [Benchmark]
    public int Sentences()
    {
        int n = 0;
        foreach (var s in _sentences)
            n += _detector.Detect(s).Tag.Language.Length;
        return n;
    }

    /// <summary>Documents of 20 sentences (~2–4 KB), one DetectDocument call each (paragraph voting).</summary>
    [Benchmark]
    public int Documents()
    {
        int n = 0;
        foreach (var d in _documents)
            n += _detector.DetectDocument(d).Tag.Language.Length;
        return n;
    }

    /// <summary>Decompressing and indexing the embedded model.</summary>
    [Benchmark]
    public object LoadModel()
    {
        using var s = LidModel.OpenResource();
        return LidModel.Load(s);
    }

    /// <summary>../shared/data/lid-dev beside the repository (found by walking up to Tidings.slnx; BenchmarkDotNet runs
    /// the benchmarks from a folder of its own).</summary>
    private static string DefaultDir()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Tidings.slnx")))
            dir = dir.Parent;
        return Path.GetFullPath(Path.Combine(dir?.FullName ?? ".", "..", "shared", "data", "lid-dev"));
    }

    internal static (string[] Sentences, string[] Documents) LoadTexts(string path)
    {
        var files = Directory.Exists(path) ? Directory.GetFiles(path, "*.txt").Order(StringComparer.Ordinal).ToArray() : [path];
        var sentences = new List<string>();
        var documents = new List<string>();
        foreach (var f in files)
        {
            var lines = File.ReadAllLines(f).Where(l => l.Trim().Length > 0).ToArray();
            sentences.AddRange(lines);
            for (int i = 0; i + 20 <= lines.Length; i += 20)
                documents.Add(string.Join('\n', lines, i, 20));
        }
        return ([.. sentences], [.. documents]);
    }

    /// <summary>Quick single-thread measurement: model load time, then MB/s of UTF-8 for sentences and documents.</summary>
    internal static int RunSimple(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: lid DIR|FILE   (a folder of <code>.txt files or one text file, one text a line)");
            return 2;
        }
        var inv = CultureInfo.InvariantCulture;
        var sw = Stopwatch.StartNew();
        using (var s = LidModel.OpenResource())
            _ = LidModel.Load(s);
        double coldMs = sw.Elapsed.TotalMilliseconds;
        var loads = new List<double>();
        for (int i = 0; i < 5; i++)
        {
            sw.Restart();
            using var s = LidModel.OpenResource();
            _ = LidModel.Load(s);
            loads.Add(sw.Elapsed.TotalMilliseconds);
        }
        Console.WriteLine(string.Format(inv, "model load: first {0:F0} ms, then median {1:F0} ms", coldMs, loads.Order().ElementAt(2)));

        var (sentences, documents) = LoadTexts(args[0]);
        var detector = LanguageDetector.Create();
        Measure("sentences", sentences, t => detector.Detect(t));
        Measure("documents (20 lines)", documents, t => detector.DetectDocument(t));
        Measure("documents, one pass", documents, t => detector.Detect(t));
        return 0;

        void Measure(string name, string[] texts, Func<string, LanguageResult> f)
        {
            long bytes = texts.Sum(t => (long)Encoding.UTF8.GetByteCount(t));
            foreach (var t in texts.Take(2000))
                f(t); // warm-up
            // Wall time and this thread's CPU time: on a shared machine the CPU time is the fairer "per core" figure.
            double best = double.MaxValue, bestCpu = double.MaxValue;
            var proc = Process.GetCurrentProcess();
            for (int round = 0; round < 3; round++)
            {
                proc.Refresh();
                var cpu0 = proc.UserProcessorTime;
                var w = Stopwatch.StartNew();
                foreach (var t in texts)
                    f(t);
                best = Math.Min(best, w.Elapsed.TotalSeconds);
                proc.Refresh();
                bestCpu = Math.Min(bestCpu, (proc.UserProcessorTime - cpu0).TotalSeconds);
            }
            Console.WriteLine(string.Format(inv, "{0,-22} {1,6} texts {2,5:F1} MB  {3,6:F1} MB/s wall  {4,6:F1} MB/s per CPU-second  ({5:F1} µs/text)",
                name, texts.Length, bytes / 1e6, bytes / 1e6 / best, bytes / 1e6 / bestCpu, best * 1e6 / texts.Length));
        }
    }
}
