using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tidings.Clustering;
using Tidings.Core;

namespace Tidings.Bench;

/// <summary>The story engine's throughput and memory as the stream grows, single thread, without BenchmarkDotNet:
/// <c>dotnet run -c Release --project bench/Tidings.Bench -- cluster-speed [--articles 200000] [--days 6]
/// [--batch 256] [--seed 7]</c>.
/// <para>Articles are synthetic but shaped like the real ones (sizes measured on similarity-dev's texts): each
/// reports an event (1 + a geometric number of reports, mean about 2.5, so most stories stay single, as in a real
/// stream) in one of 10 languages; it carries about 150 words of its language (half from the event's own words,
/// half from a Zipf vocabulary of 60,000), 50 concepts, names (the event's actors, often famous ones from a Zipf pool
/// of 100,000, so that many different events share their actors), a place, the event's date, numbers, a headline,
/// and a text of a few hundred words for the SimHash. The publication times spread over <c>--days</c> (default 6,
/// inside the 7-day active window: every story stays active, the hardest case for memory and candidates).</para>
/// <para>Generation happens outside the timed part. Each batch of <c>--batch</c> articles is added and then the
/// changed stories and frequency increments are taken, as the writer does. It prints per-article CPU cost and
/// articles/s for each tenth of the stream, and the managed heap the clusterer holds per active article at
/// 10,000, 50,000, 100,000 and 200,000 articles (after a full collection).</para></summary>
internal static class ClusterSpeed
{
    private static readonly string[] Languages = ["en", "de", "fr", "es", "ru", "bg", "vi", "zh", "ar", "hi"];

