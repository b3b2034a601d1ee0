using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.AI;
using Tidings.Clustering.Embeddings;
using Tidings.Core;
using Tidings.Tests;

namespace Tidings.Clustering.Tests;

/// <summary>The OpenAI-compatible embedder against a fake server on loopback (started here), and the dense centroid
/// the clusterer keeps from the vectors.</summary>
/// <summary>Runs alone, not beside the other test classes: the fake server and the client both live on the thread
/// pool, and on two cores the CPU-heavy classes (the page-kind model over WCXB) starved it past the client's 10 s
/// timeout in about two runs of three.</summary>
[CollectionDefinition("embedder", DisableParallelization = true)]
public sealed class EmbedderCollection;

[Collection("embedder")]
public sealed class EmbedderTests
{
    private static EmbedderOptions Options(Uri url, int batch = 32) => new() { Url = url, Model = "test-model", BatchSize = batch, Timeout = TimeSpan.FromSeconds(10) };

    private static IEmbeddingGenerator<string, Embedding<float>> Create(FakeEmbeddingServer server, int batch = 32) => Embedders.OpenAiCompatible(Options(server.Url, batch));

    private static async Task<EmbedderException> Fails(IEmbeddingGenerator<string, Embedding<float>> embedder, params string[] texts)
    {
        using (embedder)
            return await Assert.ThrowsAsync<EmbedderException>(() => embedder.EmbedAsync(texts));
    }

