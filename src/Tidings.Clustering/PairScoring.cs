using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Tidings.Core;
using Tidings.Text;

namespace Tidings.Clustering;

/// <summary>Two texts to compare; <see cref="Overall"/> is the SemEval-2022 Task 8 judgement when known (1 = same
/// story … 4 = unrelated).</summary>
public sealed record TextPair(string Id, string Text1, string Text2, string Language1 = "und", string Language2 = "und",
    string? Title1 = null, string? Title2 = null)
{
    public double? Overall { get; init; }

    public bool CrossLanguage => !string.Equals(Language1, Language2, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Scores article pairs with the story engine's scorer: features per text, IDF from all texts of the set,
/// the second text of each pair taken as a one-article story. Used by <c>tidings similarity --pairs</c>,
/// <c>tidings eval similarity</c> and the fitting tool.</summary>
public static class PairScoring
{
    /// <summary>Reads a pair CSV: columns pair_id, text1, text2, optional lang1, lang2, title1, title2, Overall.
    /// Returns null when the header lacks text1/text2.</summary>
    public static IReadOnlyList<TextPair>? Read(string csvText)
    {
        ArgumentNullException.ThrowIfNull(csvText);
        var rows = Csv.Read(csvText);
        if (rows.Count < 1)
            return null;
        var header = rows[0];
        int Col(string name) => Array.FindIndex(header, h => h.Trim().Equals(name, StringComparison.OrdinalIgnoreCase));
        int id = Col("pair_id"), t1 = Col("text1"), t2 = Col("text2"), l1 = Col("lang1"), l2 = Col("lang2"),
            h1 = Col("title1"), h2 = Col("title2"), overall = Col("Overall");
        if (t1 < 0 || t2 < 0)
            return null;
        string? Get(string[] row, int c) => c >= 0 && c < row.Length ? row[c] : null;
        var list = new List<TextPair>();
        for (int r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length <= Math.Max(t1, t2))
                continue;
            double? gold = null;
            if (overall >= 0)
            {
                if (!double.TryParse(Get(row, overall), NumberStyles.Float, CultureInfo.InvariantCulture, out double g))
                    continue;
                gold = g;
            }
            list.Add(new TextPair(Get(row, id) ?? r.ToString(CultureInfo.InvariantCulture), row[t1], row[t2],
                Lang(Get(row, l1)), Lang(Get(row, l2)), NonEmpty(Get(row, h1)), NonEmpty(Get(row, h2))) { Overall = gold });
        }
        return list;
    }

    private static string Lang(string? s) => string.IsNullOrWhiteSpace(s) ? "und" : LanguageTag.Parse(s).Language;

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>A text's headline when none is given: up to a double space or a line break in its first 250
    /// characters (how the SemEval texts join headline and body), else its first sentence.</summary>
    internal static (string Title, string Body) SplitTitle(string text, string? title)
    {
        if (title is not null)
            return (title, text);
        int cut = -1;
        int limit = Math.Min(text.Length, 250);
        for (int i = 1; i < limit; i++)
        {
            if (text[i] == '\n' || (text[i] == ' ' && text[i - 1] == ' '))
            {
                cut = i;
                break;
            }
        }
        if (cut < 0)
        {
            for (int i = 20; i < limit; i++)
            {
                if (text[i] is '.' or '!' or '?' or '。' && (i + 1 >= text.Length || text[i + 1] == ' ' || text[i] == '。'))
                {
                    cut = i + 1;
                    break;
                }
            }
        }
        return cut < 0 ? ("", text) : (text[..cut].Trim(), text[cut..].Trim());
    }

    /// <summary>The same-story probability of each pair, in [0, 1].</summary>
    public static double[] Score(IReadOnlyList<TextPair> pairs) => ScoreAndGate(pairs).Scores;

    /// <summary>The same-story probability of each pair, and whether the pair passes the engine's evidence gate (a
    /// shared rare neutral key; the engine joins only when both the probability and the gate allow it).</summary>
    public static (double[] Scores, bool[] Gate) ScoreAndGate(IReadOnlyList<TextPair> pairs)
    {
        var (x, gate) = FeaturesAndGate(pairs);
        var scorer = StoryScorer.Default;
        return (x.Select(r => scorer.Probability(r)).ToArray(), gate);
    }

    /// <summary>The engine's join thresholds (the scorer's, chosen on the development pairs): for pairs in one
    /// language and across languages.</summary>
    public static (double Same, double Cross) Thresholds => (StoryScorer.Default.Threshold, StoryScorer.Default.CrossThreshold);

    /// <summary>The evidence features of every pair.</summary>
    internal static double[][] Features(IReadOnlyList<TextPair> pairs, Func<string, float[]>? embed = null) =>
        FeaturesAndGate(pairs, embed).X;

    /// <summary>The evidence features of every pair, and whether each pair passes the engine's evidence gate (a shared
    /// rare neutral key, <see cref="ClusteringOptions.RareKeyFactor"/>) with the pair set as the corpus.</summary>
    internal static (double[][] X, bool[] Gate) FeaturesAndGate(IReadOnlyList<TextPair> pairs, Func<string, float[]>? embed = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var extractor = FeatureExtractor.Create();
        var vectors = new (FeatureVector Body, FeatureVector Title)[pairs.Count * 2];
        Parallel.For(0, pairs.Count, i =>
        {
            var p = pairs[i];
            var (ta, ba) = SplitTitle(p.Text1, p.Title1);
            var (tb, bb) = SplitTitle(p.Text2, p.Title2);
            vectors[2 * i] = extractor.ExtractBoth(ta, ba, p.Language1);
            vectors[(2 * i) + 1] = extractor.ExtractBoth(tb, bb, p.Language2);
        });
        var df = new Dictionary<ulong, int>();
        foreach (var (body, _) in vectors)
        {
            foreach (var k in body.Keys)
                df[k] = df.GetValueOrDefault(k) + 1;
        }
        var clusterer = StoryClusterer.Create(new ClusterState([], df, vectors.Length));
        var result = new double[pairs.Count][];
        var gate = new bool[pairs.Count];
        for (int i = 0; i < pairs.Count; i++)
        {
            var row = new double[Evidence.Count];
            var p = pairs[i];
            gate[i] = clusterer.PairFeatures(vectors[2 * i].Body, vectors[2 * i].Title, p.Language1, vectors[(2 * i) + 1].Body, vectors[(2 * i) + 1].Title, p.Language2, row,
                embed?.Invoke(p.Text1), embed?.Invoke(p.Text2));
            result[i] = row;
        }
        return (result, gate);
    }

    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0)
            return 0;
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (int i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx == 0 || syy == 0 ? 0 : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>At a threshold: the share of same-story pairs (Overall ≤ 1.5) joined and of unrelated pairs (Overall ≥ 3) joined.</summary>
    public static (double SameJoined, double UnrelatedJoined) JoinShares(IReadOnlyList<TextPair> pairs, IReadOnlyList<double> scores, double threshold)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(scores);
        int same = 0, sameJoined = 0, unrelated = 0, unrelatedJoined = 0;
        for (int i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].Overall is not { } o)
                continue;
            bool joined = scores[i] >= threshold;
            if (o <= 1.5)
            {
                same++;
                sameJoined += joined ? 1 : 0;
            }
            else if (o >= 3)
            {
                unrelated++;
                unrelatedJoined += joined ? 1 : 0;
            }
        }
        return (same == 0 ? 0 : (double)sameJoined / same, unrelated == 0 ? 0 : (double)unrelatedJoined / unrelated);
    }

    /// <summary>Soft target for the fit: Overall 1 → 1, 4 → 0, linear between.</summary>
    internal static double Target(double overall) => Math.Clamp((4 - overall) / 3, 0, 1);

    /// <summary>How the fit reads a pair's judgement.</summary>
    internal enum FitTarget
    {
        /// <summary>The soft label (4 − Overall) / 3 for every pair (a regression of the Overall score).</summary>
        Soft,

        /// <summary>A join target: 1 when the annotators found the pair similar (Overall ≤ 2), 0 when dissimilar (≥ 3);
        /// pairs between (the annotators disagree across the middle) are left out of the fit. The output is then the
        /// probability that a pair is judged one story.</summary>
        Similar,
    }

    /// <summary>A pair's fitting target, or null when the pair stays out of the fit.</summary>
    internal static double? Target(double overall, FitTarget target) => target switch
    {
        FitTarget.Similar => overall <= 2 ? 1 : overall >= 3 ? 0 : null,
        _ => Target(overall),
    };

    /// <summary>Features whose weight is not learned from the pairs: time_gap is a prior, −1 per ln(1 + days) (the
    /// pairs carry no publication times); date_conflict (both sides name calendar days and share none) is a prior
    /// of −1: the pairs are rarely two events of one topic, so they cannot teach what a different day means.</summary>
    internal static double[] FixedWeights()
    {
        var f = new double[Evidence.Count];
        f[Evidence.TimeGap] = -1.0;
        f[Evidence.DateConflict] = -1.0;
        return f;
    }

    /// <summary>Thresholds for pairs in one language and pairs across languages (whose evidence is thinner: no shared
    /// words): the pair that joins the most same-story pairs (Overall ≤ 1.5) while joining at most 3 % of the unrelated
    /// ones (Overall ≥ 3) overall.</summary>
    internal static (double Same, double Cross) ChooseThresholds(IReadOnlyList<TextPair> pairs, IReadOnlyList<double> scores)
    {
        var idx = Enumerable.Range(0, pairs.Count).ToArray();
        int unrelatedTotal = idx.Count(i => pairs[i].Overall >= 3);
        int allowed = (int)Math.Floor(0.03 * unrelatedTotal);
        var candidates = idx.Select(i => scores[i] + 1e-9).Append(0.5).Append(1.0).Distinct().OrderBy(t => t).ToArray();
        var crossU = idx.Where(i => pairs[i].Overall >= 3 && pairs[i].CrossLanguage).Select(i => scores[i]).OrderByDescending(v => v).ToArray();
        var sameU = idx.Where(i => pairs[i].Overall >= 3 && !pairs[i].CrossLanguage).Select(i => scores[i]).OrderByDescending(v => v).ToArray();
        var crossS = idx.Where(i => pairs[i].Overall <= 1.5 && pairs[i].CrossLanguage).Select(i => scores[i]).ToArray();
        var sameS = idx.Where(i => pairs[i].Overall <= 1.5 && !pairs[i].CrossLanguage).Select(i => scores[i]).ToArray();
        (double, double) best = (ChooseThreshold(pairs, scores), ChooseThreshold(pairs, scores));
        int bestJoined = -1;
        // give k of the allowed unrelated joins to cross-language pairs, the rest to same-language pairs
        for (int k = 0; k <= allowed; k++)
        {
            double tc = k < crossU.Length ? crossU[k] + 1e-6 : 0.5;
            double ts = allowed - k < sameU.Length ? sameU[allowed - k] + 1e-6 : 0.5;
            if (k >= crossU.Length)
                tc = crossU.Length > 0 ? Math.Min(0.5, crossU[^1]) : 0.5;
            if (allowed - k >= sameU.Length)
                ts = sameU.Length > 0 ? Math.Min(0.5, sameU[^1]) : 0.5;
            int joined = crossS.Count(v => v >= tc) + sameS.Count(v => v >= ts);
            if (joined > bestJoined)
            {
                bestJoined = joined;
                best = (ts, tc);
            }
        }
        _ = candidates;
        return best;
    }

    /// <summary>At thresholds for same- and cross-language pairs: the shares of same-story and unrelated pairs joined
    /// (with <paramref name="gate"/>: only the pairs that also pass the evidence gate count as joined).</summary>
    public static (double SameJoined, double UnrelatedJoined) JoinShares(IReadOnlyList<TextPair> pairs, IReadOnlyList<double> scores, double sameThreshold, double crossThreshold,
        IReadOnlyList<bool>? gate = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(scores);
        var adjusted = scores.Select((s, i) => gate is not null && !gate[i] ? double.NegativeInfinity
            : pairs[i].CrossLanguage ? s - crossThreshold + sameThreshold : s).ToArray();
        return JoinShares(pairs, adjusted, sameThreshold);
    }

    /// <summary>The threshold between the lowest one that joins at most 3 % of unrelated pairs and the highest one that
    /// still joins 80 % of same-story pairs (the middle of the two when both can hold, else the one that keeps
    /// unrelated pairs at 3 %).</summary>
    internal static double ChooseThreshold(IReadOnlyList<TextPair> pairs, IReadOnlyList<double> scores)
    {
        var unrelated = pairs.Select((p, i) => (p, i)).Where(t => t.p.Overall >= 3).Select(t => scores[t.i]).OrderByDescending(s => s).ToArray();
        var same = pairs.Select((p, i) => (p, i)).Where(t => t.p.Overall <= 1.5).Select(t => scores[t.i]).OrderByDescending(s => s).ToArray();
        if (unrelated.Length == 0 || same.Length == 0)
            return 0.5;
        int allowed = (int)Math.Floor(0.03 * unrelated.Length);
        double low = unrelated[Math.Min(allowed, unrelated.Length - 1)] + 1e-6; // joins at most `allowed` unrelated pairs
        double high = same[Math.Min(same.Length - 1, (int)Math.Ceiling(0.80 * same.Length) - 1)]; // joins >= 80 % of same
        return low <= high ? (low + high) / 2 : low;
    }

    /// <summary>Fits the scorer on a labelled pair set with 5-fold cross-validation and returns the model file. With
    /// <paramref name="embed"/> (a pair text → its embedding), dense_cos is a fitted feature; without, it is missing
    /// on every pair and its weight stays 0.</summary>
    internal static JsonObject Fit(IReadOnlyList<TextPair> pairs, string dataName, byte[] dataBytes, TextWriter log, double l2 = 1.0,
        Func<string, float[]>? embed = null, FitTarget target = FitTarget.Soft, IReadOnlyCollection<string>? without = null, bool gateAware = false,
        bool floors = true, double coverageGate = 0)
    {
        var labelled = pairs.Where(p => p.Overall is not null).ToList();
        var (x, passes) = FeaturesAndGate(labelled, embed);
        // gate-aware: thresholds chosen, and join shares counted, on what the engine joins (probability and evidence gate)
        var gate = gateAware ? passes : null;
        double[] Gated(IEnumerable<int> rows, Func<int, double> score) => rows.Select(i => gate is null || gate[i] ? score(i) : -1).ToArray();
        foreach (var row in x)
            StoryScorer.Gate(row, coverageGate);
        var floor = floors ? Floors(x) : Enumerable.Repeat(double.NaN, Evidence.Count).ToArray();
        foreach (var row in x)
            StoryScorer.ApplyFloors(row, floor);
        var y = labelled.Select(p => Target(p.Overall!.Value, target)).ToArray();
        var gold = labelled.Select(p => -p.Overall!.Value).ToArray();
        var fixedW = FixedWeights();
        var frozen = fixedW.Select((w, k) => w != 0 || (without?.Contains(Evidence.Names[k]) ?? false)).ToArray();

        // 5 folds by a hash of the pair id (stable across runs and row orders)
        int Fold(TextPair p) => (int)(BitConverter.ToUInt32(SHA256.HashData(Encoding.UTF8.GetBytes(p.Id)), 0) % 5);
        var held = new double[labelled.Count];
        var heldJoin = new List<(double Same, double Unrelated)>();
        for (int f = 0; f < 5; f++)
        {
            var train = Enumerable.Range(0, labelled.Count).Where(i => Fold(labelled[i]) != f).ToArray();
            var test = Enumerable.Range(0, labelled.Count).Where(i => Fold(labelled[i]) == f).ToArray();
            var fitRows = train.Where(i => y[i] is not null).ToArray();
            var model = Logistic.Fit(fitRows.Select(i => x[i]).ToList(), fitRows.Select(i => y[i]!.Value).ToList(), l2, frozen);
            var scorer = StoryScorer.From(model, fixedW, 0.5, floor);
            var (ts, tc) = ChooseThresholds(train.Select(i => labelled[i]).ToList(), Gated(train, i => scorer.Probability(x[i])));
            foreach (var i in test)
                held[i] = scorer.Probability(x[i]);
            heldJoin.Add(JoinShares(test.Select(i => labelled[i]).ToList(), Gated(test, i => held[i]), ts, tc));
        }
        var cross = Enumerable.Range(0, labelled.Count).Where(i => labelled[i].CrossLanguage).ToArray();
        double cvPearson = Pearson(held, gold), cvCross = Pearson(cross.Select(i => held[i]).ToList(), cross.Select(i => gold[i]).ToList());

        var all = Enumerable.Range(0, labelled.Count).Where(i => y[i] is not null).ToArray();
        var final = Logistic.Fit(all.Select(i => x[i]).ToList(), all.Select(i => y[i]!.Value).ToList(), l2, frozen);
        var finalScorer = StoryScorer.From(final, fixedW, 0.5, floor);
        var scores = x.Select(r => finalScorer.Probability(r)).ToArray();
        var (threshold, crossThreshold) = ChooseThresholds(labelled, Gated(Enumerable.Range(0, labelled.Count), i => scores[i]));
        var (sameJ, unrelJ) = JoinShares(labelled, Gated(Enumerable.Range(0, labelled.Count), i => scores[i]), threshold, crossThreshold);
        double pearson = Pearson(scores, gold), crossP = Pearson(cross.Select(i => scores[i]).ToList(), cross.Select(i => gold[i]).ToList());
        log.WriteLine($"pairs {labelled.Count} ({cross.Length} cross-language); fitted on all: Pearson {pearson:F4}, cross-language {crossP:F4}; " +
            $"thresholds {threshold:F4} (same language), {crossThreshold:F4} (across languages): same-story joined {sameJ:P1}, unrelated joined {unrelJ:P1}");
        log.WriteLine($"5-fold held-out: Pearson {cvPearson:F4}, cross-language {cvCross:F4}; join shares per fold at the fold's own threshold: " +
            string.Join(", ", heldJoin.Select(h => $"{h.Same:P0}/{h.Unrelated:P1}")));
        for (int k = 0; k < Evidence.Count; k++)
            log.WriteLine($"  {Evidence.Names[k],-16} weight {final.Weights[k],8:F4}  fixed {fixedW[k],6:F2}  mean {final.Mean[k]:F4}  scale {final.Scale[k]:F4}{(double.IsNaN(floor[k]) ? "" : $"  floor {floor[k]:F4}")}");
        var extra = new JsonObject
        {
            ["data"] = new JsonObject { ["file"] = dataName, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(dataBytes)), ["pairs"] = labelled.Count },
            ["target"] = (target == FitTarget.Similar
                ? "join label: 1 when Overall <= 2 (similar), 0 when Overall >= 3 (dissimilar), pairs between left out"
                : "soft label (4 - Overall) / 3") + "; cross-entropy with L2 " + l2.ToString(CultureInfo.InvariantCulture)
                + (without is { Count: > 0 } ? "; not fitted (weight 0): " + string.Join(", ", without) : ""),
            ["fitted_on_all"] = new JsonObject
            {
                ["pearson"] = R(pearson), ["pearson_cross_language"] = R(crossP), ["same_story_joined"] = R(sameJ), ["unrelated_joined"] = R(unrelJ),
            },
            ["cross_validated"] = new JsonObject
            {
                ["folds"] = 5, ["pearson"] = R(cvPearson), ["pearson_cross_language"] = R(cvCross),
                ["same_story_joined_mean"] = R(heldJoin.Average(h => h.Same)), ["unrelated_joined_mean"] = R(heldJoin.Average(h => h.Unrelated)),
            },
        };
        extra["thresholds_on"] = gateAware ? "what the engine joins: probability and evidence gate" : "the probability alone";
        extra["threshold_cross_language"] = StoryScorer.RoundUp(crossThreshold);
        var json = StoryScorer.ToJson(final, fixedW, threshold, extra, floor);
        if (coverageGate > 0)
            json["concept_coverage_gate"] = coverageGate;
        return json;
    }

    /// <summary>The floors of the one-sided features (<see cref="Evidence.OneSided"/>): each one's mean over the pairs
    /// where it is above 0; NaN for the other features.</summary>
    internal static double[] Floors(IReadOnlyList<double[]> x)
    {
        var floor = Enumerable.Repeat(double.NaN, Evidence.Count).ToArray();
        foreach (var name in Evidence.OneSided)
        {
            int k = Array.IndexOf(Evidence.Names, name);
            var present = x.Select(r => r[k]).Where(v => v > 0).ToList();
            if (present.Count > 0)
                floor[k] = present.Average();
        }
        return floor;
    }

    private static double R(double v) => Math.Round(v, 4);
}

/// <summary>RFC 4180 CSV: quoted fields may hold commas, quotes ("") and newlines.</summary>
public static class Csv
{
    public static List<string[]> Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
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

    /// <summary>A field quoted when it needs to be.</summary>
    public static string Field(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : s;
    }
}
