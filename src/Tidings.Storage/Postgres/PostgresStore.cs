using System.Text;
using Npgsql;
using NpgsqlTypes;
using Tidings.Core;

namespace Tidings.Storage.Postgres;

/// <summary>The PostgreSQL store (Npgsql): pooled connections, the same versioned schema steps as SQLite, batched
/// writes as multi-row inserts from arrays (one round trip per table per batch), full-text search with the
/// <c>simple</c> configuration over text folded and segmented by <see cref="SearchText"/> (GIN index). Writers are
/// serialized by a transaction-scoped advisory lock per schema.</summary>
internal sealed class PostgresStore : IStore
{
    public static IReadOnlyList<PostgresMigration> Migrations => PostgresSchema.Migrations;

    /// <summary>First key of the advisory lock (the second is the schema name's hash): "Td".</summary>
    internal const int LockSpace = 0x5464;

    private readonly NpgsqlDataSource _source;
    private readonly bool _readOnly;

    private PostgresStore(NpgsqlDataSource source, string display, bool readOnly, int version)
    {
        _source = source;
        Location = display;
        _readOnly = readOnly;
        SchemaVersion = version;
    }

    public string Kind => StoreLocation.Postgres;
    public string Location { get; }
    public int SchemaVersion { get; }

    internal static StoreException Wrap(string display, Exception e) => e switch
    {
        PostgresException { SqlState: "3D000" } => new StoreException($"no database at '{display}' (PostgreSQL: {e.Message}; create it with `createdb`)", e),
        PostgresException { SqlState: "28P01" or "28000" } => new StoreException($"cannot log in to '{display}': {e.Message}", e),
        PostgresException { SqlState: "23505" } p => new StoreException($"an article is already stored ({p.Detail ?? p.MessageText}); check KnownAsync inside the write session before assigning stories", e),
        _ => new StoreException($"cannot use database '{display}': {e.Message}", e),
    };

