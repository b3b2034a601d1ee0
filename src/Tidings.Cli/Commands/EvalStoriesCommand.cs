using System.CommandLine;
using System.Globalization;
using System.Text;
using Tidings.Clustering;
using Tidings.Core;
using Tidings.Composition;
using Tidings.Storage;
using Tidings.Text;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings eval stories DIR</c> (grouping against a gold.json) and <c>tidings eval similarity CSV</c>
/// (article-pair similarity against SemEval-2022 Task 8 judgements).</summary>
internal static class EvalStoriesCommand
{
    internal static void Register(Command eval)
    {
        {
            var dir = new Argument<string>("dir") { Description = "A folder of pages with a gold.json (like samples/)." };
            var threshold = new Option<double?>("--threshold") { Description = $"Clustering similarity threshold (default {new ClusteringOptions().Threshold})." };
            var cmd = new Command("stories", "Ingest a folder into a temporary database and compare its stories with the folder's gold.json.");
            cmd.Arguments.Add(dir);
            cmd.Options.Add(threshold);
            cmd.SetAction((pr, ct) => StoriesAsync(pr.GetValue(dir)!, pr.GetValue(threshold), ct));
            eval.Subcommands.Add(cmd);
        }
        {
            var file = new Argument<string>("csv") { Description = "A SemEval-2022 Task 8 CSV (pair_id, lang1, lang2, text1, text2, ..., Overall)." };
            var cmd = new Command("similarity", "Pearson correlation between Tidings' article similarity and -Overall (1 = same story ... 4 = unrelated), overall and per language pair.");
            cmd.Arguments.Add(file);
            cmd.SetAction(pr => Similarity(pr.GetValue(file)!));
            eval.Subcommands.Add(cmd);
        }
    }

