using BenchmarkDotNet.Attributes;
using Tidings.Clustering;
using Tidings.Core;
using Tidings.Text;

namespace Tidings.Bench;

/// <summary>Hot paths of the text stage and the clusterer:
/// <c>dotnet run -c Release --project bench/Tidings.Bench -- --filter '*TextBench*'</c>.</summary>
[MemoryDiagnoser]
public class TextBench
{
    private const string Body = "MOSCOW, 14 March 2025 — Vladimir Putin and Alexander Lukashenko agreed on Monday to meet in Moscow in the coming weeks, " +
        "the Kremlin said, after protests in Minsk that followed the 9 August election. The two leaders spoke for the sixth time since the vote, " +
        "and discussed a loan of $1.5 billion, officials in Belarus said. NATO and the EU called for new elections. ";

    private readonly FeatureExtractor _features = FeatureExtractor.Create();
    private string _text = "";
    private FeatureVector _a = FeatureVector.Empty;
    private FeatureVector _b = FeatureVector.Empty;

    [GlobalSetup]
    public void Setup()
    {
        _text = string.Concat(Enumerable.Repeat(Body, 10)); // about 4 KB, a typical article
        _a = _features.Extract("Putin and Lukashenko to meet in Moscow", _text, "en");
        _b = _features.Extract("Putin, Lukashenko agree to talks", Body, "en");
    }

    [Benchmark]
    public int Features() => _features.Extract("Putin and Lukashenko to meet in Moscow", _text, "en").Count;

    [Benchmark]
    public double Similarity() => StoryClusterer.Create().Similarity(_a, _b);
}
