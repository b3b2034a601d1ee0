using Tidings.Core;

namespace Tidings.Storage;

/// <summary>An article with the features the clusterer compares.</summary>
public sealed record StoredArticle(Article Article, FeatureVector Features);

/// <summary>How a store is opened. Read-only never creates, migrates or writes anything.</summary>
public enum StoreAccess
{
    /// <summary>Queries only: the database must exist, be a Tidings database and have the current schema.</summary>
    ReadOnly,

    /// <summary>Creates the database when absent and brings its schema up to date.</summary>
    ReadWrite,
}

/// <summary>Articles: which are known, how many, and the ingest checkpoints stored with them.</summary>
public interface IArticleStore
{
    /// <summary>The ids among <paramref name="ids"/> that are stored (one round trip for the whole batch).</summary>
    Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default);

    Task<long> CountArticlesAsync(CancellationToken cancellation = default);

    /// <summary>One stored article by its content id, with its text and story, or null.</summary>
    Task<Article?> GetArticleAsync(string id, CancellationToken cancellation = default);

    /// <summary>The position last committed for an ingest source (see <see cref="WriteBatch.Checkpoints"/>), or null.</summary>
    Task<string?> GetCheckpointAsync(string source, CancellationToken cancellation = default);
}

/// <summary>Which stories come first in a listing.</summary>
public enum StoryOrder
{
    /// <summary>Most articles first, then most recent, then highest id.</summary>
    Biggest,

    /// <summary>Most recently seen first, then highest id.</summary>
    Newest,
}

/// <summary>A story listing request. <see cref="Cursor"/> is the <see cref="StoryPage.NextCursor"/> of the previous page.</summary>
public sealed record StoryQuery
{
    /// <summary>Only stories with an article in this language ("bg"; "zh" also matches "zh-Hant").</summary>
    public string? Language { get; init; }

    /// <summary>Only stories last seen at or after this time.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only stories with at least this many articles.</summary>
    public int MinArticles { get; init; }

    public StoryOrder Order { get; init; } = StoryOrder.Biggest;

    /// <summary>Page size; 0 or less means all.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>Opaque keyset cursor; null for the first page.</summary>
    public string? Cursor { get; init; }
}

/// <summary>One page of stories and the cursor of the next page (null when this is the last).</summary>
public sealed record StoryPage(IReadOnlyList<Story> Stories, string? NextCursor);

/// <summary>A full-text search hit; higher <see cref="Score"/> is better.</summary>
public sealed record SearchHit(Article Article, double Score);

/// <summary>Read-side queries over stories and their articles.</summary>
public interface IStoryQueries
{
    /// <exception cref="ArgumentException">The cursor is not one this store handed out for the same order.</exception>
    Task<StoryPage> ListStoriesAsync(StoryQuery query, CancellationToken cancellation = default);

    Task<Story?> GetStoryAsync(long id, CancellationToken cancellation = default);

    /// <summary>The articles of a story, by language then time.</summary>
    Task<IReadOnlyList<Article>> GetArticlesAsync(long storyId, CancellationToken cancellation = default);

    /// <summary>The articles of <paramref name="storyIds"/> in one query, without their text (<see cref="Article.Text"/>
    /// is empty): what story cards and story pages show. Ordered by story, then as <see cref="GetArticlesAsync"/>.</summary>
    Task<IReadOnlyList<Article>> GetArticleHeadsAsync(IReadOnlyCollection<long> storyIds, CancellationToken cancellation = default);

    /// <summary>Articles whose title or text contain all words of <paramref name="text"/> (any language, accents and
    /// case folded; scripts written without spaces match as phrases), best first.</summary>
    Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit = 20, CancellationToken cancellation = default);
}

/// <summary>What one writer commits at once: its new articles, the stories they changed (as they are now), the
/// document-frequency increments, and optional ingest checkpoints (source → position) stored in the same transaction.</summary>
public sealed record WriteBatch(IReadOnlyList<StoredArticle> Articles, IReadOnlyList<StoryState> Stories, IReadOnlyDictionary<ulong, int> DocumentFrequencyDelta)
{
    public IReadOnlyDictionary<string, string> Checkpoints { get; init; } = new Dictionary<string, string>();

