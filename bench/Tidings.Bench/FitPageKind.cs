using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tidings.Clustering;
using Tidings.Core;
using Tidings.Extraction;

namespace Tidings.Bench;

/// <summary><c>fit-page-kind WCXB_DIR [OUT.json]</c>: extracts every labelled page, fits the page-kind softmax with
/// 5-fold cross-validation grouped by domain, prints held-out accuracy (article vs the rest, and all seven kinds)
/// and writes the model (default src/Tidings.Clustering/Data/page-kind.json).</summary>
internal static class FitPageKind
{
    internal static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: fit-page-kind WCXB_DIR [OUT.json]");
            return 2;
        }
        var dir = args[0];
        var metaBytes = File.ReadAllBytes(Path.Combine(dir, "metadata.json"));
        using var meta = JsonDocument.Parse(metaBytes);
        var files = meta.RootElement.GetProperty("files").EnumerateObject()
            .Select(p => (Id: p.Name, Kind: PageKindClassifier.ParseKind(p.Value.GetProperty("page_type").GetString()!), Domain: p.Value.GetProperty("domain").GetString()!))
            .Where(f => f.Kind != PageKind.Unknown && File.Exists(Path.Combine(dir, "html", f.Id + ".html.gz")))
            .OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        var extractor = Extractor.Create();
        var x = new double[files.Count][];
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(metaBytes);
        var raw = files.Select(f => ReadGz(Path.Combine(dir, "html", f.Id + ".html.gz"))).ToArray();
        foreach (var r in raw)
            hash.AppendData(r);
        var cache = Environment.GetEnvironmentVariable("PK_CACHE");
        if (cache is not null && File.Exists(cache))
        {
            var rows = File.ReadAllLines(cache);
            for (int i = 0; i < files.Count; i++)
                x[i] = rows[i].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        else Parallel.For(0, files.Count, i =>
        {
            var doc = new Document(new RawDocument(files[i].Id + ".html", raw[i], ContentKind.Html));
            try
            {
                extractor.Process(doc);
            }
            catch (DocumentRejectedException)
            {
            }
            x[i] = PageKindClassifier.Features(doc) ?? new double[PageKindClassifier.FeatureCount];
        });
        if (cache is not null && !File.Exists(cache))
            File.WriteAllLines(cache, x.Select(r => string.Join(",", r.Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture)))));
        var y = files.Select(f => Array.IndexOf(PageKindClassifier.Classes, f.Kind)).ToArray();
        int Fold(string domain) => (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(domain)), 0) % 5);
        var predicted = new int[files.Count];
        const double l2 = 0.01;
        double binaryL2 = double.Parse(Environment.GetEnvironmentVariable("PK_L2") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        (Logistic.Softmax, Logistic.Model) Train(int[] rows) => (
            Logistic.FitSoftmax(rows.Select(i => x[i]).ToList(), rows.Select(i => y[i]).ToList(), PageKindClassifier.Classes.Length, l2),
            Logistic.Fit(rows.Select(i => x[i]).ToList(), rows.Select(i => y[i] == 0 ? 1.0 : 0.0).ToList(), binaryL2));
        for (int f = 0; f < 5; f++)
        {
            var train = Enumerable.Range(0, files.Count).Where(i => Fold(files[i].Domain) != f).ToArray();
            var (model, article) = Train(train);
            foreach (var i in Enumerable.Range(0, files.Count).Where(i => Fold(files[i].Domain) == f))
                predicted[i] = Array.IndexOf(PageKindClassifier.Classes, PageKindClassifier.Decide(model, article, x[i]));
        }
        double binary = Enumerable.Range(0, files.Count).Count(i => (predicted[i] == 0) == (y[i] == 0)) / (double)files.Count;
        double seven = Enumerable.Range(0, files.Count).Count(i => predicted[i] == y[i]) / (double)files.Count;
        var (final, finalArticle) = Train(Enumerable.Range(0, files.Count).ToArray());
        var fitted = x.Select(r => Array.IndexOf(PageKindClassifier.Classes, PageKindClassifier.Decide(final, finalArticle, r))).ToArray();
        double train7 = Enumerable.Range(0, files.Count).Count(i => fitted[i] == y[i]) / (double)files.Count;
        double train2 = Enumerable.Range(0, files.Count).Count(i => (fitted[i] == 0) == (y[i] == 0)) / (double)files.Count;
        Console.WriteLine($"pages {files.Count}; 5-fold by domain, held out: article vs other {binary:P2}, seven kinds {seven:P2}; fitted on all: {train2:P2} / {train7:P2}");
        foreach (var (k, ki) in PageKindClassifier.Classes.Select((k, i) => (k, i)))
        {
            int total = y.Count(v => v == ki), right = Enumerable.Range(0, files.Count).Count(i => y[i] == ki && predicted[i] == ki);
            Console.WriteLine($"  {k,-14} {right}/{total}");
        }
        var extra = new JsonObject
        {
            ["data"] = new JsonObject { ["set"] = Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')), ["sha256"] = Convert.ToHexStringLower(hash.GetHashAndReset()), ["pages"] = files.Count },
            ["cross_validated"] = new JsonObject { ["folds"] = 5, ["grouped_by"] = "domain", ["article_vs_other"] = Math.Round(binary, 4), ["seven_kinds"] = Math.Round(seven, 4) },
            ["fitted_on_all"] = new JsonObject { ["article_vs_other"] = Math.Round(train2, 4), ["seven_kinds"] = Math.Round(train7, 4) },
            ["l2"] = l2,
            ["l2_article"] = binaryL2,
        };
        var outPath = args.Length > 1 ? args[1] : Path.Combine("src", "Tidings.Clustering", "Data", "page-kind.json");
        File.WriteAllText(outPath, PageKindClassifier.ToJson(final, finalArticle, extra).ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n");
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }

    private static byte[] ReadGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
