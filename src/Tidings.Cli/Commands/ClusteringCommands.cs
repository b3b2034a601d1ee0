using System.CommandLine;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Tidings.Clustering;
using Tidings.Core;
using Tidings.Ingest;
using Tidings.LanguageId;
using Tidings.Composition;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings eval clustering DIR...</c> (BCubed against gold.json, in time order) and
/// <c>tidings similarity --pairs FILE.csv</c> (same-story probability per pair).</summary>
internal static class ClusteringCommands
{
    internal static void Register(RootCommand root, Command eval)
    {
        {
            var dirs = new Argument<string[]>("dir") { Description = "Folders of pages, each with a gold.json (samples/ format).", Arity = ArgumentArity.OneOrMore };
            var threshold = new Option<double?>("--threshold") { Description = "Join threshold (default: the scorer's)." };
            var verbose = new Option<bool>("--verbose") { Description = "Print every article's decision and the evidence of its best candidate." };
            var shuffle = new Option<int?>("--shuffle") { Description = "Ingest in a random order drawn from this seed instead of time order." };
            var cmd = new Command("clustering", "Ingest labelled folders in time order into a temporary database and print BCubed precision, recall and F1 against their gold.json.");
            cmd.Arguments.Add(dirs);
            cmd.Options.Add(threshold);
            cmd.Options.Add(verbose);
            cmd.Options.Add(shuffle);
            cmd.SetAction(pr => Clustering(pr.GetValue(dirs)!, pr.GetValue(threshold), pr.GetValue(verbose), pr.GetValue(shuffle)));
            eval.Subcommands.Add(cmd);
        }
        {
            var pairs = new Option<string>("--pairs") { Description = "CSV with pair_id,text1,text2 (optional lang1,lang2,title1,title2).", Required = true };
            var cmd = new Command("similarity", "Score article pairs: writes pair_id,score (the same-story probability in [0, 1]) to standard output.");
            cmd.Options.Add(pairs);
            cmd.SetAction(pr => Similarity(pr.GetValue(pairs)!));
            root.Subcommands.Add(cmd);
        }
    }

    internal sealed record ClusteringResult(BCubed.Score Score, int Stories, int GoldStories, IReadOnlyList<string> Lines);

    /// <summary>Ingests the folders (time order, or shuffled by a seed) and scores the grouping with BCubed.</summary>
    internal static ClusteringResult Evaluate(IReadOnlyList<string> dirs, double? threshold = null, int? shuffleSeed = null, bool verbose = false) =>
        EvaluateAsync(dirs, threshold, shuffleSeed, verbose).GetAwaiter().GetResult();

