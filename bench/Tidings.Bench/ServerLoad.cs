using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Tidings.Ingest;

namespace Tidings.Bench;

/// <summary>Load on a running server, loopback only:
/// <c>dotnet run -c Release --project bench/Tidings.Bench -- serve-load --url http://127.0.0.1:5097 --pages DIR [--docs 20000]
/// [--posters 8] [--readers 8] [--batch 50] [--key K] [--max-seconds 900] [--tolerate-errors] [--check]</c>.
/// Posters send the documents in batches (document i is page i mod N; its k-th repetition gets a stated title, so
/// every document has its own content id); readers meanwhile read <c>/api/stories</c> pages and story pages. Prints
/// the latency percentiles of <c>GET /api/stories</c> and, with --check, verifies the store through the API: each
/// document stored once, every story's size equal to its articles.</summary>
internal static class ServerLoad
{
    private sealed record Options(Uri Url, List<string> Pages, int Docs, int Posters, int Readers, int Batch, string? Key, int MaxSeconds, bool TolerateErrors, bool Check);

    internal static int Run(string[] args)
    {
        var o = Parse(args);
        if (o is null)
        {
            Console.Error.WriteLine("usage: serve-load --url http://127.0.0.1:PORT --pages DIR [--docs N] [--posters N] [--readers N] [--batch N] [--key K] [--max-seconds S] [--tolerate-errors] [--check]");
            return 2;
        }
        if (!o.Url.IsLoopback)
        {
            Console.Error.WriteLine("serve-load: only loopback addresses are load-tested");
            return 2;
        }
        return RunAsync(o).GetAwaiter().GetResult();
    }

    private static Options? Parse(string[] args)
    {
        Uri? url = null;
        var pages = new List<string>();
        int docs = 20000, posters = 8, readers = 8, batch = 50, max = 900;
        string? key = Environment.GetEnvironmentVariable("TIDINGS_API_KEY");
        bool tolerate = false, check = false;
        for (int i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
            int NextInt() => int.Parse(Next(), CultureInfo.InvariantCulture);
            switch (args[i])
            {
                case "--url": url = new Uri(Next()); break;
                case "--pages": pages.Add(Next()); break;
                case "--docs": docs = NextInt(); break;
                case "--posters": posters = NextInt(); break;
                case "--readers": readers = NextInt(); break;
                case "--batch": batch = NextInt(); break;
                case "--key": key = Next(); break;
                case "--max-seconds": max = NextInt(); break;
                case "--tolerate-errors": tolerate = true; break;
                case "--check": check = true; break;
                default: return null;
            }
        }
        return url is null || pages.Count == 0 ? null : new Options(url, pages, docs, posters, readers, batch, key, max, tolerate, check);
    }

    /// <summary>The documents to post, in a fixed order: page i mod N, repetition i / N.</summary>
    private static List<string> BuildBodies(Options o, List<(string Name, string Html)> pages)
    {
        var docs = new List<Dictionary<string, string>>(o.Docs);
        for (int i = 0; i < o.Docs; i++)
        {
            var (name, html) = pages[i % pages.Count];
            int copy = i / pages.Count;
            var d = new Dictionary<string, string> { ["html"] = html, ["url"] = $"https://load.example/{Uri.EscapeDataString(name)}?copy={copy}" };
            if (copy > 0)
                d["title"] = $"{name}, syndicated copy {copy}";
            docs.Add(d);
        }
        // HTML characters unescaped (still valid JSON): the bodies are a third smaller than with the default \u003C escapes
        var json = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        return docs.Chunk(o.Batch).Select(c => JsonSerializer.Serialize(c, json)).ToList();
    }

