using Npgsql;
using Tidings.Core;
using Tidings.Storage.Postgres;
using Tidings.Tests;

namespace Tidings.Storage.Tests;

/// <summary>The contract suite on PostgreSQL (a database per test), plus a connection dropped mid-batch.</summary>
public sealed class PostgresStoreTests : StoreContract
{
    private readonly List<string> _databases = [];

    protected override async Task<string> NewLocationAsync()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        _databases.Add(cs);
        return cs;
    }

    public override async Task DisposeAsync()
    {
        foreach (var cs in _databases)
            await TestPostgres.DropDatabaseAsync(cs);
    }

    protected override string MissingLocation() =>
        new NpgsqlConnectionStringBuilder(TestPostgres.Admin) { Database = "tidings_missing_" + Guid.NewGuid().ToString("N")[..12] }.ConnectionString;

    protected override async Task<bool> StillMissingAsync(string location) =>
        !await TestPostgres.DatabaseExistsAsync(new NpgsqlConnectionStringBuilder(location).Database!);

    protected override async Task ExecuteRawAsync(string location, string sql)
    {
        await using var c = new NpgsqlConnection(location);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task A_connection_dropped_mid_batch_writes_nothing_and_the_next_writer_proceeds()
    {
        await using var store = await OpenAsync();
        var session = (PostgresWriteSession)await store.BeginWriteAsync();
        await ExecuteRawAsync(Location, $"SELECT pg_terminate_backend({session.ProcessId})");
        var e = await Assert.ThrowsAsync<StoreException>(() => session.CommitAsync(new WriteBatch(
            [Stored(MakeArticle("a", 1, "en"))], [MakeStory(1, 1, T0, "en")], new Dictionary<ulong, int> { [1UL] = 1 })));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        await using (var next = await store.BeginWriteAsync().WaitAsync(TimeSpan.FromSeconds(30)))
        {
            Assert.Empty((await next.ChangesSinceAsync(0)).Stories);
        }
        Assert.Equal(0L, await store.CountArticlesAsync());
        await CommitAsync(store, [Stored(MakeArticle("a", 1, "en"))], [MakeStory(1, 1, T0, "en")]);
        Assert.Equal(1L, await store.CountArticlesAsync());
    }

    [Fact]
    public async Task A_read_only_store_is_refused_writes_by_the_server_too()
    {
        await using (await OpenAsync()) { }
        await using var ro = await OpenAsync(StoreAccess.ReadOnly);
        await Assert.ThrowsAsync<StoreException>(() => ro.BeginWriteAsync());
        Assert.Equal(Stores.SchemaVersion, ro.SchemaVersion);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_clear_error()
    {
        var e = await Assert.ThrowsAsync<StoreException>(() => Stores.OpenAsync("postgres://nobody:secret@127.0.0.1:1/none?timeout=2", StoreAccess.ReadOnly));
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Both_stores_have_the_same_migration_steps()
    {
        Assert.Equal(Sqlite.SqliteStore.Migrations.Select(m => m.Name), PostgresStore.Migrations.Select(m => m.Name));
        await Task.CompletedTask;
    }

    [Fact]
    public async Task A_version_1_database_is_migrated_and_its_articles_become_searchable()
    {
        await ExecuteRawAsync(Location, string.Join(";\n", PostgresStore.Migrations[0].Statements) + """
            ;
            CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMPTZ NOT NULL);
            INSERT INTO schema_version VALUES (1, now());
            INSERT INTO stories VALUES (3, 'Old', 1, '2025-01-01Z', '2025-01-01Z', '{de}', NULL, NULL, '\x');
            INSERT INTO articles VALUES ('old', 3, 'Hochwasser in Köln', 'Der Rhein steigt.', 'de', 0.9, NULL, NULL, NULL, NULL, NULL, '2025-01-01Z', '\x')
            """);
        var ro = await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadOnly));
        Assert.Contains("tidings migrate", ro.Message, StringComparison.Ordinal);
        await using var store = await OpenAsync();
        Assert.Equal("old", Assert.Single(await store.SearchAsync("koln")).Article.Id);
        var state = await store.LoadActiveStateAsync(TimeSpan.FromDays(30));
        Assert.Equal(1, state.DocumentCount);
        Assert.Equal(4L, state.NextStoryId);
        Assert.Equal(new LanguageTag("de"), (await store.GetArticlesAsync(3))[0].Language);
        // the story engine's fields of an older row: every member a report, no copies, nothing classified or explained
        var old = Assert.Single(state.Stories);
        Assert.Equal((1, 0, true, 0), (old.Reports, old.Copies, old.IsReport, old.Fingerprints.Count));
        Assert.Equal((1, 0), ((await store.GetStoryAsync(3))!.Reports, (await store.GetStoryAsync(3))!.Copies));
        var article = (await store.GetArticlesAsync(3))[0];
        Assert.Equal((Core.PageKind.Unknown, false, 0.0, (string?)null), (article.PageKind, article.IsCopy, article.Centrality, article.Evidence));
    }
}