    public static async Task<PostgresStore> OpenAsync(StoreLocation location, StoreAccess access, CancellationToken cancellation)
    {
        bool readOnly = access == StoreAccess.ReadOnly;
        var builder = new NpgsqlConnectionStringBuilder(location.Target);
        if (readOnly)
            builder.Options = ((builder.Options ?? "") + " -c default_transaction_read_only=on").Trim(); // the server refuses writes too
        var source = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            await using var c = await source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
            var tables = await TablesAsync(c, null, cancellation).ConfigureAwait(false);
            bool isTidings = tables.Contains("schema_version") && tables.Contains("articles") && tables.Contains("stories");
            if (tables.Count > 0 && !isTidings)
                throw new StoreException($"'{location.Display}' is not a Tidings database (its schema holds another application's tables); it was left untouched. Give Tidings its own database or schema (Search Path=…)");
            int latest = Migrations.Count;
            if (readOnly)
            {
                if (!isTidings)
                    throw new StoreException($"'{location.Display}' holds no Tidings tables yet (run `tidings ingest PATH` or `tidings migrate` with this --db to create them)");
                long version = await VersionAsync(c, null, cancellation).ConfigureAwait(false);
                if (version > latest)
                    throw new StoreException($"'{location.Display}' has schema version {version}, newer than this program's {latest}; upgrade Tidings");
                if (version < latest)
                    throw new StoreException($"'{location.Display}' has schema version {version}, older than this program's {latest}; run `tidings migrate` with this --db to upgrade it");
                return new PostgresStore(source, location.Display, true, (int)version);
            }
            if (isTidings)
            {
                long version = await VersionAsync(c, null, cancellation).ConfigureAwait(false);
                if (version > latest)
                    throw new StoreException($"'{location.Display}' has schema version {version}, newer than this program's {latest}; upgrade Tidings");
            }
            await MigrateAsync(c, cancellation).ConfigureAwait(false);
            return new PostgresStore(source, location.Display, false, latest);
        }
        catch (NpgsqlException e)
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw Wrap(location.Display, e);
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<HashSet<string>> TablesAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()", c, tx);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            set.Add(r.GetString(0));
        return set;
    }

    private static async Task<long> VersionAsync(NpgsqlConnection c, NpgsqlTransaction? tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_version", c, tx);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false), System.Globalization.CultureInfo.InvariantCulture);
    }

    internal static async Task LockAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({LockSpace}, hashtext(current_schema()))", c, tx) { CommandTimeout = 0 };
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    /// <summary>Applies the missing migrations, each in a transaction holding the writers' lock (so two programs
    /// starting at once migrate once, and never while a batch is written).</summary>
    private static async Task MigrateAsync(NpgsqlConnection c, CancellationToken ct)
    {
        for (;;)
        {
            await using var tx = await c.BeginTransactionAsync(ct).ConfigureAwait(false);
            await LockAsync(c, tx, ct).ConfigureAwait(false);
            await using (var create = new NpgsqlCommand("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL)", c, tx))
                await create.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            long v = await VersionAsync(c, tx, ct).ConfigureAwait(false);
            if (v >= Migrations.Count)
            {
                await tx.CommitAsync(ct).ConfigureAwait(false);
                return;
            }
            var m = Migrations[(int)v];
            foreach (var sql in m.Statements)
            {
                await using var cmd = new NpgsqlCommand(sql, c, tx);
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            if (m.Backfill is not null)
                await m.Backfill(c, tx, ct).ConfigureAwait(false);
            await using (var cmd = new NpgsqlCommand("INSERT INTO schema_version (version, applied_at) VALUES (@v, now())", c, tx))
            {
                cmd.Parameters.AddWithValue("v", (int)(v + 1));
                await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }
            await tx.CommitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Timestamps are kept to the second, as in SQLite, so cursors and comparisons mean the same in both.</summary>
    internal static DateTimeOffset Seconds(DateTimeOffset t)
    {
        var u = t.ToUniversalTime();
        return new DateTimeOffset(u.Ticks - (u.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    private async Task<T> RunAsync<T>(Func<NpgsqlConnection, Task<T>> body, CancellationToken ct)
    {
        try
        {
            await using var c = await _source.OpenConnectionAsync(ct).ConfigureAwait(false);
            return await body(c).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw Wrap(Location, e);
        }
    }

    // ---- articles

    public Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
            return Task.FromResult<IReadOnlySet<string>>(new HashSet<string>(StringComparer.Ordinal));
        return RunAsync(c => KnownAsync(c, null, ids, cancellation), cancellation);
    }

    internal static async Task<IReadOnlySet<string>> KnownAsync(NpgsqlConnection c, NpgsqlTransaction? tx, IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        if (ids.Count == 0)
            return known;
        await using var cmd = new NpgsqlCommand("SELECT id FROM articles WHERE id = ANY(@ids)", c, tx);
        cmd.Parameters.AddWithValue("ids", ids.ToArray());
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            known.Add(r.GetString(0));
        return known;
    }

    public Task<long> CountArticlesAsync(CancellationToken cancellation = default) => RunAsync(async c =>
    {
        await using var cmd = new NpgsqlCommand("SELECT COUNT(*) FROM articles", c);
        return (long)(await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!;
    }, cancellation);

    public Task<string?> GetCheckpointAsync(string source, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        return RunAsync(async c =>
        {
            await using var cmd = new NpgsqlCommand("SELECT position FROM checkpoints WHERE source = @s", c);
            cmd.Parameters.AddWithValue("s", source);
            return await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false) as string;
        }, cancellation);
    }

    // ---- story queries

    private const string StoryColumns = "id, title, languages, size, first_seen, last_seen, reports, copies, published_from, published_to";

    private static Story ReadStory(NpgsqlDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Title = r.GetString(1),
        Languages = r.GetFieldValue<string[]>(2),
        ArticleCount = r.GetInt32(3),
        FirstSeen = r.GetFieldValue<DateTimeOffset>(4),
        LastSeen = r.GetFieldValue<DateTimeOffset>(5),
        Reports = r.GetInt32(6),
        Copies = r.GetInt32(7),
        FirstPublished = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
        LastPublished = r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9),
    };

    public Task<StoryPage> ListStoriesAsync(StoryQuery query, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var cursor = query.Cursor is { Length: > 0 } cur ? StoryCursor.Decode(cur, query.Order) : (StoryCursor?)null;
        return RunAsync(async c =>
        {
            var sql = new StringBuilder($"SELECT {StoryColumns} FROM stories WHERE merged_into IS NULL");
            await using var cmd = new NpgsqlCommand { Connection = c };
            if (query.Language is { Length: > 0 } lang)
            {
                sql.Append(" AND EXISTS (SELECT 1 FROM unnest(languages) l WHERE l = @lang OR l LIKE @lang || '-%')");
                cmd.Parameters.AddWithValue("lang", lang.Trim().ToLowerInvariant());
            }
            if (query.Since is { } since)
            {
                sql.Append(" AND last_seen >= @since");
                cmd.Parameters.AddWithValue("since", Seconds(since));
            }
            if (query.MinArticles > 1)
            {
                sql.Append(" AND size >= @min");
                cmd.Parameters.AddWithValue("min", query.MinArticles);
            }
            if (cursor is { } k)
            {
                sql.Append(query.Order == StoryOrder.Biggest ? " AND (size, last_seen, id) < (@cs, @cl, @ci)" : " AND (last_seen, id) < (@cl, @ci)");
                cmd.Parameters.AddWithValue("cs", k.Size);
                cmd.Parameters.AddWithValue("cl", k.LastSeen);
                cmd.Parameters.AddWithValue("ci", k.Id);
            }
            sql.Append(query.Order == StoryOrder.Biggest ? " ORDER BY size DESC, last_seen DESC, id DESC" : " ORDER BY last_seen DESC, id DESC");
            if (query.Limit > 0)
            {
                sql.Append(" LIMIT @limit");
                cmd.Parameters.AddWithValue("limit", query.Limit + 1);
            }
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
        }, cancellation);
    }

    public Task<Story?> GetStoryAsync(long id, CancellationToken cancellation = default) => RunAsync(async c =>
    {
        // a story merged into another answers as that story (its id stays valid)
        await using var cmd = new NpgsqlCommand($"SELECT {StoryColumns} FROM stories WHERE id = (SELECT COALESCE(merged_into, id) FROM stories WHERE id = @id)", c);
        cmd.Parameters.AddWithValue("id", id);
        await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        return await r.ReadAsync(cancellation).ConfigureAwait(false) ? ReadStory(r) : null;
    }, cancellation);

    private const string ArticleColumns = "a.id, a.title, a.text, a.language, a.language_confidence, a.path, a.url, a.published, a.author, a.site, a.ingested_at, a.story_id, a.page_kind, a.is_copy, a.centrality, a.evidence";

    /// <summary>The article columns with an empty text in place of the text.</summary>
    private static readonly string HeadColumns = ArticleColumns.Replace("a.text", "'' AS text", StringComparison.Ordinal);

    private static Article ReadArticle(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Title = r.GetString(1),
        Text = r.GetString(2),
        Language = LanguageTag.Parse(r.GetString(3)),
        LanguageConfidence = r.GetDouble(4),
        Path = r.IsDBNull(5) ? null : r.GetString(5),
        Url = r.IsDBNull(6) ? null : r.GetString(6),
        Published = r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
        Author = r.IsDBNull(8) ? null : r.GetString(8),
        Site = r.IsDBNull(9) ? null : r.GetString(9),
        IngestedAt = r.GetFieldValue<DateTimeOffset>(10),
        StoryId = r.IsDBNull(11) ? null : r.GetInt64(11),
        PageKind = Enum.IsDefined((PageKind)r.GetInt16(12)) ? (PageKind)r.GetInt16(12) : PageKind.Unknown,
        IsCopy = r.GetBoolean(13),
        Centrality = r.GetDouble(14),
        Evidence = r.IsDBNull(15) ? null : r.GetString(15),
    };

    public Task<Article?> GetArticleAsync(string id, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(id);
        return RunAsync(async c =>
        {
            await using var cmd = new NpgsqlCommand($"SELECT {ArticleColumns} FROM articles a WHERE a.id = @id", c);
            cmd.Parameters.AddWithValue("id", id);
            await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            return await r.ReadAsync(cancellation).ConfigureAwait(false) ? ReadArticle(r) : null;
        }, cancellation);
    }

    public Task<IReadOnlyList<Article>> GetArticlesAsync(long storyId, CancellationToken cancellation = default) => RunAsync<IReadOnlyList<Article>>(async c =>
    {
        await using var cmd = new NpgsqlCommand($"SELECT {ArticleColumns} FROM articles a WHERE a.story_id = @id ORDER BY a.language COLLATE \"C\", COALESCE(a.published, a.ingested_at), a.id COLLATE \"C\"", c);
        cmd.Parameters.AddWithValue("id", storyId);
        return await ReadArticlesAsync(cmd, cancellation).ConfigureAwait(false);
    }, cancellation);

    public Task<IReadOnlyList<Article>> GetArticleHeadsAsync(IReadOnlyCollection<long> storyIds, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(storyIds);
        if (storyIds.Count == 0)
            return Task.FromResult<IReadOnlyList<Article>>([]);
        var ids = storyIds.ToArray();
        return RunAsync<IReadOnlyList<Article>>(async c =>
        {
            await using var cmd = new NpgsqlCommand(
                $"SELECT {HeadColumns} FROM articles a WHERE a.story_id = ANY(@ids) " +
                "ORDER BY a.story_id, a.language COLLATE \"C\", COALESCE(a.published, a.ingested_at), a.id COLLATE \"C\"", c);
            cmd.Parameters.AddWithValue("ids", ids);
            return await ReadArticlesAsync(cmd, cancellation).ConfigureAwait(false);
        }, cancellation);
    }

    private static async Task<IReadOnlyList<Article>> ReadArticlesAsync(NpgsqlCommand cmd, CancellationToken cancellation)
    {
        var list = new List<Article>();
        await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
        while (await r.ReadAsync(cancellation).ConfigureAwait(false))
            list.Add(ReadArticle(r));
        return list;
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, int limit = 20, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = SearchText.Terms(text);
        if (terms.Count == 0)
            return Task.FromResult<IReadOnlyList<SearchHit>>([]);
        return RunAsync<IReadOnlyList<SearchHit>>(async c =>
        {
            // every term a phrase of its tokens; all terms must match
            var query = string.Join(" && ", terms.Select((_, i) => $"phraseto_tsquery('simple', @t{i})"));
            await using var cmd = new NpgsqlCommand($"""
                WITH q AS (SELECT ({query}) AS q)
                SELECT {ArticleColumns}, ts_rank(a.search, q.q) AS score FROM articles a, q
                WHERE a.search @@ q.q ORDER BY score DESC, a.id COLLATE "C" LIMIT @limit
                """, c);
            for (int i = 0; i < terms.Count; i++)
                cmd.Parameters.AddWithValue($"t{i}", terms[i]);
            cmd.Parameters.AddWithValue("limit", limit <= 0 ? 20 : limit);
            var list = new List<SearchHit>();
            await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            while (await r.ReadAsync(cancellation).ConfigureAwait(false))
                list.Add(new SearchHit(ReadArticle(r), r.GetFloat(16)));
            return list;
        }, cancellation);
    }

    // ---- clusterer state

    private const string StateColumns = "id, title, centroid, size, first_seen, last_seen, languages, published_from, published_to, reports, copies, is_report, title_vector, central_title, fingerprints, dense, merged_into";

    private static StoryState ReadState(NpgsqlDataReader r) =>
        new StoryState(r.GetInt64(0), r.GetString(1), FeatureVector.FromBytes(r.GetFieldValue<byte[]>(2)), r.GetInt32(3),
            r.GetFieldValue<DateTimeOffset>(4), r.GetFieldValue<DateTimeOffset>(5), r.GetFieldValue<string[]>(6))
        {
            PublishedFrom = r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7),
            PublishedTo = r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
            Reports = r.GetInt32(9),
            Copies = r.GetInt32(10),
            IsReport = r.GetBoolean(11),
            TitleVector = StateBytes.Vector(r.IsDBNull(12) ? null : r.GetFieldValue<byte[]>(12)),
            CentralTitle = StateBytes.Vector(r.IsDBNull(13) ? null : r.GetFieldValue<byte[]>(13)),
            Fingerprints = StateBytes.Fingerprints(r.IsDBNull(14) ? null : r.GetFieldValue<byte[]>(14)),
            MergedInto = r.IsDBNull(16) ? null : r.GetInt64(16),
        }.WithDense(r.IsDBNull(15) ? null : r.GetFieldValue<byte[]>(15));

    private static async Task<List<StoryState>> ReadStatesAsync(NpgsqlConnection c, NpgsqlTransaction tx, string where, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        var stories = new List<StoryState>();
        await using var cmd = new NpgsqlCommand($"SELECT {StateColumns} FROM stories WHERE {where} ORDER BY id", c, tx);
        cmd.Parameters.AddRange(parameters);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            stories.Add(ReadState(r));
        return stories;
    }

    public Task<IReadOnlyDictionary<ulong, int>> FrequenciesAsync(IReadOnlyCollection<ulong> keys, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
            return Task.FromResult<IReadOnlyDictionary<ulong, int>>(new Dictionary<ulong, int>());
        return RunAsync<IReadOnlyDictionary<ulong, int>>(async c => await FrequenciesAsync(c, null, keys, cancellation).ConfigureAwait(false), cancellation);
    }

    /// <summary>One query for the whole set: the keys travel as one bigint array and are joined by primary key.</summary>
    internal static async Task<Dictionary<ulong, int>> FrequenciesAsync(NpgsqlConnection c, NpgsqlTransaction? tx, IReadOnlyCollection<ulong> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
            return new Dictionary<ulong, int>();
        var signed = ClusterStateKeys.AsStored(keys);
        var df = new Dictionary<ulong, int>(keys.Count);
        await using var cmd = new NpgsqlCommand("SELECT key, df FROM doc_freq WHERE key = ANY(@k)", c, tx);
        cmd.Parameters.AddWithValue("k", signed);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            df[unchecked((ulong)r.GetInt64(0))] = r.GetInt32(1);
        return df;
    }

    private static async Task<Dictionary<ulong, int>> ReadFrequenciesAsync(NpgsqlConnection c, NpgsqlTransaction tx, long since, CancellationToken ct)
    {
        var df = new Dictionary<ulong, int>();
        await using var cmd = new NpgsqlCommand("SELECT key, df FROM doc_freq WHERE seq > @p", c, tx);
        cmd.Parameters.AddWithValue("p", since);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        while (await r.ReadAsync(ct).ConfigureAwait(false))
            df[unchecked((ulong)r.GetInt64(0))] = r.GetInt32(1);
        return df;
    }

    internal static async Task<(int Documents, long NextStoryId, long Sequence)> CountersAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            SELECT (SELECT value::bigint FROM meta WHERE key = 'document_count'),
                   (SELECT COALESCE(MAX(id), 0) + 1 FROM stories),
                   (SELECT value::bigint FROM meta WHERE key = 'change_seq')
            """, c, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false);
        await r.ReadAsync(ct).ConfigureAwait(false);
        return (r.IsDBNull(0) ? 0 : (int)r.GetInt64(0), r.GetInt64(1), r.IsDBNull(2) ? 0 : r.GetInt64(2));
    }

    public Task<ClusterState> LoadActiveStateAsync(TimeSpan activeWindow, CancellationToken cancellation = default) => RunAsync(async c =>
    {
        // one repeatable-read snapshot: stories, frequencies and counters agree
        await using var tx = await c.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellation).ConfigureAwait(false);
        DateTimeOffset? newestSeen, newestPublished;
        await using (var cmd = new NpgsqlCommand("""
            SELECT (SELECT MAX(last_seen) FROM stories WHERE last_seen <= @limit),
                   (SELECT MAX(published_to) FROM stories WHERE published_to <= @limit)
            """, c, tx))
        {
            // the newest arrival and the newest publication, ignoring dates in the future; both indexed
            cmd.Parameters.AddWithValue("limit", DateTimeOffset.UtcNow.AddDays(1));
            await using var r = await cmd.ExecuteReaderAsync(cancellation).ConfigureAwait(false);
            await r.ReadAsync(cancellation).ConfigureAwait(false);
            newestSeen = r.IsDBNull(0) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(0), DateTimeKind.Utc));
            newestPublished = r.IsDBNull(1) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(1), DateTimeKind.Utc));
        }
        // active by either clock, as the clusterer judges it (StoryClusterer.IsOld)
        var seen = newestSeen is { } n ? new NpgsqlParameter("p", n - activeWindow) : null;
        var published = newestPublished is { } np ? new NpgsqlParameter("q", np - activeWindow) : null;
        var stories = seen is null ? []
            : published is null ? await ReadStatesAsync(c, tx, "last_seen >= @p AND merged_into IS NULL", cancellation, seen).ConfigureAwait(false)
            : await ReadStatesAsync(c, tx, "(last_seen >= @p OR published_to >= @q) AND merged_into IS NULL", cancellation, seen, published).ConfigureAwait(false);
        var df = await FrequenciesAsync(c, tx, ClusterStateKeys.Of(stories), cancellation).ConfigureAwait(false);
        var (count, next, seq) = await CountersAsync(c, tx, cancellation).ConfigureAwait(false);
        await tx.CommitAsync(cancellation).ConfigureAwait(false);
        return new ClusterState(stories, df, count) { NextStoryId = next, Sequence = seq };
    }, cancellation);

    internal static async Task<ClusterState> ChangesSinceAsync(NpgsqlConnection c, NpgsqlTransaction tx, long sequence, CancellationToken ct)
    {
        var stories = await ReadStatesAsync(c, tx, "seq > @p", ct, new NpgsqlParameter("p", sequence)).ConfigureAwait(false);
        var df = await ReadFrequenciesAsync(c, tx, sequence, ct).ConfigureAwait(false);
        var (count, next, seq) = await CountersAsync(c, tx, ct).ConfigureAwait(false);
        return new ClusterState(stories, df, count) { NextStoryId = next, Sequence = seq };
    }

    public async Task<IWriteSession> BeginWriteAsync(CancellationToken cancellation = default)
    {
        if (_readOnly)
            throw new StoreException($"'{Location}' was opened read-only");
        NpgsqlConnection? c = null;
        try
        {
            c = await _source.OpenConnectionAsync(cancellation).ConfigureAwait(false);
            var tx = await c.BeginTransactionAsync(cancellation).ConfigureAwait(false);
            await LockAsync(c, tx, cancellation).ConfigureAwait(false);
            return new PostgresWriteSession(c, tx, Location);
        }
        catch (NpgsqlException e)
        {
            if (c is not null)
                await c.DisposeAsync().ConfigureAwait(false);
            throw Wrap(Location, e);
        }
        catch
        {
            if (c is not null)
                await c.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