    internal static int Run(string[] args)
    {
        int total = 200_000, batch = 256, seed = 7;
        string? pages = null;
        double days = 6;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--articles": total = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--days": days = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--batch": batch = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--seed": seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--pages": pages = args[i + 1]; break;
                default:
                    Console.Error.WriteLine($"cluster-speed: unknown option {args[i]}");
                    return 2;
            }
        }
        var inv = CultureInfo.InvariantCulture;
        if (pages is not null)
            return RealPages(pages, inv);
        var gen = new Generator(seed, total, days);
        long heap0 = Heap();
        var clusterer = StoryClusterer.Create();
        var checkpoints = new SortedSet<int> { 10_000, 50_000, 100_000, 200_000, total };
        int slice = Math.Max(batch, total / 10);
        var thread = Process.GetCurrentProcess();
        TimeSpan sliceCpu = TimeSpan.Zero, allCpu = TimeSpan.Zero;
        var sliceWall = TimeSpan.Zero;
        int done = 0, sliceStart = 0, joined = 0, copies = 0;
        Console.WriteLine(string.Format(inv, "cluster-speed: {0:N0} synthetic articles over {1} days, batches of {2}, seed {3}; {4} cores, {5}",
            total, days, batch, seed, Environment.ProcessorCount, System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription));
        Console.WriteLine("articles            | CPU µs/article | articles/s (CPU) | wall µs/article | stories | active");
        var items = new (Article Article, FeatureVector Features, FeatureVector Title)[batch];
        while (done < total)
        {
            int next = checkpoints.GetViewBetween(done + 1, int.MaxValue).Min;
            int n = Math.Min(batch, next - done);
            for (int i = 0; i < n; i++)
                items[i] = gen.Next();
            var cpu0 = thread.TotalProcessorTime;
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < n; i++)
            {
                var a = clusterer.Add(items[i].Article, items[i].Features, items[i].Title);
                if (a.IsCopy)
                    copies++;
                else if (!a.NewStory)
                    joined++;
            }
            _ = clusterer.TakeChangedStories();
            _ = clusterer.TakeDocumentFrequencyDelta();
            sliceWall += Stopwatch.GetElapsedTime(t0);
            thread.Refresh();
            var spent = thread.TotalProcessorTime - cpu0;
            sliceCpu += spent;
            allCpu += spent;
            done += n;
            if (done - sliceStart >= slice || done == total)
            {
                int count = done - sliceStart;
                double us = sliceCpu.TotalMilliseconds * 1000 / count;
                Console.WriteLine(string.Format(inv, "{0,8:N0}-{1,9:N0} | {2,14:F1} | {3,16:N0} | {4,15:F1} | {5,7:N0} | {6,6:N0}",
                    sliceStart + 1, done, us, count / Math.Max(1e-9, sliceCpu.TotalSeconds), sliceWall.TotalMilliseconds * 1000 / count,
                    clusterer.StoryCount, clusterer.ActiveStories));
                sliceStart = done;
                sliceCpu = TimeSpan.Zero;
                sliceWall = TimeSpan.Zero;
            }
            if (checkpoints.Contains(done))
            {
                Array.Clear(items);
                long heap = Heap() - heap0;
                var (keys, tableBytes) = clusterer.FrequencyFootprint;
                Console.WriteLine(string.Format(inv, "  at {0:N0}: clusterer heap {1:F1} MB = {2:N0} bytes per article ({3:N0} active stories, {4:N0} bytes per active story); of which frequency tables {5:F1} MB ({6:N0} keys), the rest {7:N0} bytes per article",
                    done, heap / 1048576.0, heap / (double)done, clusterer.ActiveStories, heap / (double)Math.Max(1, clusterer.ActiveStories),
                    tableBytes / 1048576.0, keys, (heap - tableBytes) / (double)done));
            }
        }
        Console.WriteLine(string.Format(inv, "all: {0:N0} articles in {1:F1} s CPU = {2:N0} articles/s per core; {3:N0} stories, {4:N0} joined, {5:N0} copies; events generated {6:N0}",
            total, allCpu.TotalSeconds, total / allCpu.TotalSeconds, clusterer.StoryCount, joined, copies, gen.Events));
        GC.KeepAlive(clusterer);
        return 0;
    }

    /// <summary><c>--pages DIR</c>: real articles instead of synthetic ones. Every page goes through the standard
    /// per-page stages first (not timed), then the articles are added in publication order ten times over (each
    /// pass into a fresh clusterer; the first ones warm the JIT up to its optimized tier) and the best pass's CPU time per article is printed, with
    /// the feature vectors' sizes: what a real article costs against the synthetic stream's.</summary>
    private static int RealPages(string dir, CultureInfo inv)
    {
        var pipeline = Tidings.Ingest.Ingestor.StandardPipeline();
        var docs = new List<(Article Article, FeatureVector Features, FeatureVector Title)>();
        foreach (var path in Tidings.Ingest.PageSource.Expand([dir]))
        {
            var read = Tidings.Ingest.PageSource.ReadOne(path);
            if (read.Document is null)
                continue;
            try
            {
                var d = pipeline.Process(read.Document);
                docs.Add((d.ToArticle(), d.Features, d.TitleFeatures));
            }
            catch (DocumentRejectedException)
            {
                // a page with no article text: the ingest reports it as failed; not the clusterer's cost
            }
        }
        docs = [.. docs.OrderBy(d => d.Article.Published ?? DateTimeOffset.MaxValue)];
        var thread = Process.GetCurrentProcess();
        double best = double.MaxValue;
        int stories = 0;
        for (int pass = 0; pass < 10; pass++)
        {
            var c = StoryClusterer.Create();
            thread.Refresh();
            var cpu0 = thread.TotalProcessorTime;
            for (int i = 0; i < docs.Count; i++)
            {
                c.Add(docs[i].Article, docs[i].Features, docs[i].Title);
                if (i % 256 == 255)
                {
                    _ = c.TakeChangedStories();
                    _ = c.TakeDocumentFrequencyDelta();
                }
            }
            thread.Refresh();
            best = Math.Min(best, (thread.TotalProcessorTime - cpu0).TotalMilliseconds * 1000 / docs.Count);
            stories = c.StoryCount;
        }
        Console.WriteLine(string.Format(inv, "cluster-speed --pages {0}: {1:N0} articles, {2:F0} keys per article on average (max {3:N0}), {4:F0} title keys; best of 10 passes {5:F1} µs CPU per article = {6:N0} articles/s per core; {7:N0} stories",
            dir, docs.Count, docs.Average(d => d.Features.Count), docs.Max(d => d.Features.Count), docs.Average(d => d.Title.Count), best, 1e6 / best, stories));
        return 0;
    }

    private static long Heap()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(true);
    }

    /// <summary>The synthetic stream. Keeps only the current event's state (and the pools' parameters), so that its
    /// own memory does not grow with the stream.</summary>
    private sealed class Generator(int seed, int total, double days)
    {
        private readonly Random _rng = new(seed);
        private readonly DateTimeOffset _start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
        private int _made;
        private int _left;
        private Event? _event;
        private readonly StringBuilder _text = new();

        public int Events { get; private set; }

        private sealed class Event
        {
            public required string[] Languages;
            public required int[][] Words; // per language, the event's own word ranks
            public required int[] Concepts;
            public required int[] Names;
            public required int[] Places;
            public required int[] Numbers;
            public required int Day;
            public required DateTimeOffset Time;
            public required long Id;
            public string? FirstText;
        }

        /// <summary>A Zipf-like rank in [0, n): log-uniform with exponent ~1.</summary>
        private int Zipf(int n) => (int)Math.Min(n - 1, Math.Exp(_rng.NextDouble() * Math.Log(n)) - 1);

        /// <summary>A rank from the middle of the vocabulary (topic words: neither function-like nor unique).</summary>
        private int Mid(int n) => 200 + _rng.Next(n - 200);

        private Event NewEvent()
        {
            Events++;
            int languages = 1 + (_rng.NextDouble() < 0.3 ? _rng.Next(1, 4) : 0);
            var langs = Enumerable.Range(0, languages).Select(_ => Languages[_rng.Next(Languages.Length)]).Distinct().ToArray();
            var time = _start + TimeSpan.FromDays(days * _made / Math.Max(1, total));
            return new Event
            {
                Id = Events,
                Languages = langs,
                Words = langs.Select(_ => Enumerable.Range(0, 80).Select(_ => Mid(60_000)).ToArray()).ToArray(),
                Concepts = Enumerable.Range(0, 30).Select(_ => Mid(20_000)).ToArray(),
                // two actors from the famous end (shared by many events), the rest rare
                Names = [Zipf(2_000), Zipf(2_000), .. Enumerable.Range(0, 4 + _rng.Next(6)).Select(_ => Zipf(100_000))],
                Places = [Zipf(20_000), .. _rng.NextDouble() < 0.5 ? new[] { Zipf(20_000) } : []],
                Numbers = Enumerable.Range(0, 2 + _rng.Next(4)).Select(_ => _rng.Next(1, 1_000_000)).ToArray(),
                Day = time.DayOfYear - _rng.Next(0, 2),
                Time = time,
            };
        }

        public (Article, FeatureVector, FeatureVector) Next()
        {
            if (_event is null || _left == 0)
            {
                _event = NewEvent();
                _left = 1;
                while (_rng.NextDouble() < 0.6 && _left < 60)
                    _left++;
            }
            _left--;
            var e = _event;
            int li = _rng.Next(e.Languages.Length);
            string lang = e.Languages[li];
            var counts = new Dictionary<ulong, float>(300);
            var title = new Dictionary<ulong, float>(16);
            void Add(FeatureKind kind, string prefix, int value, bool inTitle = false, float tf = 1)
            {
                var key = FeatureVector.Key(kind, prefix, value.ToString(CultureInfo.InvariantCulture));
                counts[key] = counts.GetValueOrDefault(key) + tf;
                if (inTitle && title.Count < 12)
                    title[key] = 1;
            }
            string wordPrefix = lang + ":";
            _text.Clear();
            for (int i = 0; i < 150; i++)
            {
                int rank = i % 2 == 0 ? e.Words[li][_rng.Next(e.Words[li].Length)] : Zipf(60_000);
                Add(FeatureKind.Word, wordPrefix, rank, inTitle: i < 14 && i % 2 == 0, tf: 1 + _rng.Next(3));
            }
            for (int i = 0; i < 50; i++)
                Add(FeatureKind.Concept, "", i % 2 == 0 ? e.Concepts[_rng.Next(e.Concepts.Length)] : Zipf(20_000));
            foreach (int name in e.Names)
            {
                if (_rng.NextDouble() < 0.75)
                    Add(FeatureKind.Name, "", name, inTitle: name == e.Names[0], tf: 1 + _rng.Next(4));
            }
            for (int i = 0; i < 3; i++)
                Add(FeatureKind.Name, "", Zipf(100_000)); // names the other articles of the event do not mention
            foreach (int place in e.Places)
                Add(FeatureKind.Place, "", place, inTitle: true);
            Add(FeatureKind.Date, "d", e.Day);
            if (_rng.NextDouble() < 0.3)
                Add(FeatureKind.Date, "d", e.Day - _rng.Next(1, 30));
            foreach (int number in e.Numbers)
            {
                if (_rng.NextDouble() < 0.6)
                    Add(FeatureKind.Number, "", number);
            }
            Add(FeatureKind.Number, "", Zipf(1_000));
            for (int i = 0; i < 3; i++)
                Add(FeatureKind.Token, "", Zipf(5_000));

            // a text for the SimHash: a wire copy now and then (one in ten reports of a bigger event repeats the first)
            string text;
            if (e.FirstText is not null && _rng.NextDouble() < 0.1)
            {
                text = e.FirstText;
            }
            else
            {
                for (int i = 0; i < 350; i++)
                {
                    _text.Append('w').Append(i % 3 == 0 ? e.Words[li][_rng.Next(e.Words[li].Length)] : Zipf(60_000)).Append(' ');
                }
                text = _text.ToString();
                e.FirstText ??= text;
            }
            var published = e.Time + TimeSpan.FromMinutes(_rng.Next(0, 24 * 60));
            var seen = _start + TimeSpan.FromDays(days * _made / Math.Max(1, total));
            _made++;
            var article = new Article
            {
                Id = _made.ToString(CultureInfo.InvariantCulture),
                Title = "Event " + e.Id.ToString(CultureInfo.InvariantCulture),
                Text = text,
                Language = LanguageTag.Parse(lang),
                Published = published,
                IngestedAt = seen,
            };
            return (article, FeatureVector.FromCounts(counts), FeatureVector.FromCounts(title));
        }
    }
}
