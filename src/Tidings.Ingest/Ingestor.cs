using Tidings.Clustering;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.LanguageId;
using Tidings.Storage;
using Tidings.Text;

namespace Tidings.Ingest;

/// <summary>A page that could not be ingested, and why.</summary>
public sealed record IngestFailure(string Path, string Reason);

/// <summary>What an ingest run did.</summary>
public sealed record IngestReport(int New, int Duplicate, IReadOnlyList<IngestFailure> Failures, int StoriesCreated)
{
    public int Failed => Failures.Count;

    /// <summary>Wall time in the per-document stages (parallel), in clustering, and in writing to the store.</summary>
    public (TimeSpan Stages, TimeSpan Clustering, TimeSpan Store) Timings { get; init; }
}

/// <summary>Progress of an ingest run: pages handled so far out of the total.</summary>
public readonly record struct IngestProgress(int Done, int Total, string Current);

/// <summary>Runs pages through the pipeline (extract, detect language, content id, features), drops duplicates,
/// assigns stories with the streaming clusterer and writes each batch to the store in one transaction.</summary>
public sealed class Ingestor
{
    private readonly IStore _store;
    private readonly Pipeline _pipeline;
    private readonly StoryClusterer _clusterer;
    private readonly TidingsOptions _options;

    private Ingestor(IStore store, Pipeline pipeline, StoryClusterer clusterer, TidingsOptions options)
    {
        _store = store;
        _pipeline = pipeline;
        _clusterer = clusterer;
        _options = options;
    }

    /// <summary>The standard pipeline, in its checked order. Its site-furniture stage keeps what it learns for the life of
    /// the pipeline (one ingest run).</summary>
    public static Pipeline StandardPipeline() =>
        Pipeline.Create([Extractor.Create(), LanguageDetector.Create(), ContentId.Create(), SiteFurniture.Create(), FeatureExtractor.Create()]);

    /// <summary>An ingestor writing to <paramref name="store"/>, resuming its stories.</summary>
    public static Ingestor Create(IStore store, TidingsOptions? options = null, ClusteringOptions? clustering = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new Ingestor(store, StandardPipeline(), StoryClusterer.Create(store.LoadClusterState(), clustering), options ?? new TidingsOptions());
    }

    /// <summary>Ingests files and folders (see <see cref="PageSource"/>).</summary>
    public IngestReport IngestPaths(IEnumerable<string> paths, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        var files = PageSource.Expand(paths).ToList();
        return Ingest(files.Select(PageSource.ReadOne), files.Count, progress, cancellation);
    }

    /// <summary>Ingests pages already read.</summary>
    public IngestReport Ingest(IEnumerable<PageInput> pages, int total, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(pages);
        int added = 0, duplicates = 0, done = 0, storiesBefore = _clusterer.StoryCount;
        var failures = new List<IngestFailure>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var stagesTime = new System.Diagnostics.Stopwatch();
        var clusterTime = new System.Diagnostics.Stopwatch();
        var storeTime = new System.Diagnostics.Stopwatch();
        foreach (var chunk in pages.Chunk(Math.Max(1, _options.BatchSize)))
        {
            cancellation.ThrowIfCancellationRequested();
            // the per-document stages run in parallel (the site-furniture stage first learns from the whole batch);
            // clustering is sequential and in input order
            stagesTime.Start();
            var processed = Process(chunk, cancellation);
            stagesTime.Stop();
            clusterTime.Start();
            var batch = new List<StoredArticle>();
            foreach (var (input, document, error) in processed)
            {
                done++;
                progress?.Report(new IngestProgress(done, total, input.Path));
                if (document is null)
                {
                    failures.Add(new IngestFailure(input.Path, error ?? "unreadable"));
                    continue;
                }
                if (!seenIds.Add(document.Id) || _store.Contains(document.Id))
                {
                    duplicates++;
                    continue;
                }
                var article = document.ToArticle();
                var assignment = _clusterer.Add(article, document.Features);
                batch.Add(new StoredArticle(article with { StoryId = assignment.StoryId }, document.Features));
                added++;
            }
            var changed = _clusterer.TakeChangedStories();
            var delta = _clusterer.TakeDocumentFrequencyDelta();
            clusterTime.Stop();
            storeTime.Start();
            _store.SaveBatch(batch, changed, delta);
            storeTime.Stop();
        }
        return new IngestReport(added, duplicates, failures, _clusterer.StoryCount - storiesBefore)
        {
            Timings = (stagesTime.Elapsed, clusterTime.Elapsed, storeTime.Elapsed),
        };
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
