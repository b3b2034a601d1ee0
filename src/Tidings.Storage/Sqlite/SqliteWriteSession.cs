using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Core;

namespace Tidings.Storage.Sqlite;

/// <summary>A writer's turn: an open <c>BEGIN IMMEDIATE</c> transaction; commit writes the batch and bumps the change
/// sequence, disposing without commit rolls back.</summary>
internal sealed class SqliteWriteSession(SqliteConnection connection, SqliteTransaction transaction, string path, SemaphoreSlim gate) : IWriteSession
{
    private bool _done;

    public Task<ClusterState> ChangesSinceAsync(long sequence, CancellationToken cancellation = default)
    {
        ObjectDisposedException.ThrowIf(_done, this);
        return SqliteStore.ChangesSinceAsync(connection, transaction, sequence, cancellation);
    }

    public async Task<IReadOnlyDictionary<ulong, int>> FrequenciesAsync(IReadOnlyCollection<ulong> keys, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ObjectDisposedException.ThrowIf(_done, this);
        return await SqliteStore.FrequenciesAsync(connection, transaction, keys, cancellation).ConfigureAwait(false);
    }

    public Task<IReadOnlySet<string>> KnownAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ObjectDisposedException.ThrowIf(_done, this);
        return SqliteStore.KnownAsync(connection, transaction, ids, cancellation);
    }

    private SqliteCommand Command(string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        return cmd;
    }

    public async Task<long> CommitAsync(WriteBatch batch, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ObjectDisposedException.ThrowIf(_done, this);
        try
        {
            long seq;
            await using (var cmd = Command("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'change_seq' RETURNING CAST(value AS INTEGER)"))
                seq = Convert.ToInt64(await cmd.ExecuteScalarAsync(cancellation).ConfigureAwait(false), CultureInfo.InvariantCulture);
            await WriteStoriesAsync(batch.Stories, seq, cancellation).ConfigureAwait(false);
            int inserted = await WriteArticlesAsync(batch.Articles, cancellation).ConfigureAwait(false);
            await MoveArticlesAsync(batch.Moves, cancellation).ConfigureAwait(false);
            await WriteFrequenciesAsync(batch.DocumentFrequencyDelta, seq, cancellation).ConfigureAwait(false);
            await using (var cmd = Command("UPDATE meta SET value = CAST(value AS INTEGER) + $n WHERE key = 'document_count'"))
            {
                cmd.Parameters.AddWithValue("$n", inserted);
                await cmd.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
            }
            if (batch.Checkpoints.Count > 0)
            {
                await using var cmd = Command("""
                    INSERT INTO checkpoints (source, position, updated_at) VALUES ($s, $p, $t)
                    ON CONFLICT(source) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at
                    """);
                var ps = cmd.Parameters.Add("$s", SqliteType.Text);
                var pp = cmd.Parameters.Add("$p", SqliteType.Text);
                cmd.Parameters.AddWithValue("$t", SqliteStore.Iso(DateTimeOffset.UtcNow));
                foreach (var (source, position) in batch.Checkpoints)
                {
                    ps.Value = source;
                    pp.Value = position;
                    await cmd.ExecuteNonQueryAsync(cancellation).ConfigureAwait(false);
                }
            }
            await transaction.CommitAsync(cancellation).ConfigureAwait(false);
            return seq;
        }
        catch (SqliteException e)
        {
            throw new StoreException($"cannot write to database '{path}': {e.Message}", e);
        }
        finally
        {
            await DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task WriteStoriesAsync(IReadOnlyList<StoryState> stories, long seq, CancellationToken ct)
    {
        if (stories.Count == 0)
            return;
        await using var cmd = Command("""
            INSERT INTO stories (id, title, size, first_seen, last_seen, languages, published_from, published_to, centroid, seq,
                reports, copies, is_report, title_vector, central_title, fingerprints, dense, merged_into)
            VALUES ($id, $title, $size, $first, $last, $langs, $pfrom, $pto, $centroid, $seq, $reports, $copies, $isreport, $tvec, $ctitle, $fps, $dense, $merged)
            ON CONFLICT(id) DO UPDATE SET title = excluded.title, size = excluded.size, first_seen = excluded.first_seen,
                last_seen = excluded.last_seen, languages = excluded.languages, published_from = excluded.published_from,
                published_to = excluded.published_to, centroid = excluded.centroid, seq = excluded.seq,
                reports = excluded.reports, copies = excluded.copies, is_report = excluded.is_report,
                title_vector = excluded.title_vector, central_title = excluded.central_title, fingerprints = excluded.fingerprints,
                dense = excluded.dense, merged_into = excluded.merged_into
            """);
        var pMerged = cmd.Parameters.Add("$merged", SqliteType.Integer);
        var pReports = cmd.Parameters.Add("$reports", SqliteType.Integer);
        var pCopies = cmd.Parameters.Add("$copies", SqliteType.Integer);
        var pIsReport = cmd.Parameters.Add("$isreport", SqliteType.Integer);
        var pTitleVector = cmd.Parameters.Add("$tvec", SqliteType.Blob);
        var pCentral = cmd.Parameters.Add("$ctitle", SqliteType.Blob);
        var pFingerprints = cmd.Parameters.Add("$fps", SqliteType.Blob);
        var pDense = cmd.Parameters.Add("$dense", SqliteType.Blob);
        var pId = cmd.Parameters.Add("$id", SqliteType.Integer);
        var pTitle = cmd.Parameters.Add("$title", SqliteType.Text);
        var pSize = cmd.Parameters.Add("$size", SqliteType.Integer);
        var pFirst = cmd.Parameters.Add("$first", SqliteType.Text);
        var pLast = cmd.Parameters.Add("$last", SqliteType.Text);
        var pLangs = cmd.Parameters.Add("$langs", SqliteType.Text);
        var pCentroid = cmd.Parameters.Add("$centroid", SqliteType.Blob);
        var pFrom = cmd.Parameters.Add("$pfrom", SqliteType.Text);
        var pTo = cmd.Parameters.Add("$pto", SqliteType.Text);
        cmd.Parameters.AddWithValue("$seq", seq);
        foreach (var s in stories)
        {
            pId.Value = s.Id;
            pTitle.Value = s.Title;
            pSize.Value = s.Size;
            pFirst.Value = SqliteStore.Iso(s.FirstSeen);
            pLast.Value = SqliteStore.Iso(s.LastSeen);
            pLangs.Value = JsonSerializer.Serialize(s.Languages);
            pCentroid.Value = s.Centroid.ToBytes();
            pFrom.Value = s.PublishedFrom is { } f ? SqliteStore.Iso(f) : DBNull.Value;
            pTo.Value = s.PublishedTo is { } t ? SqliteStore.Iso(t) : DBNull.Value;
            pReports.Value = s.Reports;
            pCopies.Value = s.Copies;
            pIsReport.Value = s.IsReport ? 1 : 0;
            pTitleVector.Value = s.TitleVector.ToBytes();
            pCentral.Value = s.CentralTitle.ToBytes();
            pFingerprints.Value = StateBytes.Fingerprints(s.Fingerprints);
            pDense.Value = StateBytes.Dense(s.Dense, s.DenseMembers);
            pMerged.Value = (object?)s.MergedInto ?? DBNull.Value;
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    private async Task MoveArticlesAsync(IReadOnlyList<ArticleMove> moves, CancellationToken ct)
    {
        if (moves.Count == 0)
            return;
        await using var cmd = Command("UPDATE articles SET story_id = $story, evidence = $evidence WHERE id = $id");
        var pId = cmd.Parameters.Add("$id", SqliteType.Text);
        var pStory = cmd.Parameters.Add("$story", SqliteType.Integer);
        var pEvidence = cmd.Parameters.Add("$evidence", SqliteType.Text);
        foreach (var m in moves)
        {
            pId.Value = m.ArticleId;
            pStory.Value = m.StoryId;
            pEvidence.Value = (object?)m.Evidence ?? DBNull.Value;
            if (await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false) != 1)
                throw new StoreException($"article {m.ArticleId} cannot move to story {m.StoryId}: it is not stored");
        }
    }

    private async Task<int> WriteArticlesAsync(IReadOnlyList<StoredArticle> articles, CancellationToken ct)
    {
        if (articles.Count == 0)
            return 0;
        await using var cmd = Command("""
            INSERT INTO articles (id, story_id, title, text, language, language_confidence, path, url, published, author, site, ingested_at, features,
                page_kind, is_copy, centrality, evidence)
            VALUES ($id, $story, $title, $text, $lang, $conf, $path, $url, $pub, $author, $site, $ingested, $features, $kind, $copy, $central, $evidence)
            ON CONFLICT(id) DO NOTHING
            RETURNING rowid
            """);
        var p = new Dictionary<string, SqliteParameter>(StringComparer.Ordinal);
        foreach (var name in new[] { "$id", "$story", "$title", "$text", "$lang", "$conf", "$path", "$url", "$pub", "$author", "$site", "$ingested", "$features", "$kind", "$copy", "$central", "$evidence" })
            p[name] = cmd.Parameters.Add(name, SqliteType.Text);
        p["$features"].SqliteType = SqliteType.Blob;
        p["$conf"].SqliteType = SqliteType.Real;
        p["$story"].SqliteType = SqliteType.Integer;
        p["$kind"].SqliteType = SqliteType.Integer;
        p["$copy"].SqliteType = SqliteType.Integer;
        p["$central"].SqliteType = SqliteType.Real;
        await using var fts = Command("INSERT INTO articles_fts (rowid, body) VALUES ($r, $b)");
        var pr = fts.Parameters.Add("$r", SqliteType.Integer);
        var pb = fts.Parameters.Add("$b", SqliteType.Text);
        int inserted = 0;
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
            p["$pub"].Value = a.Published is { } d ? SqliteStore.Iso(d) : DBNull.Value;
            p["$author"].Value = (object?)a.Author ?? DBNull.Value;
            p["$site"].Value = (object?)a.Site ?? DBNull.Value;
            p["$ingested"].Value = SqliteStore.Iso(a.IngestedAt);
            p["$features"].Value = features.ToBytes();
            p["$kind"].Value = (int)a.PageKind;
            p["$copy"].Value = a.IsCopy ? 1 : 0;
            p["$central"].Value = double.IsFinite(a.Centrality) ? a.Centrality : 0.0;
            p["$evidence"].Value = (object?)a.Evidence ?? DBNull.Value;
            var rowid = await cmd.ExecuteScalarAsync(ct).ConfigureAwait(false);
            if (rowid is null)
                throw new StoreException($"article {a.Id} is already stored (check KnownAsync inside the write session before assigning stories)");
            pr.Value = rowid;
            pb.Value = SearchText.Index(a.Title, a.Text);
            await fts.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            inserted++;
        }
        return inserted;
    }

    private async Task WriteFrequenciesAsync(IReadOnlyDictionary<ulong, int> delta, long seq, CancellationToken ct)
    {
        if (delta.Count == 0)
            return;
        await using var cmd = Command("INSERT INTO doc_freq (key, df, seq) VALUES ($k, $d, $seq) ON CONFLICT(key) DO UPDATE SET df = df + excluded.df, seq = excluded.seq");
        var pk = cmd.Parameters.Add("$k", SqliteType.Integer);
        var pd = cmd.Parameters.Add("$d", SqliteType.Integer);
        cmd.Parameters.AddWithValue("$seq", seq);
        foreach (var (k, d) in delta)
        {
            pk.Value = unchecked((long)k);
            pd.Value = d;
            await cmd.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_done)
            return;
        _done = true;
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false); // rolls back unless committed
            await connection.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }
}
