namespace Tidings.Storage.Tests;

public sealed class LocationTests
{
    [Theory]
    [InlineData("tidings.db", "sqlite", "tidings.db")]
    [InlineData("/var/lib/tidings/news.db", "sqlite", "/var/lib/tidings/news.db")]
    [InlineData("sqlite:news.db", "sqlite", "news.db")]
    [InlineData("sqlite:///srv/news.db", "sqlite", "/srv/news.db")]
    [InlineData("odd=name.db", "sqlite", "odd=name.db")]
    public void File_paths_and_sqlite_uris_are_sqlite(string location, string kind, string target)
    {
        var parsed = StoreLocation.Parse(location);
        Assert.Equal(kind, parsed.Kind);
        Assert.Equal(target, parsed.Target);
    }

    [Fact]
    public void A_postgres_uri_becomes_a_connection_string_and_its_password_is_never_shown()
    {
        var parsed = StoreLocation.Parse("postgres://news:s%40cret@db.example:6543/tidings?sslmode=require");
        Assert.Equal("postgres", parsed.Kind);
        var b = new Npgsql.NpgsqlConnectionStringBuilder(parsed.Target);
        Assert.Equal("db.example", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("news", b.Username);
        Assert.Equal("s@cret", b.Password);
        Assert.Equal("tidings", b.Database);
        Assert.Equal(Npgsql.SslMode.Require, b.SslMode);
        Assert.DoesNotContain("cret", parsed.Display, StringComparison.Ordinal);
        Assert.DoesNotContain("cret", Stores.Describe("postgresql://news:s%40cret@db.example/tidings"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_npgsql_connection_string_is_postgres()
    {
        var parsed = StoreLocation.Parse("Host=127.0.0.1;Port=5433;Database=t;Username=u;Password=pw");
        Assert.Equal("postgres", parsed.Kind);
        Assert.DoesNotContain("pw", parsed.Display, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("sqlite:")]
    [InlineData("postgres://")]
    [InlineData("postgres://u@h/db?nosuchoption=1")]
    [InlineData("Host=h;Nonsense Key=1")]
    public void Unusable_locations_are_clear_errors(string location)
    {
        Assert.Throws<StoreException>(() => StoreLocation.Parse(location));
    }
}
