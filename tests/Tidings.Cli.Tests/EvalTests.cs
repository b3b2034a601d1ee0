using System.Text;
using System.Text.Json;
using Tidings.Cli.Commands;
using Tidings.Clustering;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

public class EvalTests
{
    private static double Floor(string stage, string metric)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("eval", "floors.json")));
        return doc.RootElement.GetProperty(stage).GetProperty(metric).GetDouble();
    }

    [Fact]
    public void Similarity_on_the_semeval_dev_sample_stays_above_its_floor()
    {
        var csv = RepoPaths.Shared("data", "similarity-dev", "semeval2022-task8-sample.csv");
        var scores = EvalStoriesCommand.ScorePairs(File.ReadAllText(csv, Encoding.UTF8));
        Assert.NotNull(scores);
        Assert.True(scores.Pairs > 1000, $"only {scores.Pairs} pairs read");
        double floor = Floor("similarity", "pearson");
        Assert.True(scores.Pearson >= floor, $"Pearson {scores.Pearson:F4} fell below the floor {floor}");
        double cross = Floor("similarity", "pearson_cross_language");
        Assert.True(scores.CrossLanguagePearson >= cross, $"cross-language Pearson {scores.CrossLanguagePearson:F4} fell below the floor {cross}");
        // at the engine's thresholds, as the engine joins (probability and evidence gate)
        double joined = Floor("similarity", "same_story_joined");
        Assert.True(scores.Joins.SameJoined >= joined, $"same-story pairs joined {scores.Joins.SameJoined:P1}, below the floor {joined:P1}");
        double unrelated = Floor("similarity", "unrelated_joined_ceiling");
        Assert.True(scores.Joins.UnrelatedJoined <= unrelated, $"unrelated pairs joined {scores.Joins.UnrelatedJoined:P1}, above the ceiling {unrelated:P1}");
    }

    [Fact]
    public void Csv_reader_handles_quotes_commas_and_newlines()
    {
        var rows = Csv.Read("a,b,c\r\n1,\"x, \"\"y\"\"\nz\",3\n");
        Assert.Equal(2, rows.Count);
        Assert.Equal(["1", "x, \"y\"\nz", "3"], rows[1]);
    }

    [Fact]
    public void Pearson_is_one_for_a_linear_relation_and_zero_for_a_constant()
    {
        Assert.Equal(1, PairScoring.Pearson([1, 2, 3], [2, 4, 6]), 9);
        Assert.Equal(-1, PairScoring.Pearson([1, 2, 3], [3, 2, 1]), 9);
        Assert.Equal(0, PairScoring.Pearson([1, 1, 1], [3, 2, 1]), 9);
    }

    [Fact]
    public void A_file_that_is_not_the_expected_csv_is_refused()
    {
        Assert.Null(EvalStoriesCommand.ScorePairs("hello\nworld\n"));
        Assert.Null(EvalStoriesCommand.ScorePairs(""));
    }
}
