using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Core;

namespace Tidings.Storage;

/// <summary>The SQLite store: one file, WAL journal, one transaction per batch, versioned schema with migrations.</summary>
public sealed class SqliteStore : IStore
{
    /// <summary>Schema migrations in order; entry i brings the schema from version i to i + 1.</summary>
    internal static readonly string[][] Migrations =
    [
        [
            """
            CREATE TABLE stories (
                id INTEGER PRIMARY KEY,
                title TEXT NOT NULL,
                size INTEGER NOT NULL,
                first_seen TEXT NOT NULL,
                last_seen TEXT NOT NULL,
                languages TEXT NOT NULL,
                published_from TEXT,
                published_to TEXT,
                centroid BLOB NOT NULL)
            """,
            """
            CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                story_id INTEGER REFERENCES stories(id),
                title TEXT NOT NULL,
                text TEXT NOT NULL,
                language TEXT NOT NULL,
                language_confidence REAL NOT NULL,
                path TEXT,
                url TEXT,
                published TEXT,
                author TEXT,
                site TEXT,
                ingested_at TEXT NOT NULL,
                features BLOB NOT NULL)
            """,
            "CREATE INDEX articles_story ON articles(story_id)",
            "CREATE TABLE doc_freq (key INTEGER PRIMARY KEY, df INTEGER NOT NULL)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ],
    ];

    public static int SchemaVersion => Migrations.Length;

    private readonly SqliteConnection _connection;

    private SqliteStore(SqliteConnection connection) => _connection = connection;

    /// <summary>Opens (and creates or migrates) the database at <paramref name="path"/>.</summary>
    /// <exception cref="StoreException">The file is not a Tidings database or is newer than this program.</exception>
    public static SqliteStore Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var builder = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
            Exec(connection, "PRAGMA journal_mode=WAL");
            Exec(connection, "PRAGMA synchronous=NORMAL");
            Exec(connection, "PRAGMA foreign_keys=ON");
            Exec(connection, "PRAGMA busy_timeout=5000");
            Migrate(connection);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw new StoreException($"cannot open database '{path}': {e.Message}", e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        return new SqliteStore(connection);
    }

    private static void Exec(SqliteConnection c, string sql, SqliteTransaction? tx = null)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = tx;
        cmd.ExecuteNonQuery();
    }

    private static void Migrate(SqliteConnection c)
    {
        Exec(c, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)");
        long current;
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
            current = (long)cmd.ExecuteScalar()!;
        }
        if (current > Migrations.Length)
            throw new StoreException($"the database has schema version {current}, newer than this program's {Migrations.Length}");
        for (long v = current; v < Migrations.Length; v++)
        {
            using var tx = c.BeginTransaction();
            foreach (var sql in Migrations[v])
                Exec(c, sql, tx);
            using (var cmd = c.CreateCommand())
            {
                cmd.Transaction = tx;
                cmd.CommandText = "INSERT INTO schema_version (version, applied_at) VALUES ($v, $t)";
                cmd.Parameters.AddWithValue("$v", v + 1);
                cmd.Parameters.AddWithValue("$t", Iso(DateTimeOffset.UtcNow));
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
        }
    }

    internal static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseIso(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    public bool Contains(string articleId)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT 1 FROM articles WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", articleId);
        return cmd.ExecuteScalar() is not null;
    }

