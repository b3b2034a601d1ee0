using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Core;

namespace Tidings.Storage.Sqlite;

/// <summary>The SQLite store: one file, WAL journal, pooled connections (one per call), versioned schema. Writers
/// are serialized by SQLite's write transaction (<c>BEGIN IMMEDIATE</c>), held for one batch.</summary>
internal sealed class SqliteStore : IStore
{
    public static IReadOnlyList<SqliteMigration> Migrations => SqliteSchema.Migrations;

    private const int SqliteBusy = 5;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;
    private readonly string _path;

    private SqliteStore(string path, string connectionString, int version)
    {
        _path = path;
        _connectionString = connectionString;
        SchemaVersion = version;
    }

    public string Kind => StoreLocation.Sqlite;
    public string Location => _path;
    public int SchemaVersion { get; }

    private static string ConnectionString(string path, SqliteOpenMode mode) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = mode,
        Pooling = true,
        ForeignKeys = true,
        DefaultTimeout = 30,
    }.ToString();

    /// <summary>Opens the database at <paramref name="path"/>; read-write creates or migrates it, read-only never
    /// writes to the file.</summary>
    public static async Task<SqliteStore> OpenAsync(string path, StoreAccess access, CancellationToken cancellation)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (Directory.Exists(path))
            throw new StoreException($"'{path}' is a folder, not a database file");
        bool readOnly = access == StoreAccess.ReadOnly;
        if (readOnly && !File.Exists(path))
            throw new StoreException($"no database at '{path}'");
        var cs = ConnectionString(path, readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate);
        try
        {
            await using var c = new SqliteConnection(cs);
            await c.OpenAsync(cancellation).ConfigureAwait(false);
            var tables = await TablesAsync(c, cancellation).ConfigureAwait(false);
            bool isTidings = tables.Contains("schema_version") && tables.Contains("articles") && tables.Contains("stories");
            if (tables.Count > 0 && !isTidings)
                throw new StoreException($"'{path}' is not a Tidings database (it holds another application's tables); it was left untouched");
            int latest = Migrations.Count;
            if (readOnly)
            {
                if (!isTidings)
                    throw new StoreException($"'{path}' is an empty SQLite file, not a Tidings database (run `tidings ingest PATH --db {path}` to fill it)");
                long version = await VersionAsync(c, null, cancellation).ConfigureAwait(false);
                if (version > latest)
                    throw new StoreException($"'{path}' has schema version {version}, newer than this program's {latest}; upgrade Tidings");
                if (version < latest)
                    throw new StoreException($"'{path}' has schema version {version}, older than this program's {latest}; run `tidings migrate --db {path}` to upgrade it");
                return new SqliteStore(path, cs, (int)version);
            }
            if (isTidings)
            {
                long version = await VersionAsync(c, null, cancellation).ConfigureAwait(false);
                if (version > latest)
                    throw new StoreException($"'{path}' has schema version {version}, newer than this program's {latest}; upgrade Tidings");
            }
            await ExecAsync(c, "PRAGMA journal_mode=WAL", null, cancellation).ConfigureAwait(false);
            await MigrateAsync(c, cancellation).ConfigureAwait(false);
            return new SqliteStore(path, cs, latest);
        }
        catch (SqliteException e) when (e.SqliteErrorCode == SqliteNotADatabase)
        {
            throw new StoreException($"cannot open database '{path}': it is not a SQLite database", e);
        }
        catch (SqliteException e)
        {
            throw new StoreException($"cannot open database '{path}': {e.Message}", e);
        }
    }

    private static async Task<HashSet<string>> TablesAsync(SqliteConnection c, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')";
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            set.Add(r.GetString(0));
        return set;
    }

    private static async Task<long> VersionAsync(SqliteConnection c, SqliteTransaction? tx, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecAsync(SqliteConnection c, string sql, SqliteTransaction? tx, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Applies the missing migrations, each in its own write transaction; the version is read again inside
    /// the transaction, so two programs starting at once migrate once.</summary>
    private static async Task MigrateAsync(SqliteConnection c, CancellationToken ct)
    {
        for (;;)
        {
            await using var tx = await BeginImmediateAsync(c, ct).ConfigureAwait(false);
            await ExecAsync(c, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)", tx, ct).ConfigureAwait(false);
            long v = await VersionAsync(c, tx, ct).ConfigureAwait(false);
            if (v >= Migrations.Count)
            {
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return;
            }
            var m = Migrations[(int)v];
            foreach (var sql in m.Statements)
                await ExecAsync(c, sql, tx, ct).ConfigureAwait(false);
            m.Backfill?.Invoke(c, tx);
            await using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($v, $t)";
                cmd.Parameters.AddWithValue("$v", v + 1);
                cmd.Parameters.AddWithValue("$t", Iso(DateTimeOffset.UtcNow));
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>BEGIN IMMEDIATE, waiting (cancellably) for as long as other writers hold the database.</summary>
    internal static async Task<SqliteTransaction> BeginImmediateAsync(SqliteConnection c, CancellationToken ct)
    {
        for (;;)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                return (SqliteTransaction)await c.BeginTransactionAsync(ct).ConfigureAwait(false);
            }
            catch (SqliteException e) when (e.SqliteErrorCode == SqliteBusy)
            {
                await Task.Delay(20, ct).ConfigureAwait(false);
            }
        }
    }

    internal static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    internal static DateTimeOffset ParseIso(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    internal async Task<SqliteConnection> ConnectAsync(CancellationToken ct)
    {
        var c = new SqliteConnection(_connectionString);
        try
        {
            await c.OpenAsync(ct).ConfigureAwait(false);
            await ExecAsync(c, "PRAGMA synchronous=NORMAL", null, ct).ConfigureAwait(false);
            return c;
        }
        catch (SqliteException e)
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw new StoreException($"cannot use database '{_path}': {e.Message}", e);
        }
        catch
        {
            await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    // ---- articles

    public async Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return new HashSet<string>(StringComparer.Ordinal);
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        return await KnownAsync(c, null, ids, cancellation).ConfigureAwait(false);
    }

    internal static async Task<IReadOnlySet<string>> KnownAsync(SqliteConnection c, SqliteTransaction? tx, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Count == 0)
            return known;
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each($ids))";
        cmd.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            known.Add(r.GetString(0));
        return known;
    }

    public async Task<long> CountArticlesAsync(CancellationToken cancellation = default)
    {
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM articles";
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    public async Task<string?> GetCheckpointAsync(string source, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT position FROM checkpoints WHERE source = $s";
        cmd.Parameters.AddWithValue("$s", source);
        return await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false) as string;
    }

    // ---- story queries

    private const string StoryColumns = "id, title, languages, size, first_seen, last_seen, reports, copies, published_from, published_to";

    public async Task<StoryPage> ListStoriesAsync(StoryQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Cursor is { Length: > 0 } cur ? StoryCursor.Decode(cur, query.Order) : (StoryCursor?)null;
        var sql = new StringBuilder($"SELECT {StoryColumns} FROM stories WHERE merged_into IS NULL");
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        if (query.Language is { Length: > 0 } lang)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(stories.languages) WHERE lower(value) = $lang OR value LIKE $lang || '-%')");
            cmd.Parameters.AddWithValue("$lang", lang.Trim().ToLowerInvariant());
        }
        if (query.Since is { } since)
        {
            sql.Append(" AND last_seen >= $since");
            cmd.Parameters.AddWithValue("$since", Iso(since));
        }
        if (query.MinArticles > 1)
        {
            sql.Append(" AND size >= $min");
            cmd.Parameters.AddWithValue("$min", query.MinArticles);
        }
        if (cursor is { } k)
        {
            sql.Append(query.Order == StoryOrder.Biggest ? " AND (size, last_seen, id) < ($cs, $cl, $ci)" : " AND (last_seen, id) < ($cl, $ci)");
            cmd.Parameters.AddWithValue("$cs", k.Size);
            cmd.Parameters.AddWithValue("$cl", Iso(k.LastSeen));
            cmd.Parameters.AddWithValue("$ci", k.Id);
        }
        sql.Append(query.Order == StoryOrder.Biggest ? " ORDER BY size DESC, last_seen DESC, id DESC" : " ORDER BY last_seen DESC, id DESC");
        sql.Append(" LIMIT $limit");
        cmd.Parameters.AddWithValue("$limit", query.Limit <= 0 ? -1 : query.Limit + 1);
        cmd.CommandText = sql.ToString();
        var list = new List<Story>();
        await using (var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellation).ConfigureAwait(false))
                list.Add(ReadStory(r));
        }
        string? next = null;
        if (query.Limit > 0 && list.Count > query.Limit)
        {
            list.RemoveAt(list.Count - 1);
            next = StoryCursor.Encode(query.Order, list[^1]);
        }
        return new StoryPage(list, next);
    }

    private static Story ReadStory(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Title = r.GetString(1),
        Languages = ReadLanguages(r.GetString(2)),
        ArticleCount = r.GetInt32(3),
        FirstSeen = ParseIso(r.GetString(4)),
        LastSeen = ParseIso(r.GetString(5)),
        Reports = r.GetInt32(6),
        Copies = r.GetInt32(7),
        FirstPublished = r.IsDBNull(8) ? null : ParseIso(r.GetString(8)),
        LastPublished = r.IsDBNull(9) ? null : ParseIso(r.GetString(9)),
    };

    internal static string[] ReadLanguages(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public async Task<Story?> GetStoryAsync(long id, CancellationToken cancellation = default)
    {
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        // a story merged into another answers as that story (its id stays valid)
        cmd.CommandText = $"SELECT {StoryColumns} FROM stories WHERE id = (SELECT COALESCE(merged_into, id) FROM stories WHERE id = $id)";
        cmd.Parameters.AddWithValue("$id", id);
        await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        return await r.ReadAsync(cancellation).ConfigureAwait(false) ? ReadStory(r) : null;
    }

    private const string ArticleColumns = "a.id, a.title, a.text, a.language, a.language_confidence, a.path, a.url, a.published, a.author, a.site, a.ingested_at, a.story_id, a.page_kind, a.is_copy, a.centrality, a.evidence";

    /// <summary>The article columns with an empty text in place of the text.</summary>
    private static readonly string HeadColumns = ArticleColumns.Replace("a.text", "'' AS text", StringComparison.Ordinal);

    private static Article ReadArticle(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Title = r.GetString(1),
        Text = r.GetString(2),
        Language = LanguageTag.Parse(r.GetString(3)),
        LanguageConfidence = r.GetDouble(4),
        Path = r.IsDBNull(5) ? null : r.GetString(5),
        Url = r.IsDBNull(6) ? null : r.GetString(6),
        Published = r.IsDBNull(7) ? null : ParseIso(r.GetString(7)),
        Author = r.IsDBNull(8) ? null : r.GetString(8),
        Site = r.IsDBNull(9) ? null : r.GetString(9),
        IngestedAt = ParseIso(r.GetString(10)),
        StoryId = r.IsDBNull(11) ? null : r.GetInt64(11),
        PageKind = Enum.IsDefined((PageKind)r.GetInt32(12)) ? (PageKind)r.GetInt32(12) : PageKind.Unknown,
        IsCopy = r.GetInt64(13) != 0,
        Centrality = r.GetDouble(14),
        Evidence = r.IsDBNull(15) ? null : r.GetString(15),
    };

    public async Task<Article?> GetArticleAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {ArticleColumns} FROM articles a WHERE a.id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        return await r.ReadAsync(cancellation).ConfigureAwait(false) ? ReadArticle(r) : null;
    }

    public async Task<IReadOnlyList<Article>> GetArticlesAsync(long storyId, CancellationToken cancellation = default)
    {
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {ArticleColumns} FROM articles a WHERE a.story_id = $id ORDER BY a.language, COALESCE(a.published, a.ingested_at), a.id";
        cmd.Parameters.AddWithValue("$id", storyId);
        return await ReadArticlesAsync(cmd, cancellation).ConfigureAwait(false);
    }

    private static async Task<IReadOnlyList<Article>> ReadArticlesAsync(SqliteCommand cmd, CancellationToken cancellation)
    {
        var list = new List<Article>();
        await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await r.ReadAsync(cancellation).ConfigureAwait(false))
            list.Add(ReadArticle(r));
        return list;
    }

    public async Task<IReadOnlyList<Article>> GetArticleHeadsAsync(IReadOnlyCollection<long> storyIds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(storyIds);
        if (storyIds.Count == 0)
            return [];
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        // the ids travel as one JSON array; each is looked up in the story index
        cmd.CommandText = $"""
            SELECT {HeadColumns} FROM articles a
            WHERE a.story_id IN (SELECT value FROM json_each($ids))
            ORDER BY a.story_id, a.language, COALESCE(a.published, a.ingested_at), a.id
            """;
        cmd.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(storyIds));
        return await ReadArticlesAsync(cmd, cancellation).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit = 20, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = SearchText.Terms(text);
        if (terms.Count == 0)
            return [];
        // every term a quoted FTS5 string (a phrase of its tokens); terms side by side must all match
        var match = string.Join(' ', terms.Select(t => "\"" + t.Replace("\"", "\"\"", StringComparison.Ordinal) + "\""));
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        await using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT {ArticleColumns}, f.rank FROM articles_fts f JOIN articles a ON a.rowid = f.rowid
            WHERE articles_fts MATCH $q ORDER BY f.rank, a.id LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$q", match);
        cmd.Parameters.AddWithValue("$limit", limit <= 0 ? 20 : limit);
        var list = new List<SearchHit>();
        await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await r.ReadAsync(cancellation).ConfigureAwait(false))
            list.Add(new SearchHit(ReadArticle(r), -r.GetDouble(16))); // bm25 rank: lower is better
        return list;
    }

    // ---- clusterer state

    private const string StateColumns = "id, title, centroid, size, first_seen, last_seen, languages, published_from, published_to, reports, copies, is_report, title_vector, central_title, fingerprints, dense, merged_into";

    private static StoryState ReadState(SqliteDataReader r) =>
        new StoryState(r.GetInt64(0), r.GetString(1), FeatureVector.FromBytes((byte[])r[2]), r.GetInt32(3), ParseIso(r.GetString(4)), ParseIso(r.GetString(5)), ReadLanguages(r.GetString(6)))
        {
            PublishedFrom = r.IsDBNull(7) ? null : ParseIso(r.GetString(7)),
            PublishedTo = r.IsDBNull(8) ? null : ParseIso(r.GetString(8)),
            Reports = r.GetInt32(9),
            Copies = r.GetInt32(10),
            IsReport = r.GetInt64(11) != 0,
            TitleVector = StateBytes.Vector(r.IsDBNull(12) ? null : (byte[])r[12]),
            CentralTitle = StateBytes.Vector(r.IsDBNull(13) ? null : (byte[])r[13]),
            Fingerprints = StateBytes.Fingerprints(r.IsDBNull(14) ? null : (byte[])r[14]),
            MergedInto = r.IsDBNull(16) ? null : r.GetInt64(16),
        }.WithDense(r.IsDBNull(15) ? null : (byte[])r[15]);

    public async Task<ClusterState> LoadActiveStateAsync(TimeSpan activeWindow, CancellationToken cancellation = default)
    {
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        // one read transaction: stories, frequencies and counters from the same snapshot
        await using var tx = c.BeginTransaction(deferred: true);
        string? newestSeen, newestPublished;
        await using (var cmd = c.CreateCommand())
        {
            // the newest arrival and the newest publication, ignoring dates in the future (a mis-read date must not make
            // every story inactive); both indexed
            cmd.Transaction = tx;
            cmd.CommandText = """
                SELECT (SELECT MAX(last_seen) FROM stories WHERE last_seen <= $limit),
                       (SELECT MAX(published_to) FROM stories WHERE published_to <= $limit)
                """;
            cmd.Parameters.AddWithValue("$limit", Iso(DateTimeOffset.UtcNow.AddDays(1)));
            await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            await r.ReadAsync(cancellation).ConfigureAwait(false);
            newestSeen = r.IsDBNull(0) ? null : r.GetString(0);
            newestPublished = r.IsDBNull(1) ? null : r.GetString(1);
        }
        // active by either clock, as the clusterer judges it (StoryClusterer.IsOld)
        var seen = newestSeen is null ? null : new SqliteParameter("$p", Iso(ParseIso(newestSeen) - activeWindow));
        var published = newestPublished is null ? null : new SqliteParameter("$q", Iso(ParseIso(newestPublished) - activeWindow));
        var stories = seen is null ? []
            : published is null ? await ReadStatesAsync(c, tx, "last_seen >= $p AND merged_into IS NULL", cancellation, seen).ConfigureAwait(false)
            : await ReadStatesAsync(c, tx, "(last_seen >= $p OR published_to >= $q) AND merged_into IS NULL", cancellation, seen, published).ConfigureAwait(false);
        var df = await FrequenciesAsync(c, tx, ClusterStateKeys.Of(stories), cancellation).ConfigureAwait(false);
        var (count, next, seq) = await CountersAsync(c, tx, cancellation).ConfigureAwait(false);
        await tx.CommitAsync(cancellation).ConfigureAwait(false);
        return new ClusterState(stories, df, count) { NextStoryId = next, Sequence = seq };
    }

    private static async Task<List<StoryState>> ReadStatesAsync(SqliteConnection c, SqliteTransaction tx, string where, CancellationToken ct, params SqliteParameter[] parameters)
    {
        var stories = new List<StoryState>();
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT {StateColumns} FROM stories WHERE {where} ORDER BY id";
        cmd.Parameters.AddRange(parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            stories.Add(ReadState(r));
        return stories;
    }

    public async Task<IReadOnlyDictionary<ulong, int>> FrequenciesAsync(IReadOnlyCollection<ulong> keys, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
            return new Dictionary<ulong, int>();
        await using var c = await ConnectAsync(cancellation).ConfigureAwait(false);
        return await FrequenciesAsync(c, null, keys, cancellation).ConfigureAwait(false);
    }

    /// <summary>One query for the whole set: the keys travel as one JSON array (as signed 64-bit integers, the way
    /// they are stored) and are joined by primary key.</summary>
    internal static Task<Dictionary<ulong, int>> FrequenciesAsync(SqliteConnection c, SqliteTransaction? tx, IReadOnlyCollection<ulong> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
            return Task.FromResult(new Dictionary<ulong, int>());
        var signed = ClusterStateKeys.AsStored(keys);
        return ReadFrequenciesAsync(c, tx, "key IN (SELECT value FROM json_each($p))", JsonSerializer.Serialize(signed), ct);
    }

    private static async Task<Dictionary<ulong, int>> ReadFrequenciesAsync(SqliteConnection c, SqliteTransaction? tx, string where, object? parameter, CancellationToken ct)
    {
        var df = new Dictionary<ulong, int>();
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"SELECT key, df FROM doc_freq WHERE {where}";
        if (parameter is not null)
            cmd.Parameters.AddWithValue("$p", parameter);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            df[unchecked((ulong)r.GetInt64(0))] = r.GetInt32(1);
        return df;
    }

    internal static async Task<(int Documents, long NextStoryId, long Sequence)> CountersAsync(SqliteConnection c, SqliteTransaction tx, CancellationToken ct)
    {
        await using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = """
            SELECT (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'document_count'),
                   (SELECT COALESCE(MAX(id), 0) + 1 FROM stories),
                   (SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'change_seq')
            """;
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        return (r.IsDBNull(0) ? 0 : r.GetInt32(0), r.GetInt64(1), r.IsDBNull(2) ? 0 : r.GetInt64(2));
    }

    internal static async Task<ClusterState> ChangesSinceAsync(SqliteConnection c, SqliteTransaction tx, long sequence, CancellationToken ct)
    {
        var stories = await ReadStatesAsync(c, tx, "seq > $p", ct, new SqliteParameter("$p", sequence)).ConfigureAwait(false);
        var df = await ReadFrequenciesAsync(c, tx, "seq > $p", sequence, ct).ConfigureAwait(false);
        var (count, next, seq) = await CountersAsync(c, tx, ct).ConfigureAwait(false);
        return new ClusterState(stories, df, count) { NextStoryId = next, Sequence = seq };
    }

    /// <summary>One gate per database file in this process: writers of one process wait for their turn without
    /// holding a thread; SQLite's write lock then orders them against other processes.</summary>
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> Gates = new(StringComparer.Ordinal);

    public async Task<IWriteSession> BeginWriteAsync(CancellationToken cancellation = default)
    {
        if (_connectionString.Contains("Mode=ReadOnly", StringComparison.OrdinalIgnoreCase))
            throw new StoreException($"'{_path}' was opened read-only");
        var gate = Gates.GetOrAdd(Path.GetFullPath(_path), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellation).ConfigureAwait(false);
        SqliteConnection? c = null;
        try
        {
            c = await ConnectAsync(cancellation).ConfigureAwait(false);
            var tx = await BeginImmediateAsync(c, cancellation).ConfigureAwait(false);
            return new SqliteWriteSession(c, tx, _path, gate);
        }
        catch (SqliteException e)
        {
            if (c is not null)
                await c.DisposeAsync().ConfigureAwait(false);
            gate.Release();
            throw new StoreException($"cannot write to database '{_path}': {e.Message}", e);
        }
        catch
        {
            if (c is not null)
                await c.DisposeAsync().ConfigureAwait(false);
            gate.Release();
            throw;
        }
    }

    /// <summary>Closes the pooled connections of this database, so the file is no longer held open.</summary>
    public ValueTask DisposeAsync()
    {
        using var c = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(c);
        return ValueTask.CompletedTask;
    }
}
