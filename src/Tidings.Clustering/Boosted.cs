using System.Text.Json.Nodes;

namespace Tidings.Clustering;

/// <summary>Gradient-boosted decision trees for a binary target under the logistic loss (Newton steps, as in
/// XGBoost): each round fits, over a share of the features drawn per tree (<c>Columns</c>, seeded), a small tree of depth <c>depth</c> to the current gradients, its leaves hold
/// −G/(H + λ) scaled by the learning rate; the output is a logit. Splits are chosen among at most
/// <c>bins</c> quantile thresholds per feature of the training rows. Deterministic: the draw is seeded, rows are not sampled.</summary>
internal sealed class Boosted
{
    /// <summary>One tree, complete and stored level by level: internal node i has children 2i+1 and 2i+2; rows go
    /// left when x[feature] &lt; threshold. Leaves are indexed after the internal nodes.</summary>
    internal sealed record Tree(int[] Feature, double[] Threshold, double[] Leaf)
    {
        public double Value(ReadOnlySpan<double> x)
        {
            int node = 0;
            while (node < Feature.Length)
                node = x[Feature[node]] < Threshold[node] ? (2 * node) + 1 : (2 * node) + 2;
            return Leaf[node - Feature.Length];
        }
    }

    public double Bias { get; }
    public IReadOnlyList<Tree> Trees { get; }

    public Boosted(double bias, IReadOnlyList<Tree> trees)
    {
        Bias = bias;
        Trees = trees;
    }

    public double Logit(ReadOnlySpan<double> x)
    {
        double z = Bias;
        foreach (var t in Trees)
            z += t.Value(x);
        return z;
    }

    public double Probability(ReadOnlySpan<double> x) => Logistic.Sigmoid(Logit(x));

    internal sealed record Options(int Rounds = 300, int Depth = 2, double Rate = 0.1, double Lambda = 1.0, double MinHessian = 1.0, int Bins = 32, double Columns = 1.0, int Seed = 1);