    public void SaveBatch(IReadOnlyCollection<StoredArticle> articles, IReadOnlyCollection<StoryState> stories, IReadOnlyDictionary<ulong, int> documentFrequencyDelta)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(stories);
        ArgumentNullException.ThrowIfNull(documentFrequencyDelta);
        using var tx = _connection.BeginTransaction();

        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO stories (id, title, size, first_seen, last_seen, languages, published_from, published_to, centroid)
                VALUES ($id, $title, $size, $first, $last, $langs, $pfrom, $pto, $centroid)
                ON CONFLICT(id) DO UPDATE SET title = excluded.title, size = excluded.size, first_seen = excluded.first_seen,
                    last_seen = excluded.last_seen, languages = excluded.languages, published_from = excluded.published_from,
                    published_to = excluded.published_to, centroid = excluded.centroid
                """;
            var pId = cmd.Parameters.Add("$id", SqliteType.Integer);
            var pTitle = cmd.Parameters.Add("$title", SqliteType.Text);
            var pSize = cmd.Parameters.Add("$size", SqliteType.Integer);
            var pFirst = cmd.Parameters.Add("$first", SqliteType.Text);
            var pLast = cmd.Parameters.Add("$last", SqliteType.Text);
            var pLangs = cmd.Parameters.Add("$langs", SqliteType.Text);
            var pCentroid = cmd.Parameters.Add("$centroid", SqliteType.Blob);
            var pFrom = cmd.Parameters.Add("$pfrom", SqliteType.Text);
            var pTo = cmd.Parameters.Add("$pto", SqliteType.Text);
            foreach (var s in stories)
            {
                pId.Value = s.Id;
                pTitle.Value = s.Title;
                pSize.Value = s.Size;
                pFirst.Value = Iso(s.FirstSeen);
                pLast.Value = Iso(s.LastSeen);
                pLangs.Value = JsonSerializer.Serialize(s.Languages);
                pCentroid.Value = s.Centroid.ToBytes();
                pFrom.Value = s.PublishedFrom is { } f ? Iso(f) : DBNull.Value;
                pTo.Value = s.PublishedTo is { } t ? Iso(t) : DBNull.Value;
                cmd.ExecuteNonQuery();
            }
        }

        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT OR IGNORE INTO articles (id, story_id, title, text, language, language_confidence, path, url, published, author, site, ingested_at, features)
                VALUES ($id, $story, $title, $text, $lang, $conf, $path, $url, $pub, $author, $site, $ingested, $features)
                """;
            var p = new Dictionary<string, SqliteParameter>();
            foreach (var name in new[] { "$id", "$story", "$title", "$text", "$lang", "$conf", "$path", "$url", "$pub", "$author", "$site", "$ingested", "$features" })
                p[name] = cmd.Parameters.Add(name, SqliteType.Text);
            p["$features"].SqliteType = SqliteType.Blob;
            foreach (var (a, features) in articles)
            {
                p["$id"].Value = a.Id;
                p["$story"].Value = (object?)a.StoryId ?? DBNull.Value;
                p["$title"].Value = a.Title;
                p["$text"].Value = a.Text;
                p["$lang"].Value = a.Language.ToString();
                p["$conf"].Value = a.LanguageConfidence;
                p["$path"].Value = (object?)a.Path ?? DBNull.Value;
                p["$url"].Value = (object?)a.Url ?? DBNull.Value;
                p["$pub"].Value = a.Published is { } d ? Iso(d) : DBNull.Value;
                p["$author"].Value = (object?)a.Author ?? DBNull.Value;
                p["$site"].Value = (object?)a.Site ?? DBNull.Value;
                p["$ingested"].Value = Iso(a.IngestedAt);
                p["$features"].Value = features.ToBytes();
                cmd.ExecuteNonQuery();
            }
        }

        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO doc_freq (key, df) VALUES ($k, $d) ON CONFLICT(key) DO UPDATE SET df = df + excluded.df";
            var pk = cmd.Parameters.Add("$k", SqliteType.Integer);
            var pd = cmd.Parameters.Add("$d", SqliteType.Integer);
            foreach (var (k, d) in documentFrequencyDelta)
            {
                pk.Value = unchecked((long)k);
                pd.Value = d;
                cmd.ExecuteNonQuery();
            }
        }

        using (var cmd = _connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = """
                INSERT INTO meta (key, value) VALUES ('document_count', (SELECT COUNT(*) FROM articles))
                ON CONFLICT(key) DO UPDATE SET value = excluded.value
                """;
            cmd.ExecuteNonQuery();
        }
        tx.Commit();
    }

    public ClusterState LoadClusterState()
    {
        var stories = new List<StoryState>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT id, title, centroid, size, first_seen, last_seen, languages, published_from, published_to FROM stories ORDER BY id";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                stories.Add(new StoryState(r.GetInt64(0), r.GetString(1), FeatureVector.FromBytes((byte[])r[2]), r.GetInt32(3),
                    ParseIso(r.GetString(4)), ParseIso(r.GetString(5)), ReadLanguages(r.GetString(6)))
                {
                    PublishedFrom = r.IsDBNull(7) ? null : ParseIso(r.GetString(7)),
                    PublishedTo = r.IsDBNull(8) ? null : ParseIso(r.GetString(8)),
                });
            }
        }
        var df = new Dictionary<ulong, int>();
        using (var cmd = _connection.CreateCommand())
        {
            cmd.CommandText = "SELECT key, df FROM doc_freq";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                df[unchecked((ulong)r.GetInt64(0))] = r.GetInt32(1);
        }
        return new ClusterState(stories, df, ArticleCount());
    }

    private static string[] ReadLanguages(string json)
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

    public IReadOnlyList<Story> ListStories(string? language = null, int limit = 50)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT id, title, languages, size, first_seen, last_seen FROM stories
            WHERE $lang IS NULL OR EXISTS (SELECT 1 FROM json_each(stories.languages) WHERE value = $lang OR value LIKE $lang || '-%')
            ORDER BY size DESC, last_seen DESC, id DESC
            LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$lang", (object?)language ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", limit <= 0 ? -1 : limit);
        using var r = cmd.ExecuteReader();
        var list = new List<Story>();
        while (r.Read())
            list.Add(ReadStory(r));
        return list;
    }

    private static Story ReadStory(SqliteDataReader r) => new()
    {
        Id = r.GetInt64(0),
        Title = r.GetString(1),
        Languages = ReadLanguages(r.GetString(2)),
        ArticleCount = r.GetInt32(3),
        FirstSeen = ParseIso(r.GetString(4)),
        LastSeen = ParseIso(r.GetString(5)),
    };

    public Story? GetStory(long id)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT id, title, languages, size, first_seen, last_seen FROM stories WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return r.Read() ? ReadStory(r) : null;
    }

    public IReadOnlyList<Article> GetArticles(long storyId)
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = """
            SELECT id, title, text, language, language_confidence, path, url, published, author, site, ingested_at, story_id
            FROM articles WHERE story_id = $id ORDER BY language, COALESCE(published, ingested_at), id
            """;
        cmd.Parameters.AddWithValue("$id", storyId);
        using var r = cmd.ExecuteReader();
        var list = new List<Article>();
        while (r.Read())
        {
            list.Add(new Article
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
            });
        }
        return list;
    }

    public int ArticleCount()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM articles";
        return Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public void Dispose() => _connection.Dispose();
}

/// <summary>The store cannot be used: not a database, a newer schema, a locked or read-only file.</summary>
public sealed class StoreException : Exception
{
    public StoreException() { }
    public StoreException(string message) : base(message) { }
    public StoreException(string message, Exception inner) : base(message, inner) { }
}
