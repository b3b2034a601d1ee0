using Microsoft.Data.Sqlite;
using Tidings.Composition;
using Tidings.Core;

namespace Tidings.Server.Tests;

/// <summary>Stopping the server finishes the batch in hand: the write lane closes only after it.</summary>
public sealed class ShutdownTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-stop-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Disposing_the_lane_during_an_ingest_waits_for_it_and_everything_is_stored()
    {
        var db = Path.Combine(_dir, "s.db");
        var docs = Enumerable.Range(0, 300).Select(i => new DocumentInput
        {
            Text = $"Harbour strike, report {i}\nReport {i}: the harbour strike in Rotterdam enters day {i % 9} as crane operators and port pilots walk out over pay and shifts.",
        }).ToList();
        await using (var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = db, Tidings = new TidingsOptions { BatchSize = 1000 } }))
        {
            var lane = new WriteLane(engine);
            var ingest = lane.IngestAsync(docs, CancellationToken.None);
            await Task.Delay(50);
            var dispose = Task.Run(lane.Dispose);
            var report = await ingest;
            await dispose;
            Assert.Equal(300, report.New);
            await Assert.ThrowsAnyAsync<ObjectDisposedException>(() => lane.IngestAsync(docs, CancellationToken.None));
        }
        using var c = new SqliteConnection($"Data Source={db};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM articles";
        Assert.Equal(300L, (long)cmd.ExecuteScalar()!);
    }
}
