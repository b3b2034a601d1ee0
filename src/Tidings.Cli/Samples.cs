using System.Text.Json;
using Tidings.Storage;

namespace Tidings.Cli;

/// <summary>The bundled sample corpus and its gold grouping (samples/gold.json).</summary>
internal static class Samples
{
    /// <summary>The samples folder: copied beside the program at build time, else found above the working directory.</summary>
    internal static string? Locate()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "samples");
        if (File.Exists(Path.Combine(beside, "gold.json")))
            return beside;
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "samples");
            if (File.Exists(Path.Combine(candidate, "gold.json")))
                return candidate;
        }
        return null;
    }

    /// <summary>Gold story of each document, by path relative to the samples folder.</summary>
    internal static Dictionary<string, string> ReadGold(string samplesDir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(samplesDir, "gold.json")));
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var doc in json.RootElement.GetProperty("documents").EnumerateObject())
            gold[doc.Name.Replace('\\', '/')] = doc.Value.GetProperty("story").GetString()!;
        return gold;
    }

    /// <summary>How the stored grouping compares with the gold one.</summary>
    internal sealed record GoldCheck(int GoldStories, int WholeAndUnmixed, IReadOnlyList<string> Split, IReadOnlyList<string> Mixed, double PairPrecision, double PairRecall)
    {
        public override string ToString() =>
            $"Against samples/gold.json: {WholeAndUnmixed}/{GoldStories} gold stories are exactly one story; pairwise precision {PairPrecision:F3}, recall {PairRecall:F3}" +
            (Split.Count > 0 ? $"\n  split: {string.Join(", ", Split)}" : "") +
            (Mixed.Count > 0 ? $"\n  mixed with others: {string.Join(", ", Mixed)}" : "");
    }

    /// <summary>Compares the stories in <paramref name="store"/> with the gold grouping of the documents under
    /// <paramref name="samplesDir"/>.</summary>
    internal static async Task<GoldCheck> CheckAgainstGoldAsync(IStoryQueries store, string samplesDir, CancellationToken cancellation = default)
    {
        var gold = ReadGold(samplesDir);
        var predicted = new Dictionary<string, long>(StringComparer.Ordinal); // relative path -> story id
        foreach (var story in (await store.ListStoriesAsync(new StoryQuery { Limit = 0 }, cancellation).ConfigureAwait(false)).Stories)
        {
            foreach (var a in await store.GetArticlesAsync(story.Id, cancellation).ConfigureAwait(false))
            {
                if (a.Path is null)
                    continue;
                var rel = Path.GetRelativePath(samplesDir, a.Path).Replace('\\', '/');
                predicted[rel] = story.Id;
            }
        }
        var docs = gold.Keys.Where(predicted.ContainsKey).ToList();
        var split = new List<string>();
        var mixed = new List<string>();
        int whole = 0;
        foreach (var group in docs.GroupBy(d => gold[d]))
        {
            var ids = group.Select(d => predicted[d]).Distinct().ToList();
            bool isWhole = ids.Count == 1 && group.Count() == gold.Count(g => g.Value == group.Key);
            bool isPure = ids.All(id => docs.Where(d => predicted[d] == id).All(d => gold[d] == group.Key));
            if (!isWhole)
                split.Add(group.Key);
            if (!isPure)
                mixed.Add(group.Key);
            if (isWhole && isPure)
                whole++;
        }
        long tp = 0, fp = 0, fn = 0;
        for (int i = 0; i < docs.Count; i++)
        {
            for (int j = i + 1; j < docs.Count; j++)
            {
                bool g = gold[docs[i]] == gold[docs[j]];
                bool p = predicted[docs[i]] == predicted[docs[j]];
                if (g && p)
                    tp++;
                else if (p)
                    fp++;
                else if (g)
                    fn++;
            }
        }
        return new GoldCheck(gold.Values.Distinct().Count(), whole, split, mixed,
            tp + fp == 0 ? 0 : (double)tp / (tp + fp), tp + fn == 0 ? 0 : (double)tp / (tp + fn));
    }
}
