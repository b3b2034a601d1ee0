using System.Diagnostics;
using System.Globalization;
using Tidings.Composition;
using Tidings.Core;
using Tidings.Storage;

namespace Tidings.Bench;

/// <summary>Store benchmarks and checks:
/// <list type="bullet">
/// <item><c>store-check DB</c>: articles, stories, stories whose size differs from their articles (bench/concurrent-writers.sh).</item>
/// <item><c>startup-gen DB [--articles N] [--days D]</c>: fills DB with N generated articles in stories over D days.</item>
/// <item><c>startup DB</c>: opens DB and builds an ingestor as <c>tidings ingest</c> does; prints time and memory.</item>
/// </list></summary>
internal static class StoreBench
{
    internal static int Check(string[] args)
    {
        if (args.Length != 1)
        {
            Console.Error.WriteLine("usage: store-check DB");
            return 2;
        }
        return CheckAsync(args[0]).GetAwaiter().GetResult();
    }

    private static async Task<int> CheckAsync(string db)
    {
        await using var store = await Stores.OpenAsync(db, StoreAccess.ReadOnly);
        var stories = (await store.ListStoriesAsync(new StoryQuery { Limit = 0 })).Stories;
        int mismatched = 0;
        long inStories = 0;
        var ids = new HashSet<string>(StringComparer.Ordinal);
        int duplicates = 0;
        foreach (var s in stories)
        {
            var articles = await store.GetArticlesAsync(s.Id);
            if (articles.Count != s.ArticleCount)
                mismatched++;
            inStories += articles.Count;
            foreach (var a in articles)
            {
                if (!ids.Add(a.Id))
                    duplicates++;
            }
        }
        long count = await store.CountArticlesAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"articles: {count}, in stories: {inStories}, stories: {stories.Count}, distinct story ids: {stories.Select(s => s.Id).Distinct().Count()}, size != articles: {mismatched}, duplicate articles: {duplicates}"));
        return mismatched == 0 && duplicates == 0 && inStories == count ? 0 : 1;
    }

    internal static int Generate(string[] args)
    {
        int articles = 200_000, days = 365;
        string? db = null;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--articles" && i + 1 < args.Length)
                articles = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else if (args[i] == "--days" && i + 1 < args.Length)
                days = int.Parse(args[++i], CultureInfo.InvariantCulture);
            else
                db = args[i];
        }
        if (db is null)
        {
            Console.Error.WriteLine("usage: startup-gen DB [--articles N] [--days D]");
            return 2;
        }
        GenerateAsync(db, articles, days).GetAwaiter().GetResult();
        return 0;
    }

    /// <summary>Stories of geometric size (mean 3) spread evenly over the days; each story has a vocabulary of 150
    /// features drawn from a Zipf-like distribution over 4 million keys, each article 90 of its story's features
    /// and 30 of its own; titles and texts of ordinary length. The clusterer's state is written as the clusterer
    /// would write it (centroid means, sizes, languages, published range, document frequencies).</summary>
    private static async Task GenerateAsync(string db, int total, int days)
    {
        var rng = new Random(20251201);
        var end = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        string[] langs = ["en", "de", "fr", "es", "ru", "bg", "vi", "zh", "ar", "pt"];
        ulong Zipf() => (ulong)Math.Min(4_000_000, Math.Floor(Math.Exp(rng.NextDouble() * Math.Log(4_000_000)))) | ((ulong)(1 + rng.Next(3)) << 56);
        var watch = Stopwatch.StartNew();
        await using var store = await Stores.OpenAsync(db, StoreAccess.ReadWrite);
        long storyId = (await store.LoadActiveStateAsync(TimeSpan.Zero)).NextStoryId;
        int made = 0;
        var batchArticles = new List<StoredArticle>();
        var batchStories = new List<StoryState>();
        var df = new Dictionary<ulong, int>();
        var text = string.Concat(Enumerable.Repeat("The council met on Tuesday to discuss the new budget and the tram network. ", 25));
        while (made < total)
        {
            int size = 1;
            while (rng.NextDouble() < 0.66 && size < 200)
                size++;
            size = Math.Min(size, total - made);
            var at = end - TimeSpan.FromDays(days * (1.0 - (double)made / total));
            var vocabulary = Enumerable.Range(0, 150).Select(_ => Zipf()).ToArray();
            var sums = new Dictionary<ulong, float>();
            var storyLangs = new SortedSet<string>(StringComparer.Ordinal);
            for (int k = 0; k < size; k++)
            {
                var counts = new Dictionary<ulong, float>();
                for (int f = 0; f < 90; f++)
                    counts[vocabulary[rng.Next(vocabulary.Length)]] = 1 + rng.Next(3);
                for (int f = 0; f < 30; f++)
                    counts[Zipf()] = 1;
                var features = FeatureVector.FromCounts(counts);
                foreach (var key in counts.Keys)
                {
                    sums[key] = sums.GetValueOrDefault(key) + 1f / counts.Count;
                    df[key] = df.GetValueOrDefault(key) + 1;
                }
                var lang = langs[rng.Next(langs.Length)];
                storyLangs.Add(lang);
                var id = $"gen{storyId:D7}-{k:D3}";
                batchArticles.Add(new StoredArticle(new Article
                {
                    Id = id,
                    Title = $"Generated article {id} about story {storyId}",
                    Text = text,
                    Language = new LanguageTag(lang),
                    Published = at.AddHours(k),
                    IngestedAt = at.AddHours(k),
                    Url = $"https://example.org/{id}",
                    StoryId = storyId,
                }, features));
            }
            batchStories.Add(new StoryState(storyId, $"Generated story {storyId}", FeatureVector.FromCounts(sums.ToDictionary(kv => kv.Key, kv => kv.Value / size)),
                size, at, at.AddHours(size - 1), [.. storyLangs]) { PublishedFrom = at, PublishedTo = at.AddHours(size - 1) });
            storyId++;
            made += size;
            if (batchArticles.Count >= 2000 || made >= total)
            {
                await using var session = await store.BeginWriteAsync();
                await session.CommitAsync(new WriteBatch(batchArticles, batchStories, df));
                batchArticles = [];
                batchStories = [];
                df = [];
                Console.Error.Write($"\r{made}/{total} articles ({watch.Elapsed.TotalSeconds:F0} s)");
            }
        }
        Console.Error.WriteLine();
        Console.WriteLine($"generated {made} articles in {storyId - 1} stories over {days} days into {store.Location} in {watch.Elapsed.TotalSeconds:F1} s");
    }

    internal static int Startup(string[] args)
    {
        if (args.Length is < 1 or > 2 || (args.Length == 2 && args[1] != "--apart"))
        {
            Console.Error.WriteLine("usage: startup DB [--apart]");
            return 2;
        }
        return StartupAsync(args[0], args.Length == 2).GetAwaiter().GetResult();
    }

    private const string StartupPage = """
        <html lang="bg"><head><title>Путин и Лукашенко разговаряха по телефона</title></head><body><nav><a href="/">Начало</a></nav>
        <article><h1>Путин и Лукашенко разговаряха по телефона</h1>
        <p>Руският президент Владимир Путин и белоруският лидер Александър Лукашенко са провели телефонен разговор, съобщиха от
        Кремъл в понеделник. Двамата са обсъдили положението в Беларус след президентските избори на 9 август.</p>
        <p>Според официалните резултати Лукашенко е получил 80% от гласовете. Опозицията не признава резултатите, а в Минск
        и други градове продължават протестите. Москва заяви, че е готова да окаже помощ при необходимост.</p></article></body></html>
        """;

    /// <summary>A whole <c>tidings ingest</c> start-up, as the CLI does it: open the store, then
    /// <see cref="TidingsEngine.CreateIngestorAsync"/> (the active stories and their frequencies into the clusterer,
    /// and the pipeline with its language model and lexicons), until the first page could be processed; then one
    /// sample page through the stages (what is still lazy: stemmers, ICU). With <c>--apart</c> the pipeline is built
    /// first and each part is timed alone (the store's part read again, with a warm page cache).</summary>
    private static async Task<int> StartupAsync(string db, bool apart)
    {
        using var proc = Process.GetCurrentProcess();
        var inv = CultureInfo.InvariantCulture;
        var runtime = DateTime.Now - proc.StartTime;
        var cpu0 = proc.TotalProcessorTime;
        var whole = Stopwatch.StartNew();
        await using var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = db });
        var open = whole.Elapsed;
        var pipelineApart = TimeSpan.Zero;
        if (apart)
        {
            _ = engine.Pipeline;
            pipelineApart = whole.Elapsed - open;
        }
        var ingestor = await engine.CreateIngestorAsync();
        var ready = whole.Elapsed;
        proc.Refresh();
        var cpuReady = proc.TotalProcessorTime - cpu0;
        long readySet = proc.WorkingSet64;
        long readyHeap = GC.GetTotalMemory(false);

        // one page through the per-document stages (not stored)
        var first = Stopwatch.StartNew();
        var doc = new Document(new RawDocument("startup.html", System.Text.Encoding.UTF8.GetBytes(StartupPage), ContentKind.Html));
        var stageTimes = new List<string>();
        foreach (var stage in engine.Pipeline.Stages)
        {
            var t = first.Elapsed;
            if (stage is IBatchStage batch)
                batch.Learn([doc]);
            stage.Process(doc);
            stageTimes.Add(string.Create(inv, $"{stage.Name} {(first.Elapsed - t).TotalMilliseconds:F0}"));
        }
        first.Stop();
        proc.Refresh();
        long articles = await engine.Store.CountArticlesAsync();
        Console.WriteLine(string.Create(inv,
            $"ingest start-up on {articles} articles ({engine.Store.Kind}, {ingestor.ActiveStories} active stories): ready in {ready.TotalSeconds:F2} s " +
            $"(open {open.TotalSeconds:F2} s, then the state and the pipeline {(ready - open).TotalSeconds:F2} s), {cpuReady.TotalSeconds:F2} s CPU; " +
            $"{runtime.TotalSeconds:F2} s earlier for the runtime to start"));
        Console.WriteLine(string.Create(inv,
            $"memory when ready: working set {readySet / 1e6:F0} MB, managed heap {readyHeap / 1e6:F0} MB; peak working set {proc.PeakWorkingSet64 / 1e6:F0} MB (after the first page)"));
        Console.WriteLine(string.Create(inv,
            $"first page ({doc.Language}, {doc.Features.Count} features): {first.Elapsed.TotalMilliseconds:F0} ms ({string.Join(", ", stageTimes)} ms)"));
        if (apart)
        {
            var stateWatch = Stopwatch.StartNew();
            var state = await engine.Store.LoadActiveStateAsync(engine.Options.Clustering.ActiveWindow);
            stateWatch.Stop();
            Console.WriteLine(string.Create(inv,
                $"apart: pipeline {pipelineApart.TotalSeconds:F2} s, state and clusterer {(ready - open - pipelineApart).TotalSeconds:F2} s " +
                $"(the store's part read again: {state.Stories.Count} stories and {state.DocumentFrequencies.Count} frequencies in {stateWatch.Elapsed.TotalSeconds:F2} s)"));
        }
        GC.KeepAlive(ingestor);
        return 0;
    }
}
