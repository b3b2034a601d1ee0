using Microsoft.Extensions.AI;
using Tidings.Clustering;
using Tidings.Clustering.Embeddings;
using Tidings.Core;
using Tidings.Ingest;
using Tidings.Storage;

namespace Tidings.Composition;

/// <summary>Everything a host chooses. Defaults are what a user gets without flags.</summary>
public sealed record EngineOptions
{
    /// <summary>Where the database is: a file path, <c>sqlite:PATH</c>, <c>postgres://user:pass@host:port/db</c> or an
    /// Npgsql connection string. Null: <c>TIDINGS_DB</c>, else <c>./tidings.db</c>.</summary>
    public string? Database { get; init; }

    /// <summary>Read-only hosts (queries) never create or migrate the database.</summary>
    public StoreAccess Access { get; init; } = StoreAccess.ReadWrite;

    /// <summary>Batch size, page size limit, active-story window.</summary>
    public TidingsOptions Tidings { get; init; } = new();

    /// <summary>The clusterer's threshold, time window and feature weights.</summary>
    public ClusteringOptions Clustering { get; init; } = new();

    /// <summary>An OpenAI-compatible embedding server whose vectors become the scorer's dense_cos feature; null (the
    /// default): none. Hosts read it from flags and the environment with <see cref="EmbedderOptions.Resolve"/>.</summary>
    public EmbedderOptions? Embedder { get; init; }
}

/// <summary>The composition root: the whole system built from <see cref="EngineOptions"/>, used alike by the CLI,
/// the server and the benchmarks. Owns the store; thread-safe except for each <see cref="Ingestor"/> it hands out.</summary>
public sealed class TidingsEngine : IAsyncDisposable
{
    private readonly Lazy<Pipeline> _pipeline;

    private TidingsEngine(EngineOptions options, IStore store, string database)
    {
        Embedder = options.Embedder is { } e ? Embedders.OpenAiCompatible(e) : null;
        Options = options;
        Store = store;
        Database = database;
        _pipeline = new Lazy<Pipeline>(() => BuildPipeline(options), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Opens the store named by the options (creating or migrating it unless read-only).</summary>
    /// <exception cref="StoreException">The store cannot be opened; the message says why and names the location
    /// (without its password).</exception>
    /// <exception cref="ArgumentException">The embedder options cannot work (<see cref="EmbedderOptions.Problem"/>).</exception>
    public static async Task<TidingsEngine> OpenAsync(EngineOptions options, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Embedder?.Problem() is { } problem)
            throw new ArgumentException(problem, nameof(options));
        var database = ResolveDatabase(options.Database);
        var store = await Stores.OpenAsync(database, options.Access, cancellation).ConfigureAwait(false);
        return new TidingsEngine(options, store, database);
    }

    /// <summary>The database location from an explicit value, else <c>TIDINGS_DB</c>, else <c>./tidings.db</c>.</summary>
    public static string ResolveDatabase(string? explicitLocation) => TidingsOptions.ResolveDatabasePath(explicitLocation);

    /// <summary>The per-page stages in their checked order (stateless, safe to share across threads).</summary>
    public static Pipeline BuildPipeline(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Ingestor.StandardPipeline();
    }

    public EngineOptions Options { get; }

    /// <summary>The store: articles, story queries and the clusterer's state.</summary>
    public IStore Store { get; }

    /// <summary>The read side, for hosts that only query.</summary>
    public IStoryQueries Stories => Store;

    /// <summary>The database location as given (may hold a password: show <see cref="IStore.Location"/> instead).</summary>
    internal string Database { get; }

    /// <summary>The embedder every ingestor of this engine uses (null: none configured). Owned by the engine.</summary>
    public IEmbeddingGenerator<string, Embedding<float>>? Embedder { get; }

    /// <summary>The pipeline, built on first use (it loads the language model and lexicons).</summary>
    public Pipeline Pipeline => _pipeline.Value;

    /// <summary>An ingestor over this store, resuming its active stories. Safe to have several (in this process or
    /// others): writes are serialized per database and each catches up on the others' stories. The first one builds
    /// the pipeline on another thread while the store's state loads.</summary>
    public Task<Ingestor> CreateIngestorAsync(CancellationToken cancellation = default)
    {
        if (Options.Access == StoreAccess.ReadOnly)
            throw new InvalidOperationException("the engine was opened read-only");
        var pipeline = _pipeline.IsValueCreated ? Task.FromResult(_pipeline.Value) : Task.Run(() =>
        {
            var built = _pipeline.Value;
            WarmUp();
            return built;
        }, cancellation);
        return Ingestor.CreateAsync(Store, pipeline, Options.Tidings, Options.Clustering, cancellation, Embedder);
    }

    public ValueTask DisposeAsync()
    {
        Embedder?.Dispose();
        return Store.DisposeAsync();
    }

    /// <summary>A short page through a pipeline of its own (the models and lexicons are shared; its site-furniture
    /// stage is not, so nothing learnt here reaches an ingest): the stages' code is compiled and their lazy parts
    /// (stemmers, ICU, stopwords) are ready before the first real page, while the store's state is still loading.
    /// Never fails the start-up.</summary>
    private static void WarmUp()
    {
        try
        {
            Ingestor.StandardPipeline().Process(new RawDocument("warm-up.html", WarmUpPage, ContentKind.Html));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // only speed is at stake
        }
    }

    private static readonly byte[] WarmUpPage = """
        <html lang="bg"><head><title>Путин и Лукашенко разговаряха по телефона</title></head><body><nav><a href="/">Начало</a></nav>
        <article><h1>Путин и Лукашенко разговаряха по телефона</h1>
        <p>Руският президент Владимир Путин и белоруският лидер Александър Лукашенко са провели телефонен разговор, съобщиха от
        Кремъл в понеделник. Двамата са обсъдили положението в Беларус след изборите на 9 август; Лукашенко е получил 80%.</p>
        <p>President Lukashenko said on Monday, 10 August 2020, that the election in Minsk was fair.</p></article></body></html>
        """u8.ToArray();
}