    private static async Task<int> StoriesAsync(string dir, double? threshold, CancellationToken cancellation)
    {
        if (!File.Exists(Path.Combine(dir, "gold.json")))
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(dir)} has no gold.json");
            return 1;
        }
        var tmp = Directory.CreateTempSubdirectory("tidings-eval-");
        try
        {
            var options = new EngineOptions
            {
                Database = Path.Combine(tmp.FullName, "eval.db"),
                Clustering = threshold is { } t ? new ClusteringOptions { Threshold = t } : new ClusteringOptions(),
            };
            await using var engine = await TidingsEngine.OpenAsync(options, cancellation).ConfigureAwait(false);
            var ingestor = await engine.CreateIngestorAsync(cancellation).ConfigureAwait(false);
            var report = await ingestor.IngestPathsAsync([dir], cancellation: cancellation).ConfigureAwait(false);
            var stories = await engine.Stories.ListStoriesAsync(new StoryQuery { Limit = 0 }, cancellation).ConfigureAwait(false);
            Console.WriteLine($"ingested {report.New} pages ({report.Failed} failed) into {stories.Stories.Count} stories");
            Console.WriteLine((await Samples.CheckAgainstGoldAsync(engine.Stories, dir, cancellation).ConfigureAwait(false)).ToString());
            return 0;
        }
        finally
        {
            tmp.Delete(recursive: true);
        }
    }

    internal sealed record PairScores(double Pearson, int Pairs, IReadOnlyList<(string LanguagePair, double Pearson, int Pairs)> ByLanguagePair)
    {
        /// <summary>The threshold that best separates "same story" pairs (Overall at most 2) from the rest, with its F1.</summary>
        public (double Threshold, double F1) BestThreshold { get; init; }
    }

    private static int Similarity(string path)
    {
        List<string[]> rows;
        try
        {
            rows = Csv.Read(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: {e.Message}");
            return 1;
        }
        var scores = ScorePairs(rows);
        if (scores is null)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: not a SemEval-2022 Task 8 CSV (needs lang1, lang2, text1, text2, Overall)");
            return 1;
        }
        Console.WriteLine($"pairs: {scores.Pairs}, Pearson(similarity, -Overall): {scores.Pearson:F3}");
        Console.WriteLine($"same story (Overall <= 2) vs not: best threshold {scores.BestThreshold.Threshold:F3}, F1 {scores.BestThreshold.F1:F3}");
        foreach (var (pair, r, n) in scores.ByLanguagePair)
            Console.WriteLine($"  {pair,-6} {r,7:F3}  ({n} pairs)");
        return 0;
    }

    /// <summary>Scores every pair: features per text, IDF from all texts of the file, clusterer similarity.</summary>
    internal static PairScores? ScorePairs(List<string[]> rows)
    {
        if (rows.Count < 2)
            return null;
        var header = rows[0];
        int Col(string name) => Array.FindIndex(header, h => h.Trim().Equals(name, StringComparison.OrdinalIgnoreCase));
        int l1 = Col("lang1"), l2 = Col("lang2"), t1 = Col("text1"), t2 = Col("text2"), overall = Col("Overall");
        if (l1 < 0 || l2 < 0 || t1 < 0 || t2 < 0 || overall < 0)
            return null;
        var features = FeatureExtractor.Create();
        var pairs = new List<(string Pair, FeatureVector A, FeatureVector B, double Gold)>();
        var df = new Dictionary<ulong, int>();
        foreach (var row in rows.Skip(1))
        {
            if (row.Length <= Math.Max(Math.Max(l1, l2), Math.Max(Math.Max(t1, t2), overall)))
                continue;
            if (!double.TryParse(row[overall], NumberStyles.Float, CultureInfo.InvariantCulture, out double gold))
                continue;
            var a = features.Extract("", row[t1], row[l1].Trim());
            var b = features.Extract("", row[t2], row[l2].Trim());
            foreach (var v in new[] { a, b })
            {
                foreach (var k in v.Keys)
                    df[k] = df.GetValueOrDefault(k) + 1;
            }
            pairs.Add(($"{row[l1].Trim()}-{row[l2].Trim()}", a, b, -gold));
        }
        if (pairs.Count < 2)
            return null;
        var clusterer = StoryClusterer.Create(new ClusterState([], df, pairs.Count * 2));
        var sims = pairs.Select(p => clusterer.Similarity(p.A, p.B)).ToArray();
        var byPair = pairs.Select((p, i) => (p.Pair, Sim: sims[i], p.Gold)).GroupBy(x => x.Pair)
            .Where(g => g.Count() >= 5)
            .OrderByDescending(g => g.Count())
            .Select(g => (g.Key, Pearson(g.Select(x => x.Sim).ToArray(), g.Select(x => x.Gold).ToArray()), g.Count()))
            .ToList();
        return new PairScores(Pearson(sims, pairs.Select(p => p.Gold).ToArray()), pairs.Count, byPair)
        {
            BestThreshold = BestSplit(sims, pairs.Select(p => -p.Gold <= 2).ToArray()),
        };
    }

    /// <summary>Sweeps the threshold over the observed similarities and keeps the one with the best F1 for
    /// "similarity >= threshold means same story".</summary>
    internal static (double Threshold, double F1) BestSplit(double[] sims, bool[] same)
    {
        var order = Enumerable.Range(0, sims.Length).OrderByDescending(i => sims[i]).ToArray();
        int positives = same.Count(x => x), tp = 0, predicted = 0;
        (double, double) best = (1, 0);
        foreach (var i in order)
        {
            predicted++;
            if (same[i])
                tp++;
            double p = (double)tp / predicted, r = positives == 0 ? 0 : (double)tp / positives;
            double f1 = p + r == 0 ? 0 : 2 * p * r / (p + r);
            if (f1 > best.Item2)
                best = (sims[i], f1);
        }
        return best;
    }

    internal static double Pearson(double[] x, double[] y)
    {
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }
}

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines.</summary>
internal static class Csv
{
    internal static List<string[]> Read(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                    i++;
                row.Add(field.ToString());
                field.Clear();
                rows.Add([.. row]);
                row.Clear();
            }
            else
            {
                field.Append(c);
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add([.. row]);
        }
        return rows;
    }
}
