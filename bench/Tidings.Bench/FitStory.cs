using System.Text;
using System.Text.Json;
using Tidings.Clustering;

namespace Tidings.Bench;

/// <summary><c>fit-story CSV [OUT.json]</c>: fits the same-story scorer's weights on a labelled pair file (5-fold
/// cross-validated) and writes the model file (default src/Tidings.Clustering/Data/story-scorer.json).
/// Run through tools/story/fit.sh.</summary>
internal static class FitStory
{
    internal static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: fit-story PAIRS.csv [OUT.json]");
            return 2;
        }
        var bytes = File.ReadAllBytes(args[0]);
        var pairs = PairScoring.Read(Encoding.UTF8.GetString(bytes));
        if (pairs is null)
        {
            Console.Error.WriteLine($"{args[0]}: not a pair CSV");
            return 1;
        }
        var json = PairScoring.Fit(pairs, Path.GetFileName(args[0]), bytes, Console.Out);
        var outPath = args.Length > 1 ? args[1] : Path.Combine("src", "Tidings.Clustering", "Data", "story-scorer.json");
        File.WriteAllText(outPath, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"wrote {outPath}");
        return 0;
    }
}
