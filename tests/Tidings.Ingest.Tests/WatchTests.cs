using Microsoft.Data.Sqlite;
using Tidings.Storage;

namespace Tidings.Ingest.Tests;

public sealed class WatchTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-watch-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static async Task<long> WaitForCount(IStore store, long atLeast, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        long n;
        while ((n = await store.CountArticlesAsync()) < atLeast && DateTime.UtcNow < until)
            await Task.Delay(200);
        return n;
    }

    [Fact]
    public async Task Files_dropped_into_a_watched_folder_become_stories_and_a_file_still_being_written_is_not_read_half()
    {
        var crawl = Directory.CreateDirectory(Path.Combine(_dir, "crawl")).FullName;
        await using var store = await Stores.OpenAsync(Path.Combine(_dir, "t.db"), StoreAccess.ReadWrite);
        var ingestor = await Ingestor.CreateAsync(store, Ingestor.StandardPipeline());
        using var stop = new CancellationTokenSource();
        var request = new IngestRequest { Paths = [crawl], Watch = true, PollInterval = TimeSpan.FromMilliseconds(200), QuietPeriod = TimeSpan.FromMilliseconds(600) };
        var watching = ingestor.IngestAsync(request, cancellation: stop.Token);

        await File.WriteAllTextAsync(Path.Combine(crawl, "a.txt"), "Storm closes the harbour of Gdansk\n\nThe harbour of Gdansk was closed on Monday after a storm with winds of 140 km/h damaged two cranes, the port authority said in a statement.\n");
        Assert.Equal(1, await WaitForCount(store, 1, TimeSpan.FromSeconds(60)));

        // a crawler writing a page slowly: the first half, a long pause, then the rest
        var path = Path.Combine(crawl, "b.txt");
        await using (var writer = new StreamWriter(path))
        {
            await writer.WriteAsync("Floods force two hundred people from their homes in Porto\n\nRivers rose in Porto on Tuesday after three days of rain, and ");
            await writer.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(3)); // far longer than the quiet period: only the open writer says it is not done
            Assert.Equal(1, await store.CountArticlesAsync());
            await writer.WriteAsync("two hundred people were taken from their homes by the fire brigade, the city hall said on Wednesday.\n");
        }
        Assert.Equal(2, await WaitForCount(store, 2, TimeSpan.FromSeconds(60)));
        var stories = (await store.ListStoriesAsync(new StoryQuery())).Stories;
        var porto = stories.Single(s => s.Title.Contains("Porto", StringComparison.Ordinal));
        var article = Assert.Single(await store.GetArticlesAsync(porto.Id));
        Assert.Contains("city hall said on Wednesday", article.Text, StringComparison.Ordinal);

        // a JSONL file that grows: each complete line goes in once, an unfinished last line waits
        var jsonl = Path.Combine(crawl, "feed.jsonl");
        await File.WriteAllTextAsync(jsonl, "{\"title\":\"Vote in Sofia\",\"text\":\"Parliament in Sofia voted on the budget for next year on Thursday.\"}\n{\"title\":\"Half");
        Assert.Equal(3, await WaitForCount(store, 3, TimeSpan.FromSeconds(60)));
        await File.AppendAllTextAsync(jsonl, " a line\",\"text\":\"The lander touched down near the lunar south pole on Friday, the agency said.\"}\n");
        Assert.Equal(4, await WaitForCount(store, 4, TimeSpan.FromSeconds(60)));

        await stop.CancelAsync();
        var report = await watching;
        Assert.Equal(4, report.New);
        Assert.Empty(report.Failures);
        Assert.Equal(4L, await store.CountArticlesAsync());
    }
}
