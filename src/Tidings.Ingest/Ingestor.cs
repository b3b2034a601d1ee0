using System.Diagnostics;
using Tidings.Clustering;
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
    private StoryClusterer _clusterer;
    private long _sequence;
    private bool _stale;

    private Ingestor(IClusterStateStore store, Pipeline pipeline, ClusteringOptions clustering, TidingsOptions options, ClusterState state)
    {
        _store = store;
        _pipeline = pipeline;
        _clustering = clustering;
        _options = options;
        _clusterer = StoryClusterer.Create(state, clustering);
        _sequence = state.Sequence;
    }

    /// <summary>The standard pipeline, in its checked order.</summary>
    public static Pipeline StandardPipeline() =>
        Pipeline.Create([Extractor.Create(), LanguageDetector.Create(), ContentId.Create(), FeatureExtractor.Create()]);

    /// <summary>An ingestor writing to <paramref name="store"/>, resuming its active stories. Hosts get one from the
    /// composition root (<c>Tidings.Composition.TidingsEngine.CreateIngestorAsync</c>).</summary>
    public static async Task<Ingestor> CreateAsync(IClusterStateStore store, Pipeline pipeline, TidingsOptions? options = null,
        ClusteringOptions? clustering = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pipeline);
        options ??= new TidingsOptions();
        clustering ??= new ClusteringOptions();
        var state = await store.LoadActiveStateAsync(options.ActiveWindow, cancellation).ConfigureAwait(false);
        return new Ingestor(store, pipeline, clustering, options, state);
    }

    /// <summary>Stories the clusterer holds in memory (the active ones, plus those created or caught up on since).</summary>
    public int ActiveStories => _clusterer.StoryCount;

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
        var stagesTime = new Stopwatch();
        var clusterTime = new Stopwatch();
        var storeTime = new Stopwatch();
        var articles = _store as IArticleStore;
        var run = new IngestRun(request, _pipeline,
            async (batch, checkpoints, ct) =>
            {
                var docs = batch.Select(p => p.Document!).ToList();
                var (added, duplicates, stories) = await CommitAsync(docs, checkpoints, clusterTime, storeTime, ct).ConfigureAwait(false);
                return new BatchOutcome(added, duplicates, stories);
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

    /// <summary>Ingests pages already read.</summary>
    public async Task<IngestReport> IngestAsync(IEnumerable<PageInput> pages, int total, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(pages);
        int added = 0, duplicates = 0, done = 0, storiesCreated = 0;
        var failures = new List<IngestFailure>();
        var stagesTime = new Stopwatch();
        var clusterTime = new Stopwatch();
        var storeTime = new Stopwatch();
        var none = new Dictionary<string, string>();
        foreach (var chunk in pages.Chunk(Math.Max(1, _options.BatchSize)))
        {
            cancellation.ThrowIfCancellationRequested();
            // the stateless stages run in parallel, outside the write turn
            stagesTime.Start();
            var processed = chunk.AsParallel().AsOrdered().WithCancellation(cancellation).Select(Process).ToArray();
            stagesTime.Stop();
            foreach (var (input, document, error) in processed)
            {
                if (document is null)
                    failures.Add(new IngestFailure(input.Path, error ?? "unreadable"));
            }
            var (a, d, s) = await CommitAsync(processed.Where(p => p.Document is not null).Select(p => p.Document!).ToList(), none, clusterTime, storeTime, cancellation).ConfigureAwait(false);
            added += a;
            duplicates += d;
            storiesCreated += s;
            foreach (var (input, _, _) in processed)
                progress?.Report(new IngestProgress(++done, total, input.Path));
        }
        return new IngestReport(added, duplicates, failures, storiesCreated)
        {
            Timings = (stagesTime.Elapsed, clusterTime.Elapsed, storeTime.Elapsed),
        };
    }

    /// <summary>One batch in the database's write turn: catch up on other writers, drop known and repeated ids,
    /// assign stories, commit the articles, stories, frequencies and checkpoints atomically.</summary>
    private async Task<(int New, int Duplicate, int StoriesCreated)> CommitAsync(IReadOnlyList<Document> documents, IReadOnlyDictionary<string, string> checkpoints,
        Stopwatch clusterTime, Stopwatch storeTime, CancellationToken cancellation)
    {
        int added = 0, duplicates = 0, storiesCreated = 0;
        var ids = new HashSet<string>(documents.Select(d => d.Id), StringComparer.Ordinal);
        if (_stale)
            await ReloadAsync(cancellation).ConfigureAwait(false);
        storeTime.Start();
        var session = await _store.BeginWriteAsync(cancellation).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            _stale = true; // until the commit succeeds, memory may be ahead of the database
            var changes = await session.ChangesSinceAsync(_sequence, cancellation).ConfigureAwait(false);
            var known = await session.KnownAsync(ids, cancellation).ConfigureAwait(false);
            storeTime.Stop();

            clusterTime.Start();
            _clusterer.CatchUp(changes);
            var batch = new List<StoredArticle>();
            var inBatch = new HashSet<string>(StringComparer.Ordinal);
            foreach (var document in documents)
            {
                if (known.Contains(document.Id) || !inBatch.Add(document.Id))
                {
                    duplicates++;
                    continue;
                }
                var article = document.ToArticle();
                var assignment = _clusterer.Add(article, document.Features);
                batch.Add(new StoredArticle(article with { StoryId = assignment.StoryId }, document.Features));
                if (assignment.NewStory)
                    storiesCreated++;
                added++;
            }
            var write = new WriteBatch(batch, _clusterer.TakeChangedStories(), _clusterer.TakeDocumentFrequencyDelta()) { Checkpoints = checkpoints };
            clusterTime.Stop();

            storeTime.Start();
            _sequence = await session.CommitAsync(write, cancellation).ConfigureAwait(false);
            _stale = false;
            storeTime.Stop();
        }
        return (added, duplicates, storiesCreated);
    }

    /// <summary>After a failed batch the clusterer may hold stories the database never got: start again from the store.</summary>
    private async Task ReloadAsync(CancellationToken cancellation)
    {
        var state = await _store.LoadActiveStateAsync(_options.ActiveWindow, cancellation).ConfigureAwait(false);
        _clusterer = StoryClusterer.Create(state, _clustering);
        _sequence = state.Sequence;
        _stale = false;
    }

    private (PageInput Input, Document? Document, string? Error) Process(PageInput input)
    {
        if (input.Document is null)
            return (input, null, input.Error);
        try
        {
            var doc = _pipeline.Process(input.Document);
            if (doc.Text.Length == 0 && doc.Title.Length == 0)
                return (input, null, "no article text found");
            return (input, doc, null);
        }
        catch (DocumentRejectedException e)
        {
            return (input, null, e.Message);
        }
#pragma warning disable CA1031 // one bad page must never stop the run: it is reported by name and the rest go in
        catch (Exception e)
#pragma warning restore CA1031
        {
            return (input, null, $"internal error: {e.GetType().Name}: {e.Message}");
        }
    }
}
