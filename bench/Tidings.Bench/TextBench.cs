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

/// <summary>Streaming clustering cost as the number of stories grows:
/// <c>dotnet run -c Release --project bench/Tidings.Bench -- --filter '*ClusterBench*'</c>. Articles are synthetic:
/// 60 features drawn from a Zipf-like vocabulary of 50,000, so most open their own story, the worst case.</summary>
[MemoryDiagnoser]
public class ClusterBench
{
    private FeatureVector[] _vectors = [];

    [Params(1000, 4000)]
    public int Articles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rng = new Random(7);
        _vectors = new FeatureVector[Articles];
        for (int i = 0; i < Articles; i++)
        {
            var counts = new Dictionary<ulong, float>();
            for (int j = 0; j < 60; j++)
            {
                int rank = (int)Math.Min(49_999, Math.Exp(rng.NextDouble() * Math.Log(50_000)));
                var kind = (FeatureKind)(1 + (rank % 6));
                var key = FeatureVector.Key(kind, rank.ToString(System.Globalization.CultureInfo.InvariantCulture));
                counts[key] = counts.GetValueOrDefault(key) + 1;
            }
            _vectors[i] = FeatureVector.FromCounts(counts);
        }
    }

    [Benchmark]
    public int AddAll()
    {
        var c = StoryClusterer.Create();
        var t = DateTimeOffset.UnixEpoch;
        for (int i = 0; i < _vectors.Length; i++)
            c.Add(new Article { Id = i.ToString(System.Globalization.CultureInfo.InvariantCulture), Title = "", Text = "", Published = t }, _vectors[i]);
        return c.StoryCount;
    }
}
