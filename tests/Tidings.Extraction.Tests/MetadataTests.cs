namespace Tidings.Extraction.Tests;

public class MetadataTests
{
    private static readonly Extractor Sut = Extractor.Create();
    private const string Body = "<p>The city council voted on Tuesday to expand the tram network, a decision that followed months of debate between residents and planners.</p>";

    [Fact]
    public void Reads_json_ld_news_article_inside_a_graph()
    {
        var html = """
            <html><head><title>Ignored title - Site</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Example News"},
              {"@type":"NewsArticle","headline":"Trams for everyone","datePublished":"2024-03-05T08:30:00+01:00","author":[{"@type":"Person","name":"Jana Novak"}],"publisher":{"@type":"Organization","name":"Example News"},"url":"https://news.example/trams"}]}</script>
            </head><body><article>
            """ + Body + "</article></body></html>";
        var a = Sut.Extract(html, isHtml: true);
        Assert.Equal("Trams for everyone", a.Title);
        Assert.Equal(new DateTimeOffset(2024, 3, 5, 7, 30, 0, TimeSpan.Zero), a.Published!.Value.ToUniversalTime());
        Assert.Equal("Jana Novak", a.Author);
        Assert.Equal("Example News", a.Site);
        Assert.Equal("https://news.example/trams", a.Url);
    }

    [Fact]
    public void Reads_open_graph_canonical_and_meta()
    {
        var html = """
            <html lang="de"><head><meta property="og:title" content="Straßenbahn wächst"><meta property="og:site_name" content="Beispielzeitung">
            <meta property="article:published_time" content="2023-11-02T10:00:00Z"><meta name="author" content="Max Muster">
            <meta name="description" content="Der Rat beschließt drei neue Linien."><link rel="canonical" href="https://zeitung.example/tram"></head><body>
            """ + Body + "</body></html>";
        var a = Sut.Extract(html, isHtml: true);
        Assert.Equal("Straßenbahn wächst", a.Title);
        Assert.Equal("Beispielzeitung", a.Site);
        Assert.Equal(new DateTimeOffset(2023, 11, 2, 10, 0, 0, TimeSpan.Zero), a.Published);
        Assert.Equal("Max Muster", a.Author);
        Assert.Equal("https://zeitung.example/tram", a.Url);
        Assert.Equal("Der Rat beschließt drei neue Linien.", a.Description);
        Assert.Equal("de", a.DeclaredLanguage);
    }

    [Fact]
    public void Reads_time_element_and_title_fallbacks()
    {
        var html = "<html><head><title>Trams approved | Daily Example</title></head><body><p><time datetime=\"2022-07-14\">14 July</time></p>" + Body + "</body></html>";
        var a = Sut.Extract(html, isHtml: true);
        Assert.Equal(new DateTimeOffset(2022, 7, 14, 0, 0, 0, TimeSpan.Zero), a.Published);
        Assert.Equal("Trams approved", a.Title);
    }

    [Theory]
    [InlineData("2024-03-05T08:30:00Z", "2024-03-05T08:30:00+00:00")]
    [InlineData("2024-03-05T08:30:00+02:00", "2024-03-05T08:30:00+02:00")]
    [InlineData("2024/03/05", "2024-03-05T00:00:00+00:00")]
    [InlineData("05.03.2024", "2024-03-05T00:00:00+00:00")]
    [InlineData("05.03.2024, 14:20", "2024-03-05T14:20:00+00:00")]
    [InlineData("5. März 2024", "2024-03-05T00:00:00+00:00")]
    [InlineData("5 March 2024", "2024-03-05T00:00:00+00:00")]
    [InlineData("Tue, 05 Mar 2024 08:30:00 GMT", "2024-03-05T08:30:00+00:00")]
    [InlineData("9 август 2020", "2020-08-09T00:00:00+00:00")]
    public void Normalizes_dates_to_iso_8601(string input, string expected)
    {
        var d = PageMetadata.ParseDate(input);
        Assert.NotNull(d);
        Assert.Equal(expected, d.Value.ToString("yyyy-MM-ddTHH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("31.02.2024")]
    [InlineData("1850-01-01")]
    public void Rejects_non_dates(string input) => Assert.Null(PageMetadata.ParseDate(input));

    [Fact]
    public void Takes_the_date_from_the_url_when_nothing_else_has_it()
    {
        var raw = new Tidings.Core.RawDocument("p.html", System.Text.Encoding.UTF8.GetBytes("<html><body>" + Body + "</body></html>"), Tidings.Core.ContentKind.Html, "https://example.org/news/2021/09/30/story.html");
        Assert.Equal(new DateTimeOffset(2021, 9, 30, 0, 0, 0, TimeSpan.Zero), Sut.Extract(raw).Published);
    }
}
