using Microsoft.Data.Sqlite;
using Tidings.Fuzz;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

/// <summary>The bounded fuzz run of CI: a few thousand generated bad inputs (and the good pages among them) through
/// every reader, extract, detect and ingest. The 100,000-case run is <c>bench/Tidings.Bench -- fuzz</c>.</summary>
public sealed class FuzzTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-fuzz-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public void The_generator_is_deterministic_and_covers_every_mutation()
    {
        var gen = new FuzzCases(FuzzCases.SeedsFrom(RepoPaths.InRepo("samples")), maxBytes: 1 << 20);
        var a = Enumerable.Range(0, 300).Select(gen.Make).ToList();
        var b = Enumerable.Range(0, 300).Select(gen.Make).ToList();
        Assert.Equal(a.Select(c => c.Name), b.Select(c => c.Name));
        Assert.All(a.Zip(b), p => Assert.Equal(p.First.Bytes, p.Second.Bytes));
        Assert.True(a.Select(c => c.Mutation).Distinct().Count() >= 30, string.Join(",", a.Select(c => c.Mutation).Distinct()));
        Assert.Contains(a, c => c.Name.EndsWith(".gz", StringComparison.Ordinal));
        Assert.All(a, c => Assert.True(c.Bytes.Length <= 1 << 20));
    }

    [Fact]
    public async Task Two_thousand_fuzz_cases_crash_nothing_and_every_good_page_is_stored()
    {
        var gen = new FuzzCases(FuzzCases.SeedsFrom(RepoPaths.InRepo("samples")), maxBytes: 2 << 20);
        var report = await FuzzRunner.RunAsync(gen, 0, 2_000, Path.Combine(_dir, "run"), TimeSpan.FromSeconds(60));
        Assert.True(report.Crashes == 0, string.Join("\n", report.Problems.Take(20)));
        Assert.True(report.Problems.Count == 0, string.Join("\n", report.Problems.Take(20)));
        Assert.True(report.GoodCases > 30);
        Assert.Equal(report.GoodCases, report.GoodStored);
        // the bad inputs were refused, cut or extracted — all of those happened
        Assert.True(report.Outcomes.GetValueOrDefault("extract:rejected") > 0);
        Assert.True(report.Outcomes.GetValueOrDefault("extract:cut") > 0);
        Assert.True(report.Outcomes.GetValueOrDefault("detect:exit1") > 0);
    }
}
