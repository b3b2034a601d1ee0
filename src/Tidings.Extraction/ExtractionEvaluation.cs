using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Tidings.Core;

namespace Tidings.Extraction;

/// <summary>Scores of one run over a with/without-snippet dataset.</summary>
public sealed record ExtractionScore(int Pages, int Failed, int TruePositives, int FalseNegatives, int FalsePositives, int TrueNegatives, double Seconds)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 0 : (double)TruePositives / (TruePositives + FalsePositives);
    public double Recall => TruePositives + FalseNegatives == 0 ? 0 : (double)TruePositives / (TruePositives + FalseNegatives);
    public double F1 => 2.0 * TruePositives + FalsePositives + FalseNegatives == 0 ? 0 : 2.0 * TruePositives / (2.0 * TruePositives + FalsePositives + FalseNegatives);
    public double PagesPerSecond => Seconds > 0 ? Pages / Seconds : 0;
}

/// <summary>What one page scored, for error analysis.</summary>
public sealed record PageScore(string File, string Text, string[] MissedWith, string[] FoundWithout);

/// <summary>Evaluates extraction on the trafilatura evaluation format: <c>evaldata.json</c> maps a URL to
/// <c>{"file", "with": [...], "without": [...]}</c> and the pages are <c>html/FILE.gz</c> (or <c>html/FILE</c>).
/// As in trafilatura's own scoring, the text scored is the extracted body (the title is not prepended), both sides are
/// whitespace-normalized and a snippet counts when it occurs as a case-sensitive substring: a "with" snippet found is a
/// true positive, missed a false negative; a "without" snippet found is a false positive, absent a true negative.</summary>
public static class ExtractionEvaluation
{
    /// <summary>Runs the extractor on every page of the dataset folder on one thread.</summary>
    public static ExtractionScore Run(string datasetDir, Extractor extractor, bool includeTitle = false)
        => Run(datasetDir, extractor, includeTitle, null);

    /// <summary>Same, and adds one entry per page to <paramref name="details"/> when given.</summary>
    public static ExtractionScore Run(string datasetDir, Extractor extractor, bool includeTitle, ICollection<PageScore>? details)
    {
        ArgumentNullException.ThrowIfNull(datasetDir);
        ArgumentNullException.ThrowIfNull(extractor);
        var pages = LoadPages(datasetDir);
        int tp = 0, fn = 0, fp = 0, tn = 0, failed = 0;
        var watch = new Stopwatch();
        foreach (var (url, file, with, without, bytes) in pages)
        {
            string text = "";
            watch.Start();
            try
            {
                var article = extractor.Extract(new RawDocument(file, bytes, ContentKind.Html, url));
                text = includeTitle ? article.Title + "\n" + article.Text : article.Text;
            }
            catch (DocumentRejectedException)
            {
                failed++;
            }
            watch.Stop();
            var norm = Normalize(text);
            var missed = new List<string>();
            var found = new List<string>();
            foreach (var w in with)
            {
                if (norm.Contains(Normalize(w), StringComparison.Ordinal))
                    tp++;
                else
                {
                    fn++;
                    missed.Add(w);
                }
            }
            foreach (var w in without)
            {
                if (norm.Contains(Normalize(w), StringComparison.Ordinal))
                {
                    fp++;
                    found.Add(w);
                }
                else
                    tn++;
            }
            details?.Add(new PageScore(file, text, [.. missed], [.. found]));
        }
        return new ExtractionScore(pages.Count, failed, tp, fn, fp, tn, watch.Elapsed.TotalSeconds);
    }

    /// <summary>Reads the dataset's annotations and page bytes (decompressed) into memory.</summary>
    internal static List<(string Url, string File, string[] With, string[] Without, byte[] Bytes)> LoadPages(string datasetDir)
    {
        var jsonPath = Path.Combine(datasetDir, "evaldata.json");
        if (!File.Exists(jsonPath))
            throw new FileNotFoundException($"no evaldata.json in '{datasetDir}'", jsonPath);
        using var json = JsonDocument.Parse(File.ReadAllBytes(jsonPath));
        var list = new List<(string, string, string[], string[], byte[])>();
        foreach (var prop in json.RootElement.EnumerateObject())
        {
            var item = prop.Value;
            var file = item.GetProperty("file").GetString() ?? "";
            string[] Strings(string name) => item.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array
                ? [.. a.EnumerateArray().Select(e => e.GetString() ?? "").Where(s => s.Length > 0)]
                : [];
            var bytes = ReadPage(Path.Combine(datasetDir, "html", file));
            list.Add((prop.Name, file, Strings("with"), Strings("without"), bytes));
        }
        return list;
    }

    private static byte[] ReadPage(string path)
    {
        if (File.Exists(path + ".gz"))
        {
            using var file = File.OpenRead(path + ".gz");
            using var gz = new GZipStream(file, CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            return ms.ToArray();
        }
        return File.Exists(path) ? File.ReadAllBytes(path) : [];
    }

    /// <summary>Collapses every run of whitespace to one space and trims.</summary>
    internal static string Normalize(string s) => Whitespace.Collapse(s);
}
