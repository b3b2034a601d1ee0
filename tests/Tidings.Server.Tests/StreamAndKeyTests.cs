using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Tidings.Server.Tests;

public sealed class StreamTests : IDisposable
{
    private readonly ServerFactory _server = new();

    public void Dispose() => _server.Dispose();

    /// <summary>Reads server-sent events until one of <paramref name="type"/> arrives.</summary>
    private static async Task<(string Type, string Data)> NextEvent(StreamReader reader, string type, CancellationToken ct)
    {
        string? eventType = null, data = null;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
                eventType = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
                data = line[6..];
            else if (line.Length == 0 && eventType is not null)
            {
                if (eventType == type)
                    return (eventType, data ?? "");
                eventType = data = null;
            }
        }
        throw new EndOfStreamException("the stream ended before a '" + type + "' event");
    }

    [Fact]
    public async Task A_posted_article_arrives_on_the_stream_as_a_new_story_then_a_changed_one()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = _server.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/stream");
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await NextEvent(reader, "hello", cts.Token);

        var seeds = Http.Seeds();
        using var poster = _server.CreateClient();
        (await poster.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Json(seeds[0]), cts.Token)).EnsureSuccessStatusCode();
        var (_, data) = await NextEvent(reader, "story", cts.Token);
        using var first = JsonDocument.Parse(data);
        Assert.Equal("new", first.RootElement.GetProperty("change").GetString());
        var story = first.RootElement.GetProperty("story");
        Assert.Equal(1, story.GetProperty("articles").GetInt32());
        Assert.Contains("Лукашенко", story.GetProperty("title").GetString(), StringComparison.Ordinal);

        (await poster.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Json(seeds[1]), cts.Token)).EnsureSuccessStatusCode();
        var (_, data2) = await NextEvent(reader, "story", cts.Token);
        using var second = JsonDocument.Parse(data2);
        Assert.Equal("changed", second.RootElement.GetProperty("change").GetString());
        Assert.Equal(story.GetProperty("id").GetInt64(), second.RootElement.GetProperty("story").GetProperty("id").GetInt64());
        Assert.Equal(["bg", "vi"], second.RootElement.GetProperty("story").GetProperty("languages").EnumerateArray().Select(l => l.GetString()));
    }

    [Fact]
    public async Task A_duplicate_post_sends_no_story_event()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var client = _server.CreateClient();
        var seed = Http.Seeds()[0];
        (await client.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Json(seed), cts.Token)).EnsureSuccessStatusCode();
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/stream"), HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        await NextEvent(reader, "hello", cts.Token);
        (await client.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Json(seed), cts.Token)).EnsureSuccessStatusCode();
        (await client.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Json(Http.Seeds()[1]), cts.Token)).EnsureSuccessStatusCode();
        var (_, data) = await NextEvent(reader, "story", cts.Token);
        using var e = JsonDocument.Parse(data);
        Assert.Equal(2, e.RootElement.GetProperty("story").GetProperty("articles").GetInt32()); // the first event is the second post's
    }
}

public sealed class ApiKeyTests : IDisposable
{
    private const string Key = "s3cret-key-for-tests";
    private readonly ServerFactory _server = new(("ApiKey", Key));

    public void Dispose() => _server.Dispose();

    private static HttpRequestMessage Post(string? header, string? value)
    {
        var m = new HttpRequestMessage(HttpMethod.Post, "/api/documents") { Content = Http.Json(Http.Seeds()[0]) };
        if (header is not null)
            m.Headers.TryAddWithoutValidation(header, value);
        return m;
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("X-Api-Key", "wrong")]
    [InlineData("X-Api-Key", "")]
    [InlineData("Authorization", "Bearer wrong")]
    [InlineData("Authorization", "Basic czNjcmV0")]
    public async Task Writes_without_the_right_key_are_401_and_store_nothing(string? header, string? value)
    {
        using var client = _server.CreateClient();
        var r = await client.SendAsync(Post(header, value));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
        Assert.NotEmpty(r.Headers.WwwAuthenticate);
        Assert.Equal(0, _server.Count().Articles);
    }

    [Theory]
    [InlineData("X-Api-Key", Key)]
    [InlineData("Authorization", "Bearer " + Key)]
    public async Task Writes_with_the_key_go_in_and_reads_stay_open(string header, string value)
    {
        using var client = _server.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(Post(header, value))).StatusCode);
        Assert.Equal(1, _server.Count().Articles);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/stories", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task Protected_reads_need_the_key_too()
    {
        using var server = new ServerFactory(("ApiKey", Key), ("ProtectReads", "true"));
        using var client = server.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/stories", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(new Uri("/api/search?q=x", UriKind.Relative))).StatusCode);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/api/stories", UriKind.Relative))).StatusCode);
    }
}

public sealed class OptionsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:5080", null, true)]
    [InlineData("http://localhost:5080", null, true)]
    [InlineData("http://[::1]:5080", null, true)]
    [InlineData("http://0.0.0.0:5080", null, false)]
    [InlineData("http://*:5080", null, false)]
    [InlineData("http://0.0.0.0:5080", "key", true)]
    [InlineData("ftp://127.0.0.1:21", null, false)]
    public void Serving_beyond_loopback_needs_an_api_key(string urls, string? key, bool ok) =>
        Assert.Equal(ok, new ServerOptions { Urls = urls, ApiKey = key }.Problem() is null);

    [Fact]
    public async Task The_default_address_is_loopback_only() =>
        Assert.Equal("http://127.0.0.1:5080", await Task.FromResult(new ServerOptions().Urls));
}
