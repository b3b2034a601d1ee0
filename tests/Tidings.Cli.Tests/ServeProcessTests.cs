using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Storage;

namespace Tidings.Cli.Tests;

/// <summary>The real <c>tidings serve</c> process, killed with SIGKILL while clients post batches, restarted, and
/// sent everything again: the store holds each document once and every story's size equals its articles.</summary>
public sealed class ServeProcessTests : IDisposable
{
    private const string Key = "crash-test-key";
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-serve-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    private static Process Serve(string db, string url)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "tidings.dll"), "serve", "--db", db, "--urls", url, "--api-key", Key })
            psi.ArgumentList.Add(a);
        var p = Process.Start(psi)!;
        p.OutputDataReceived += (_, _) => { };
        p.ErrorDataReceived += (_, _) => { };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return p;
    }

    private static async Task<long> WaitHealthyAsync(HttpClient http, Process server)
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (DateTime.UtcNow < until)
        {
            Assert.False(server.HasExited, "the server ended at start-up");
            try
            {
                using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/health", UriKind.Relative)));
                return health.RootElement.GetProperty("articles").GetInt64();
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200);
            }
        }
        throw new TimeoutException("the server did not answer /health");
    }

    /// <summary>Made-up reports: one event per place, so documents about one place form one story.</summary>
    private static List<string> Batches(int documents, int batch)
    {
        var places = new[] { "Gdansk", "Porto", "Sofia", "Hanoi", "Luxor", "Oslo", "Quito", "Lagos" };
        var docs = Enumerable.Range(0, documents).Select(i =>
        {
            var place = places[i % places.Length];
            return new Dictionary<string, string>
            {
                ["url"] = $"https://crash.example/{i}",
                ["title"] = $"Flooding in {place}: report {i}",
                ["text"] = $"Heavy rain flooded the centre of {place} on Monday, officials said in report number {i}.\n" +
                    $"The mayor of {place} asked residents to stay at home while {i % 7 + 2} rescue teams pumped water out of {i % 5 + 3} streets.",
                ["language"] = "en",
            };
        });
        return docs.Chunk(batch).Select(c => JsonSerializer.Serialize(c)).ToList();
    }

    /// <summary>Posts every batch with <paramref name="clients"/> clients at once; returns the ids answered and the
    /// number of failed posts (a killed server fails the posts in flight).</summary>
    private static async Task<(HashSet<string> Ids, int Failed, int New, int Duplicate)> PostAllAsync(HttpClient http, List<string> batches, int clients, CancellationToken stop)
    {
        int next = -1, failed = 0, added = 0, duplicate = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        async Task Client()
        {
            int b;
            while ((b = Interlocked.Increment(ref next)) < batches.Count && !stop.IsCancellationRequested)
            {
                try
                {
                    using var content = new StringContent(batches[b], Encoding.UTF8, "application/json");
                    using var r = await http.PostAsync(new Uri("/api/documents", UriKind.Relative), content, stop);
                    r.EnsureSuccessStatusCode();
                    using var answer = JsonDocument.Parse(await r.Content.ReadAsStringAsync(stop));
                    Interlocked.Add(ref added, answer.RootElement.GetProperty("new").GetInt32());
                    Interlocked.Add(ref duplicate, answer.RootElement.GetProperty("duplicate").GetInt32());
                    lock (ids)
                    {
                        foreach (var d in answer.RootElement.GetProperty("documents").EnumerateArray())
                            ids.Add(d.GetProperty("id").GetString()!);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failed);
                }
            }
        }
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(Client, CancellationToken.None)));
        return (ids, failed, added, duplicate);
    }

    /// <summary>Articles and stories in the store, and how many stories have a size other than their articles.</summary>
    private static async Task<(long Articles, long Stories, long Mismatched)> Count(string db)
    {
        await using var store = await Stores.OpenAsync(db, StoreAccess.ReadOnly);
        long stories = 0, mismatched = 0;
        string? cursor = null;
        do
        {
            var page = await store.ListStoriesAsync(new StoryQuery { Limit = 200, Cursor = cursor });
            var members = (await store.GetArticleHeadsAsync(page.Stories.Select(s => s.Id).ToList())).CountBy(a => a.StoryId ?? 0).ToDictionary();
            stories += page.Stories.Count;
            mismatched += page.Stories.Count(s => members.GetValueOrDefault(s.Id) != s.ArticleCount);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return (await store.CountArticlesAsync(), stories, mismatched);
    }

    [Fact]
    public async Task Serve_killed_with_sigkill_while_clients_post_then_restarted_and_sent_everything_again_stores_each_document_once()
    {
        const int documents = 800;
        var batches = Batches(documents, 20);
        var db = Path.Combine(_dir, "serve.db");
        var url = $"http://127.0.0.1:{FreePort()}";
        using var http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(3) };
        http.DefaultRequestHeaders.Add("X-Api-Key", Key);

        long atKill;
        using (var first = Serve(db, url))
        {
            await WaitHealthyAsync(http, first);
            using var stop = new CancellationTokenSource();
            var posting = PostAllAsync(http, batches, 4, stop.Token);
            // kill -9 once some batches are in, while the clients still post (not after a guessed time)
            atKill = 0;
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            while (atKill < 60 && !posting.IsCompleted && DateTime.UtcNow < until)
            {
                await Task.Delay(20);
                try
                {
                    atKill = (await Count(db)).Articles;
                }
                catch (Exception e) when (e is StoreException or SqliteException)
                {
                    // the file or its tables are not there yet
                }
            }
            bool finishedFirst = posting.IsCompleted;
            first.Kill(entireProcessTree: true); // SIGKILL
            await first.WaitForExitAsync();
            var (_, failed, _, _) = await posting;
            await stop.CancelAsync();
            Assert.False(finishedFirst, "the clients finished before the server could be killed");
            Assert.True(failed > 0, "no post was in flight when the server was killed");
        }
        var (kept, _, keptMismatched) = await Count(db);
        Assert.InRange(kept, atKill, documents - 1);
        Assert.Equal(0, keptMismatched);

        using var second = Serve(db, url);
        try
        {
            Assert.Equal(kept, await WaitHealthyAsync(http, second));
            var (ids, failed, added, duplicate) = await PostAllAsync(http, batches, 4, CancellationToken.None);
            Assert.Equal(0, failed);
            Assert.Equal(documents, ids.Count);
            Assert.Equal((documents - kept, kept), (added, duplicate));
            var (articles, stories, mismatched) = await Count(db);
            Assert.Equal(documents, articles);
            Assert.Equal(0, mismatched);
            Assert.InRange(stories, 1, documents);
        }
        finally
        {
            second.Kill(entireProcessTree: true);
            await second.WaitForExitAsync();
        }
    }
}
