using Microsoft.Data.Sqlite;

namespace Tidings.Storage.Sqlite;

/// <summary>One schema step: statements run in one transaction, then an optional backfill in code.</summary>
internal sealed record SqliteMigration(string Name, IReadOnlyList<string> Statements, Action<SqliteConnection, SqliteTransaction>? Backfill = null);

/// <summary>SQLite's schema as an ordered list of migrations; entry i brings version i to i + 1. Append new steps at
/// the end (and the same step to <c>PostgresSchema</c>): never edit a step that has shipped.</summary>
internal static class SqliteSchema
{
    public static IReadOnlyList<SqliteMigration> Migrations { get; } =
    [
        new("stories, articles, document frequencies",
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
        ]),
        new("change sequence, checkpoints, listing indexes, full-text search",
        [
            "ALTER TABLE stories ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE doc_freq ADD COLUMN seq INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX stories_seq ON stories(seq)",
            "CREATE INDEX doc_freq_seq ON doc_freq(seq)",
            "CREATE INDEX stories_newest ON stories(last_seen DESC, id DESC)",
            "CREATE INDEX stories_biggest ON stories(size DESC, last_seen DESC, id DESC)",
            "CREATE TABLE checkpoints (source TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at TEXT NOT NULL)",
            "INSERT INTO meta (key, value) VALUES ('application', 'tidings') ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            "INSERT INTO meta (key, value) VALUES ('change_seq', '0') ON CONFLICT(key) DO NOTHING",
            "INSERT INTO meta (key, value) VALUES ('document_count', (SELECT COUNT(*) FROM articles)) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            "CREATE VIRTUAL TABLE articles_fts USING fts5(body, content='', tokenize='unicode61 remove_diacritics 2')",
        ], BackfillSearch),
        new("story engine v2: page kind, copies, centrality and evidence per article; reports, copies, headline profiles and fingerprints per story",
        [
            "ALTER TABLE articles ADD COLUMN page_kind INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE articles ADD COLUMN is_copy INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE articles ADD COLUMN centrality REAL NOT NULL DEFAULT 0",
            "ALTER TABLE articles ADD COLUMN evidence TEXT",
            "ALTER TABLE stories ADD COLUMN reports INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE stories ADD COLUMN copies INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE stories ADD COLUMN is_report INTEGER NOT NULL DEFAULT 1",
            "ALTER TABLE stories ADD COLUMN title_vector BLOB",
            "ALTER TABLE stories ADD COLUMN central_title BLOB",
            "ALTER TABLE stories ADD COLUMN fingerprints BLOB",
            // stories of older versions: every member counted as a report of its own
            "UPDATE stories SET reports = size",
        ]),
        new("start-up reads the stories active by either clock: the newest publication date is indexed",
        [
            "CREATE INDEX stories_published ON stories(published_to)",
        ]),
        new("dense centroid per story: the mean embedding of its reports when an embedder is configured",
        [
            "ALTER TABLE stories ADD COLUMN dense BLOB",
        ]),
        new("late joins: a one-report story merged into its event's story keeps its row, pointing at that story",
        [
            "ALTER TABLE stories ADD COLUMN merged_into INTEGER",
        ]),
    ];

    /// <summary>Indexes the articles a version-1 database already holds.</summary>
    private static void BackfillSearch(SqliteConnection c, SqliteTransaction tx)
    {
        using var read = c.CreateCommand();
        read.Transaction = tx;
        read.CommandText = "SELECT rowid, title, text FROM articles";
        using var insert = c.CreateCommand();
        insert.Transaction = tx;
        insert.CommandText = "INSERT INTO articles_fts (rowid, body) VALUES ($r, $b)";
        var pr = insert.Parameters.Add("$r", SqliteType.Integer);
        var pb = insert.Parameters.Add("$b", SqliteType.Text);
        using var r = read.ExecuteReader();
        while (r.Read())
        {
            pr.Value = r.GetInt64(0);
            pb.Value = SearchText.Index(r.GetString(1), r.GetString(2));
            insert.ExecuteNonQuery();
        }
    }
}
