using System.Diagnostics;
using Tidings.Clustering;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.LanguageId;
using Tidings.Storage;
using Tidings.Text;

namespace Tidings.Ingest;

/// <summary>A page that could not be ingested, and why.</summary>
public sealed record IngestFailure(string Path, string Reason);

/// <summary>What became of one page.</summary>
public enum IngestStatus
{
    New,
    Duplicate,
    Rejected,
}

/// <summary>One page's outcome, in input order: its content id, the story it joined (null for a page stored before
/// this run, whose story the store knows), whether that story was created by it, or why it was rejected.</summary>
public sealed record IngestOutcome(string Path, IngestStatus Status, string? Id, long? StoryId, bool NewStory, string? Reason);

/// <summary>What an ingest run did.</summary>
public sealed record IngestReport(int New, int Duplicate, IReadOnlyList<IngestFailure> Failures, int StoriesCreated)
{
    public int Failed => Failures.Count;

    /// <summary>Every page's outcome, in input order.</summary>
    public IReadOnlyList<IngestOutcome> Outcomes { get; init; } = [];
    /// <summary>Pages that went in but over a limit (cut, with what was cut), by path.</summary>
    public IReadOnlyList<IngestFailure> Warnings { get; init; } = [];

    /// <summary>Wall time in the per-document stages (parallel), in clustering (with catching up on other writers),
    /// and in the store (waiting for the write turn, checking known ids, writing).</summary>
    public (TimeSpan Stages, TimeSpan Clustering, TimeSpan Store) Timings { get; init; }
}

/// <summary>Progress of an ingest run: pages handled so far out of the total.</summary>
public readonly record struct IngestProgress(int Done, int Total, string Current);

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

    /// <summary>The standard pipeline, in its checked order. Its site-furniture stage keeps what it learns for the life of
    /// the pipeline (one ingest run).</summary>
    public static Pipeline StandardPipeline() =>
        Pipeline.Create([Extractor.Create(), PageKindClassifier.Create(), LanguageDetector.Create(), ContentId.Create(), SiteFurniture.Create(), FeatureExtractor.Create()]);

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

    /// <summary>Called for every new article with where the story engine put it (for evaluation and tracing).</summary>
    public Action<Article, Assignment>? Assigned { get; set; }

    /// <summary>Ingests files and folders (see <see cref="PageSource"/>).</summary>
    public Task<IngestReport> IngestPathsAsync(IEnumerable<string> paths, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default,
        bool timeOrder = false)
    {
        var files = PageSource.Expand(paths).ToList();
        return IngestAsync(files.Select(PageSource.ReadOne), files.Count, progress, cancellation, timeOrder);
    }

    /// <summary>Ingests pages already read. With <paramref name="timeOrder"/>, every page is processed first and the
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
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (_, document, _) in processed)
            {
                if (document is not null)
                    ids.Add(document.Id);
            }

            if (_stale)
                await ReloadAsync(cancellation).ConfigureAwait(false);
            storeTime.Start();
            var session = await _store.BeginWriteAsync(cancellation).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                _stale = true; // until the commit succeeds, memory may be ahead of the database
                var changes = await session.ChangesSinceAsync(_sequence, cancellation).ConfigureAwait(false);
                var known = await session.KnownAsync(ids, cancellation).ConfigureAwait(false);

                _clusterer.CatchUp(changes);
                // the document frequencies of this batch's keys that the clusterer does not hold yet
                var missing = _clusterer.MissingFrequencies(processed.Where(p => p.Document is not null)
                    .SelectMany(p => new[] { p.Document!.Features, p.Document.TitleFeatures }));
                if (missing.Count > 0)
                    _clusterer.SupplyFrequencies(missing, await session.FrequenciesAsync(missing, cancellation).ConfigureAwait(false));
                storeTime.Stop();

                clusterTime.Start();
                var batch = new List<StoredArticle>();
                var chunkOutcomes = new List<IngestOutcome>(processed.Length);
                foreach (var (input, document, error) in processed)
                {
                    if (document is null)
                    {
                        failures.Add(new IngestFailure(input.Path, error ?? "unreadable"));
                        chunkOutcomes.Add(new IngestOutcome(input.Path, IngestStatus.Rejected, null, null, false, error ?? "unreadable"));
                        continue;
                    }
                    foreach (var w in document.Warnings)
                        warnings.Add(new IngestFailure(input.Path, w));
                    if (seen.TryGetValue(document.Id, out var earlier) || known.Contains(document.Id))
                    {
                        duplicates++;
                        chunkOutcomes.Add(new IngestOutcome(input.Path, IngestStatus.Duplicate, document.Id, earlier, false, null));
                        continue;
                    }
                    var article = document.ToArticle();
                    var assignment = _clusterer.Add(article, document.Features, document.TitleFeatures);
                    var stored = article with { StoryId = assignment.StoryId, IsCopy = assignment.IsCopy, Centrality = assignment.Centrality, Evidence = assignment.Evidence?.ToJson() };
                    Assigned?.Invoke(stored, assignment);
                    batch.Add(new StoredArticle(stored, document.Features));
                    seen[document.Id] = assignment.StoryId;
                    chunkOutcomes.Add(new IngestOutcome(input.Path, IngestStatus.New, document.Id, assignment.StoryId, assignment.NewStory, null));
                    if (assignment.NewStory)
                        storiesCreated++;
                    added++;
                }
                var write = new WriteBatch(batch, _clusterer.TakeChangedStories(), _clusterer.TakeDocumentFrequencyDelta());
                clusterTime.Stop();

                storeTime.Start();
                _sequence = await session.CommitAsync(write, cancellation).ConfigureAwait(false);
                _stale = false;
                outcomes.AddRange(chunkOutcomes);
                storeTime.Stop();
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

    /// <summary>After a failed batch the clusterer may hold stories the database never got: start again from the store.</summary>
    private async Task ReloadAsync(CancellationToken cancellation)
    {
        var state = await _store.LoadActiveStateAsync(_options.ActiveWindow, cancellation).ConfigureAwait(false);
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
        var errors = _pipeline.ProcessBatch(documents, cancellation);
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
