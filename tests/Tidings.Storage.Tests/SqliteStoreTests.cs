using Microsoft.Data.Sqlite;
using Tidings.Storage.Sqlite;

namespace Tidings.Storage.Tests;

/// <summary>The contract suite on SQLite, plus what only a file can show.</summary>
public sealed class SqliteStoreTests : StoreContract, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-store-").FullName;
    private int _n;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    protected override Task<string> NewLocationAsync() => Task.FromResult(Path.Combine(_dir, $"t{_n++}.db"));

    protected override string MissingLocation() => Path.Combine(_dir, "missing", "nope.db");

    protected override Task<bool> StillMissingAsync(string location) => Task.FromResult(!File.Exists(location) && !Directory.Exists(Path.GetDirectoryName(location)));

    protected override async Task ExecuteRawAsync(string location, string sql)
    {
        await using var c = new SqliteConnection($"Data Source={location};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }

    private static byte[] Hash(string path) => System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path));

    [Fact]
    public async Task A_new_database_uses_the_wal_journal()
    {
        await using (await OpenAsync()) { }
        await using var c = new SqliteConnection($"Data Source={Location};Pooling=False");
        await c.OpenAsync();
        await using var cmd = c.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Another_applications_file_stays_byte_for_byte_unchanged()
    {
        await ExecuteRawAsync(Location, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('keep me')");
        SqliteConnection.ClearAllPools();
        var before = Hash(Location);
        var time = File.GetLastWriteTimeUtc(Location);
        await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadOnly));
        await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadWrite));
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, Hash(Location));
        Assert.Equal(time, File.GetLastWriteTimeUtc(Location));
    }

    [Fact]
    public async Task A_file_that_is_not_a_database_gives_a_clear_error_and_is_left_alone()
    {
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)(i * 7)).ToArray();
        File.WriteAllBytes(Location, bytes);
        var e = await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadWrite));
        Assert.Contains(Location, e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadOnly));
        Assert.Equal(bytes, File.ReadAllBytes(Location));
    }

    [Fact]
    public async Task A_version_1_database_is_migrated_and_its_articles_become_searchable()
    {
        // build the schema as the first release left it, with one article
        await using (var c = new SqliteConnection($"Data Source={Location};Pooling=False"))
        {
            await c.OpenAsync();
            await using var tx = c.BeginTransaction();
            foreach (var sql in SqliteStore.Migrations[0].Statements.Append("CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TEXT NOT NULL)")
                .Append("INSERT INTO schema_version VALUES (1, '2025-01-01T00:00:00Z')")
                .Append("INSERT INTO stories VALUES (3, 'Old', 1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', '[\"de\"]', NULL, NULL, x'')")
                .Append("INSERT INTO articles VALUES ('old', 3, 'Hochwasser in Köln', 'Der Rhein steigt.', 'de', 0.9, NULL, NULL, NULL, NULL, NULL, '2025-01-01T00:00:00Z', x'')"))
            {
                await using var cmd = c.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = sql;
                await cmd.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        SqliteConnection.ClearAllPools();
        var ro = await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadOnly));
        Assert.Contains("tidings migrate", ro.Message, StringComparison.Ordinal);
        await using var store = await OpenAsync();
        Assert.Equal(Stores.SchemaVersion, store.SchemaVersion);
        Assert.Equal("old", Assert.Single(await store.SearchAsync("koln")).Article.Id);
        var state = await store.LoadActiveStateAsync(TimeSpan.FromDays(30));
        Assert.Equal(1, state.DocumentCount);
        Assert.Equal(4L, state.NextStoryId);
        // the story engine's fields of an older row: every member a report, no copies, nothing classified or explained
        var old = Assert.Single(state.Stories);
        Assert.Equal((1, 0, true, 0), (old.Reports, old.Copies, old.IsReport, old.Fingerprints.Count));
        Assert.Equal((1, 0), ((await store.GetStoryAsync(3))!.Reports, (await store.GetStoryAsync(3))!.Copies));
        var article = (await store.GetArticlesAsync(3))[0];
        Assert.Equal((Core.PageKind.Unknown, false, 0.0, (string?)null), (article.PageKind, article.IsCopy, article.Centrality, article.Evidence));
    }

    [Fact]
    public async Task A_folder_is_not_a_database()
    {
        Directory.CreateDirectory(Location);
        await Assert.ThrowsAsync<StoreException>(() => OpenAsync());
    }
}
