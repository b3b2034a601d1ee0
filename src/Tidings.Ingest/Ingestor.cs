using System.Diagnostics;
using Microsoft.Extensions.AI;
using Tidings.Clustering;
using Tidings.Clustering.Embeddings;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.LanguageId;
using Tidings.Storage;
using Tidings.Text;

namespace Tidings.Ingest;

/// <summary>Runs pages through the pipeline (extract, detect language, content id, features) in parallel, then per
/// batch takes the database's write turn, catches up on what other writers committed, drops known pages, assigns
/// stories with the streaming clusterer and commits the batch atomically. Any number of ingestors (in any number of
/// processes) may write to one database. One ingestor is used by one caller at a time.</summary>
public sealed class Ingestor
{
    private readonly IClusterStateStore _store;
    private readonly Pipeline _pipeline;
    private readonly ClusteringOptions _clustering;
    private readonly TidingsOptions _options;
    private readonly IEmbeddingGenerator<string, Embedding<float>>? _embedder;
    private StoryClusterer _clusterer;
    private long _sequence;
    private bool _stale;

    /// <summary>An article is embedded from its title and the start of its text, at most this many characters (the
    /// embedder may cut further: <see cref="EmbedderOptions.MaxInputChars"/>).</summary>
    internal const int EmbeddingChars = 4000;

    private Ingestor(IClusterStateStore store, Pipeline pipeline, ClusteringOptions clustering, TidingsOptions options, StoryClusterer clusterer, long sequence,
        IEmbeddingGenerator<string, Embedding<float>>? embedder)
    {
        _embedder = embedder;
        _store = store;
        _pipeline = pipeline;
        _clustering = clustering;
        _options = options;
        _clusterer = clusterer;
        _sequence = sequence;
    }

    /// <summary>The standard pipeline, in its checked order. Its site-furniture stage keeps what it learns for the life of
    /// the pipeline (one ingest run).</summary>
    public static Pipeline StandardPipeline()
    {
        // the language model loads beside the lexicons (each once per process)
        var language = Task.Run(LanguageDetector.Create);
        var features = FeatureExtractor.Create();
        return Pipeline.Create([Extractor.Create(), PageKindClassifier.Create(), language.GetAwaiter().GetResult(), ContentId.Create(), SiteFurniture.Create(), features]);
    }

    /// <summary>An ingestor writing to <paramref name="store"/>, resuming its active stories. Hosts get one from the
    /// composition root (<c>Tidings.Composition.TidingsEngine.CreateIngestorAsync</c>).</summary>
    public static Task<Ingestor> CreateAsync(IClusterStateStore store, Pipeline pipeline, TidingsOptions? options = null,
        ClusteringOptions? clustering = null, CancellationToken cancellation = default, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        return CreateAsync(store, Task.FromResult(pipeline), options, clustering, cancellation, embedder);
    }

