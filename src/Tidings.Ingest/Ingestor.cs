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

    /// <summary>The standard pipeline, in its checked order.</summary>
    public static Pipeline StandardPipeline() =>
        Pipeline.Create([Extractor.Create(), LanguageDetector.Create(), ContentId.Create(), FeatureExtractor.Create()]);

    /// <summary>An ingestor writing to <paramref name="store"/>, resuming its stories.</summary>
    public static Ingestor Create(IStore store, TidingsOptions? options = null, ClusteringOptions? clustering = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new Ingestor(store, StandardPipeline(), StoryClusterer.Create(store.LoadClusterState(), clustering), options ?? new TidingsOptions());
    }

    /// <summary>Ingests files and folders (see <see cref="PageSource"/>).</summary>
    public IngestReport IngestPaths(IEnumerable<string> paths, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default, bool timeOrder = false)
    {
        var files = PageSource.Expand(paths).ToList();
        return Ingest(files.Select(PageSource.ReadOne), files.Count, progress, cancellation, timeOrder);
    }

    /// <summary>Called for every new article with where the story engine put it (for evaluation and tracing).</summary>
    public Action<Article, Assignment>? Assigned { get; set; }

    /// <summary>Ingests pages already read. With <paramref name="timeOrder"/>, every page is processed first and the
    /// articles are clustered in order of publication (undated ones last, each group in input order), as a stream
    /// of news would arrive.</summary>
    public IngestReport Ingest(IEnumerable<PageInput> pages, int total, IProgress<IngestProgress>? progress = null, CancellationToken cancellation = default,
        bool timeOrder = false)
    {
        ArgumentNullException.ThrowIfNull(pages);
        int added = 0, duplicates = 0, done = 0, storiesBefore = _clusterer.StoryCount;
        var failures = new List<IngestFailure>();
        var seenIds = new HashSet<string>(StringComparer.Ordinal);
        var stagesTime = new System.Diagnostics.Stopwatch();
        var clusterTime = new System.Diagnostics.Stopwatch();
        var storeTime = new System.Diagnostics.Stopwatch();
        IEnumerable<(PageInput Input, Document? Document, string? Error)[]> chunks = pages.Chunk(Math.Max(1, _options.BatchSize)).Select(chunk =>
        {
            cancellation.ThrowIfCancellationRequested();
            // the stateless stages run in parallel; clustering is sequential and in input order
            stagesTime.Start();
            var processed = chunk.AsParallel().AsOrdered().WithCancellation(cancellation).Select(Process).ToArray();
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
                var assignment = _clusterer.Add(article, document.Features, document.TitleFeatures);
                var stored = article with { StoryId = assignment.StoryId, IsCopy = assignment.IsCopy, Centrality = assignment.Centrality };
                Assigned?.Invoke(stored, assignment);
                batch.Add(new StoredArticle(stored, document.Features));
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
