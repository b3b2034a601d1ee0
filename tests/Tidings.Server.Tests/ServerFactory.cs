using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Tidings.Server.Tests;

/// <summary>The server in-process on a fresh database in a temporary folder, with settings as a user would give them.</summary>
public sealed class ServerFactory : WebApplicationFactory<Program>
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-server-").FullName;
    private readonly Dictionary<string, string> _settings;

    public ServerFactory(params (string Key, string Value)[] settings)
    {
        _settings = settings.ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
        Database = Path.Combine(_dir, "server.db");
    }

    public string Database { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Tidings:Database", Database);
        foreach (var (k, v) in _settings)
            builder.UseSetting("Tidings:" + k, v);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(_dir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Rows in the database, counted behind the server's back.</summary>
    public (long Articles, long Stories, long MismatchedStories) Count()
    {
        using var c = new SqliteConnection($"Data Source={Database};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = """
            SELECT (SELECT COUNT(*) FROM articles), (SELECT COUNT(*) FROM stories),
                   (SELECT COUNT(*) FROM stories s WHERE s.size <> (SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id))
            """;
        using var r = cmd.ExecuteReader();
        r.Read();
        return (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2));
    }
}

/// <summary>Request helpers shared by the tests.</summary>
internal static class Http
{
    internal static StringContent Json(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    internal static StringContent Raw(string body, string contentType)
    {
        var c = new StringContent(body, Encoding.UTF8);
        c.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return c;
    }

    internal static async Task<JsonElement> ReadJson(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>The seed pages (Bulgarian and Vietnamese reports of one event) as API documents.</summary>
    internal static List<Dictionary<string, string>> Seeds() =>
        Directory.GetFiles(Tidings.Tests.RepoPaths.Shared("seeds"), "*.txt").Order(StringComparer.Ordinal)
            .Select(f => new Dictionary<string, string> { ["text"] = File.ReadAllText(f), ["url"] = "https://seeds.example/" + Path.GetFileName(f) })
            .ToList();

    /// <summary>The bundled sample corpus as API documents (HTML pages as html, the rest as text).</summary>
    internal static List<Dictionary<string, string>> Samples() =>
        Directory.GetFiles(Tidings.Tests.RepoPaths.InRepo("samples"), "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".txt", StringComparison.Ordinal) || f.EndsWith(".html", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(f => new Dictionary<string, string>
            {
                [f.EndsWith(".html", StringComparison.Ordinal) ? "html" : "text"] = File.ReadAllText(f),
                ["url"] = "https://samples.example/" + Path.GetRelativePath(Tidings.Tests.RepoPaths.InRepo("samples"), f).Replace('\\', '/'),
            })
            .ToList();
}
