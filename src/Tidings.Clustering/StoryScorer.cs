using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tidings.Clustering;

/// <summary>The calibrated same-story scorer: a logistic model over the <see cref="Evidence"/> features, fitted by
/// <c>tools/story/fit.sh</c> on similarity-dev and shipped as <c>Data/story-scorer.json</c> (embedded). Its output is
/// the probability that an article and a story (or two articles) report one event.</summary>
internal sealed class StoryScorer
{
    private readonly double[] _mean;
    private readonly double[] _scale;
    private readonly double[] _weights;
    private readonly double[] _fixed;
    private readonly double _bias;

    /// <summary>Per feature, the floor of a one-sided feature (NaN for the others): a value below it, or a missing
    /// value, counts as the floor (see <see cref="Evidence.OneSided"/>).</summary>
    private readonly double[] _floor;

    private StoryScorer(double[] mean, double[] scale, double[] weights, double[] fixedWeights, double bias, double threshold, string source,
        double? cross = null, double[]? floor = null)
    {
        _floor = floor ?? Enumerable.Repeat(double.NaN, weights.Length).ToArray();
        CrossThreshold = cross ?? threshold;
        _mean = mean;
        _scale = scale;
        _weights = weights;
        _fixed = fixedWeights;
        _bias = bias;
        Threshold = threshold;
        Source = source;
    }

    /// <summary>The join threshold chosen on the development pairs (see docs/story-engine.md).</summary>
    public double Threshold { get; }

    /// <summary>The join threshold when the article's language is not among the story's (chosen on the dev pairs too).</summary>
    public double CrossThreshold { get; }

    /// <summary>Where the weights came from (data file and hash).</summary>
    public string Source { get; }

    private static readonly Lazy<StoryScorer> DefaultLazy = new(() =>
    {
        // a refit under trial (tools/story/fit.sh writes to a file first): TIDINGS_STORY_SCORER=path/to/model.json
        if (Environment.GetEnvironmentVariable("TIDINGS_STORY_SCORER") is { Length: > 0 } path)
            return Parse(JsonNode.Parse(File.ReadAllText(path))!);
        using var stream = typeof(StoryScorer).Assembly.GetManifestResourceStream("Tidings.Clustering.Data.story-scorer.json")
            ?? throw new InvalidOperationException("The story scorer's weights are not embedded (Data/story-scorer.json).");
        return Parse(JsonNode.Parse(stream)!);
    });

    public static StoryScorer Default => DefaultLazy.Value;

    /// <summary>Reads a model file written by <see cref="ToJson"/> (features are matched by name; unknown names are ignored).</summary>
    public static StoryScorer Parse(JsonNode json)
    {
        int d = Evidence.Count;
        double[] mean = new double[d], scale = Enumerable.Repeat(1.0, d).ToArray(), w = new double[d], fixedW = new double[d],
            floor = Enumerable.Repeat(double.NaN, d).ToArray();
        var names = json["features"]!.AsArray().Select(n => n!.GetValue<string>()).ToArray();
        for (int i = 0; i < names.Length; i++)
        {
            int k = Array.IndexOf(Evidence.Names, names[i]);
            if (k < 0)
                continue;
            mean[k] = json["mean"]![i]!.GetValue<double>();
            scale[k] = json["scale"]![i]!.GetValue<double>();
            w[k] = json["weights"]![i]!.GetValue<double>();
        }
        if (json["fixed"] is JsonObject fixedObj)
        {
            foreach (var (name, value) in fixedObj)
            {
                int k = Array.IndexOf(Evidence.Names, name);
                if (k >= 0)
                    fixedW[k] = value!.GetValue<double>();
            }
        }
        if (json["floor"] is JsonObject floorObj)
        {
            foreach (var (name, value) in floorObj)
            {
                int k = Array.IndexOf(Evidence.Names, name);
                if (k >= 0)
                    floor[k] = value!.GetValue<double>();
            }
        }
        string source = json["data"] is JsonObject data ? $"{data["file"]} sha256 {data["sha256"]}" : "unknown";
        return new StoryScorer(mean, scale, w, fixedW, json["bias"]!.GetValue<double>(), json["threshold"]!.GetValue<double>(), source,
            json["threshold_cross_language"]?.GetValue<double>(), floor)
        {
            ConceptCoverageGate = json["concept_coverage_gate"]?.GetValue<double>() ?? 0,
        };
    }

    internal static StoryScorer From(Logistic.Model model, double[] fixedWeights, double threshold, double[]? floor = null) =>
        new(model.Mean, model.Scale, model.Weights, fixedWeights, model.Bias, threshold, "in-memory", null, floor);

