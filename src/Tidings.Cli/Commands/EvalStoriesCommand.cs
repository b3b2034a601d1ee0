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
        /// <summary>Pearson over the cross-language pairs alone.</summary>
        public double CrossLanguagePearson { get; init; }

        /// <summary>At the engine's thresholds, as the engine decides a join (the probability and the evidence gate: a
        /// shared rare neutral key): the share of same-story pairs (Overall ≤ 1.5) and of unrelated pairs (Overall ≥ 3) joined.</summary>
        public (double Threshold, double CrossThreshold, double SameJoined, double UnrelatedJoined) Joins { get; init; }

        /// <summary>The same shares for the same-language and the cross-language pairs apart (probability and gate).</summary>
        public IReadOnlyList<(string Pairs, double SameJoined, double UnrelatedJoined)> JoinsByGroup { get; init; } = [];

        /// <summary>The shares by the probability alone (without the evidence gate).</summary>
        public (double SameJoined, double UnrelatedJoined) ProbabilityJoins { get; init; }
    }

    private static int Similarity(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: {e.Message}");
            return 1;
        }
        var scores = ScorePairs(text);
        if (scores is null)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: not a SemEval-2022 Task 8 CSV (needs text1, text2, Overall; lang1, lang2 optional)");
            return 1;
        }
        Console.WriteLine($"pairs: {scores.Pairs}, Pearson(score, -Overall): {scores.Pearson:F3}, cross-language pairs: {scores.CrossLanguagePearson:F3}");
        Console.WriteLine($"at the engine's thresholds {scores.Joins.Threshold:F3} (same language) / {scores.Joins.CrossThreshold:F3} (across languages), as the engine joins (probability and evidence gate): " +
            $"same-story pairs (Overall <= 1.5) joined {scores.Joins.SameJoined:P1}, unrelated pairs (Overall >= 3) joined {scores.Joins.UnrelatedJoined:P1}");
        Console.WriteLine("  " + string.Join(", ", scores.JoinsByGroup.Select(g => $"{g.Pairs} {g.SameJoined:P1} / {g.UnrelatedJoined:P1}")) +
            $"; by the probability alone {scores.ProbabilityJoins.SameJoined:P1} / {scores.ProbabilityJoins.UnrelatedJoined:P1}");
        foreach (var (pair, r, n) in scores.ByLanguagePair)
            Console.WriteLine($"  {pair,-6} {r,7:F3}  ({n} pairs)");
        return 0;
    }

    /// <summary>Scores every labelled pair with the story engine's scorer (IDF from all texts of the file).</summary>
    internal static PairScores? ScorePairs(string csvText)
    {
        var pairs = PairScoring.Read(csvText)?.Where(p => p.Overall is not null).ToList();
        if (pairs is null || pairs.Count < 2)
            return null;
        var (sims, gate) = PairScoring.ScoreAndGate(pairs);
        var gold = pairs.Select(p => -p.Overall!.Value).ToArray();
        var byPair = pairs.Select((p, i) => (Pair: $"{p.Language1}-{p.Language2}", Sim: sims[i], Gold: gold[i])).GroupBy(x => x.Pair)
            .Where(g => g.Count() >= 5)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, PairScoring.Pearson(g.Select(x => x.Sim).ToArray(), g.Select(x => x.Gold).ToArray()), g.Count()))
            .ToList();
        var cross = Enumerable.Range(0, pairs.Count).Where(i => pairs[i].CrossLanguage).ToArray();
        var (threshold, crossThreshold) = PairScoring.Thresholds;
        var (same, unrelated) = PairScoring.JoinShares(pairs, sims, threshold, crossThreshold);
        var (engineSame, engineUnrelated) = PairScoring.JoinShares(pairs, sims, threshold, crossThreshold, gate);
        var gated = new List<(string, double, double)>();
        foreach (var (name, keep) in new (string, Func<TextPair, bool>)[] { ("same language", p => !p.CrossLanguage), ("across languages", p => p.CrossLanguage) })
        {
            var idx = Enumerable.Range(0, pairs.Count).Where(i => keep(pairs[i])).ToArray();
            var (s, u) = PairScoring.JoinShares(idx.Select(i => pairs[i]).ToList(), idx.Select(i => sims[i]).ToList(), threshold, crossThreshold, idx.Select(i => gate[i]).ToList());
            gated.Add((name, s, u));
        }
        return new PairScores(PairScoring.Pearson(sims, gold), pairs.Count, byPair)
        {
            CrossLanguagePearson = PairScoring.Pearson(cross.Select(i => sims[i]).ToArray(), cross.Select(i => gold[i]).ToArray()),
            Joins = (threshold, crossThreshold, engineSame, engineUnrelated),
            JoinsByGroup = gated,
            ProbabilityJoins = (same, unrelated),
        };
    }
}
