using Tidings.Clustering;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.LanguageId;
using Tidings.Storage;
using Tidings.Text;

namespace Tidings.Ingest;

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
            // the stateless stages run in parallel; clustering is sequential and in input order
            stagesTime.Start();
            var processed = chunk.AsParallel().AsOrdered().WithCancellation(cancellation).Select(Process).ToArray();
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