    internal static async Task<ClusteringResult> EvaluateAsync(IReadOnlyList<string> dirs, double? threshold = null, int? shuffleSeed = null, bool verbose = false)
    {
        var gold = new Dictionary<string, string>(StringComparer.Ordinal); // full path -> gold story
        foreach (var dir in dirs)
        {
            foreach (var (rel, story) in Samples.ReadGold(dir))
                gold[Path.GetFullPath(Path.Combine(dir, rel))] = Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/')) + "/" + story;
        }
        var tmp = Directory.CreateTempSubdirectory("tidings-eval-");
        try
        {
            var lines = new List<string>();
            var options = new EngineOptions
            {
                Database = Path.Combine(tmp.FullName, "eval.db"),
                Clustering = threshold is { } t ? new ClusteringOptions { Threshold = t } : new ClusteringOptions(),
            };
            await using var engine = await TidingsEngine.OpenAsync(options).ConfigureAwait(false);
            var ingestor = await engine.CreateIngestorAsync().ConfigureAwait(false);
            var assigned = new List<(string Path, long Story)>();
            var byId = new Dictionary<string, int>(StringComparer.Ordinal); // article id -> its entry in assigned
            ingestor.Moved = (id, story) =>
            {
                if (byId.TryGetValue(id, out int at))
                {
                    assigned[at] = (assigned[at].Path, story);
                    if (verbose)
                        lines.Add(string.Create(CultureInfo.InvariantCulture, $"{Safe.Terminal(Path.GetRelativePath(Environment.CurrentDirectory, assigned[at].Path))} -> story {story} (joined later)"));
                }
            };
            ingestor.Assigned = (article, a) =>
            {
                var path = Path.GetFullPath(article.Path ?? "");
                byId[article.Id] = assigned.Count;
                assigned.Add((path, a.StoryId));
                if (verbose)
                {
                    var e = a.Evidence;
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{Safe.Terminal(Path.GetRelativePath(Environment.CurrentDirectory, path))} [{article.Published:yyyy-MM-dd}] -> story {a.StoryId} ({e?.Decision}, p {e?.Probability:F3}{(e?.Refusal is { } r ? "; " + r : "")}) gold {(gold.TryGetValue(path, out var g) ? g : "-")}"));
                    if (e is not null && e.Features.Count > 0)
                        lines.Add("    " + string.Join(" ", e.Features.Where(f => f.Contribution != 0 || (f.Value != 0 && !double.IsNaN(f.Value))).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.Feature}={f.Value:0.###}({f.Contribution:+0.00;-0.00})"))));
                }
            };
            var files = PageSource.Expand(dirs).ToList();
            if (shuffleSeed is { } seed)
            {
                var rng = new Random(seed);
                files = files.OrderBy(_ => rng.Next()).ToList();
            }
            await ingestor.IngestAsync(files.Select(PageSource.ReadOne), files.Count, timeOrder: shuffleSeed is null).ConfigureAwait(false);
            var items = assigned.Where(x => gold.ContainsKey(x.Path)).Select(x => (gold[x.Path], x.Story)).ToList();
            var score = BCubed.Of<string, long>(items);
            return new ClusteringResult(score, items.Select(i => i.Story).Distinct().Count(), items.Select(i => i.Item1).Distinct().Count(), lines);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            tmp.Delete(recursive: true);
        }
    }

    private static int Clustering(string[] dirs, double? threshold, bool verbose, int? shuffle)
    {
        foreach (var dir in dirs)
        {
            if (!File.Exists(Path.Combine(dir, "gold.json")))
            {
                Console.Error.WriteLine($"tidings: {Safe.Terminal(dir)} has no gold.json");
                return 1;
            }
        }
        var r = Evaluate(dirs, threshold, shuffle, verbose);
        foreach (var line in r.Lines)
            Console.WriteLine(line);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{r.Score.Items} articles, {r.GoldStories} gold stories, {r.Stories} stories; BCubed precision {r.Score.Precision:F4}, recall {r.Score.Recall:F4}, F1 {r.Score.F1:F4}"));
        return 0;
    }

    private static int Similarity(string path)
    {
        string text;
        try
        {
            text = path == "-" ? Console.In.ReadToEnd() : File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: {e.Message}");
            return 1;
        }
        var pairs = PairScoring.Read(text);
        if (pairs is null)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: not a pair CSV (needs a header with pair_id, text1, text2)");
            return 1;
        }
        // languages the file does not give are told by the language-id stage
        var detector = new Lazy<LanguageDetector>(LanguageDetector.Create);
        string Lang(string given, string text) => given != "und" ? given : detector.Value.Detect(text).Tag.Language;
        pairs = pairs.Select(p => p with { Language1 = Lang(p.Language1, p.Text1), Language2 = Lang(p.Language2, p.Text2) }).ToList();
        var scores = PairScoring.Score(pairs);
        var sb = new StringBuilder("pair_id,score\n");
        for (int i = 0; i < pairs.Count; i++)
            sb.Append(Csv.Field(pairs[i].Id)).Append(',').Append(scores[i].ToString("0.######", CultureInfo.InvariantCulture)).Append('\n');
        Console.Out.Write(sb.ToString());
        return 0;
    }
}
