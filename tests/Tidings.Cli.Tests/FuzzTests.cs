using Microsoft.Data.Sqlite;
using Tidings.Fuzz;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

/// <summary>The bounded fuzz run of CI: generated bad inputs of every format (pages, text, gz, zstd, WARC, JSONL,
/// news-please JSON, RSS, Atom) and the good files among them through every page reader, extract, detect and ingest.
/// The 100,000-case run is <c>bench/Tidings.Bench -- fuzz</c>.</summary>
public sealed class FuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-fuzz-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static FuzzCases Generator(int maxBytes) => new(FuzzCases.SeedsFrom(RepoPaths.InRepo("samples")), maxBytes);

    [Fact]
    public void The_generator_is_deterministic_and_covers_every_mutation_and_format()
    {
        var gen = Generator(1 << 20);
        var a = Enumerable.Range(0, 300).Select(gen.Make).ToList();
        var b = Enumerable.Range(0, 300).Select(gen.Make).ToList();
        Assert.Equal(a.Select(c => c.Name), b.Select(c => c.Name));
        Assert.All(a.Zip(b), p => Assert.Equal(p.First.Bytes, p.Second.Bytes));
        Assert.All(a, c => Assert.True(c.Bytes.Length <= 1 << 20));
        Assert.Equal(Enum.GetValues<SeedKind>().ToHashSet(), gen.Seeds.Select(s => s.Kind).ToHashSet());
        // every mutation of every kind of seed appears within the first few thousand cases
        var seen = Enumerable.Range(0, 3_000).Select(n => gen.Make(n)).Select(c => (gen.Seeds[c.Seed].Kind, c.Mutation)).ToHashSet();
        Assert.Equal(FuzzCases.AllMutations.Order(StringComparer.Ordinal), seen.Select(s => s.Mutation).Distinct().Order(StringComparer.Ordinal));
        foreach (var ext in new[] { ".gz", ".zst", ".warc", ".warc.gz", ".jsonl", ".json", ".rss", ".atom", ".txt", ".html" })
            Assert.Contains(a.Concat(Enumerable.Range(300, 700).Select(gen.Make)), c => c.Name.EndsWith(ext, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Two_thousand_fuzz_cases_crash_nothing_and_every_good_file_is_stored()
    {
        var report = await FuzzRunner.RunAsync(Generator(2 << 20), 0, 2_000, Path.Combine(_dir, "run"), TimeSpan.FromSeconds(60), FuzzRunner.IngestInProcessAsync);
        Assert.True(report.Crashes == 0, string.Join("\n", report.Problems.Take(20)));
        Assert.True(report.Problems.Count == 0, string.Join("\n", report.Problems.Take(20)));
        Assert.True(report.GoodCases > 100, report.GoodCases.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(report.GoodCases, report.GoodStored);
        Assert.True(report.GoodDocuments > report.GoodCases, "the crawler files' several documents each");
        // the bad inputs were refused, cut or extracted — all of those happened
        Assert.True(report.Outcomes.GetValueOrDefault("extract:rejected") > 0);
        Assert.True(report.Outcomes.GetValueOrDefault("extract:cut") > 0);
        Assert.True(report.Outcomes.GetValueOrDefault("detect:exit1") > 0);
    }
}