    /// <summary>The concept coverage gate (0: none): below it, the concept features count as missing (see
    /// <see cref="Gate"/>).</summary>
    public double ConceptCoverageGate { get; init; }

    /// <summary>A feature's value as the model reads it: a concept feature of a pair whose concept coverage is under the
    /// gate is missing; a one-sided feature below its floor (or missing) is the floor.</summary>
    private double Value(ReadOnlySpan<double> x, int i) =>
        (i is Evidence.ConceptCos or Evidence.SqrtConceptCos) && Gated(x[Evidence.ConceptCoverage], ConceptCoverageGate) ? Floored(double.NaN, _floor[i]) : Floored(x[i], _floor[i]);

    private static bool Gated(double coverage, double gate) => gate > 0 && !(coverage >= gate);

    /// <summary>The coverage gate applied to a feature row in place (what fitting reads): a pair whose thinner side the
    /// concept lexicon reads less than <paramref name="gate"/> has no concept evidence (missing), whatever it shares;
    /// a well-read pair's concept cosine counts both ways (a low one against).</summary>
    internal static void Gate(double[] x, double gate)
    {
        if (Gated(x[Evidence.ConceptCoverage], gate))
            x[Evidence.ConceptCos] = x[Evidence.SqrtConceptCos] = double.NaN;
    }

    /// <summary>The floor rule: no floor (NaN) keeps the value; a missing value or one below the floor is the floor.</summary>
    private static double Floored(double value, double floor) =>
        double.IsNaN(floor) ? value : double.IsNaN(value) || value < floor ? floor : value;

    /// <summary>Applies the floors of the one-sided features to a feature row in place (what fitting reads).</summary>
    internal static void ApplyFloors(double[] x, double[] floor)
    {
        for (int i = 0; i < x.Length; i++)
            x[i] = Floored(x[i], floor[i]);
    }

    public double Logit(ReadOnlySpan<double> x)
    {
        double z = _bias;
        for (int i = 0; i < _weights.Length; i++)
        {
            double v = Value(x, i);
            if (!double.IsNaN(v)) // missing: the mean, no contribution
                z += (_weights[i] * (v - _mean[i]) / _scale[i]) + (_fixed[i] * v);
        }
        return z;
    }

    public double Probability(ReadOnlySpan<double> x) => Logistic.Sigmoid(Logit(x));

    /// <summary>Each feature's contribution to the logit (the bias apart): what `show --why` prints.</summary>
    public double[] Contributions(ReadOnlySpan<double> x)
    {
        var c = new double[_weights.Length];
        for (int i = 0; i < c.Length; i++)
        {
            double v = Value(x, i);
            c[i] = double.IsNaN(v) ? 0 : (_weights[i] * (v - _mean[i]) / _scale[i]) + (_fixed[i] * v);
        }
        return c;
    }

    public double Bias => _bias;

    internal static JsonObject ToJson(Logistic.Model model, double[] fixedWeights, double threshold, JsonObject extra, double[]? floor = null)
    {
        var o = new JsonObject
        {
            ["about"] = "Same-story scorer weights (logistic regression over standardized evidence features), written by tools/story/fit.sh; do not edit by hand.",
            ["features"] = new JsonArray(Evidence.Names.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
            ["mean"] = Numbers(model.Mean),
            ["scale"] = Numbers(model.Scale),
            ["weights"] = Numbers(model.Weights),
            ["bias"] = Math.Round(model.Bias, 6),
            ["fixed"] = new JsonObject(Evidence.Names.Select((n, i) => (n, i)).Where(t => fixedWeights[t.i] != 0)
                .Select(t => KeyValuePair.Create(t.n, (JsonNode?)JsonValue.Create(fixedWeights[t.i])))),
            ["threshold"] = RoundUp(threshold),
        };
        if (floor is not null && floor.Any(f => !double.IsNaN(f)))
        {
            o["floor"] = new JsonObject(Evidence.Names.Select((n, i) => (n, i)).Where(t => !double.IsNaN(floor[t.i]))
                .Select(t => KeyValuePair.Create(t.n, (JsonNode?)JsonValue.Create(Math.Round(floor[t.i], 6)))));
        }
        foreach (var (k, v) in extra)
            o[k] = v?.DeepClone();
        return o;
    }

    /// <summary>A threshold as the model file keeps it: 4 decimals, rounded up, so that the file never joins a dev pair
    /// the fit left out (thresholds sit just above an unrelated pair's score).</summary>
    internal static double RoundUp(double threshold) => Math.Ceiling(threshold * 10_000) / 10_000;

    private static JsonArray Numbers(double[] v) => new(v.Select(x => (JsonNode)JsonValue.Create(Math.Round(x, 6))!).ToArray());

    internal static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
