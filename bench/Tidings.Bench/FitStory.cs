using System.Text;
using System.Text.Json;
using Tidings.Clustering;
using Tidings.Clustering.Embeddings;

namespace Tidings.Bench;

/// <summary><c>fit-story CSV [OUT.json] [--target soft|similar] [--l2 L] [--without F,...] [--probability-only] [--no-floors]
/// [--concept-coverage C]</c>: fits the
/// same-story scorer's weights on a labelled pair file (5-fold cross-validated) and writes the model file (default
/// src/Tidings.Clustering/Data/story-scorer.json). Defaults are the shipped fit's: soft target, L2 1, every feature,
/// thresholds chosen on what the engine joins (probability and evidence gate). Run through tools/story/fit.sh.</summary>
internal static class FitStory
{
    internal static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: fit-story PAIRS.csv [OUT.json] [--embedder URL MODEL] [--target similar|soft] [--l2 L] [--without FEATURE,...] [--probability-only] [--no-floors] [--concept-coverage C]");
            return 2;
        }
        // --embedder URL MODEL: every pair text embedded on an OpenAI-compatible server, so dense_cos is fitted too
        int at = Array.IndexOf(args, "--embedder");
        EmbedderOptions? embedder = null;
        if (at > 0)
        {
            if (at + 2 >= args.Length)
            {
                Console.Error.WriteLine("usage: fit-story PAIRS.csv [OUT.json] --embedder URL MODEL");
                return 2;
            }
            embedder = EmbedderOptions.Resolve(args[at + 1], args[at + 2]);
            args = [.. args[..at], .. args[(at + 3)..]];
        }
        var bytes = File.ReadAllBytes(args[0]);
        var pairs = PairScoring.Read(Encoding.UTF8.GetString(bytes));
        if (pairs is null)
        {
            Console.Error.WriteLine($"{args[0]}: not a pair CSV");
            return 1;
        }
        var target = PairScoring.FitTarget.Soft;
        double l2 = 1.0;
        var without = new List<string>();
        bool floors = true; // --no-floors: the concept features are two-sided (a low cosine counts against)
        double coverageGate = 0; // --concept-coverage C: pairs whose thinner side's concept coverage is under C have no concept evidence
        bool gateAware = true; // the engine joins on the probability and the evidence gate: thresholds are chosen on that
        var positional = new List<string>();
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--target" && i + 1 < args.Length)
                target = Enum.Parse<PairScoring.FitTarget>(args[++i], ignoreCase: true);
            else if (args[i] == "--l2" && i + 1 < args.Length)
                l2 = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--probability-only")
                gateAware = false;
            else if (args[i] == "--no-floors")
                floors = false;
            else if (args[i] == "--concept-coverage" && i + 1 < args.Length)
                coverageGate = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--without" && i + 1 < args.Length)
                without.AddRange(args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries));
            else
                positional.Add(args[i]);
        }
        var embeddings = embedder is null ? null : EmbedPairs(pairs, embedder);
        var json = PairScoring.Fit(pairs, Path.GetFileName(args[0]), bytes, Console.Out, l2, embeddings is null ? null : t => embeddings[t], target, without, gateAware, floors, coverageGate);
        if (embedder is not null)
            json["embedder"] = new System.Text.Json.Nodes.JsonObject { ["model"] = embedder.Model, ["max_input_chars"] = embedder.MaxInputChars };
        var outPath = positional.Count > 0 ? positional[0] : Path.Combine("src", "Tidings.Clustering", "Data", "story-scorer.json");
        File.WriteAllText(outPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }

    /// <summary>Each distinct pair text embedded as the engine embeds an article: its headline, a blank line and the
    /// start of its body.</summary>
    private static Dictionary<string, float[]> EmbedPairs(IReadOnlyList<TextPair> pairs, EmbedderOptions options)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in pairs)
        {
            foreach (var (text, title) in new[] { (p.Text1, p.Title1), (p.Text2, p.Title2) })
            {
                var (t, body) = PairScoring.SplitTitle(text, title);
                texts.TryAdd(text, Embedders.ArticleText(t, body, 4000));
            }
        }
        using var generator = Embedders.OpenAiCompatible(options);
        var keys = texts.Keys.ToList();
        var vectors = generator.EmbedAsync(keys.Select(k => texts[k]).ToList()).GetAwaiter().GetResult();
        Console.WriteLine($"embedded {keys.Count} texts with {options.Model} ({vectors[0].Length} dimensions)");
        return keys.Select((k, i) => (k, i)).ToDictionary(x => x.k, x => vectors[x.i], StringComparer.Ordinal);
    }
}
