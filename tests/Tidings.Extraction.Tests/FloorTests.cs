using System.Text.Json;
using Tidings.Tests;

namespace Tidings.Extraction.Tests;

/// <summary>The dev-set score may only go up: it must stay at or above the floors pinned in eval/floors.json.</summary>
public class FloorTests
{
    [Fact]
    public void Dev_set_scores_stay_at_or_above_the_pinned_floors()
    {
        using var floors = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("eval", "floors.json")));
        var floor = floors.RootElement.GetProperty("extraction");
        var score = ExtractionEvaluation.Run(RepoPaths.Shared("data", "extraction-dev"), Extractor.Create());
        Assert.Equal(990, score.Pages);
        Assert.True(score.Precision >= floor.GetProperty("precision").GetDouble(), $"precision {score.Precision:F4} fell below the floor");
        Assert.True(score.Recall >= floor.GetProperty("recall").GetDouble(), $"recall {score.Recall:F4} fell below the floor");
        Assert.True(score.F1 >= floor.GetProperty("f1").GetDouble(), $"F1 {score.F1:F4} fell below the floor");
    }
}
