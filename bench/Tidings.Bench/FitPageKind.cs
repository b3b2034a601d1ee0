using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Tidings.Clustering;
using Tidings.Core;
using Tidings.Extraction;

namespace Tidings.Bench;

/// <summary><c>fit-page-kind WCXB_DIR [OUT.json]</c>: extracts every labelled page (the type from metadata.json, or
/// from the page's ground truth where metadata.json does not list it), fits the page-kind model with 5-fold
/// cross-validation grouped by domain (no site in train and test), chooses the article threshold on the held-out
/// probabilities (a lost article costs <c>PK_COST</c>, default 1.5, a non-article let in 1), prints held-out accuracy
/// (article vs the rest) and the share of articles classed as non-reports, and writes the model (default
/// src/Tidings.Clustering/Data/page-kind.json). Extraction is the slow part: <c>PK_CACHE=FILE</c> keeps its output
/// between runs (features are recomputed from the pages).</summary>
internal static class FitPageKind
{
    private sealed record Page(string Id, PageKind Kind, string Domain);

    private sealed record Extracted(string Title, string Text, DateTimeOffset? Published, string? Author, string? Url);

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
        var listed = meta.RootElement.GetProperty("files");
        var files = new List<Page>();
        foreach (var path in Directory.GetFiles(Path.Combine(dir, "html"), "*.html.gz").Order(StringComparer.Ordinal))
        {
            var id = Path.GetFileName(path)[..^".html.gz".Length];
            if (listed.TryGetProperty(id, out var m))
            {
                files.Add(new Page(id, PageKindClassifier.ParseKind(m.GetProperty("page_type").GetString()!), m.GetProperty("domain").GetString()!));
                continue;
            }
            var truth = Path.Combine(dir, "ground-truth", id + ".json");
            if (!File.Exists(truth))
                continue;
            using var gt = JsonDocument.Parse(File.ReadAllBytes(truth));
            var kind = gt.RootElement.TryGetProperty("_internal", out var i) && i.TryGetProperty("page_type", out var pt) && pt.TryGetProperty("primary", out var pr)
                ? PageKindClassifier.ParseKind(pr.GetString() ?? "") : PageKind.Unknown;
            var url = gt.RootElement.TryGetProperty("url", out var u) ? u.GetString() : null;
            if (kind == PageKind.Unknown || url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
                continue;
            var host = uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host;
            files.Add(new Page(id, kind, host));
        }
        files = files.Where(f => f.Kind != PageKind.Unknown).ToList();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(metaBytes);
        var raw = files.Select(f => ReadGz(Path.Combine(dir, "html", f.Id + ".html.gz"))).ToArray();
        for (int i = 0; i < files.Count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(files[i].Id + "\t" + files[i].Kind + "\t" + files[i].Domain + "\n"));
            hash.AppendData(raw[i]);
        }
        var extracted = Extract(files, raw, Environment.GetEnvironmentVariable("PK_CACHE"));
        var x = new double[files.Count][];
        Parallel.For(0, files.Count, i =>
        {
            var doc = Doc(files[i].Id, raw[i], extracted[i]);
            x[i] = PageKindClassifier.Features(doc) ?? new double[PageKindClassifier.FeatureCount];
        });
        var y = files.Select(f => Array.IndexOf(PageKindClassifier.Classes, f.Kind)).ToArray();
        if (Environment.GetEnvironmentVariable("PK_VERIFY") is { } verify)
        {
            var shipped = PageKindClassifier.Parse(JsonNode.Parse(File.ReadAllText(verify))!);
            var fresh = Extract(files, raw, null);
            int same = 0, right = 0, rightFresh = 0;
            for (int i = 0; i < files.Count; i++)
            {
                var fx = PageKindClassifier.Features(Doc(files[i].Id, raw[i], fresh[i]))!;
                same += fx.SequenceEqual(x[i]) ? 1 : 0;
                right += (PageKindClassifier.Decide(shipped, x[i]) == PageKind.Article) == (y[i] == 0) ? 1 : 0;
                rightFresh += (PageKindClassifier.Decide(shipped, fx) == PageKind.Article) == (y[i] == 0) ? 1 : 0;
            }
            Console.WriteLine($"verify: same features {same}/{files.Count}; shipped model right on cached features {right}, on fresh {rightFresh}");
            return 0;
        }
        var isArticle = y.Select(v => v == 0 ? 1.0 : 0.0).ToArray();
        var news = x.Select(PageKindClassifier.DeclaresNews).ToArray();
        Console.WriteLine($"declared news reports with a date: {Enumerable.Range(0, files.Count).Count(i => news[i] && isArticle[i] == 1)} articles, {Enumerable.Range(0, files.Count).Count(i => news[i] && isArticle[i] == 0)} others");
        int Fold(string domain) => (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(domain)), 0) % 5);
        var fold = files.Select(f => Fold(f.Domain)).ToArray();
        double Env(string name, double fallback) => double.Parse(Environment.GetEnvironmentVariable(name) ?? fallback.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var options = new Boosted.Options(Rounds: (int)Env("PK_ROUNDS", 500), Depth: (int)Env("PK_DEPTH", 3), Rate: Env("PK_RATE", 0.05), Lambda: Env("PK_LAMBDA", 1), MinHessian: Env("PK_MINH", 3), Bins: (int)Env("PK_BINS", 32), Columns: Env("PK_COLS", 0.3), Seed: (int)Env("PK_SEED", 1));
        double cost = Env("PK_COST", 1.5);
        var held = new double[files.Count];
        Parallel.For(0, 5, new ParallelOptions { MaxDegreeOfParallelism = 2 }, f =>
        {
            var train = Enumerable.Range(0, files.Count).Where(i => fold[i] != f).ToArray();
            var model = Boosted.Fit(train.Select(i => x[i]).ToList(), train.Select(i => isArticle[i]).ToList(), options);
            foreach (var i in Enumerable.Range(0, files.Count).Where(i => fold[i] == f))
                held[i] = model.Probability(x[i]);
        });
        if (Environment.GetEnvironmentVariable("PK_NO_NEWS_RULE") != "1")
        {
            for (int i = 0; i < files.Count; i++)
            {
                if (news[i])
                    held[i] = 1;
            }
        }
        // the threshold: least cost on the held-out probabilities; for the honest figure each fold's threshold is
        // chosen on the other folds' held-out probabilities
        double threshold = ChooseThreshold(Enumerable.Range(0, files.Count).ToArray(), held, isArticle, cost);
        var verdict = new bool[files.Count];
        for (int f = 0; f < 5; f++)
        {
            double t = ChooseThreshold(Enumerable.Range(0, files.Count).Where(i => fold[i] != f).ToArray(), held, isArticle, cost);
            foreach (var i in Enumerable.Range(0, files.Count).Where(i => fold[i] == f))
                verdict[i] = held[i] >= t;
        }
        int articles = isArticle.Count(v => v == 1);
        (double Accuracy, double Lost, double LetIn) Score(Func<int, bool> says) => (
            Enumerable.Range(0, files.Count).Count(i => says(i) == (isArticle[i] == 1)) / (double)files.Count,
            Enumerable.Range(0, files.Count).Count(i => isArticle[i] == 1 && !says(i)) / (double)articles,
            Enumerable.Range(0, files.Count).Count(i => isArticle[i] == 0 && says(i)) / (double)(files.Count - articles));
        var atHalf = Score(i => held[i] >= 0.5);
        var atChosen = Score(i => held[i] >= threshold);
        var nested = Score(i => verdict[i]);
        double best = Enumerable.Range(1, 99).Max(t => Score(i => held[i] >= t / 100.0).Accuracy);
        Console.WriteLine($"pages {files.Count} ({articles} articles), {PageKindClassifier.FeatureCount} features, {options}, cost {cost}");
        Console.WriteLine($"5-fold by domain, held out, article vs other: at 0.5 {atHalf.Accuracy:P2} (articles lost {atHalf.Lost:P2}, others let in {atHalf.LetIn:P2}); " +
            $"at the chosen threshold {threshold:F3}: {atChosen.Accuracy:P2} (lost {atChosen.Lost:P2}, let in {atChosen.LetIn:P2}); " +
            $"threshold chosen on the other folds: {nested.Accuracy:P2} (lost {nested.Lost:P2}, let in {nested.LetIn:P2}); best threshold's accuracy {best:P2}");
        foreach (var (k, ki) in PageKindClassifier.Classes.Select((k, i) => (k, i)))
        {
            int total = y.Count(v => v == ki), asArticle = Enumerable.Range(0, files.Count).Count(i => y[i] == ki && verdict[i]);
            Console.WriteLine($"  {k,-14} {total,4} pages, classed as article {asArticle}");
        }
        if (Environment.GetEnvironmentVariable("PK_DUMP") is { } dump)
            File.WriteAllLines(dump, Enumerable.Range(0, files.Count).Select(i => $"{files[i].Id}\t{files[i].Kind}\t{held[i]:F3}\t{files[i].Domain}\t{extracted[i].Url}\t{extracted[i].Title}\t{extracted[i].Text.Length}"));
        if (Environment.GetEnvironmentVariable("PK_CV_ONLY") == "1")
            return 0;
        var all = Enumerable.Range(0, files.Count).ToArray();
        var final = new PageKindClassifier.Model(
            Boosted.Fit(x, isArticle, options),
            Math.Round(threshold, 4),
            Logistic.FitSoftmax(x, y, PageKindClassifier.Classes.Length, 0.01, iterations: 600));
        double train2 = all.Count(i => (PageKindClassifier.Decide(final, x[i]) == PageKind.Article) == (isArticle[i] == 1)) / (double)files.Count;
        double train7 = all.Count(i => PageKindClassifier.Decide(final, x[i]) == files[i].Kind) / (double)files.Count;
        Console.WriteLine($"fitted on all: article vs other {train2:P2}, seven kinds {train7:P2}");
        // the repository's own HTML reports (samples, trap set) must all stay articles
        var extractor = Extractor.Create();
        foreach (var set in new[] { "samples", "samples-trap" })
        {
            if (!Directory.Exists(set))
                continue;
            var pages = Directory.GetFiles(set, "*.html", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
            var kept = new List<string>();
            foreach (var page in pages)
            {
                var doc = new Document(new RawDocument(page, File.ReadAllBytes(page), ContentKind.Html));
                extractor.Process(doc);
                var fx = PageKindClassifier.Features(doc)!;
                var p = final.Article.Probability(fx);
                if (PageKindClassifier.Decide(final, fx) != PageKind.Article)
                    kept.Add($"{page} ({p:F2})");
            }
            Console.WriteLine($"{set}: {pages.Length - kept.Count} of {pages.Length} HTML pages classed as articles{(kept.Count > 0 ? "; not: " + string.Join(", ", kept) : "")}");
        }
        var extra = new JsonObject
        {
            ["data"] = new JsonObject { ["set"] = Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')), ["sha256"] = Convert.ToHexStringLower(hash.GetHashAndReset()), ["pages"] = files.Count, ["articles"] = articles },
            ["cross_validated"] = new JsonObject
            {
                ["folds"] = 5,
                ["grouped_by"] = "domain",
                ["article_vs_other"] = Math.Round(nested.Accuracy, 4),
                ["articles_lost"] = Math.Round(nested.Lost, 4),
                ["others_let_in"] = Math.Round(nested.LetIn, 4),
                ["threshold_from"] = "each fold's threshold chosen on the other folds' held-out probabilities",
                ["at_shipped_threshold"] = new JsonObject { ["article_vs_other"] = Math.Round(atChosen.Accuracy, 4), ["articles_lost"] = Math.Round(atChosen.Lost, 4) },
                ["at_0.5"] = new JsonObject { ["article_vs_other"] = Math.Round(atHalf.Accuracy, 4), ["articles_lost"] = Math.Round(atHalf.Lost, 4) },
            },
            ["fitted_on_all"] = new JsonObject { ["article_vs_other"] = Math.Round(train2, 4), ["seven_kinds"] = Math.Round(train7, 4) },
            ["boosting"] = new JsonObject { ["rounds"] = options.Rounds, ["depth"] = options.Depth, ["rate"] = options.Rate, ["lambda"] = options.Lambda, ["min_hessian"] = options.MinHessian, ["bins"] = options.Bins, ["cost_of_a_lost_article"] = cost },
        };
        var outPath = args.Length > 1 ? args[1] : Path.Combine("src", "Tidings.Clustering", "Data", "page-kind.json");
        File.WriteAllText(outPath, PageKindClassifier.ToJson(final, extra).ToJsonString(new JsonSerializerOptions { WriteIndented = false }) + "\n");
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }

    /// <summary>The threshold (in steps of 0.01) with the least cost over <paramref name="rows"/>: a lost article
    /// costs <paramref name="cost"/>, a non-article let in 1; ties go to the lower threshold.</summary>
    private static double ChooseThreshold(int[] rows, double[] p, double[] isArticle, double cost)
    {
        double bestT = 0.5, bestCost = double.MaxValue;
        for (int t = 1; t < 100; t++)
        {
            double c = 0;
            foreach (var i in rows)
            {
                bool says = p[i] >= t / 100.0;
                if (isArticle[i] == 1 && !says)
                    c += cost;
                else if (isArticle[i] == 0 && says)
                    c += 1;
            }
            if (c < bestCost)
            {
                bestCost = c;
                bestT = t / 100.0;
            }
        }
        return bestT;
    }

    private static Document Doc(string id, byte[] raw, Extracted e)
    {
        var doc = new Document(new RawDocument(id + ".html", raw, ContentKind.Html))
        {
            Title = e.Title,
            Text = e.Text,
            Published = e.Published,
            Author = e.Author,
            Url = e.Url,
        };
        return doc;
    }

    private static Extracted[] Extract(List<Page> files, byte[][] raw, string? cache)
    {
        if (cache is not null && File.Exists(cache))
        {
            var cached = JsonSerializer.Deserialize<Extracted[]>(File.ReadAllText(cache))!;
            if (cached.Length == files.Count)
                return cached;
        }
        var extractor = Extractor.Create();
        var result = new Extracted[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 }, i =>
        {
            var doc = new Document(new RawDocument(files[i].Id + ".html", raw[i], ContentKind.Html));
            try
            {
                extractor.Process(doc);
                result[i] = new Extracted(doc.Title, doc.Text, doc.Published, doc.Author, doc.Url);
            }
            catch (DocumentRejectedException)
            {
                result[i] = new Extracted("", "", null, null, null);
            }
        });
        if (cache is not null)
            File.WriteAllText(cache, JsonSerializer.Serialize(result));
        return result;
    }

    private static byte[] ReadGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }
}
