using System.Globalization;
using System.Text;
using Tidings.Clustering;

namespace Tidings.Bench;

/// <summary><c>story-curve PAIRS.csv [--dump FILE.tsv]</c>: where the join tradeoff of the shipped scorer (or the
/// model named by TIDINGS_STORY_SCORER) stands on a labelled pair set: for same-language and cross-language pairs
/// apart, the share of same-story pairs (Overall ≤ 1.5) and of unrelated pairs (Overall ≥ 3) joined over thresholds,
/// by the probability alone and with the engine's evidence gate (a shared rare neutral key); and where the joins of
/// same-story pairs are lost at the engine's thresholds. <c>--dump</c> writes every pair's features.</summary>
internal static class StoryCurve
{
    internal static int Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: story-curve PAIRS.csv [--dump FILE.tsv]");
            return 2;
        }
        var pairs = PairScoring.Read(File.ReadAllText(args[0], Encoding.UTF8))?.Where(p => p.Overall is not null).ToList();
        if (pairs is null)
        {
            Console.Error.WriteLine($"{args[0]}: not a pair CSV");
            return 1;
        }
        var (x, gate) = PairScoring.FeaturesAndGate(pairs);
        int dump = Array.IndexOf(args, "--dump");
        if (dump > 0 && dump + 1 < args.Length)
        {
            using var w = new StreamWriter(args[dump + 1]);
            w.WriteLine("pair_id\tlang1\tlang2\toverall\tgate\t" + string.Join('\t', Evidence.Names));
            for (int i = 0; i < pairs.Count; i++)
            {
                w.WriteLine(string.Join('\t', new[] { pairs[i].Id, pairs[i].Language1, pairs[i].Language2,
                    pairs[i].Overall!.Value.ToString("R", CultureInfo.InvariantCulture), gate[i] ? "1" : "0" }
                    .Concat(x[i].Select(v => v.ToString("R", CultureInfo.InvariantCulture)))));
            }
        }
        var scores = PairScoring.Score(pairs);
        var (ts, tc) = PairScoring.Thresholds;
        Console.WriteLine($"scorer: {StoryScorer.Default.Source}; thresholds {ts:F4} same language / {tc:F4} across");
        foreach (var (name, cross) in new[] { ("same-language", false), ("cross-language", true) })
        {
            var idx = Enumerable.Range(0, pairs.Count).Where(i => pairs[i].CrossLanguage == cross).ToArray();
            var same = idx.Where(i => pairs[i].Overall <= 1.5).ToArray();
            var unrel = idx.Where(i => pairs[i].Overall >= 3).ToArray();
            Console.WriteLine($"\n{name}: {same.Length} same-story pairs, {unrel.Length} unrelated");
            Console.WriteLine("threshold  same joined  unrelated joined | with gate: same  unrelated");
            for (double t = 0.30; t <= 0.951; t += 0.025)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {t:F3}     {Share(same, i => scores[i] >= t),6:P1}      {Share(unrel, i => scores[i] >= t),6:P1}     |          {Share(same, i => scores[i] >= t && gate[i]),6:P1}  {Share(unrel, i => scores[i] >= t && gate[i]),6:P1}"));
            }
            // the best share of same-story pairs joined with at most 3 % of the unrelated ones, at any threshold
            foreach (var withGate in new[] { false, true })
            {
                var u = unrel.Where(i => !withGate || gate[i]).Select(i => scores[i]).OrderByDescending(v => v).ToArray();
                int allowed = (int)Math.Floor(0.03 * unrel.Length);
                double t = allowed < u.Length ? u[allowed] + 1e-9 : 0;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  at most 3 % unrelated ({allowed} pairs){(withGate ? " with the gate" : "")}: threshold {t:F4}, same-story joined {Share(same, i => scores[i] >= t && (!withGate || gate[i])):P1}"));
            }
            double need = cross ? tc : ts;
            int lostP = same.Count(i => scores[i] < need), lostGate = same.Count(i => scores[i] >= need && !gate[i]);
            Console.WriteLine($"  at the engine's threshold {need:F4}: same-story joined by probability {Share(same, i => scores[i] >= need):P1}; " +
                $"lost by probability {lostP}, lost by the gate alone {lostGate}, gate fails in all {same.Count(i => !gate[i])} of {same.Length}; " +
                $"unrelated joined {Share(unrel, i => scores[i] >= need):P1} (with gate {Share(unrel, i => scores[i] >= need && gate[i]):P1})");
        }
        return 0;
    }

    private static double Share(int[] idx, Func<int, bool> f) => idx.Length == 0 ? 0 : (double)idx.Count(f) / idx.Length;
}
