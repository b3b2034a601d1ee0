using System.Text.Json;
using Tidings.Cli.Commands;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

[Collection("console")]
public class StoryEngineEvalTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        var o = new StringWriter();
        var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            int code = Program.BuildRoot().Parse(args).Invoke();
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private static double Floor(string stage, string metric)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("eval", "floors.json")));
        return doc.RootElement.GetProperty(stage).GetProperty(metric).GetDouble();
    }

    [Fact]
    public void The_trap_set_of_events_sharing_actors_and_places_keeps_its_BCubed_floor()
    {
        var r = ClusteringCommands.Evaluate([RepoPaths.InRepo("samples-trap")]);
        Assert.Equal(60, r.Score.Items);
        Assert.Equal(12, r.GoldStories);
        double floor = Floor("trap", "bcubed_f1");
        Assert.True(r.Score.F1 >= floor, $"trap set BCubed F1 {r.Score.F1:F4} < floor {floor} ({r.Stories} stories)");
    }

    [Fact]
    public void The_samples_group_perfectly_in_time_order_and_shuffling_changes_BCubed_F1_by_less_than_0_02()
    {
        var ordered = ClusteringCommands.Evaluate([RepoPaths.InRepo("samples")]);
        Assert.Equal(1.0, ordered.Score.F1, 6);
        foreach (int seed in new[] { 1, 2, 3, 4, 5 })
        {
            var shuffled = ClusteringCommands.Evaluate([RepoPaths.InRepo("samples")], shuffleSeed: seed);
            Assert.True(Math.Abs(ordered.Score.F1 - shuffled.Score.F1) < 0.02, $"seed {seed}: F1 {shuffled.Score.F1:F4} against {ordered.Score.F1:F4}");
        }
    }

    [Fact]
    public void Eval_clustering_reads_bad_folders_as_errors()
    {
        var dir = Directory.CreateTempSubdirectory("tidings-nogold-");
        try
        {
            var (code, _, err) = Run("eval", "clustering", dir.FullName);
            Assert.Equal(1, code);
            Assert.Contains("gold.json", err, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

[Collection("console")]
public class SimilarityCommandTests
{
    [Fact]
    public void Similarity_pairs_writes_one_score_in_0_1_per_pair_and_ranks_one_event_above_two()
    {
        var csv = Path.GetTempFileName();
        try
        {
            File.WriteAllText(csv,
                "pair_id,text1,text2,lang1,lang2\n" +
                "same,\"Quake near Arequipa kills five. A magnitude 6.1 earthquake struck near Arequipa in Peru on 4 May, killing five people.\"," +
                "\"Sismo en Arequipa deja cinco muertos. Un sismo de magnitud 6,1 sacudió Arequipa, Perú, el 4 de mayo; murieron cinco personas.\",en,es\n" +
                "other,\"Quake near Arequipa kills five. A magnitude 6.1 earthquake struck near Arequipa in Peru on 4 May, killing five people.\"," +
                "\"Bank of Japan raises rate. The Bank of Japan raised its rate to 0.5% on 24 January in Tokyo.\",en,en\n" +
                "\"with, comma\",a,b,en,en\n");
            var oldOut = Console.Out;
            var o = new StringWriter();
            Console.SetOut(o);
            int code;
            try
            {
                code = Program.BuildRoot().Parse(["similarity", "--pairs", csv]).Invoke();
            }
            finally
            {
                Console.SetOut(oldOut);
            }
            Assert.Equal(0, code);
            var lines = o.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal("pair_id,score", lines[0]);
            Assert.Equal(4, lines.Length);
            var scores = lines.Skip(1).ToDictionary(l => l[..l.LastIndexOf(',')], l => double.Parse(l[(l.LastIndexOf(',') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
            Assert.All(scores.Values, v => Assert.InRange(v, 0, 1));
            Assert.True(scores["same"] > scores["other"], $"same {scores["same"]} <= other {scores["other"]}");
            Assert.True(scores.ContainsKey("\"with, comma\""));
        }
        finally
        {
            File.Delete(csv);
        }
    }
}
