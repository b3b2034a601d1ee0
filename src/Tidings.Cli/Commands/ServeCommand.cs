using System.CommandLine;
using Tidings.Core;
using Tidings.Server;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings serve</c>: the HTTP API and the web page over one database.</summary>
internal static class ServeCommand
{
    internal static void Register(RootCommand root)
    {
        var db = new Option<string?>("--db") { Description = $"Database file (default: ${TidingsOptions.DatabaseEnvironmentVariable}, else ./{TidingsOptions.DefaultDatabasePath})." };
        var urls = new Option<string>("--urls") { Description = "Where to listen (loopback unless told otherwise; several separated by ';').", DefaultValueFactory = _ => ServerOptions.DefaultUrls };
        var key = new Option<string?>("--api-key") { Description = $"Key that POST /api/documents needs in X-Api-Key (default: ${ServerOptions.ApiKeyEnvironmentVariable}). Required beyond loopback." };
        var protectReads = new Option<bool>("--protect-reads") { Description = "Reads need the API key too." };
        var maxBatch = new Option<int>("--max-batch") { Description = "Most documents in one POST.", DefaultValueFactory = _ => new ServerOptions().MaxBatch };
        var maxBody = new Option<long>("--max-body-bytes") { Description = "Largest request body.", DefaultValueFactory = _ => new ServerOptions().MaxBodyBytes };
        var cmd = new Command("serve", "Serve the HTTP API (POST /api/documents, /api/stories, /api/search, /api/stream) and the web page.");
        foreach (var o in new Option[] { db, urls, key, protectReads, maxBatch, maxBody })
            cmd.Options.Add(o);
        var embedder = new EmbedderFlags();
        embedder.AddTo(cmd);
        cmd.SetAction((pr, ct) => embedder.Resolve(pr, out bool ok) is var embedderOptions && !ok ? Task.FromResult(2) : TidingsServer.RunAsync(new ServerOptions
        {
            Embedder = embedderOptions,
            Database = TidingsOptions.ResolveDatabasePath(pr.GetValue(db)),
            Urls = pr.GetValue(urls) ?? ServerOptions.DefaultUrls,
            ApiKey = pr.GetValue(key) is { Length: > 0 } k ? k
                : Environment.GetEnvironmentVariable(ServerOptions.ApiKeyEnvironmentVariable) is { Length: > 0 } e ? e : null,
            ProtectReads = pr.GetValue(protectReads),
            MaxBatch = pr.GetValue(maxBatch),
            MaxBodyBytes = pr.GetValue(maxBody),
        }, [], ct));
        root.Subcommands.Add(cmd);
    }
}
