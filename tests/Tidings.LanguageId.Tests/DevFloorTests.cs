using System.Text.Json;
using Tidings.LanguageId;
using Tidings.Tests;

namespace Tidings.LanguageId.Tests;

/// <summary>Pins the measured accuracy on ../shared/data/lid-dev (75 languages × 500 news sentences) as a floor.
/// The floors live in eval/floors.json under "lid" and may only go up. Reproduce with
/// <c>tidings eval lid ../shared/data/lid-dev</c> and <c>tidings eval lid ../shared/data/lid-dev --sentences 5</c>.</summary>
public sealed class DevFloorTests
{
    private static readonly LanguageDetector Detector = LanguageDetector.Create();

    private static JsonElement Floors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("eval", "floors.json")));
        return doc.RootElement.GetProperty("lid").Clone();
    }

    [Fact]
    public void SentenceAccuracyIsAtLeastTheFloor()
    {
        var floors = Floors();
        var ev = LanguageIdEvaluation.Run(Detector, RepoPaths.Shared("data", "lid-dev"));
        Assert.Equal(75, ev.Languages.Count);
        double Acc(string code) => ev.Languages.Single(l => l.Code == code).Accuracy;
        Assert.True(ev.Mean >= floors.GetProperty("mean").GetDouble(), $"mean {ev.Mean:P2}");
        Assert.True(ev.Worst.Accuracy >= floors.GetProperty("min").GetDouble(), $"worst {ev.Worst.Code} {ev.Worst.Accuracy:P2}");
        Assert.True(Acc("bg") >= floors.GetProperty("bg").GetDouble(), $"bg {Acc("bg"):P2}");
        Assert.True(Acc("vi") >= floors.GetProperty("vi").GetDouble(), $"vi {Acc("vi"):P2}");
    }

    [Fact]
    public void FiveSentenceDocumentAccuracyIsAtLeastTheFloor()
    {
        var floors = Floors();
        var ev = LanguageIdEvaluation.Run(Detector, RepoPaths.Shared("data", "lid-dev"), sentencesPerText: 5);
        Assert.True(ev.Mean >= floors.GetProperty("docs5_mean").GetDouble(), $"5-sentence mean {ev.Mean:P2}");
        Assert.True(ev.Worst.Accuracy >= floors.GetProperty("docs5_min").GetDouble(), $"5-sentence worst {ev.Worst.Code} {ev.Worst.Accuracy:P2}");
    }
}
