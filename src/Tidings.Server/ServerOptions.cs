using System.Globalization;
using System.Net;
using Microsoft.Extensions.Configuration;
using Tidings.Core;

namespace Tidings.Server;

/// <summary>How the server runs. Read from the "Tidings" configuration section (command line, environment,
/// test settings); every field has a default a user gets without flags.</summary>
public sealed record ServerOptions
{
    /// <summary>Environment variable holding the API key for the write endpoints.</summary>
    public const string ApiKeyEnvironmentVariable = "TIDINGS_API_KEY";

    /// <summary>Where the server listens when nothing else is said: loopback only.</summary>
    public const string DefaultUrls = "http://127.0.0.1:5080";

    /// <summary>The database (a file path; see <see cref="TidingsOptions.ResolveDatabasePath"/>).</summary>
    public string Database { get; init; } = TidingsOptions.DefaultDatabasePath;

    public string Urls { get; init; } = DefaultUrls;

    /// <summary>The key writes must present (X-Api-Key or Authorization: Bearer); null leaves writes open, which the
    /// server allows only on loopback.</summary>
    public string? ApiKey { get; init; }

    /// <summary>When true, reads need the key too.</summary>
    public bool ProtectReads { get; init; }

    /// <summary>Most documents in one POST.</summary>
    public int MaxBatch { get; init; } = 1000;

    /// <summary>Largest request body, in bytes.</summary>
    public long MaxBodyBytes { get; init; } = 32L * 1024 * 1024;

    /// <summary>Largest <c>limit</c> a list or search accepts.</summary>
    public int MaxPageSize { get; init; } = 200;

    /// <summary>The embedding server whose vectors join the story scorer's evidence (null: none).</summary>
    public Tidings.Clustering.Embeddings.EmbedderOptions? Embedder { get; init; }

    /// <summary>Reads this section of configuration over <paramref name="defaults"/>.</summary>
    public static ServerOptions From(IConfiguration configuration, ServerOptions? defaults = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var o = defaults ?? new ServerOptions();
        var s = configuration.GetSection("Tidings");
        return o with
        {
            Database = s["Database"] is { Length: > 0 } db ? db : o.Database,
            Urls = s["Urls"] is { Length: > 0 } urls ? urls : o.Urls,
            ApiKey = s["ApiKey"] is { Length: > 0 } key ? key : o.ApiKey,
            ProtectReads = s["ProtectReads"] is { Length: > 0 } pr ? bool.Parse(pr) : o.ProtectReads,
            MaxBatch = s["MaxBatch"] is { Length: > 0 } mb ? int.Parse(mb, CultureInfo.InvariantCulture) : o.MaxBatch,
            MaxBodyBytes = s["MaxBodyBytes"] is { Length: > 0 } mbb ? long.Parse(mbb, CultureInfo.InvariantCulture) : o.MaxBodyBytes,
        };
    }

    /// <summary>Why these options cannot run, or null.</summary>
    public string? Problem()
    {
        if (MaxBatch < 1)
            return "the batch limit must be at least 1";
        if (MaxBodyBytes < 1024)
            return "the body limit must be at least 1024 bytes";
        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                return $"'{url}' is not an http:// or https:// address to listen on";
            if (ApiKey is null && !IsLoopback(uri.Host))
                return $"'{url}' is reachable from other machines: set an API key (--api-key or {ApiKeyEnvironmentVariable}) before serving beyond loopback";
        }
        return null;
    }

    internal static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
