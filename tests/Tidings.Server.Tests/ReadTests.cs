using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tidings.Server.Tests;

/// <summary>The read side over the seeds and the sample corpus: stories with filters and cursors, a story's page,
/// search, health, metrics, OpenAPI and the web page's files. One server for the class (the ingest is the slow part).</summary>
public sealed class ReadTests : IClassFixture<ReadTests.Corpus>
{
    /// <summary>The seeds and the samples, posted once in batches of 20.</summary>
    public sealed class Corpus : IAsyncLifetime
    {
        public ServerFactory Server { get; } = new();
        public HttpClient Client { get; private set; } = null!;
        public int Posted { get; private set; }

        public async Task InitializeAsync()
        {
            Client = Server.CreateClient();
            var docs = Http.Seeds().Concat(Http.Samples()).ToList();
            Posted = docs.Count;
            foreach (var chunk in docs.Chunk(20))
                (await Client.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Json(chunk))).EnsureSuccessStatusCode();
        }

        public Task DisposeAsync()
        {
            Client.Dispose();
            Server.Dispose();
            return Task.CompletedTask;
        }
    }

    private readonly Corpus _corpus;
    private HttpClient Client => _corpus.Client;

    public ReadTests(Corpus corpus) => _corpus = corpus;

    private async Task<JsonElement> Get(string url)
    {
        var r = await Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.True(r.IsSuccessStatusCode, $"{url}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        return await Http.ReadJson(r);
    }

    private async Task BadRequest(string url)
    {
        var r = await Client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
    }

    private async Task<long> SeedStory()
    {
        var hits = await Get("/api/search?q=Lukashenko");
        return hits[0].GetProperty("article").GetProperty("story_id").GetInt64();
    }

    [Fact]
    public async Task Cursor_pages_walk_every_story_once_biggest_then_newest_first()
    {
        var all = new List<JsonElement>();
        string? cursor = null;
        int pages = 0;
        do
        {
            var page = await Get("/api/stories?limit=4" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            all.AddRange(page.GetProperty("stories").EnumerateArray());
            cursor = page.GetProperty("next_cursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 100);
        var ids = all.Select(s => s.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(_corpus.Server.Count().Stories, ids.Count);
        Assert.Equal(_corpus.Posted, all.Sum(s => s.GetProperty("articles").GetInt32()));
        for (int i = 1; i < all.Count; i++)
        {
            var (a, b) = (all[i - 1], all[i]);
            int sa = a.GetProperty("articles").GetInt32(), sb = b.GetProperty("articles").GetInt32();
            Assert.True(sa > sb || (sa == sb && string.CompareOrdinal(a.GetProperty("last_seen").GetString(), b.GetProperty("last_seen").GetString()) >= 0));
        }
        var one = all.First(s => s.GetProperty("languages").GetArrayLength() > 1);
        Assert.Equal(one.GetProperty("articles").GetInt32(), one.GetProperty("language_counts").EnumerateObject().Sum(p => p.Value.GetInt32()));
        Assert.Equal(one.GetProperty("articles").GetInt32(), one.GetProperty("timeline").EnumerateArray().Sum(d => d.GetProperty("count").GetInt32()));
        Assert.NotEmpty(one.GetProperty("sources").EnumerateArray());
    }

    [Fact]
    public async Task Filters_by_language_text_and_time()
    {
        var bg = await Get("/api/stories?lang=bg&limit=200");
        Assert.All(bg.GetProperty("stories").EnumerateArray(), s => Assert.Contains("bg", s.GetProperty("languages").EnumerateArray().Select(l => l.GetString())));
        var seeds = await Get("/api/stories?q=Lukashenko");
        var story = Assert.Single(seeds.GetProperty("stories").EnumerateArray());
        Assert.Equal(await SeedStory(), story.GetProperty("id").GetInt64());
        Assert.Equal("Sau cuộc biểu tình tại Belarus, Tổng thống Lukashenko sẽ gặp Tổng thống Putin", story.GetProperty("titles").GetProperty("vi").GetString());
        Assert.Empty((await Get("/api/stories?until=1990-01-01")).GetProperty("stories").EnumerateArray());
        Assert.Empty((await Get("/api/stories?since=2190-01-01")).GetProperty("stories").EnumerateArray());
        Assert.NotEmpty((await Get("/api/stories?since=1990-01-01&until=2190-01-01")).GetProperty("stories").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/stories?limit=0")]
    [InlineData("/api/stories?limit=abc")]
    [InlineData("/api/stories?limit=100000")]
    [InlineData("/api/stories?cursor=not-a-cursor")]
    [InlineData("/api/stories?since=yesterday")]
    [InlineData("/api/stories?lang=%3Cscript%3E")]
    [InlineData("/api/search")]
    [InlineData("/api/search?q=%20%20")]
    public async Task Bad_queries_are_400_problems(string url) => await BadRequest(url);

    [Fact]
    public async Task A_story_page_groups_the_bulgarian_and_vietnamese_articles()
    {
        var id = await SeedStory();
        var s = await Get($"/api/stories/{id}");
        var groups = s.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("language").GetString()!, g => g.GetProperty("articles"));
        Assert.Equal(["bg", "vi"], groups.Keys.Order());
        Assert.Contains("Лукашенко", groups["bg"][0].GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("Lukashenko", groups["vi"][0].GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, s.GetProperty("story").GetProperty("articles").GetInt32());
        Assert.Equal("seeds.example", s.GetProperty("story").GetProperty("sources")[0].GetProperty("name").GetString());
        var missing = await Client.GetAsync(new Uri("/api/stories/999999", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Search_finds_lukashenko_with_a_snippet_and_respects_language()
    {
        var hits = (await Get("/api/search?q=Lukashenko")).EnumerateArray().ToList();
        Assert.Contains(hits, h => h.GetProperty("article").GetProperty("language").GetString() == "vi");
        Assert.All(hits, h => Assert.Contains("lukashenko", h.GetProperty("snippet").GetString()!.ToLowerInvariant(), StringComparison.Ordinal));
        Assert.Empty((await Get("/api/search?q=Lukashenko&lang=ja")).EnumerateArray());
        Assert.Empty((await Get("/api/search?q=" + Uri.EscapeDataString("zzqxvw%_\\"))).EnumerateArray());
    }

    [Fact]
    public async Task Health_counts_what_is_stored()
    {
        var h = await Get("/health");
        Assert.Equal("ok", h.GetProperty("status").GetString());
        Assert.Equal(_corpus.Posted, h.GetProperty("articles").GetInt64());
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_with_documents_by_outcome_and_latency()
    {
        await Client.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Raw("{oops", "application/json"));
        var text = await Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        // the exporter listens process-wide, so servers of test classes running beside this one add to the counts
        var newDocs = Regex.Matches(text, "^tidings_documents_total\\{[^}]*status=\"new\"[^}]*\\} (\\d+)", RegexOptions.Multiline)
            .Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(newDocs >= _corpus.Posted, text);
        Assert.Matches("tidings_rejections_total\\{[^}]*reason=\"malformed-json\"", text);
        Assert.Contains("tidings_ingest_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_openapi_document_describes_every_endpoint()
    {
        var doc = await Get("/openapi/v1.json");
        var paths = doc.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        foreach (var p in new[] { "/api/documents", "/api/documents/{id}", "/api/stories", "/api/stories/{id}", "/api/search", "/api/stream", "/health" })
            Assert.Contains(p, paths);
        Assert.True(doc.GetProperty("paths").GetProperty("/api/documents").TryGetProperty("post", out _));
    }

    [Fact]
    public async Task The_page_is_served_with_a_policy_that_forbids_inline_scripts()
    {
        var r = await Client.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var csp = r.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        var html = await r.Content.ReadAsStringAsync();
        var scripts = Regex.Matches(html, "<script[^>]*>", RegexOptions.IgnoreCase);
        Assert.NotEmpty(scripts);
        Assert.All(scripts, m => Assert.Contains("src=", m.Value, StringComparison.Ordinal));
        Assert.DoesNotMatch("\\son[a-z]+=", html);
        var js = await Client.GetStringAsync(new Uri("/app.js", UriKind.Relative));
        Assert.DoesNotContain("innerHTML", js, StringComparison.Ordinal);
        Assert.DoesNotContain("insertAdjacentHTML", js, StringComparison.Ordinal);
        Assert.DoesNotContain("document.write", js, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync(new Uri("/style.css", UriKind.Relative))).StatusCode);
        var unknown = await Client.GetAsync(new Uri("/api/nothing-here", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
