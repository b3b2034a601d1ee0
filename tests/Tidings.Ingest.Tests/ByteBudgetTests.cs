using Microsoft.Data.Sqlite;
using Tidings.Storage;

namespace Tidings.Ingest.Tests;

public sealed class ByteBudgetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-budget-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_take_that_does_not_fit_waits_until_bytes_are_given_back()
    {
        var budget = new ByteBudget(100);
        await budget.AcquireAsync(60, CancellationToken.None);
        var second = budget.AcquireAsync(60, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(second.IsCompleted);
        Assert.Equal(60, budget.Used);
        budget.Release(60);
        await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(60, budget.Used);
        Assert.Equal(60, budget.Peak);
    }

    [Fact]
    public async Task A_document_larger_than_the_whole_budget_passes_when_nothing_else_is_held()
    {
        var budget = new ByteBudget(100);
        await budget.AcquireAsync(1_000, CancellationToken.None).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        var next = budget.AcquireAsync(1, CancellationToken.None).AsTask();
        await Task.Delay(100);
        Assert.False(next.IsCompleted);
        budget.Release(1_000);
        await next.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_waiting_take_ends_when_cancelled()
    {
        var budget = new ByteBudget(10);
        await budget.AcquireAsync(10, CancellationToken.None);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await budget.AcquireAsync(5, cts.Token));
    }

    [Fact]
    public async Task An_ingest_holds_no_more_bytes_than_its_budget_and_still_stores_every_page()
    {
        // 40 distinct pages of about 40 KB each (1.6 MB in all) through a budget of 200 KB: the reader waits for
        // commits, and nothing is lost or stuck
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "pages")).FullName;
        var words = new[] { "harbour", "storm", "cranes", "council", "river", "bridge", "minister", "vote", "strike", "rail" };
        for (int i = 0; i < 40; i++)
        {
            var body = string.Join("\n\n", Enumerable.Range(0, 120).Select(p =>
                $"Paragraph {p} of report {i}: the {words[(i + p) % 10]} and the {words[(i * 3 + p) % 10]} were discussed again on day {i} by the {words[p % 10]} committee of town {i * 7 + p}."));
            File.WriteAllText(Path.Combine(folder, $"page{i:00}.txt"), $"Report number {i} on the {words[i % 10]}\n\n{body}\n");
        }
        await using var store = await Stores.OpenAsync(Path.Combine(_dir, "t.db"), StoreAccess.ReadWrite);
        const long budget = 200_000;
        var report = await (await Ingestor.CreateAsync(store, Ingestor.StandardPipeline()))
            .IngestAsync(new IngestRequest { Paths = [folder], MaxBytesInFlight = budget })
            .WaitAsync(TimeSpan.FromMinutes(5));
        Assert.Equal(40, report.New);
        Assert.Empty(report.Failures);
        Assert.Equal(40L, await store.CountArticlesAsync());
        // at most the budget plus the one page that may always enter
        Assert.InRange(report.PeakBytesInFlight, 1, budget + 50_000);

        // a budget of a few bytes (smaller than a quarter of any page) still moves: one page at a time
        await using (var tiny = await Stores.OpenAsync(Path.Combine(_dir, "tiny.db"), StoreAccess.ReadWrite))
        {
            var oneByOne = await (await Ingestor.CreateAsync(tiny, Ingestor.StandardPipeline()))
                .IngestAsync(new IngestRequest { Paths = [folder], MaxBytesInFlight = 3 })
                .WaitAsync(TimeSpan.FromMinutes(5));
            Assert.Equal(40, oneByOne.New);
        }

        // the default budget holds all 1.6 MB at once: the peak shows the reader ran ahead
        await using var other = await Stores.OpenAsync(Path.Combine(_dir, "u.db"), StoreAccess.ReadWrite);
        var free = await (await Ingestor.CreateAsync(other, Ingestor.StandardPipeline())).IngestAsync(new IngestRequest { Paths = [folder] });
        Assert.Equal(40, free.New);
        Assert.True(free.PeakBytesInFlight > budget, $"peak {free.PeakBytesInFlight}");
    }
}
