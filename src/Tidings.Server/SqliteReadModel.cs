using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Tidings.Server;

/// <summary>The read queries on a SQLite database, on pooled read-only connections (WAL lets them run beside the
/// writer). Stands in until the store contract offers story queries, search and cursors itself.</summary>
internal sealed class SqliteReadModel : IReadModel
{
    private const string SeenAt = "COALESCE(a.published, a.ingested_at)";

    /// <summary>An article's source: its site name, else the host of its URL without "www.".</summary>
    private const string Source = """
        CASE WHEN a.site IS NOT NULL AND a.site <> '' THEN a.site
             WHEN a.url LIKE 'http%://%' THEN replace(substr(substr(a.url, instr(a.url, '://') + 3), 1,
                  instr(substr(a.url, instr(a.url, '://') + 3) || '/', '/') - 1), 'www.', '')
        END
        """;
    private readonly string _connectionString;

    public SqliteReadModel(string path)
    {
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = true, DefaultTimeout = 5 }.ToString();
    }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connectionString);
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA busy_timeout=5000";
        cmd.ExecuteNonQuery();
        return c;
    }

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static DateTimeOffset ParseIso(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static string[] Languages(string json)
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

    private static string LikePattern(string text) =>
        "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";

    public Task<StoryPage> ListStoriesAsync(StoryQuery query, CancellationToken cancellation)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        var sql = new StringBuilder("SELECT s.id, s.title, s.languages, s.size, s.first_seen, s.last_seen FROM stories s WHERE 1=1");
        if (query.Language is { } lang)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM json_each(s.languages) WHERE value = $lang OR value LIKE $lang || '-%')");
            cmd.Parameters.AddWithValue("$lang", lang);
        }
        if (query.Since is { } since)
        {
            sql.Append(" AND s.last_seen >= $since");
            cmd.Parameters.AddWithValue("$since", Iso(since));
        }
        if (query.Until is { } until)
        {
            sql.Append(" AND s.first_seen <= $until");
            cmd.Parameters.AddWithValue("$until", Iso(until));
        }
        if (query.Text is { } text)
        {
            sql.Append(" AND EXISTS (SELECT 1 FROM articles a WHERE a.story_id = s.id AND (a.title LIKE $q ESCAPE '\\' OR a.text LIKE $q ESCAPE '\\'))");
            cmd.Parameters.AddWithValue("$q", LikePattern(text));
        }
        if (query.After is { } after)
        {
            sql.Append(" AND (s.size < $csize OR (s.size = $csize AND (s.last_seen < $cseen OR (s.last_seen = $cseen AND s.id < $cid))))");
            cmd.Parameters.AddWithValue("$csize", after.Size);
            cmd.Parameters.AddWithValue("$cseen", Iso(after.LastSeen));
            cmd.Parameters.AddWithValue("$cid", after.Id);
        }
        sql.Append(" ORDER BY s.size DESC, s.last_seen DESC, s.id DESC LIMIT $limit");
        cmd.Parameters.AddWithValue("$limit", query.Limit + 1);
        cmd.CommandText = sql.ToString();
        var rows = new List<(long Id, string Title, string[] Languages, int Size, DateTimeOffset First, DateTimeOffset Last)>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                rows.Add((r.GetInt64(0), r.GetString(1), Languages(r.GetString(2)), r.GetInt32(3), ParseIso(r.GetString(4)), ParseIso(r.GetString(5))));
        }
        string? next = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveAt(rows.Count - 1);
            var last = rows[^1];
            next = new StoryCursor(last.Size, last.Last, last.Id).Encode();
        }
        var cards = Cards(c, rows);
        return Task.FromResult(new StoryPage(cards, next));
    }

    public Task<IReadOnlyList<StoryCard>> CardsAsync(IReadOnlyCollection<long> storyIds, CancellationToken cancellation)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT id, title, languages, size, first_seen, last_seen FROM stories WHERE id IN ({string.Join(',', storyIds.Select(i => i.ToString(CultureInfo.InvariantCulture)))}) ORDER BY size DESC, last_seen DESC, id DESC";
        var rows = new List<(long, string, string[], int, DateTimeOffset, DateTimeOffset)>();
        if (storyIds.Count > 0)
        {
            using var r = cmd.ExecuteReader();
            while (r.Read())
                rows.Add((r.GetInt64(0), r.GetString(1), Languages(r.GetString(2)), r.GetInt32(3), ParseIso(r.GetString(4)), ParseIso(r.GetString(5))));
        }
        return Task.FromResult(Cards(c, rows));
    }

    /// <summary>Adds per-language headlines and counts, sources and the day timeline to each story row, in three
    /// grouped queries over the page's stories.</summary>
    private static IReadOnlyList<StoryCard> Cards(SqliteConnection c, List<(long Id, string Title, string[] Languages, int Size, DateTimeOffset First, DateTimeOffset Last)> rows)
    {
        if (rows.Count == 0)
            return [];
        var ids = string.Join(',', rows.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)));
        var titles = rows.ToDictionary(r => r.Id, _ => new Dictionary<string, string>(StringComparer.Ordinal));
        var counts = rows.ToDictionary(r => r.Id, _ => new Dictionary<string, int>(StringComparer.Ordinal));
        var sources = rows.ToDictionary(r => r.Id, _ => new List<SourceCount>());
        var timeline = rows.ToDictionary(r => r.Id, _ => new List<DayCount>());
        using (var cmd = c.CreateCommand())
        {
            // SQLite: with MIN(), the bare column (title) comes from the row holding the minimum
            cmd.CommandText = $"SELECT a.story_id, a.language, COUNT(*), MIN({SeenAt}), a.title FROM articles a WHERE a.story_id IN ({ids}) GROUP BY a.story_id, a.language";
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                titles[r.GetInt64(0)][r.GetString(1)] = r.GetString(4);
                counts[r.GetInt64(0)][r.GetString(1)] = r.GetInt32(2);
            }
        }
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT a.story_id, {Source} src, COUNT(*) n FROM articles a WHERE a.story_id IN ({ids}) GROUP BY a.story_id, src HAVING src IS NOT NULL AND src <> '' ORDER BY n DESC, src";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                sources[r.GetInt64(0)].Add(new SourceCount(r.GetString(1), r.GetInt32(2)));
        }
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = $"SELECT a.story_id, substr({SeenAt}, 1, 10) d, COUNT(*) FROM articles a WHERE a.story_id IN ({ids}) GROUP BY a.story_id, d ORDER BY d";
            using var r = cmd.ExecuteReader();
            while (r.Read())
                timeline[r.GetInt64(0)].Add(new DayCount(r.GetString(1), r.GetInt32(2)));
        }
        return rows.Select(r => new StoryCard
        {
            Id = r.Id,
            Title = r.Title,
            Titles = titles[r.Id],
            Languages = r.Languages,
            LanguageCounts = counts[r.Id],
            Articles = r.Size,
            FirstSeen = r.First,
            LastSeen = r.Last,
            Sources = sources[r.Id],
            Timeline = timeline[r.Id],
        }).ToList();
    }

    private const string ArticleColumns = "a.id, a.title, a.language, a.url, a.site, a.author, a.published, a.ingested_at, a.story_id";

    private static ArticleView ReadArticle(SqliteDataReader r, bool withText = false) => new()
    {
        Id = r.GetString(0),
        Title = r.GetString(1),
        Language = r.GetString(2),
        Url = r.IsDBNull(3) ? null : r.GetString(3),
        Site = r.IsDBNull(4) ? null : r.GetString(4),
        Author = r.IsDBNull(5) ? null : r.GetString(5),
        Published = r.IsDBNull(6) ? null : ParseIso(r.GetString(6)),
        IngestedAt = ParseIso(r.GetString(7)),
        StoryId = r.IsDBNull(8) ? null : r.GetInt64(8),
        Text = withText ? r.GetString(9) : null,
    };

    public async Task<StoryDetail?> GetStoryAsync(long id, CancellationToken cancellation)
    {
        var cards = await CardsAsync([id], cancellation);
        if (cards.Count == 0)
            return null;
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {ArticleColumns} FROM articles a WHERE a.story_id = $id ORDER BY a.language, {SeenAt}, a.id";
        cmd.Parameters.AddWithValue("$id", id);
        var articles = new List<ArticleView>();
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
                articles.Add(ReadArticle(r));
        }
        var groups = articles.GroupBy(a => a.Language)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LanguageGroup(g.Key, g.ToList())).ToList();
        return new StoryDetail(cards[0], groups);
    }

    public Task<ArticleView?> GetArticleAsync(string id, CancellationToken cancellation)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT {ArticleColumns}, a.text FROM articles a WHERE a.id = $id";
        cmd.Parameters.AddWithValue("$id", id);
        using var r = cmd.ExecuteReader();
        return Task.FromResult(r.Read() ? ReadArticle(r, withText: true) : null);
    }

    public Task<IReadOnlyDictionary<string, long?>> StoriesOfAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation)
    {
        var result = new Dictionary<string, long?>(StringComparer.Ordinal);
        if (ids.Count == 0)
            return Task.FromResult<IReadOnlyDictionary<string, long?>>(result);
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT story_id FROM articles WHERE id = $id";
        var p = cmd.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids)
        {
            p.Value = id;
            if (cmd.ExecuteScalar() is { } v)
                result[id] = v is DBNull ? null : Convert.ToInt64(v, CultureInfo.InvariantCulture);
        }
        return Task.FromResult<IReadOnlyDictionary<string, long?>>(result);
    }

    public Task<IReadOnlyList<SearchHit>> SearchAsync(string text, string? language, int limit, CancellationToken cancellation)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"""
            SELECT {ArticleColumns}, a.text FROM articles a
            WHERE (a.title LIKE $q ESCAPE '\' OR a.text LIKE $q ESCAPE '\') AND ($lang IS NULL OR a.language = $lang OR a.language LIKE $lang || '-%')
            ORDER BY (a.title LIKE $q ESCAPE '\') DESC, {SeenAt} DESC, a.id LIMIT $limit
            """;
        cmd.Parameters.AddWithValue("$q", LikePattern(text));
        cmd.Parameters.AddWithValue("$lang", (object?)language ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$limit", limit);
        var hits = new List<SearchHit>();
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var a = ReadArticle(r, withText: true);
            hits.Add(new SearchHit(a with { Text = null }, Snippets.Around(a.Text!, text)));
        }
        return Task.FromResult<IReadOnlyList<SearchHit>>(hits);
    }

    public Task<(long Articles, long Stories)> CountsAsync(CancellationToken cancellation)
    {
        using var c = Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM stories)";
        using var r = cmd.ExecuteReader();
        r.Read();
        return Task.FromResult((r.GetInt64(0), r.GetInt64(1)));
    }
}

/// <summary>A short passage of text around the first match of a query, for search results.</summary>
internal static class Snippets
{
    internal static string Around(string text, string query, int width = 160)
    {
        int at = text.IndexOf(query, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
            return text.Length <= width ? text : text[..width] + "…";
        int start = Math.Max(0, at - (width / 2));
        int end = Math.Min(text.Length, start + width);
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }
}