    /// <summary>The same with a pipeline that may still be loading (its language model and lexicons): the store's
    /// active stories are read and put into the clusterer meanwhile, so start-up takes the longer of the two rather
    /// than their sum. With an <paramref name="embedder"/>, each batch's new articles are embedded (title and start of
    /// text) before the batch takes the write turn, and the vectors reach the clusterer (the dense_cos feature); when the
    /// embedder fails, the batch fails with its <see cref="EmbedderException"/> and nothing of it is committed.</summary>
    public static async Task<Ingestor> CreateAsync(IClusterStateStore store, Task<Pipeline> pipeline, TidingsOptions? options = null,
        ClusteringOptions? clustering = null, CancellationToken cancellation = default, IEmbeddingGenerator<string, Embedding<float>>? embedder = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pipeline);
        options ??= new TidingsOptions();
        clustering ??= new ClusteringOptions();
        var state = await store.LoadActiveStateAsync(clustering.ActiveWindow, cancellation).ConfigureAwait(false);
        var clusterer = StoryClusterer.Create(state, clustering);
        return new Ingestor(store, await pipeline.ConfigureAwait(false), clustering, options, clusterer, state.Sequence, embedder);
    }

    /// <summary>Stories the clusterer holds in memory (the active ones, plus those created or caught up on since).</summary>
    public int ActiveStories => _clusterer.StoryCount;

    /// <summary>Called for every new article with where the story engine put it (for evaluation and tracing).</summary>
    public Action<Article, Assignment>? Assigned { get; set; }

    /// <summary>Called when an article assigned earlier moves to another story (a late join: its one-report story
    /// merged into its event's story), with the article id and the story it now belongs to.</summary>
    public Action<string, long>? Moved { get; set; }

    /// <summary>Ingests files, folders, globs and "-" (standard input, JSONL) with the default limits.</summary>
    public Task<IngestReport> IngestPathsAsync(IEnumerable<string> paths, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        return IngestAsync(new IngestRequest { Paths = paths.ToList(), BatchSize = Math.Max(1, _options.BatchSize) }, progress, cancellation);
    }

    /// <summary>Ingests what the request names: every reader (pages, JSONL, news-please, RSS/Atom, WARC), resuming
    /// each input from its checkpoint, the per-document stages on every core, batches committed in input order by
    /// size and time with the checkpoints of the inputs they read; under <see cref="IngestRequest.Watch"/> until
    /// cancelled. Cancelling commits what was processed, then throws <see cref="OperationCanceledException"/> (not
    /// under --watch, where cancelling is how the run ends).</summary>
    public async Task<IngestReport> IngestAsync(IngestRequest request, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clusterTime = new Stopwatch();
        var storeTime = new Stopwatch();
        var articles = _store as IArticleStore;
        var run = new IngestRun(request, _pipeline,
            async (batch, checkpoints, ct) =>
            {
                // earlier batches are in the store: its known ids find their copies
                var docs = batch.Select(p => (p.Item.Where.ToString(), p.Document!)).ToList();
                var committed = await CommitAsync(docs, checkpoints, null, clusterTime, storeTime, ct).ConfigureAwait(false);
                return new BatchOutcome(committed.New, committed.Duplicate, committed.StoriesCreated);
            },
            (key, ct) => articles is null ? Task.FromResult<string?>(null) : articles.GetCheckpointAsync(key, ct),
            progress);
        IngestReport report;
        try
        {
            report = await run.RunAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (request.Watch)
        {
            report = run.LastReport;
        }
        return report with { Timings = (run.Timings.Stages, clusterTime.Elapsed, storeTime.Elapsed) };
    }

    /// <summary>Ingests pages already read (the HTTP server's documents), in batches of the options' batch size, with
    /// every page's outcome in input order. With <paramref name="timeOrder"/>, every page is processed first and the
    /// articles are clustered in order of publication (undated ones last, each group in input order), as a stream
    /// of news would arrive.</summary>
    public async Task<IngestReport> IngestAsync(IEnumerable<PageInput> pages, int total, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default,
        bool timeOrder = false)
    {
        ArgumentNullException.ThrowIfNull(pages);
        int added = 0, duplicates = 0, done = 0, storiesCreated = 0;
        var failures = new List<IngestFailure>();
        var outcomes = new List<IngestOutcome>();
        var seen = new Dictionary<string, long?>(StringComparer.Ordinal); // id -> the story it joined in this run
        var warnings = new List<IngestFailure>();
        var stagesTime = new Stopwatch();
        var clusterTime = new Stopwatch();
        var storeTime = new Stopwatch();
        var none = new Dictionary<string, string>();
        IEnumerable<(PageInput Input, Document? Document, string? Error)[]> chunks = pages.Chunk(Math.Max(1, _options.BatchSize)).Select(chunk =>
        {
            cancellation.ThrowIfCancellationRequested();
            // the per-document stages run in parallel, outside the write turn (the site-furniture stage first learns
            // from the whole batch); clustering is sequential and in input order
            stagesTime.Start();
            var processed = Process(chunk, cancellation);
            stagesTime.Stop();
            return processed;
        });
        if (timeOrder)
        {
            chunks = chunks.SelectMany(c => c).Select((p, i) => (p, i))
                .OrderBy(t => t.p.Document?.Published is null ? 1 : 0).ThenBy(t => t.p.Document?.Published).ThenBy(t => t.i)
                .Select(t => t.p).ToArray().Chunk(Math.Max(1, _options.BatchSize));
        }
        foreach (var processed in chunks)
        {
            var documents = new List<(string Path, Document Document)>(processed.Length);
            foreach (var (input, document, _) in processed)
            {
                if (document is null)
                    continue;
                foreach (var w in document.Warnings)
                    warnings.Add(new IngestFailure(input.Path, w));
                documents.Add((input.Path, document));
            }
            var committed = await CommitAsync(documents, none, seen, clusterTime, storeTime, cancellation).ConfigureAwait(false);
            added += committed.New;
            duplicates += committed.Duplicate;
            storiesCreated += committed.StoriesCreated;
            // the outcomes in input order: the rejected ones where they were
            int next = 0;
            foreach (var (input, document, error) in processed)
            {
                if (document is null)
                {
                    failures.Add(new IngestFailure(input.Path, error ?? "unreadable"));
                    outcomes.Add(new IngestOutcome(input.Path, IngestStatus.Rejected, null, null, false, error ?? "unreadable"));
                }
                else
                {
                    outcomes.Add(committed.Outcomes[next++]);
                }
            }
            foreach (var (input, _, _) in processed)
                progress?.Report(new IngestProgress(++done, total, input.Path));
        }
        return new IngestReport(added, duplicates, failures, storiesCreated)
        {
            Warnings = warnings,
            Timings = (stagesTime.Elapsed, clusterTime.Elapsed, storeTime.Elapsed),
            Outcomes = outcomes,
        };
    }

    private sealed record Committed(int New, int Duplicate, int StoriesCreated, IReadOnlyList<IngestOutcome> Outcomes);

    /// <summary>One batch in the database's write turn: catch up on other writers, drop known ids and ids seen before in
    /// this run, assign stories, commit the articles, stories, frequencies and checkpoints atomically. Returns each
    /// document's outcome in order.</summary>
    private async Task<Committed> CommitAsync(IReadOnlyList<(string Path, Document Document)> documents, IReadOnlyDictionary<string, string> checkpoints,
        Dictionary<string, long?>? seen, Stopwatch clusterTime, Stopwatch storeTime, CancellationToken cancellation)
    {
        int added = 0, duplicates = 0, storiesCreated = 0;
        var outcomes = new List<IngestOutcome>(documents.Count);
        var ids = new HashSet<string>(documents.Select(d => d.Document.Id), StringComparer.Ordinal);
        if (_stale)
            await ReloadAsync(cancellation).ConfigureAwait(false);
        // embeddings come before the write turn (a slow server must not hold the database's write lock); a failure
        // fails the batch before anything of it is written
        var dense = _embedder is null ? null : await EmbedAsync(documents, seen, cancellation).ConfigureAwait(false);
        storeTime.Start();
        var session = await _store.BeginWriteAsync(cancellation).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            _stale = true; // until the commit succeeds, memory may be ahead of the database
            var changes = await session.ChangesSinceAsync(_sequence, cancellation).ConfigureAwait(false);
            var known = await session.KnownAsync(ids, cancellation).ConfigureAwait(false);

            _clusterer.CatchUp(changes);
            // the document frequencies of this batch's keys that the clusterer does not hold yet
            var missing = _clusterer.MissingFrequencies(documents.SelectMany(d => new[] { d.Document.Features, d.Document.TitleFeatures }));
            if (missing.Count > 0)
                _clusterer.SupplyFrequencies(missing, await session.FrequenciesAsync(missing, cancellation).ConfigureAwait(false));
            storeTime.Stop();

            clusterTime.Start();
            var batch = new List<StoredArticle>();
            var joined = new List<(string Id, long? StoryId)>();
            var inBatch = new Dictionary<string, long?>(StringComparer.Ordinal);
            foreach (var (path, document) in documents)
            {
                if (inBatch.TryGetValue(document.Id, out var earlier) || (seen?.TryGetValue(document.Id, out earlier) ?? false) || known.Contains(document.Id))
                {
                    duplicates++;
                    outcomes.Add(new IngestOutcome(path, IngestStatus.Duplicate, document.Id, earlier, false, null));
                    continue;
                }
                var article = document.ToArticle();
                float[]? embedding = null;
                if (dense is not null && !dense.TryGetValue(document.Id, out embedding))
                    throw new InvalidOperationException($"article {document.Id} was not embedded"); // known before the write turn, unknown in it
                var assignment = _clusterer.Add(article, document.Features, document.TitleFeatures, embedding);
                var stored = article with { StoryId = assignment.StoryId, IsCopy = assignment.IsCopy, Centrality = assignment.Centrality, Evidence = assignment.Evidence?.ToJson() };
                Assigned?.Invoke(stored, assignment);
                batch.Add(new StoredArticle(stored, document.Features));
                inBatch[document.Id] = assignment.StoryId;
                outcomes.Add(new IngestOutcome(path, IngestStatus.New, document.Id, assignment.StoryId, assignment.NewStory, null));
                if (assignment.NewStory)
                    storiesCreated++;
                added++;
            }
            var moves = _clusterer.TakeMoves();
            foreach (var (id, story, _) in moves)
            {
                if (inBatch.ContainsKey(id))
                    inBatch[id] = story;
                Moved?.Invoke(id, story);
            }
            var write = new WriteBatch(batch, _clusterer.TakeChangedStories(), _clusterer.TakeDocumentFrequencyDelta())
            {
                Checkpoints = checkpoints,
                Moves = [.. moves.Select(m => new ArticleMove(m.ArticleId, m.StoryId, m.Evidence.ToJson()))],
            };
            clusterTime.Stop();

            storeTime.Start();
            _sequence = await session.CommitAsync(write, cancellation).ConfigureAwait(false);
            _stale = false;
            storeTime.Stop();
            if (seen is not null)
            {
                foreach (var (id, story) in inBatch)
                    seen[id] = story;
            }
        }
        return new Committed(added, duplicates, storiesCreated, outcomes);
    }

    /// <summary>The embeddings of the batch's articles that are new: not seen before in this run, not in the store.</summary>
    private async Task<Dictionary<string, float[]>> EmbedAsync(IReadOnlyList<(string Path, Document Document)> documents, Dictionary<string, long?>? seen,
        CancellationToken cancellation)
    {
        var fresh = new Dictionary<string, Document>(StringComparer.Ordinal);
        foreach (var (_, d) in documents)
        {
            if (!(seen?.ContainsKey(d.Id) ?? false))
                fresh.TryAdd(d.Id, d);
        }
        if (_store is IArticleStore articles && fresh.Count > 0)
        {
            foreach (var id in await articles.KnownAsync(fresh.Keys, cancellation).ConfigureAwait(false))
                fresh.Remove(id);
        }
        var result = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (fresh.Count == 0)
            return result;
        var list = fresh.Values.ToList();
        var texts = list.Select(d => Embedders.ArticleText(d.Title, d.FeatureText, EmbeddingChars)).ToList();
        var vectors = await _embedder!.EmbedAsync(texts, cancellation).ConfigureAwait(false);
        for (int i = 0; i < list.Count; i++)
            result[list[i].Id] = vectors[i];
        return result;
    }

    /// <summary>After a failed batch the clusterer may hold stories the database never got: start again from the store.</summary>
    private async Task ReloadAsync(CancellationToken cancellation)
    {
        var state = await _store.LoadActiveStateAsync(_clustering.ActiveWindow, cancellation).ConfigureAwait(false);
        _clusterer = StoryClusterer.Create(state, _clustering);
        _sequence = state.Sequence;
        _stale = false;
    }

    private (PageInput Input, Document? Document, string? Error)[] Process(PageInput[] chunk, CancellationToken cancellation)
    {
        var result = new (PageInput Input, Document? Document, string? Error)[chunk.Length];
        var documents = new List<Document>(chunk.Length);
        var index = new List<int>(chunk.Length);
        for (int i = 0; i < chunk.Length; i++)
        {
            result[i] = (chunk[i], null, chunk[i].Error ?? "unreadable");
            if (chunk[i].Document is { } raw)
            {
                documents.Add(new Document(raw));
                index.Add(i);
            }
        }
        var errors = _pipeline.ProcessBatch(documents, _options.StageScheduler, cancellation);
        for (int k = 0; k < documents.Count; k++)
        {
            int i = index[k];
            result[i] = errors[k] switch
            {
                null when documents[k].Text.Length == 0 => (chunk[i], null, "no article text found"),
                null => (chunk[i], documents[k], null),
                DocumentRejectedException e => (chunk[i], null, e.Message),
                var e => (chunk[i], null, $"internal error: {e.GetType().Name}: {e.Message}"),
            };
        }
        return result;
    }
}