    [Fact]
    public async Task Requests_carry_at_most_the_batch_size_and_the_vectors_come_back_in_input_order_whatever_order_the_server_lists_them()
    {
        await using var server = new FakeEmbeddingServer();
        server.Handler = r => Task.FromResult(server.Embeddings(r, reversed: true));
        var texts = Enumerable.Range(0, 70).Select(i => $"text number {i} about {(i % 2 == 0 ? "an earthquake" : "a marathon")}").ToArray();
        using var embedder = Create(server, batch: 32);
        var vectors = await embedder.EmbedAsync(texts);

        var requests = server.Requests.ToList();
        Assert.Equal([32, 32, 6], requests.Select(r => r.Inputs.Count));
        Assert.All(requests, r => Assert.Equal(("POST", "/v1/embeddings", "test-model"), (r.Method, r.Path, r.Model)));
        Assert.Equal(texts, requests.SelectMany(r => r.Inputs));
        Assert.Equal(texts.Length, vectors.Length);
        for (int i = 0; i < texts.Length; i++)
            Assert.Equal(FakeEmbeddingServer.Vector(texts[i], server.Dimensions), vectors[i]);
        Assert.False(requests[0].Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task The_api_key_goes_as_a_bearer_token_and_the_metadata_names_the_model()
    {
        await using var server = new FakeEmbeddingServer();
        using var embedder = Embedders.OpenAiCompatible(Options(server.Url) with { ApiKey = "s3cret" });
        await embedder.EmbedAsync(["one"]);
        Assert.Equal("Bearer s3cret", Assert.Single(server.Requests).Headers["authorization"]);
        var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal("test-model", metadata!.DefaultModelId);
    }

    [Theory]
    [InlineData("http://127.0.0.1:11434", "http://127.0.0.1:11434/v1/embeddings")]
    [InlineData("http://127.0.0.1:11434/", "http://127.0.0.1:11434/v1/embeddings")]
    [InlineData("http://host:8080/v1", "http://host:8080/v1/embeddings")]
    [InlineData("https://host/proxy/v1/embeddings", "https://host/proxy/v1/embeddings")]
    [InlineData("http://host/proxy", "http://host/proxy/v1/embeddings")]
    public void The_url_may_be_the_base_the_v1_path_or_the_whole_endpoint(string url, string endpoint) =>
        Assert.Equal(endpoint, new EmbedderOptions { Url = new Uri(url), Model = "m" }.Endpoint.ToString());

    [Fact]
    public async Task Texts_are_cut_to_the_input_limit_without_splitting_a_character_and_lone_surrogates_are_replaced()
    {
        await using var server = new FakeEmbeddingServer();
        using var embedder = Embedders.OpenAiCompatible(Options(server.Url) with { MaxInputChars = 5 });
        await embedder.EmbedAsync(["abcd😀xyz", "a\ud800b", "abcdefgh"]);
        Assert.Equal(["abcd", "a\ufffdb", "abcde"], Assert.Single(server.Requests).Inputs);
        Assert.Equal("Title\n\nBody te", Embedders.ArticleText(" Title ", "  Body text", 14));
    }

    [Fact]
    public async Task A_server_that_is_down_is_named_with_connection_refused()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop(); // nothing listens there now
        using var embedder = Embedders.OpenAiCompatible(Options(new Uri($"http://127.0.0.1:{port}")));
        var e = await Assert.ThrowsAsync<EmbedderException>(() => embedder.EmbedAsync(["text"]));
        Assert.Contains($"the embedding server at http://127.0.0.1:{port}/v1/embeddings cannot be reached", e.Message, StringComparison.Ordinal);
        Assert.Contains("connection refused", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_slower_than_the_timeout_fails_in_about_the_timeout_and_the_callers_cancellation_stays_a_cancellation()
    {
        await using var server = new FakeEmbeddingServer(r => Task.FromResult(new FakeEmbeddingServer.Answer(200, "{}", Delay: TimeSpan.FromSeconds(20))));
        using var embedder = Embedders.OpenAiCompatible(Options(server.Url) with { Timeout = TimeSpan.FromMilliseconds(400) });
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<EmbedderException>(() => embedder.EmbedAsync(["slow"]));
        Assert.InRange(clock.Elapsed.TotalSeconds, 0.3, 5);
        Assert.Contains("did not answer within 0.4 s", e.Message, StringComparison.Ordinal);

        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        using var patient = Embedders.OpenAiCompatible(Options(server.Url) with { Timeout = TimeSpan.FromSeconds(30) });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => patient.EmbedAsync(["slow"], cancel.Token));
    }

    [Fact]
    public async Task An_http_error_shows_the_status_and_the_bodys_message_without_control_characters()
    {
        await using var server = new FakeEmbeddingServer(r => Task.FromResult(new FakeEmbeddingServer.Answer(500,
            """{"error":{"message":"model \u001b[31m'x' not found","type":"invalid_request_error"}}""")));
        var e = await Fails(Create(server), "text");
        Assert.Contains("answered HTTP 500", e.Message, StringComparison.Ordinal);
        Assert.Contains("model [31m'x' not found", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', e.Message);

        // Ollama and text-embeddings-inference: {"error": "..."}; a body that is not JSON: its text
        server.Handler = r => Task.FromResult(new FakeEmbeddingServer.Answer(404, """{"error":"model \"nomic\" not found, try pulling it first"}"""));
        Assert.Contains("HTTP 404 (Error): model \"nomic\" not found, try pulling it first", (await Fails(Create(server), "t")).Message, StringComparison.Ordinal);
        server.Handler = r => Task.FromResult(new FakeEmbeddingServer.Answer(502, "<html>Bad gateway</html>"));
        Assert.Contains("HTTP 502 (Error): <html>Bad gateway</html>", (await Fails(Create(server), "t")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Busy_answers_are_tried_again_and_then_given_up()
    {
        int calls = 0;
        await using var server = new FakeEmbeddingServer();
        server.Handler = r => Task.FromResult(Interlocked.Increment(ref calls) == 1
            ? new FakeEmbeddingServer.Answer(503, """{"error":"loading model"}""", Headers: new Dictionary<string, string> { ["Retry-After"] = "0" })
            : server.Embeddings(r));
        using (var embedder = Create(server))
            Assert.Single(await embedder.EmbedAsync(["text"]));
        Assert.Equal(2, calls);

        server.Handler = r => Task.FromResult(new FakeEmbeddingServer.Answer(429, """{"error":"too many requests"}""", Headers: new Dictionary<string, string> { ["Retry-After"] = "0" }));
        var e = await Fails(Create(server), "text");
        Assert.Contains("HTTP 429", e.Message, StringComparison.Ordinal);
        Assert.Equal(3, server.Requests.Count - 2); // the default two retries after the first attempt
    }

    [Theory]
    [InlineData("not json at all", "not valid JSON")]
    [InlineData("""{"object":"list","data":[{"index":0,"embedding":[0.1,0.2""", "not valid JSON")]
    [InlineData("""{"object":"list"}""", "no \"data\" list")]
    [InlineData("""{"detail":"input too long"}""", "no \"data\" list but: input too long")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[1,2,3]}]}""", "ragged")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,2]},{"index":0,"embedding":[1,2]}]}""", "index 0 appears twice")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,2]},{"index":7,"embedding":[1,2]}]}""", "index 7, outside 0-1")]
    [InlineData("""{"data":[{"index":0,"embedding":"AACAPw=="},{"index":1,"embedding":"AACAPw=="}]}""", "no \"embedding\" list of numbers")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,"x"]},{"index":1,"embedding":[1,2]}]}""", "not a finite number")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,1e300]},{"index":1,"embedding":[1,2]}]}""", "not a finite number")]
    [InlineData("""{"data":[{"index":0,"embedding":[]},{"index":1,"embedding":[]}]}""", "0 dimensions")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,2]}]}""", "1 vectors for 2 texts")]
    [InlineData("""{"data":[{"index":0,"embedding":[1,2]},{"index":1,"embedding":[1,2]},{"index":2,"embedding":[1,2]}]}""", "3 vectors for 2 texts")]
    public async Task An_answer_that_is_not_the_embeddings_asked_for_is_refused_saying_what_is_wrong(string body, string why)
    {
        await using var server = new FakeEmbeddingServer(r => Task.FromResult(new FakeEmbeddingServer.Answer(200, body)));
        var e = await Fails(Create(server), "one", "two");
        Assert.Contains(server.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message, StringComparison.Ordinal);
        Assert.Contains(why, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_truncated_answer_or_one_larger_than_the_limit_is_refused()
    {
        // the header promises 10,000 bytes and the connection closes after 30
        await using var server = new FakeEmbeddingServer(r => Task.FromResult(new FakeEmbeddingServer.Answer(0, "",
            Raw: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 10000\r\n\r\n{\"data\":[{\"index\":0,\"embedding\":[1")));
        var e = await Fails(Create(server), "one");
        Assert.Contains("the embedding server at", e.Message, StringComparison.Ordinal);

        var huge = "{\"data\":[{\"index\":0,\"embedding\":[" + string.Join(',', Enumerable.Repeat("0.125", 5000)) + "]}]}";
        server.Handler = r => Task.FromResult(new FakeEmbeddingServer.Answer(200, huge));
        using (var small = Embedders.OpenAiCompatible(Options(server.Url) with { MaxResponseBytes = 10_000 }))
            Assert.Contains("more than the 10,000 allowed", (await Assert.ThrowsAsync<EmbedderException>(() => small.EmbedAsync(["one"]))).Message, StringComparison.Ordinal);
        // without a Content-Length (read until the connection closes): stopped at the limit all the same
        server.Handler = r => Task.FromResult(new FakeEmbeddingServer.Answer(0, "", Raw: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n" + huge));
        using (var small = Embedders.OpenAiCompatible(Options(server.Url) with { MaxResponseBytes = 10_000 }))
            Assert.Contains("more than the 10,000 bytes allowed", (await Assert.ThrowsAsync<EmbedderException>(() => small.EmbedAsync(["one"]))).Message, StringComparison.Ordinal);
        // too many dimensions
        using (var narrow = Embedders.OpenAiCompatible(Options(server.Url) with { MaxDimensions = 100 }))
            Assert.Contains("5000 dimensions", (await Assert.ThrowsAsync<EmbedderException>(() => narrow.EmbedAsync(["one"]))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Vectors_of_another_dimension_in_a_later_batch_are_refused()
    {
        await using var server = new FakeEmbeddingServer();
        server.Handler = r =>
        {
            server.Dimensions = server.Requests.Count == 1 ? 8 : 16;
            return Task.FromResult(server.Embeddings(r));
        };
        var e = await Fails(Create(server, batch: 1), "one", "two");
        Assert.Contains("vectors of 8 and of 16 dimensions in one call", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_come_from_flags_else_the_environment_and_a_half_configuration_is_an_error()
    {
        var env = new Dictionary<string, string?>
        {
            [EmbedderOptions.UrlEnvironmentVariable] = "http://127.0.0.1:8080",
            [EmbedderOptions.ModelEnvironmentVariable] = "bge-m3",
            [EmbedderOptions.BatchSizeEnvironmentVariable] = "8",
            [EmbedderOptions.TimeoutEnvironmentVariable] = "2.5",
            [EmbedderOptions.ApiKeyEnvironmentVariable] = "k",
        };
        Assert.Null(EmbedderOptions.Resolve(null, null, environment: _ => null));
        var fromEnv = EmbedderOptions.Resolve(null, null, environment: n => env.GetValueOrDefault(n))!;
        Assert.Equal(("http://127.0.0.1:8080/", "bge-m3", 8, 2.5, "k"), (fromEnv.Url.ToString(), fromEnv.Model, fromEnv.BatchSize, fromEnv.Timeout.TotalSeconds, fromEnv.ApiKey));
        var fromFlags = EmbedderOptions.Resolve("http://h:1/v1", "m", batchSize: 3, environment: n => env.GetValueOrDefault(n))!;
        Assert.Equal(("http://h:1/v1", "m", 3), (fromFlags.Url.ToString(), fromFlags.Model, fromFlags.BatchSize));
        Assert.Contains("without a model", Assert.Throws<ArgumentException>(() => EmbedderOptions.Resolve("http://h:1", null, environment: _ => null)).Message, StringComparison.Ordinal);
        Assert.Contains("without its server", Assert.Throws<ArgumentException>(() => EmbedderOptions.Resolve(null, "m", environment: _ => null)).Message, StringComparison.Ordinal);
        Assert.Contains("not an http://", Assert.Throws<ArgumentException>(() => EmbedderOptions.Resolve("ftp://h/", "m", environment: _ => null)).Message, StringComparison.Ordinal);
        Assert.Contains("batch size", Assert.Throws<ArgumentException>(() => EmbedderOptions.Resolve("http://h/", "m", batchSize: 0, environment: _ => null)).Message, StringComparison.Ordinal);
    }

    // ---- the dense centroid in the clusterer

    private static readonly DateTimeOffset T0 = new(2025, 3, 14, 8, 0, 0, TimeSpan.Zero);

    private static readonly FeatureVector Quake = FeatureVector.FromCounts(new Dictionary<ulong, float>
    {
        [FeatureVector.Key(FeatureKind.Word, "en:quake")] = 3,
        [FeatureVector.Key(FeatureKind.Place, "C:America/Santiago")] = 1,
        [FeatureVector.Key(FeatureKind.Number, "6.4")] = 1,
        [FeatureVector.Key(FeatureKind.Date, "03-14")] = 1,
    });

    private static Article A(string id) => new() { Id = id, Title = "T " + id, Text = "", Language = new LanguageTag("en"), Published = T0 };

    /// <summary>A low threshold: these reports join whatever the shipped weights (the dense feature is what is tested).</summary>
    private static readonly ClusteringOptions Joining = new() { Threshold = 0.3 };

    private static double Dense(Assignment a) => Assert.Single(a.Evidence!.Features, f => f.Feature == "dense_cos").Value;

    [Fact]
    public void The_story_keeps_the_mean_of_its_reports_unit_embeddings_and_keeps_it_through_its_state()
    {
        var c = StoryClusterer.Create(null, Joining);
        var first = c.Add(A("1"), Quake, null, [3f, 0f, 0f]);
        var second = c.Add(A("2"), Quake, null, [0f, 5f, 0f]);
        Assert.True(first.StoryId == second.StoryId, second.Evidence!.ToJson());
        Assert.Equal(0, Dense(second), 4); // orthogonal to the first member
        // the story's centroid is the mean of (1,0,0) and (0,1,0): cosine with (1,1,0) is 1, whatever the lengths
        var third = c.Add(A("3"), Quake, null, [2f, 2f, 0f]);
        Assert.Equal(1, Dense(third), 4);
        var state = c.TakeChangedStories().Single();
        Assert.Equal(3, state.DenseMembers);
        Assert.Equal(1, Evidence.DenseCos(state.Dense!, [1f, 1f, 0f]), 5);

        // resumed from its state (a restart, or another writer's catch-up), the story compares the same
        var resumed = StoryClusterer.Create(new ClusterState([state], new Dictionary<ulong, int>(), 3), Joining);
        Assert.Equal(Evidence.DenseCos([1f, 0f, 0f], state.Dense!), Dense(resumed.Add(A("4"), Quake, null, [1f, 0f, 0f])), 4);
    }

    [Fact]
    public void Without_embeddings_the_dense_feature_is_missing_and_contributes_nothing()
    {
        var c = StoryClusterer.Create(null, Joining);
        c.Add(A("1"), Quake);
        var plain = c.Add(A("2"), Quake);
        var f = Assert.Single(plain.Evidence!.Features, f => f.Feature == "dense_cos");
        Assert.True(double.IsNaN(f.Value));
        Assert.Equal(0, f.Contribution);
        Assert.Contains("{\"name\":\"dense_cos\",\"value\":0,\"contribution\":0}", plain.Evidence.ToJson(), StringComparison.Ordinal);
        Assert.Null(c.TakeChangedStories().Single().Dense);
        // an article with an embedding against a story without one (a story from before the embedder): missing too
        Assert.True(double.IsNaN(Dense(c.Add(A("3"), Quake, null, [1f, 0f]))));
    }

    [Fact]
    public void An_embedding_of_another_dimension_starts_the_centroid_again()
    {
        var c = StoryClusterer.Create(null, Joining);
        c.Add(A("1"), Quake, null, [1f, 0f]);
        c.Add(A("2"), Quake, null, [0f, 1f, 0f]); // the model was changed
        var third = c.Add(A("3"), Quake, null, [0f, 1f, 0f]);
        Assert.Equal(1, Dense(third), 4);
        Assert.Equal(2, c.TakeChangedStories().Single().DenseMembers);
    }
}
