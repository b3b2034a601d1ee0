using Npgsql;
using Tidings.Storage.Postgres;
using Tidings.Storage.Sqlite;

namespace Tidings.Storage;

/// <summary>Opens a store from a location string, the one way hosts get a store.</summary>
/// <remarks>A location is a file path or <c>sqlite:PATH</c> (SQLite), or <c>postgres://user:pass@host:port/db</c>,
/// <c>postgresql://…</c> or an Npgsql connection string such as <c>Host=…;Database=…;Username=…</c> (PostgreSQL).</remarks>
public static class Stores
{
    /// <summary>The schema version this program writes; both stores have the same ordered list of migrations.</summary>
    public static int SchemaVersion => SqliteStore.Migrations.Count;

    /// <summary>Opens the store at <paramref name="location"/>.</summary>
    /// <exception cref="StoreException">Cannot be opened: missing (read-only), not a Tidings database, a newer schema,
    /// an older schema (read-only), unreachable server, bad location.</exception>
    public static async Task<IStore> OpenAsync(string location, StoreAccess access, CancellationToken cancellation = default)
    {
        var parsed = StoreLocation.Parse(location);
        return parsed.Kind == StoreLocation.Postgres
            ? await PostgresStore.OpenAsync(parsed, access, cancellation).ConfigureAwait(false)
            : await SqliteStore.OpenAsync(parsed.Target, access, cancellation).ConfigureAwait(false);
    }

    /// <summary>The location as it may be shown: passwords removed.</summary>
    public static string Describe(string location)
    {
        try
        {
            return StoreLocation.Parse(location).Display;
        }
        catch (StoreException)
        {
            return "(unusable database location)";
        }
    }
}

/// <summary>A parsed location: which store, its connection target (file path or Npgsql connection string) and a
/// display form without secrets.</summary>
internal sealed record StoreLocation(string Kind, string Target, string Display)
{
    public const string Sqlite = "sqlite";
    public const string Postgres = "postgres";

    public static StoreLocation Parse(string location)
    {
        if (string.IsNullOrWhiteSpace(location))
            throw new StoreException("no database location given");
        var s = location.Trim();
        if (s.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || s.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
            return FromPostgresUri(s);
        if (s.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = s["sqlite:".Length..];
            if (path.StartsWith("//", StringComparison.Ordinal))
                path = path[2..]; // sqlite:///abs/path → /abs/path; sqlite://rel → rel
            if (path.Length == 0)
                throw new StoreException("the sqlite: location has no file path");
            return new StoreLocation(Sqlite, path, path);
        }
        if (LooksLikeConnectionString(s))
        {
            try
            {
                var b = new NpgsqlConnectionStringBuilder(s);
                return new StoreLocation(Postgres, b.ConnectionString, Redact(b));
            }
            catch (ArgumentException e)
            {
                throw new StoreException($"not a usable PostgreSQL connection string: {e.Message}", e);
            }
        }
        return new StoreLocation(Sqlite, s, s);
    }

    /// <summary>"Host=…;…" (any key=value list naming a host or server) is an Npgsql connection string; a file path
    /// with a semicolon in it is not usually of that form.</summary>
    private static bool LooksLikeConnectionString(string s)
    {
        if (!s.Contains('=', StringComparison.Ordinal))
            return false;
        foreach (var part in s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
                continue;
            var key = part[..eq].Trim();
            if (key.Equals("host", StringComparison.OrdinalIgnoreCase) || key.Equals("server", StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    private static string Redact(NpgsqlConnectionStringBuilder b)
    {
        var copy = new NpgsqlConnectionStringBuilder(b.ConnectionString);
        if (!string.IsNullOrEmpty(copy.Password))
            copy.Password = "***";
        return copy.ConnectionString;
    }

    private static StoreLocation FromPostgresUri(string s)
    {
        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
            throw new StoreException("not a usable postgres:// URI (expected postgres://user:password@host:port/database)");
        var b = new NpgsqlConnectionStringBuilder { Host = uri.Host };
        if (uri.Port > 0)
            b.Port = uri.Port;
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            b.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length == 2)
                b.Password = Uri.UnescapeDataString(parts[1]);
        }
        var db = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/'));
        if (db.Length > 0)
            b.Database = db;
        // query parameters are Npgsql keywords: ?sslmode=require&timeout=5
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            try
            {
                b[Uri.UnescapeDataString(kv[0])] = kv.Length == 2 ? Uri.UnescapeDataString(kv[1]) : "true";
            }
            catch (ArgumentException e)
            {
                throw new StoreException($"unknown PostgreSQL option '{Uri.UnescapeDataString(kv[0])}' in the URI", e);
            }
        }
        return new StoreLocation(Postgres, b.ConnectionString, Redact(b));
    }
}