    /// <summary>Articles stored earlier (or in this batch) that now belong to another story, applied after
    /// <see cref="Articles"/> are written: the story of a merged one-report story (<see cref="StoryState.MergedInto"/>).</summary>
    public IReadOnlyList<ArticleMove> Moves { get; init; } = [];
}

/// <summary>An article moved to another story, with the evidence that moved it (JSON, as <see cref="Article.Evidence"/>).</summary>
public sealed record ArticleMove(string ArticleId, long StoryId, string? Evidence);

/// <summary>The clusterer's state: loading the active part at start-up, and the serialized write path.</summary>
public interface IClusterStateStore
{
    /// <summary>The stories active by either clock: last seen (arrival) within <paramref name="activeWindow"/> of the
    /// newest arrival, or last published within it of the newest publication date (dates more than a day in the future
    /// are ignored for both newest values); older ones can take no new article. Also the document count, the next free story id and the change sequence this state corresponds
    /// to. Of the document frequencies (a store of 200,000 articles holds millions) only those of the active stories'
    /// centroid keys are loaded; a writer asks <see cref="IWriteSession.FrequenciesAsync"/> for the other keys of each
    /// batch.</summary>
    Task<ClusterState> LoadActiveStateAsync(TimeSpan activeWindow, CancellationToken cancellation = default);

    /// <summary>The stored document frequencies of <paramref name="keys"/> (keys never seen are absent), outside any
    /// write session: a snapshot for reports and tests.</summary>
    Task<IReadOnlyDictionary<ulong, int>> FrequenciesAsync(IReadOnlyCollection<ulong> keys, CancellationToken cancellation = default);

    /// <summary>Starts the one write of this database at a time (SQLite: a write transaction; PostgreSQL: an advisory
    /// lock in a transaction). Waits while another writer holds it. Disposing without
    /// <see cref="IWriteSession.CommitAsync"/> rolls everything back.</summary>
    Task<IWriteSession> BeginWriteAsync(CancellationToken cancellation = default);
}

/// <summary>A writer's exclusive turn on the database. Use: catch up, check known ids, assign stories, commit.</summary>
public interface IWriteSession : IAsyncDisposable
{
    /// <summary>What other writers committed after change sequence <paramref name="sequence"/>: the stories they
    /// changed (whole), the current frequencies of the features they touched, and the current document count, next
    /// story id and sequence.</summary>
    Task<ClusterState> ChangesSinceAsync(long sequence, CancellationToken cancellation = default);

    /// <summary>The current document frequencies of <paramref name="keys"/> (keys never seen are absent), inside this
    /// session, so that they stay current until the commit.</summary>
    Task<IReadOnlyDictionary<ulong, int>> FrequenciesAsync(IReadOnlyCollection<ulong> keys, CancellationToken cancellation = default);

    /// <summary>Same as <see cref="IArticleStore.KnownAsync"/>, inside this session (so no other writer can add one meanwhile).</summary>
    Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default);

    /// <summary>Writes the batch atomically and ends the session; returns the new change sequence.</summary>
    /// <exception cref="StoreException">An article id is already stored, or the database failed.</exception>
    Task<long> CommitAsync(WriteBatch batch, CancellationToken cancellation = default);
}

/// <summary>A Tidings database. Thread-safe: each call uses its own connection from a pool.</summary>
public interface IStore : IArticleStore, IStoryQueries, IClusterStateStore, IAsyncDisposable
{
    /// <summary>"sqlite" or "postgres".</summary>
    string Kind { get; }

    /// <summary>Where the store is, without any password, for messages.</summary>
    string Location { get; }

    /// <summary>Schema version of the database (equals <see cref="Stores.SchemaVersion"/> once opened read-write).</summary>
    int SchemaVersion { get; }
}

/// <summary>The store cannot be used: not a database, not a Tidings database, a newer schema, unreachable.</summary>
public sealed class StoreException : Exception
{
    public StoreException() { }
    public StoreException(string message) : base(message) { }
    public StoreException(string message, Exception inner) : base(message, inner) { }
}
