using Npgsql;
using NpgsqlTypes;
using Tidings.Core;

namespace Tidings.Storage.Postgres;

/// <summary>A writer's turn: a transaction holding the advisory lock; commit writes the batch (one multi-row
/// statement per table) and bumps the change sequence; disposing without commit rolls back and releases the lock, as
/// does a dropped connection.</summary>
internal sealed class PostgresWriteSession(NpgsqlConnection connection, NpgsqlTransaction transaction, string display) : IWriteSession
{
    private bool _done;

    /// <summary>The server process of this session (tests terminate it to drop the connection mid-batch).</summary>
    internal int ProcessId => connection.ProcessID;

    public async Task<ClusterState> ChangesSinceAsync(long sequence, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        try
        {
            return await PostgresStore.ChangesSinceAsync(connection, transaction, sequence, cancellation).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresStore.Wrap(display, e);
        }
    }

    public async Task<IReadOnlyDictionary<ulong, int>> FrequenciesAsync(IReadOnlyCollection<ulong> keys, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_done, this);
        try
        {
            return await PostgresStore.FrequenciesAsync(connection, transaction, keys, cancellation).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresStore.Wrap(display, e);
        }
    }

    public async Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ObjectDisposedException.ThrowIf(_done, this);
        try
        {
            return await PostgresStore.KnownAsync(connection, transaction, ids, cancellation).ConfigureAwait(false);
        }
        catch (NpgsqlException e)
        {
            throw PostgresStore.Wrap(display, e);
        }
    }

    private NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    public async Task<long> CommitAsync(WriteBatch batch, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_done, this);
        try
        {
            long seq;
            await using (var cmd = Command("UPDATE meta SET value = (value::bigint + 1)::text WHERE key = 'change_seq' RETURNING value::bigint"))
                seq = (long)(await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false))!;
            await WriteStoriesAsync(batch.Stories, seq, cancellation).ConfigureAwait(false);
            await WriteArticlesAsync(batch.Articles, cancellation).ConfigureAwait(false);
            await MoveArticlesAsync(batch.Moves, cancellation).ConfigureAwait(false);
            await WriteFrequenciesAsync(batch.DocumentFrequencyDelta, seq, cancellation).ConfigureAwait(false);
            if (batch.Articles.Count > 0)
            {
                await using var cmd = Command("UPDATE meta SET value = (value::bigint + @n)::text WHERE key = 'document_count'");
                cmd.Parameters.AddWithValue("n", (long)batch.Articles.Count);
                await cmd.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            }
            if (batch.Checkpoints.Count > 0)
            {
                await using var cmd = Command("""
                    INSERT INTO checkpoints (source, position, updated_at) SELECT s, p, now() FROM unnest(@s, @p) AS u(s, p)
                    ON CONFLICT (source) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                    """);
                cmd.Parameters.AddWithValue("s", batch.Checkpoints.Keys.ToArray());
                cmd.Parameters.AddWithValue("p", batch.Checkpoints.Values.ToArray());
                await cmd.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            }
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
            return seq;
        }
        catch (NpgsqlException e)
        {
            throw PostgresStore.Wrap(display, e);
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    private static DateTimeOffset?[] Nullable(IEnumerable<DateTimeOffset?> values) => [.. values.Select(v => v is { } t ? PostgresStore.Seconds(t) : (DateTimeOffset?)null)];

    private async Task WriteStoriesAsync(IReadOnlyList<StoryState> stories, long seq, CancellationToken ct)
    {
        if (stories.Count == 0)
            return;
        await using var cmd = Command("""
            INSERT INTO stories (id, title, size, first_seen, last_seen, languages, published_from, published_to, centroid, seq,
                reports, copies, is_report, title_vector, central_title, fingerprints, dense, merged_into)
            SELECT id, title, size, first_seen, last_seen, string_to_array(langs, ' '), pfrom, pto, centroid, @seq,
                reports, copies, is_report, tvec, ctitle, fps, dense, merged
            FROM unnest(@id, @title, @size, @first, @last, @langs, @pfrom, @pto, @centroid, @reports, @copies, @isreport, @tvec, @ctitle, @fps, @dense, @merged)
                AS u(id, title, size, first_seen, last_seen, langs, pfrom, pto, centroid, reports, copies, is_report, tvec, ctitle, fps, dense, merged)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title, size = excluded.size, first_seen = excluded.first_seen,
                last_seen = excluded.last_seen, languages = excluded.languages, published_from = excluded.published_from,
                published_to = excluded.published_to, centroid = excluded.centroid, seq = excluded.seq,
                reports = excluded.reports, copies = excluded.copies, is_report = excluded.is_report,
                title_vector = excluded.title_vector, central_title = excluded.central_title, fingerprints = excluded.fingerprints,
                dense = excluded.dense, merged_into = excluded.merged_into
            """);
        cmd.Parameters.AddWithValue("seq", seq);
        cmd.Parameters.Add(new NpgsqlParameter("merged", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = stories.Select(s => s.MergedInto).ToArray() });
        cmd.Parameters.AddWithValue("id", stories.Select(s => s.Id).ToArray());
        cmd.Parameters.AddWithValue("title", stories.Select(s => s.Title).ToArray());
        cmd.Parameters.AddWithValue("size", stories.Select(s => s.Size).ToArray());
        cmd.Parameters.AddWithValue("first", stories.Select(s => PostgresStore.Seconds(s.FirstSeen)).ToArray());
        cmd.Parameters.AddWithValue("last", stories.Select(s => PostgresStore.Seconds(s.LastSeen)).ToArray());
        // language tags hold no spaces; an empty set is an empty string → {}
        cmd.Parameters.AddWithValue("langs", stories.Select(s => string.Join(' ', s.Languages)).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("pfrom", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = Nullable(stories.Select(s => s.PublishedFrom)) });
        cmd.Parameters.Add(new NpgsqlParameter("pto", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = Nullable(stories.Select(s => s.PublishedTo)) });
        cmd.Parameters.AddWithValue("centroid", stories.Select(s => s.Centroid.ToBytes()).ToArray());
        cmd.Parameters.AddWithValue("reports", stories.Select(s => s.Reports).ToArray());
        cmd.Parameters.AddWithValue("copies", stories.Select(s => s.Copies).ToArray());
        cmd.Parameters.AddWithValue("isreport", stories.Select(s => s.IsReport).ToArray());
        cmd.Parameters.AddWithValue("tvec", stories.Select(s => s.TitleVector.ToBytes()).ToArray());
        cmd.Parameters.AddWithValue("ctitle", stories.Select(s => s.CentralTitle.ToBytes()).ToArray());
        cmd.Parameters.AddWithValue("fps", stories.Select(s => StateBytes.Fingerprints(s.Fingerprints)).ToArray());
        cmd.Parameters.AddWithValue("dense", stories.Select(s => StateBytes.Dense(s.Dense, s.DenseMembers)).ToArray());
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    private async Task MoveArticlesAsync(IReadOnlyList<ArticleMove> moves, CancellationToken ct)
    {
        if (moves.Count == 0)
            return;
        await using var cmd = Command("""
            UPDATE articles SET story_id = u.story, evidence = u.evidence
            FROM unnest(@id, @story, @evidence) AS u(id, story, evidence) WHERE articles.id = u.id
            """);
        cmd.Parameters.AddWithValue("id", moves.Select(m => m.ArticleId).ToArray());
        cmd.Parameters.AddWithValue("story", moves.Select(m => m.StoryId).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("evidence", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = moves.Select(m => m.Evidence).ToArray() });
        int moved = await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        if (moved != moves.Select(m => m.ArticleId).Distinct(StringComparer.Ordinal).Count())
            throw new StoreException($"{moves.Count - moved} of {moves.Count} moved articles are not stored");
    }

    private async Task WriteArticlesAsync(IReadOnlyList<StoredArticle> articles, CancellationToken ct)
    {
        if (articles.Count == 0)
            return;
        // an id that is already stored is not inserted; then the whole batch is refused and rolls back
        await using var cmd = Command("""
            INSERT INTO articles (id, story_id, title, text, language, language_confidence, path, url, published, author, site, ingested_at, features, search,
                page_kind, is_copy, centrality, evidence)
            SELECT id, story, title, text, lang, conf, path, url, pub, author, site, ingested, features, to_tsvector('simple', body),
                kind, copy, central, evidence
            FROM unnest(@id, @story, @title, @text, @lang, @conf, @path, @url, @pub, @author, @site, @ingested, @features, @body,
                    @kind, @copy, @central, @evidence)
                AS u(id, story, title, text, lang, conf, path, url, pub, author, site, ingested, features, body, kind, copy, central, evidence)
            ON CONFLICT (id) DO NOTHING
            RETURNING id
            """);
        var a = articles.Select(x => x.Article).ToArray();
        cmd.Parameters.AddWithValue("id", a.Select(x => x.Id).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("story", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = a.Select(x => x.StoryId).ToArray() });
        cmd.Parameters.AddWithValue("title", a.Select(x => x.Title).ToArray());
        cmd.Parameters.AddWithValue("text", a.Select(x => x.Text).ToArray());
        cmd.Parameters.AddWithValue("lang", a.Select(x => x.Language.ToString()).ToArray());
        cmd.Parameters.AddWithValue("conf", a.Select(x => x.LanguageConfidence).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("path", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = a.Select(x => x.Path).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("url", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = a.Select(x => x.Url).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("pub", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = Nullable(a.Select(x => x.Published)) });
        cmd.Parameters.Add(new NpgsqlParameter("author", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = a.Select(x => x.Author).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("site", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = a.Select(x => x.Site).ToArray() });
        cmd.Parameters.AddWithValue("ingested", a.Select(x => PostgresStore.Seconds(x.IngestedAt)).ToArray());
        cmd.Parameters.AddWithValue("features", articles.Select(x => x.Features.ToBytes()).ToArray());
        cmd.Parameters.AddWithValue("body", a.Select(x => SearchText.Index(x.Title, x.Text)).ToArray());
        cmd.Parameters.AddWithValue("kind", a.Select(x => (short)x.PageKind).ToArray());
        cmd.Parameters.AddWithValue("copy", a.Select(x => x.IsCopy).ToArray());
        cmd.Parameters.AddWithValue("central", a.Select(x => double.IsFinite(x.Centrality) ? x.Centrality : 0.0).ToArray());
        cmd.Parameters.Add(new NpgsqlParameter("evidence", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = a.Select(x => x.Evidence).ToArray() });
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        await using (var r = await cmd.ExecuteReaderAsync(ct).ConfigureAwait(false))
        {
            while (await r.ReadAsync(ct).ConfigureAwait(false))
                inserted.Add(r.GetString(0));
        }
        if (inserted.Count != a.Length)
        {
            var first = a.First(x => !inserted.Remove(x.Id)).Id;
            throw new StoreException($"article {first} is already stored (check KnownAsync inside the write session before assigning stories)");
        }
    }

    private async Task WriteFrequenciesAsync(IReadOnlyDictionary<ulong, int> delta, long seq, CancellationToken ct)
    {
        if (delta.Count == 0)
            return;
        await using var cmd = Command("""
            INSERT INTO doc_freq (key, df, seq) SELECT k, d, @seq FROM unnest(@k, @d) AS u(k, d)
            ON CONFLICT (key) DO UPDATE SET df = doc_freq.df + excluded.df, seq = excluded.seq
            """);
        cmd.Parameters.AddWithValue("seq", seq);
        cmd.Parameters.AddWithValue("k", ClusterStateKeys.AsStored(delta.Keys));
        cmd.Parameters.AddWithValue("d", delta.Values.ToArray());
        await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_done)
            return;
        _done = true;
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false); // rolls back unless committed; the lock goes with it
        }
        catch (NpgsqlException)
        {
            // the connection is already gone: the server rolled back and released the lock
        }
        await connection.DisposeAsync().ConfigureAwait(false);
    }
}
