using Npgsql;

namespace Tidings.Storage.Postgres;

/// <summary>One schema step: statements run in one transaction, then an optional backfill in code.</summary>
internal sealed record PostgresMigration(string Name, IReadOnlyList<string> Statements, Func<NpgsqlConnection, NpgsqlTransaction, CancellationToken, Task>? Backfill = null);

/// <summary>PostgreSQL's schema: the same ordered steps as <c>SqliteSchema</c>, version for version. Append new steps
/// at the end of both lists; never edit a step that has shipped.</summary>
internal static class PostgresSchema
{
    public static IReadOnlyList<PostgresMigration> Migrations { get; } =
    [
        new("stories, articles, document frequencies",
        [
            """
            CREATE TABLE stories (
                id BIGINT PRIMARY KEY,
                title TEXT NOT NULL,
                size INTEGER NOT NULL,
                first_seen TIMESTAMPTZ NOT NULL,
                last_seen TIMESTAMPTZ NOT NULL,
                languages TEXT[] NOT NULL,
                published_from TIMESTAMPTZ,
                published_to TIMESTAMPTZ,
                centroid BYTEA NOT NULL)
            """,
            """
            CREATE TABLE articles (
                id TEXT PRIMARY KEY,
                story_id BIGINT REFERENCES stories(id),
                title TEXT NOT NULL,
                text TEXT NOT NULL,
                language TEXT NOT NULL,
                language_confidence DOUBLE PRECISION NOT NULL,
                path TEXT,
                url TEXT,
                published TIMESTAMPTZ,
                author TEXT,
                site TEXT,
                ingested_at TIMESTAMPTZ NOT NULL,
                features BYTEA NOT NULL)
            """,
            "CREATE INDEX articles_story ON articles(story_id)",
            "CREATE TABLE doc_freq (key BIGINT PRIMARY KEY, df INTEGER NOT NULL)",
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]),
        new("change sequence, checkpoints, listing indexes, full-text search",
        [
            "ALTER TABLE stories ADD COLUMN seq BIGINT NOT NULL DEFAULT 0",
            "ALTER TABLE doc_freq ADD COLUMN seq BIGINT NOT NULL DEFAULT 0",
            "CREATE INDEX stories_seq ON stories(seq)",
            "CREATE INDEX doc_freq_seq ON doc_freq(seq)",
            "CREATE INDEX stories_newest ON stories(last_seen DESC, id DESC)",
            "CREATE INDEX stories_biggest ON stories(size DESC, last_seen DESC, id DESC)",
            "CREATE INDEX stories_languages ON stories USING GIN (languages)",
            "CREATE TABLE checkpoints (source TEXT PRIMARY KEY, position TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL)",
            "INSERT INTO meta (key, value) VALUES ('application', 'tidings') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            "INSERT INTO meta (key, value) VALUES ('change_seq', '0') ON CONFLICT (key) DO NOTHING",
            "INSERT INTO meta (key, value) VALUES ('document_count', (SELECT COUNT(*) FROM articles)::text) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            "ALTER TABLE articles ADD COLUMN search TSVECTOR",
            "CREATE INDEX articles_search ON articles USING GIN (search)",
        ], BackfillSearchAsync),
        new("story engine v2: page kind, copies, centrality and evidence per article; reports, copies, headline profiles and fingerprints per story",
        [
            "ALTER TABLE articles ADD COLUMN page_kind SMALLINT NOT NULL DEFAULT 0",
            "ALTER TABLE articles ADD COLUMN is_copy BOOLEAN NOT NULL DEFAULT FALSE",
            "ALTER TABLE articles ADD COLUMN centrality DOUBLE PRECISION NOT NULL DEFAULT 0",
            "ALTER TABLE articles ADD COLUMN evidence TEXT",
            "ALTER TABLE stories ADD COLUMN reports INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE stories ADD COLUMN copies INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE stories ADD COLUMN is_report BOOLEAN NOT NULL DEFAULT TRUE",
            "ALTER TABLE stories ADD COLUMN title_vector BYTEA",
            "ALTER TABLE stories ADD COLUMN central_title BYTEA",
            "ALTER TABLE stories ADD COLUMN fingerprints BYTEA",
            // stories of older versions: every member counted as a report of its own
            "UPDATE stories SET reports = size",
        ]),
        new("start-up reads the stories active by either clock: the newest publication date is indexed",
        [
            "CREATE INDEX stories_published ON stories(published_to)",
        ]),
        new("dense centroid per story: the mean embedding of its reports when an embedder is configured",
        [
            "ALTER TABLE stories ADD COLUMN dense BYTEA",
        ]),
        new("late joins: a one-report story merged into its event's story keeps its row, pointing at that story",
        [
            "ALTER TABLE stories ADD COLUMN merged_into BIGINT",
        ]),
    ];

    /// <summary>Indexes the articles a version-1 database already holds.</summary>
    private static async Task BackfillSearchAsync(NpgsqlConnection c, NpgsqlTransaction tx, CancellationToken ct)
    {
        var rows = new List<(string Id, string Body)>();
        await using (var read = new NpgsqlCommand("SELECT id, title, text FROM articles", c, tx))
        await using (var r = await read.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                rows.Add((r.GetString(0), SearchText.Index(r.GetString(1), r.GetString(2))));
        }
        foreach (var chunk in rows.Chunk(500))
        {
            await using var update = new NpgsqlCommand(
                "UPDATE articles a SET search = to_tsvector('simple', u.body) FROM unnest(@ids, @bodies) AS u(id, body) WHERE a.id = u.id", c, tx);
            update.Parameters.AddWithValue("ids", chunk.Select(x => x.Id).ToArray());
            update.Parameters.AddWithValue("bodies", chunk.Select(x => x.Body).ToArray());
            await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }
}
