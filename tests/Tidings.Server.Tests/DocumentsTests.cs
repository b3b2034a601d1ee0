using System.Net;
using System.Text;
using System.Text.Json;

namespace Tidings.Server.Tests;

/// <summary>POST /api/documents and GET /api/documents/{id}: what is stored, what comes back, and every kind of bad
/// input answered with problem+json and nothing half-stored.</summary>
public sealed class DocumentsTests : IDisposable
{
    private readonly ServerFactory _server = new(("MaxBatch", "5"), ("MaxBodyBytes", "200000"));
    private readonly HttpClient _client;

    public DocumentsTests() => _client = _server.CreateClient();

    public void Dispose()
    {
        _client.Dispose();
        _server.Dispose();
    }

    private Task<HttpResponseMessage> Post(HttpContent content) => _client.PostAsync(new Uri("/api/documents", UriKind.Relative), content);

    private static async Task<JsonElement> Problem(HttpResponseMessage response, HttpStatusCode status, string kind)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var p = await Http.ReadJson(response);
        Assert.Equal("urn:tidings:problem:" + kind, p.GetProperty("type").GetString());
        Assert.Equal((int)status, p.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("detail").GetString()));
        return p;
    }

    [Fact]
    public async Task A_batch_of_the_seeds_is_stored_as_one_story_and_reposting_reports_duplicates_in_that_story()
    {
        var first = await Http.ReadJson(await Post(Http.Json(Http.Seeds())));
        Assert.Equal(2, first.GetProperty("new").GetInt32());
        var docs = first.GetProperty("documents").EnumerateArray().ToList();
        Assert.All(docs, d => Assert.Equal("new", d.GetProperty("status").GetString()));
        Assert.All(docs, d => Assert.Equal(64, d.GetProperty("id").GetString()!.Length));
        long story = docs[0].GetProperty("story").GetInt64();
        Assert.Equal(story, docs[1].GetProperty("story").GetInt64());
        Assert.True(docs[0].GetProperty("new_story").GetBoolean());
        Assert.False(docs[1].GetProperty("new_story").GetBoolean());

        var again = await Http.ReadJson(await Post(Http.Json(Http.Seeds())));
        Assert.Equal(0, again.GetProperty("new").GetInt32());
        Assert.Equal(2, again.GetProperty("duplicate").GetInt32());
        Assert.All(again.GetProperty("documents").EnumerateArray(), d =>
        {
            Assert.Equal("duplicate", d.GetProperty("status").GetString());
            Assert.Equal(story, d.GetProperty("story").GetInt64());
        });
        Assert.Equal((2, 1, 0), _server.Count());
    }

    [Fact]
    public async Task A_story_card_read_before_a_second_article_joins_shows_both_after_it()
    {
        var seeds = Http.Seeds();
        (await Post(Http.Json(seeds[0]))).EnsureSuccessStatusCode();
        async Task<JsonElement> Card() =>
            Assert.Single((await Http.ReadJson(await _client.GetAsync(new Uri("/api/stories", UriKind.Relative)))).GetProperty("stories").EnumerateArray());
        var before = await Card();
        Assert.Equal(1, before.GetProperty("articles").GetInt32());
        Assert.Single(before.GetProperty("language_counts").EnumerateObject());

        (await Post(Http.Json(seeds[1]))).EnsureSuccessStatusCode();
        var after = await Card();
        Assert.Equal(before.GetProperty("id").GetInt64(), after.GetProperty("id").GetInt64());
        Assert.Equal(2, after.GetProperty("articles").GetInt32());
        Assert.Equal(["bg", "vi"], after.GetProperty("language_counts").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["bg", "vi"], after.GetProperty("titles").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, after.GetProperty("sources")[0].GetProperty("count").GetInt32());
        Assert.Equal(2, after.GetProperty("timeline").EnumerateArray().Sum(d => d.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task One_document_with_stated_title_date_language_and_source_is_stored_with_them_and_readable_by_id()
    {
        var response = await Post(Http.Json(new
        {
            url = "https://news.example/a/1",
            text = "Die Stadt Rotterdam meldet am Montag einen Streik der Hafenarbeiter, der den Containerverkehr für zwei Tage stoppt.",
            title = "Hafenstreik in Rotterdam",
            published = "2024-03-04T08:30:00Z",
            language = "de",
            source = "Hafenblatt",
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var id = (await Http.ReadJson(response)).GetProperty("documents")[0].GetProperty("id").GetString();

        var doc = await Http.ReadJson(await _client.GetAsync(new Uri($"/api/documents/{id}", UriKind.Relative)));
        Assert.Equal("Hafenstreik in Rotterdam", doc.GetProperty("title").GetString());
        Assert.Equal("de", doc.GetProperty("language").GetString());
        Assert.Equal("Hafenblatt", doc.GetProperty("site").GetString());
        Assert.Equal("https://news.example/a/1", doc.GetProperty("url").GetString());
        Assert.StartsWith("2024-03-04T08:30:00", doc.GetProperty("published").GetString(), StringComparison.Ordinal);
        Assert.Contains("Containerverkehr", doc.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_lines_post_one_document_per_line()
    {
        var lines = string.Join("\n", Http.Seeds().Select(d => JsonSerializer.Serialize(d))) + "\n\n";
        var r = await Http.ReadJson(await Post(Http.Raw(lines, "application/x-ndjson")));
        Assert.Equal(2, r.GetProperty("new").GetInt32());
    }

    [Fact]
    public async Task A_raw_text_page_with_its_fields_in_the_query_is_ingested()
    {
        var seed = Http.Seeds()[1]["text"];
        var r = await Post(Http.Raw(seed, "text/plain; charset=utf-8"));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        Assert.Equal("new", (await Http.ReadJson(r)).GetProperty("documents")[0].GetProperty("status").GetString());
        var html = "<html><head><title>Lunar lander touches down</title></head><body><article><h1>Lunar lander touches down</h1><p>The lander settled near the south pole on Tuesday after a ten-day cruise, the agency said in a statement.</p></article></body></html>";
        var r2 = await _client.PostAsync(new Uri("/api/documents?url=https://moon.example/x&source=Moon%20Desk", UriKind.Relative), Http.Raw(html, "text/html"));
        Assert.Equal(HttpStatusCode.OK, r2.StatusCode);
        var bad = await _client.PostAsync(new Uri("/api/documents?colour=red", UriKind.Relative), Http.Raw(html, "text/html"));
        await Problem(bad, HttpStatusCode.BadRequest, "unknown-field");
    }

    [Theory]
    [InlineData("{\"text\": \"unterminated")]
    [InlineData("[{\"text\": \"a\"},]")]
    [InlineData("{\"text\": \"x\"} trailing")]
    [InlineData("\u0000\u0001\u0002binary")]
    [InlineData("")]
    public async Task Malformed_json_is_a_400_problem(string body)
    {
        var p = await Problem(await Post(Http.Raw(body, "application/json")), HttpStatusCode.BadRequest, "malformed-json");
        Assert.Contains("JSON", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), _server.Count());
    }

    [Fact]
    public async Task Invalid_utf8_in_json_is_malformed()
    {
        var content = new ByteArrayContent([(byte)'{', (byte)'"', (byte)'t', (byte)'e', (byte)'x', (byte)'t', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}']);
        content.Headers.ContentType = new("application/json");
        await Problem(await Post(content), HttpStatusCode.BadRequest, "malformed-json");
    }

    [Fact]
    public async Task Missing_text_fails_the_whole_batch_and_stores_nothing()
    {
        var batch = new object[] { Http.Seeds()[0], new { url = "https://x.example/no-content", title = "Only a title" } };
        var p = await Problem(await Post(Http.Json(batch)), HttpStatusCode.BadRequest, "missing-text");
        var error = Assert.Single(p.GetProperty("errors").EnumerateArray());
        Assert.Equal("/1", error.GetProperty("pointer").GetString());
        Assert.Equal((0, 0, 0), _server.Count());
        await Problem(await Post(Http.Json(new { text = "   " })), HttpStatusCode.BadRequest, "invalid-document");
    }

    [Fact]
    public async Task Wrong_types_name_each_field_with_a_pointer()
    {
        var p = await Problem(await Post(Http.Raw("[{\"text\": 5}, {\"text\": \"ok text\", \"published\": true, \"title\": [\"x\"]}]", "application/json")),
            HttpStatusCode.BadRequest, "wrong-type");
        var pointers = p.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("pointer").GetString()).ToList();
        Assert.Equal(["/0/text", "/1/published", "/1/title"], pointers);
        await Problem(await Post(Http.Raw("[1, \"two\"]", "application/json")), HttpStatusCode.BadRequest, "wrong-type");
        await Problem(await Post(Http.Raw("42", "application/json")), HttpStatusCode.BadRequest, "wrong-type");
        await Problem(await Post(Http.Json(new { text = "fine text", published = "last tuesday-ish" })), HttpStatusCode.BadRequest, "invalid-document");
        await Problem(await Post(Http.Json(new { text = "fine text", url = "javascript:alert(1)" })), HttpStatusCode.BadRequest, "invalid-document");
        await Problem(await Post(Http.Json(new { text = "fine text", language = "123" })), HttpStatusCode.BadRequest, "invalid-document");
        Assert.Equal((0, 0, 0), _server.Count());
    }

    [Fact]
    public async Task Unknown_and_repeated_fields_are_refused()
    {
        var p = await Problem(await Post(Http.Json(new { text = "Some text here", body = "x" })), HttpStatusCode.BadRequest, "unknown-field");
        Assert.Equal("/body", p.GetProperty("errors")[0].GetProperty("pointer").GetString());
        await Problem(await Post(Http.Raw("{\"text\": \"a b c\", \"text\": \"d e f\"}", "application/json")), HttpStatusCode.BadRequest, "invalid-document");
        Assert.Equal((0, 0, 0), _server.Count());
    }

    [Fact]
    public async Task A_batch_over_the_configured_count_is_a_400_and_an_empty_batch_too()
    {
        var six = Enumerable.Range(0, 6).Select(i => new { text = $"Document number {i} about a harbour strike in Rotterdam." }).ToArray();
        var p = await Problem(await Post(Http.Json(six)), HttpStatusCode.BadRequest, "batch-too-large");
        Assert.Contains("limit is 5", p.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Problem(await Post(Http.Json(Array.Empty<object>())), HttpStatusCode.BadRequest, "empty-batch");
        Assert.Equal((0, 0, 0), _server.Count());
        Assert.Equal(HttpStatusCode.OK, (await Post(Http.Json(six[..5]))).StatusCode);
    }

    [Fact]
    public async Task A_body_over_the_configured_size_is_a_413()
    {
        var huge = new { text = new string('a', 250_000) };
        await Problem(await Post(Http.Json(huge)), HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        // without a Content-Length the limit holds while reading
        var stream = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(huge))));
        stream.Headers.ContentType = new("application/json");
        stream.Headers.ContentLength = null;
        await Problem(await Post(stream), HttpStatusCode.RequestEntityTooLarge, "body-too-large");
        Assert.Equal((0, 0, 0), _server.Count());
    }

    [Theory]
    [InlineData("application/xml")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("application/json; charset=latin1")]
    [InlineData(null)]
    public async Task A_wrong_content_type_is_a_415(string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("{\"text\": \"hello there world\"}"));
        if (contentType is not null)
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        await Problem(await Post(content), HttpStatusCode.UnsupportedMediaType, "unsupported-media-type");
    }

    [Fact]
    public async Task Pages_the_pipeline_cannot_use_are_rejected_one_by_one_with_a_reason_and_the_rest_are_stored()
    {
        var batch = new object[] { Http.Seeds()[0], new { text = "\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f\u0010" }, new { html = "<html><body><script>x()</script></body></html>" } };
        var r = await Http.ReadJson(await Post(Http.Json(batch)));
        var docs = r.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal("new", docs[0].GetProperty("status").GetString());
        Assert.Equal("rejected", docs[1].GetProperty("status").GetString());
        Assert.Equal("rejected", docs[2].GetProperty("status").GetString());
        Assert.All(docs.Skip(1), d => Assert.False(string.IsNullOrWhiteSpace(d.GetProperty("reason").GetString())));
        Assert.Equal(2, r.GetProperty("rejected").GetInt32());
        Assert.Equal(1, _server.Count().Articles);
    }

    [Fact]
    public async Task Hostile_titles_come_back_escaped_in_json()
    {
        var r = await Post(Http.Json(new { text = "A quiet report about the harbour of Kalamata and its ferries.", title = "<script>alert(1)</script>" }));
        var id = (await Http.ReadJson(r)).GetProperty("documents")[0].GetProperty("id").GetString();
        var raw = await _client.GetStringAsync(new Uri($"/api/documents/{id}", UriKind.Relative));
        Assert.DoesNotContain("<script>", raw, StringComparison.Ordinal);
        Assert.Contains("\\u003Cscript\\u003E", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_document_is_a_404_problem()
    {
        await Problem(await _client.GetAsync(new Uri("/api/documents/" + new string('0', 64), UriKind.Relative)), HttpStatusCode.NotFound, "not-found");
    }
}
