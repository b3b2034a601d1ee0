using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Tidings.Clustering;
using Tidings.Clustering.Embeddings;
using Tidings.Core;
using Tidings.Ingest;
using Tidings.Tests;

namespace Tidings.Composition.Tests;

/// <summary>The embedder through the composition root: a configured engine embeds each new article on a fake
/// OpenAI-compatible server (loopback, started here) and its vectors reach the scorer's dense_cos feature; an
/// engine without one keeps the feature missing; a server that is down stores nothing.</summary>
public sealed class EmbedderEngineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-embed-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static string[] Seeds() => Directory.GetFiles(RepoPaths.Shared("seeds"), "*.txt").Order(StringComparer.Ordinal).ToArray();

    private static async Task<List<(Article Article, Assignment Assignment)>> IngestAsync(TidingsEngine engine, string[] files, bool resume = true)
    {
        var assigned = new List<(Article, Assignment)>();
        var ingestor = await engine.CreateIngestorAsync();
        ingestor.Assigned = (a, x) => assigned.Add((a, x));
        await ingestor.IngestAsync(new IngestRequest { Paths = files, Resume = resume });
        return assigned;
    }

    private static (double Value, double Contribution) DenseOf(Assignment a)
    {
        var f = Assert.Single(a.Evidence!.Features, f => f.Feature == "dense_cos");
        return (f.Value, f.Contribution);
    }

    [Fact]
    public async Task A_configured_embedder_gives_the_joins_evidence_a_dense_cosine_and_an_unconfigured_engine_none()
    {
        await using var server = new FakeEmbeddingServer();
        var files = Seeds();
        List<(Article Article, Assignment Assignment)> embedded;
        await using (var engine = await TidingsEngine.OpenAsync(new EngineOptions
        {
            Database = Path.Combine(_dir, "dense.db"),
            Embedder = new EmbedderOptions { Url = server.Url, Model = "fake-embed", BatchSize = 1 },
        }))
        {
            embedded = await IngestAsync(engine, files);
            Assert.Equal(2, embedded.Count);
            var (value, _) = DenseOf(embedded[1].Assignment);
            Assert.InRange(value, 0.05, 1); // the second seed against the first's story: the fake vectors' cosine
            // each new article embedded once, one input per request (batch size 1), from its title and text
            var inputs = server.Requests.SelectMany(r => r.Inputs).ToList();
            Assert.Equal(2, server.Requests.Count);
            Assert.All(server.Requests, r => Assert.Single(r.Inputs));
            Assert.Contains(inputs, i => i.StartsWith(embedded[0].Article.Title + "\n\n", StringComparison.Ordinal));
            var expected = Cosine(FakeEmbeddingServer.Vector(inputs[0], 64), FakeEmbeddingServer.Vector(inputs[1], 64));
            Assert.Equal(Math.Round(expected, 4), value, 4);

            // the story's dense centroid is stored (a restart or another writer resumes it)
            var story = Assert.Single((await engine.Store.LoadActiveStateAsync(TimeSpan.FromDays(36500))).Stories);
            Assert.Equal(64, story.Dense!.Length);
            Assert.Equal(2, story.DenseMembers);
            var stored = await engine.Store.GetArticleAsync(embedded[1].Article.Id);
            Assert.Contains($"\"name\":\"dense_cos\",\"value\":{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}", stored!.Evidence!, StringComparison.Ordinal);

            // known pages are not embedded again
            Assert.Empty(await IngestAsync(engine, files, resume: false));
            Assert.Equal(2, server.Requests.Count);
        }

        await using (var plain = await TidingsEngine.OpenAsync(new EngineOptions { Database = Path.Combine(_dir, "plain.db") }))
        {
            Assert.Null(plain.Embedder);
            var assigned = await IngestAsync(plain, files);
            Assert.Equal(embedded.Select(a => a.Assignment.StoryId == embedded[0].Assignment.StoryId), assigned.Select(a => a.Assignment.StoryId == assigned[0].Assignment.StoryId));
            var (value, contribution) = DenseOf(assigned[1].Assignment);
            Assert.True(double.IsNaN(value));
            Assert.Equal(0, contribution);
            var stored = await plain.Store.GetArticleAsync(assigned[1].Article.Id);
            Assert.Contains("{\"name\":\"dense_cos\",\"value\":0,\"contribution\":0}", stored!.Evidence!, StringComparison.Ordinal);
            Assert.Null(Assert.Single((await plain.Store.LoadActiveStateAsync(TimeSpan.FromDays(36500))).Stories).Dense);
            // the shipped weight of dense_cos is 0: the same probability with and without the embedder
            Assert.Equal(embedded[1].Assignment.Similarity, assigned[1].Assignment.Similarity, 9);
        }
    }

    private static double Cosine(float[] a, float[] b)
    {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
            (dot, na, nb) = (dot + (a[i] * b[i]), na + (a[i] * a[i]), nb + (b[i] * b[i]));
        return dot / Math.Sqrt(na * nb);
    }

    [Fact]
    public async Task A_server_that_is_down_fails_the_batch_and_stores_nothing_and_a_later_run_stores_everything()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        var db = Path.Combine(_dir, "down.db");
        await using (var engine = await TidingsEngine.OpenAsync(new EngineOptions
        {
            Database = db,
            Embedder = new EmbedderOptions { Url = new Uri($"http://127.0.0.1:{port}"), Model = "m" },
        }))
        {
            var ingestor = await engine.CreateIngestorAsync();
            var e = await Assert.ThrowsAsync<EmbedderException>(() => ingestor.IngestPathsAsync(Seeds()));
            Assert.Contains("connection refused", e.Message, StringComparison.Ordinal);
            Assert.Equal(0, await engine.Store.CountArticlesAsync());
            Assert.Empty((await engine.Store.LoadActiveStateAsync(TimeSpan.FromDays(36500))).Stories);
        }
        await using var server = new FakeEmbeddingServer();
        await using var again = await TidingsEngine.OpenAsync(new EngineOptions { Database = db, Embedder = new EmbedderOptions { Url = server.Url, Model = "m" } });
        Assert.Equal(2, (await IngestAsync(again, Seeds())).Count);
        Assert.Equal(2, await again.Store.CountArticlesAsync());
    }

    [Fact]
    public async Task Options_that_cannot_work_are_refused_when_the_engine_opens()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => TidingsEngine.OpenAsync(new EngineOptions
        {
            Database = Path.Combine(_dir, "bad.db"),
            Embedder = new EmbedderOptions { Url = new Uri("ftp://example.org/"), Model = "m" },
        }));
        Assert.Contains("not an http://", e.Message, StringComparison.Ordinal);
    }
}