    private static async Task<int> RunAsync(Options o)
    {
        var files = PageSource.Expand(o.Pages).ToList();
        var pages = files.Select(PageSource.ReadOne).Where(p => p.Document is not null)
            .Select(p => (Path.GetFileName(p.Path), Encoding.UTF8.GetString(p.Document!.Content))).ToList();
        if (pages.Count == 0)
        {
            Console.Error.WriteLine("serve-load: no pages found");
            return 2;
        }
        var bodies = BuildBodies(o, pages);
        Console.WriteLine($"serve-load: {o.Docs} documents ({pages.Count} pages) in {bodies.Count} batches of {o.Batch} (largest body {bodies.Max(b => Encoding.UTF8.GetByteCount(b)) / 1e6:F1} MB); {o.Posters} posters, {o.Readers} readers; {Environment.ProcessorCount} cores; server {o.Url}");

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = o.Posters + o.Readers + 4, PooledConnectionLifetime = TimeSpan.FromMinutes(10) };
        // posts wait their turn on the server's one writer: a post may wait as long as the run may last
        using var http = new HttpClient(handler) { BaseAddress = o.Url, Timeout = TimeSpan.FromSeconds(o.MaxSeconds) };
        if (o.Key is not null)
            http.DefaultRequestHeaders.Add("X-Api-Key", o.Key);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(o.MaxSeconds));

        int nextBatch = -1, postErrors = 0, readErrors = 0, postersLeft = o.Posters;
        long newDocs = 0, duplicates = 0, rejected = 0;
        var ids = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        var listLatency = new ConcurrentBag<double>();
        var storyLatency = new ConcurrentBag<double>();
        var postLatency = new ConcurrentBag<double>();
        var clock = Stopwatch.StartNew();

        async Task Poster()
        {
            try
            {
                int b;
                while ((b = Interlocked.Increment(ref nextBatch)) < bodies.Count && !deadline.IsCancellationRequested)
                {
                    var started = Stopwatch.GetTimestamp();
                    try
                    {
                        using var content = new StringContent(bodies[b], Encoding.UTF8, "application/json");
                        using var r = await http.PostAsync(new Uri("/api/documents", UriKind.Relative), content, deadline.Token);
                        var text = await r.Content.ReadAsStringAsync(deadline.Token);
                        if (!r.IsSuccessStatusCode)
                            throw new HttpRequestException($"POST batch {b}: {(int)r.StatusCode} {text[..Math.Min(200, text.Length)]}");
                        postLatency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        using var json = JsonDocument.Parse(text);
                        Interlocked.Add(ref newDocs, json.RootElement.GetProperty("new").GetInt32());
                        Interlocked.Add(ref duplicates, json.RootElement.GetProperty("duplicate").GetInt32());
                        Interlocked.Add(ref rejected, json.RootElement.GetProperty("rejected").GetInt32());
                        foreach (var d in json.RootElement.GetProperty("documents").EnumerateArray())
                        {
                            if (d.GetProperty("id").GetString() is { } id)
                                ids.TryAdd(id, 0);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !deadline.IsCancellationRequested)
                    {
                        if (Interlocked.Increment(ref postErrors) <= 3)
                            Console.Error.WriteLine($"serve-load: batch {b}: {Describe(e)}");
                        if (!o.TolerateErrors)
                            throw;
                        await Task.Delay(200, deadline.Token);
                    }
                }
            }
            finally
            {
                Interlocked.Decrement(ref postersLeft);
            }
        }

        async Task Reader(int seed)
        {
            var random = new Random(seed);
            var storyIds = new List<long>();
            while (Volatile.Read(ref postersLeft) > 0 && !deadline.IsCancellationRequested)
            {
                try
                {
                    var started = Stopwatch.GetTimestamp();
                    var list = await http.GetStringAsync(new Uri("/api/stories?limit=20", UriKind.Relative), deadline.Token);
                    listLatency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    using (var json = JsonDocument.Parse(list))
                    {
                        storyIds.Clear();
                        foreach (var s in json.RootElement.GetProperty("stories").EnumerateArray())
                            storyIds.Add(s.GetProperty("id").GetInt64());
                    }
                    if (storyIds.Count > 0)
                    {
                        started = Stopwatch.GetTimestamp();
                        using var r = await http.GetAsync(new Uri($"/api/stories/{storyIds[random.Next(storyIds.Count)]}", UriKind.Relative), deadline.Token);
                        await r.Content.ReadAsStringAsync(deadline.Token);
                        storyLatency.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }
                catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException && !deadline.IsCancellationRequested)
                {
                    Interlocked.Increment(ref readErrors);
                    await Task.Delay(200, deadline.Token);
                }
            }
        }

        var tasks = Enumerable.Range(0, o.Posters).Select(_ => Task.Run(Poster))
            .Concat(Enumerable.Range(0, o.Readers).Select(i => Task.Run(() => Reader(i))));
        bool stopped = false;
        try
        {
            await Task.WhenAll(tasks);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or OperationCanceledException)
        {
            Console.Error.WriteLine($"serve-load: stopped: {Describe(e)}");
            stopped = true;
        }
        var wall = clock.Elapsed;
        Console.WriteLine($"posted: new {newDocs}, duplicate {duplicates}, rejected {rejected}, distinct ids {ids.Count}, post errors {postErrors}, read errors {readErrors}, {wall.TotalSeconds:F1} s ({(newDocs + duplicates + rejected) / wall.TotalSeconds:F0} documents/s answered)");
        Report("GET /api/stories", listLatency);
        Report("GET /api/stories/{id}", storyLatency);
        Report("POST /api/documents (50)", postLatency);
        if (stopped)
            return 1;
        if (deadline.IsCancellationRequested)
        {
            Console.Error.WriteLine($"serve-load: hit the {o.MaxSeconds} s limit");
            return 1;
        }
        return o.Check ? await CheckAsync(http, ids.Count) : 0;
    }

    /// <summary>The message and every inner exception's message, one line.</summary>
    private static string Describe(Exception e)
    {
        var parts = new List<string>();
        for (Exception? x = e; x is not null; x = x.InnerException)
            parts.Add($"{x.GetType().Name}: {x.Message}");
        return string.Join(" <- ", parts);
    }

    private static void Report(string name, ConcurrentBag<double> samples)
    {
        var s = samples.Order().ToArray();
        if (s.Length == 0)
        {
            Console.WriteLine($"{name}: no samples");
            return;
        }
        double P(double q) => s[Math.Min(s.Length - 1, (int)Math.Ceiling(q * s.Length) - 1)];
        Console.WriteLine($"{name}: n={s.Length} p50={P(0.50):F1} ms p95={P(0.95):F1} ms p99={P(0.99):F1} ms max={s[^1]:F1} ms");
    }

    /// <summary>Through the API: the store holds exactly the distinct documents posted, and every story's size is
    /// the number of its articles.</summary>
    private static async Task<int> CheckAsync(HttpClient http, int expectedArticles)
    {
        using var health = JsonDocument.Parse(await http.GetStringAsync(new Uri("/health", UriKind.Relative)));
        long articles = health.RootElement.GetProperty("articles").GetInt64();
        long stories = 0, sumSizes = 0, mismatched = 0;
        string? cursor = null;
        do
        {
            using var page = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/stories?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)), UriKind.Relative)));
            foreach (var s in page.RootElement.GetProperty("stories").EnumerateArray())
            {
                stories++;
                int size = s.GetProperty("articles").GetInt32();
                sumSizes += size;
                using var detail = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/stories/{s.GetProperty("id").GetInt64()}", UriKind.Relative)));
                int members = detail.RootElement.GetProperty("groups").EnumerateArray().Sum(g => g.GetProperty("articles").GetArrayLength());
                if (members != size)
                    mismatched++;
            }
            cursor = page.RootElement.GetProperty("next_cursor").GetString();
        }
        while (cursor is not null);
        bool ok = articles == expectedArticles && sumSizes == articles && mismatched == 0;
        Console.WriteLine($"check: {articles} articles stored for {expectedArticles} distinct documents posted; {stories} stories, sizes sum to {sumSizes}, {mismatched} with a size different from their articles: {(ok ? "OK" : "FAILED")}");
        return ok ? 0 : 1;
    }
}