    /// <summary>Fits the trees on rows <paramref name="x"/> with 0/1 targets <paramref name="y"/> and per-row weights
    /// <paramref name="w"/> (null: 1 each).</summary>
    public static Boosted Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y, Options o, IReadOnlyList<double>? w = null)
    {
        int n = x.Count, d = x[0].Length;
        // candidate thresholds per feature: midpoints between distinct quantile values
        var cuts = new double[d][];
        var bin = new byte[n * d];
        for (int f = 0; f < d; f++)
        {
            var values = x.Select(r => r[f]).Distinct().Order().ToArray();
            var c = new List<double>();
            if (values.Length > 1)
            {
                int step = Math.Max(1, (int)Math.Ceiling(values.Length / (double)o.Bins));
                for (int i = step; i < values.Length; i += step)
                    c.Add((values[i - 1] + values[i]) / 2);
            }
            cuts[f] = c.ToArray();
            for (int r = 0; r < n; r++)
            {
                int b = 0;
                while (b < cuts[f].Length && x[r][f] >= cuts[f][b])
                    b++;
                bin[(r * d) + f] = (byte)b;
            }
        }
        double W(int r) => w is null ? 1 : w[r];
        double sw = 0, sy = 0;
        for (int r = 0; r < n; r++)
        {
            sw += W(r);
            sy += W(r) * y[r];
        }
        double prior = Math.Clamp(sy / sw, 1e-6, 1 - 1e-6);
        double bias = Math.Log(prior / (1 - prior));
        var z = Enumerable.Repeat(bias, n).ToArray();
        var g = new double[n];
        var h = new double[n];
        var node = new int[n];
        int internalNodes = (1 << o.Depth) - 1;
        var trees = new List<Tree>();
        var gs = new double[o.Bins + 1];
        var hs = new double[o.Bins + 1];
        var random = new Random(o.Seed);
        var use = new bool[d];
        for (int round = 0; round < o.Rounds; round++)
        {
            for (int f = 0; f < d; f++)
                use[f] = o.Columns >= 1 || random.NextDouble() < o.Columns;
            for (int r = 0; r < n; r++)
            {
                double p = Logistic.Sigmoid(z[r]);
                g[r] = W(r) * (p - y[r]);
                h[r] = W(r) * Math.Max(p * (1 - p), 1e-6);
                node[r] = 0;
            }
            var feature = new int[internalNodes];
            var threshold = new double[internalNodes];
            var cutIndex = new int[internalNodes];
            for (int k = 0; k < internalNodes; k++)
            {
                double G = 0, H = 0;
                for (int r = 0; r < n; r++)
                {
                    if (node[r] == k)
                    {
                        G += g[r];
                        H += h[r];
                    }
                }
                double parent = G * G / (H + o.Lambda), bestGain = 1e-9;
                int bestF = -1, bestC = 0;
                for (int f = 0; f < d; f++)
                {
                    int nc = cuts[f].Length;
                    if (nc == 0 || !use[f])
                        continue;
                    Array.Clear(gs);
                    Array.Clear(hs);
                    for (int r = 0; r < n; r++)
                    {
                        if (node[r] == k)
                        {
                            int b = bin[(r * d) + f];
                            gs[b] += g[r];
                            hs[b] += h[r];
                        }
                    }
                    double gl = 0, hl = 0;
                    for (int c = 0; c < nc; c++)
                    {
                        gl += gs[c];
                        hl += hs[c];
                        double gr = G - gl, hr = H - hl;
                        if (hl < o.MinHessian || hr < o.MinHessian)
                            continue;
                        double gain = (gl * gl / (hl + o.Lambda)) + (gr * gr / (hr + o.Lambda)) - parent;
                        if (gain > bestGain)
                        {
                            bestGain = gain;
                            bestF = f;
                            bestC = c;
                        }
                    }
                }
                if (bestF < 0)
                {
                    // no useful split: every row of this node goes left (threshold +inf)
                    feature[k] = 0;
                    threshold[k] = double.PositiveInfinity;
                    cutIndex[k] = int.MaxValue;
                }
                else
                {
                    feature[k] = bestF;
                    threshold[k] = cuts[bestF][bestC];
                    cutIndex[k] = bestC;
                }
                for (int r = 0; r < n; r++)
                {
                    if (node[r] == k)
                        node[r] = bin[(r * d) + feature[k]] <= cutIndex[k] ? (2 * k) + 1 : (2 * k) + 2;
                }
            }
            var leafG = new double[internalNodes + 1];
            var leafH = new double[internalNodes + 1];
            for (int r = 0; r < n; r++)
            {
                leafG[node[r] - internalNodes] += g[r];
                leafH[node[r] - internalNodes] += h[r];
            }
            var leaf = new double[internalNodes + 1];
            for (int l = 0; l < leaf.Length; l++)
                leaf[l] = -o.Rate * leafG[l] / (leafH[l] + o.Lambda);
            var tree = new Tree(feature, threshold, leaf);
            trees.Add(tree);
            for (int r = 0; r < n; r++)
                z[r] += leaf[node[r] - internalNodes];
        }
        return new Boosted(bias, trees);
    }

    internal JsonObject ToJson()
    {
        static JsonArray Arr(IEnumerable<double> v) => new(v.Select(x => (JsonNode)JsonValue.Create(double.IsPositiveInfinity(x) ? 1e300 : Math.Round(x, 6))!).ToArray());
        return new JsonObject
        {
            ["bias"] = Math.Round(Bias, 6),
            ["trees"] = new JsonArray(Trees.Select(t => (JsonNode)new JsonObject
            {
                ["f"] = new JsonArray(t.Feature.Select(f => (JsonNode)JsonValue.Create(f)!).ToArray()),
                ["t"] = new JsonArray(t.Threshold.Select(x => (JsonNode)JsonValue.Create(double.IsPositiveInfinity(x) ? 1e300 : x)!).ToArray()),
                ["v"] = Arr(t.Leaf),
            }).ToArray()),
        };
    }

    internal static Boosted Parse(JsonNode json)
    {
        var trees = json["trees"]!.AsArray().Select(t => new Tree(
            t!["f"]!.AsArray().Select(v => v!.GetValue<int>()).ToArray(),
            t["t"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray(),
            t["v"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray())).ToArray();
        return new Boosted(json["bias"]!.GetValue<double>(), trees);
    }
}
