using Tidings.Core;

namespace Tidings.Extraction.Tests;

public class HtmlExtractionTests
{
    private static readonly Extractor Sut = Extractor.Create();

    private const string Para1 = "The city council voted on Tuesday to expand the tram network, a decision that followed months of debate between residents, planners and the regional transport authority.";
    private const string Para2 = "Construction is expected to start next spring, and officials said the first new line, running from the station to the university, could open within three years if funding arrives on time.";
    private const string Para3 = "Critics warned that the budget, already stretched by rising costs, would leave little room for maintenance of the existing lines, which have suffered repeated breakdowns this winter.";

    private static string Page(string article, string extra = "") => $$"""
        <!doctype html><html lang="en"><head><title>Tram network to grow | Daily Example</title></head>
        <body>
          <header class="site-header"><a href="/">Daily Example</a><nav><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
          {{extra}}
          <main><article>
            <h1>Tram network to grow</h1>
            {{article}}
          </article></main>
          <aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Celebrity wedding photos stun fans across the country</a></li><li><a href="/b">Stock market closes higher after a long week of trading</a></li></ul></aside>
          <footer class="site-footer"><p>Copyright 2024 Daily Example. All rights reserved. Contact the newsroom for corrections.</p></footer>
        </body></html>
        """;

    [Fact]
    public void Keeps_paragraphs_and_drops_navigation_sidebar_and_footer()
    {
        var a = Sut.Extract(Page($"<p>{Para1}</p><p>{Para2}</p><p>{Para3}</p>"), isHtml: true);
        Assert.Contains(Para1, a.Text, StringComparison.Ordinal);
        Assert.Contains(Para2, a.Text, StringComparison.Ordinal);
        Assert.Contains(Para3, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Celebrity wedding", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("All rights reserved", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Sport", a.Text, StringComparison.Ordinal);
        Assert.Equal("Tram network to grow", a.Title);
    }

    [Fact]
    public void Drops_cookie_banner_and_newsletter_prompt()
    {
        var cookie = """<div id="cookie-consent" class="cookie-banner"><p>We use cookies to improve your experience on our website. By continuing to browse you agree to our use of cookies.</p><button>Accept</button></div>""";
        var article = $"""<p>{Para1}</p><div class="newsletter-signup"><p>Get the best stories of the day delivered to your inbox every morning, free of charge.</p></div><p>{Para2}</p>""";
        var a = Sut.Extract(Page(article, cookie), isHtml: true);
        Assert.Contains(Para1, a.Text, StringComparison.Ordinal);
        Assert.Contains(Para2, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("cookies", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("inbox", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Drops_related_stories_share_widgets_and_comments()
    {
        var article = $"""
            <div class="share-buttons"><a href="#">Facebook</a> <a href="#">Twitter</a></div>
            <p>{Para1}</p><p>{Para2}</p>
            <div class="related-articles"><h2>Related</h2><ul><li><a href="/x">Bus fares rise again in the new year for all commuters</a></li><li><a href="/y">Bridge repairs delayed by the cold weather this month</a></li></ul></div>
            <section id="comments" class="comments"><h2>3 Comments</h2><div class="comment"><p>I think this is a terrible idea and the money should go to the buses instead of trams.</p></div></section>
            """;
        var a = Sut.Extract(Page(article), isHtml: true);
        Assert.Contains(Para1, a.Text, StringComparison.Ordinal);
        Assert.Contains(Para2, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bus fares", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("terrible idea", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Facebook", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_lists_headings_and_quotes_of_the_article()
    {
        var article = $"""
            <p>{Para1}</p>
            <h2>What changes for riders</h2>
            <ul><li>Trams every five minutes at peak hours</li><li>Night service on weekends</li><li>New stops near the hospital</li></ul>
            <blockquote><p>"This is the biggest investment in public transport in a generation," the mayor said.</p></blockquote>
            <p>{Para2}</p>
            """;
        var a = Sut.Extract(Page(article), isHtml: true);
        Assert.Contains("What changes for riders", a.Text, StringComparison.Ordinal);
        Assert.Contains("Trams every five minutes at peak hours", a.Text, StringComparison.Ordinal);
        Assert.Contains("Night service on weekends", a.Text, StringComparison.Ordinal);
        Assert.Contains("biggest investment in public transport", a.Text, StringComparison.Ordinal);
        Assert.Contains(Para2, a.Text, StringComparison.Ordinal);
        // each block on its own line
        Assert.Contains("Night service on weekends\nNew stops near the hospital", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Finds_the_article_without_semantic_markup()
    {
        var html = $$"""
            <html><body><div id="top"><a href="/">Home</a> | <a href="/about">About</a> | <a href="/contact">Contact</a></div>
            <div class="x1"><div class="x2"><p>{{Para1}}</p><p>{{Para2}}</p><p>{{Para3}}</p></div>
            <div class="x3"><a href="/1">Older post</a><br><a href="/2">Archive 2019</a><br><a href="/3">Archive 2018</a></div></div>
            </body></html>
            """;
        var a = Sut.Extract(html, isHtml: true);
        Assert.Contains(Para1, a.Text, StringComparison.Ordinal);
        Assert.Contains(Para3, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Archive 2019", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Contact", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Keeps_the_lead_placed_before_the_marked_body()
    {
        var html = $$"""
            <html><body><article><header><h1>Tram network to grow</h1><p class="article-lead">Residents will get three new lines by 2028, the council decided.</p><span class="byline">By A. Writer</span></header>
            <div class="article-body"><p>{{Para1}}</p><p>{{Para2}}</p><p>{{Para3}}</p></div></article></body></html>
            """;
        var a = Sut.Extract(html, isHtml: true);
        Assert.Contains("Residents will get three new lines by 2028", a.Text, StringComparison.Ordinal);
        Assert.Contains(Para2, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("By A. Writer", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Finds_an_article_placed_in_an_element_named_as_furniture()
    {
        // the prepass cuts nav/aside/footer before parsing; with too little text left the page is parsed again whole
        var html = $$"""
            <html><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
            <aside class="content-aside"><p>{{Para1}}</p><p>{{Para2}}</p><p>{{Para3}}</p></aside>
            <footer><p>Copyright 2024 Daily Example.</p></footer></body></html>
            """;
        var a = Sut.Extract(html, isHtml: true);
        Assert.Contains(Para1, a.Text, StringComparison.Ordinal);
        Assert.Contains(Para3, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("News", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Inline_graphics_add_no_text_and_metadata_in_a_cut_footer_is_still_read()
    {
        var article = $"""<p>{Para1}<svg viewBox="0 0 10 10"><title>Share icon</title><text x="1">Tweet</text><svg><path d="M0 0"/></svg></svg></p><p>{Para2}</p>""";
        var footer = """<footer><script type="application/ld+json">{"@type":"NewsArticle","headline":"Tram network to grow","datePublished":"2024-05-17T08:00:00Z"}</script><p>Imprint</p></footer>""";
        var a = Sut.Extract(Page(article, footer), isHtml: true);
        Assert.Contains(Para1, a.Text, StringComparison.Ordinal);
        Assert.Contains(Para2, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Share icon", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Tweet", a.Text, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2024, 5, 17, 8, 0, 0, TimeSpan.Zero), a.Published);
    }

    [Fact]
    public void A_body_split_into_alike_modules_is_kept_whole()
    {
        var html = $$"""
            <html><body><div class="page"><h1>Tram network to grow</h1>
            <div class="module module--text a1"><div class="text"><p>{{Para1}}</p><p>{{Para2}}</p></div></div>
            <div class="module module--gallery"><a href="/g">Gallery</a></div>
            <div class="module module--text b2"><div class="text"><p>{{Para3}}</p></div></div>
            <div class="module module--teaser"><p><a href="/other">Another story about the harbour that has nothing to do with trams</a></p></div>
            </div></body></html>
            """;
        var a = Sut.Extract(html, isHtml: true);
        Assert.Contains(Para1, a.Text, StringComparison.Ordinal);
        Assert.Contains(Para3, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Another story", a.Text, StringComparison.Ordinal);
        Assert.True(a.Text.IndexOf(Para2, StringComparison.Ordinal) < a.Text.IndexOf(Para3, StringComparison.Ordinal));
    }

    [Fact]
    public void A_lead_heading_outside_the_article_element_is_kept()
    {
        var html = $$"""
            <html><body><main><header class="entry-header"><h1>Tram network to grow</h1>
            <h2 class="article-excerpt">Residents will get three new lines by 2028, the council decided on Tuesday.</h2>
            <p class="teaser-other"><a href="/x">Unrelated story link</a></p></header>
            <div class="wrap"><article class="post"><div class="entry-content"><p>{{Para1}}</p><p>{{Para2}}</p><p>{{Para3}}</p></div></article></div>
            </main></body></html>
            """;
        var a = Sut.Extract(html, isHtml: true);
        Assert.StartsWith("Residents will get three new lines by 2028", a.Text, StringComparison.Ordinal);
        Assert.Contains(Para3, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Unrelated story", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Section_labels_calls_to_subscribe_and_credits_go_but_headings_that_say_something_stay()
    {
        var article = $"""
            <p>{Para1}</p>
            <h2>Further lines are planned for the suburbs</h2>
            <p>{Para2}</p>
            <p>Judy Example/Getty Images</p>
            <p>{Para3}</p>
            <h3>Weitere Informationen:</h3>
            <p>Follow us on Twitter and Instagram for the latest news from the city.</p>
            <p>Subscribe now to our weekend edition for the full story.</p>
            """;
        var a = Sut.Extract(Page(article), isHtml: true);
        Assert.Contains("Further lines are planned for the suburbs", a.Text, StringComparison.Ordinal);
        Assert.Contains(Para3, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Getty", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Weitere Informationen", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Follow us", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Subscribe", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_page_rendered_client_side_falls_back_to_the_json_ld_article_body()
    {
        var html = $$"""
            <html><head><script type="application/ld+json">{"@type":"NewsArticle","headline":"Tram network to grow",
            "articleBody":"<p>{{Para1}}</p><p>{{Para2}} &amp; more.</p>"}</script></head>
            <body><div id="root"><p class="lead">The council decided on Tuesday.</p></div></body></html>
            """;
        var a = Sut.Extract(html, isHtml: true);
        Assert.StartsWith("The council decided on Tuesday.\n", a.Text, StringComparison.Ordinal);
        Assert.Contains(Para1 + "\n" + Para2 + " & more.", a.Text, StringComparison.Ordinal);

        // a page whose DOM holds the article does not take the structured copy
        var full = $$"""
            <html><head><script type="application/ld+json">{"@type":"NewsArticle","articleBody":"A different summary of the story that is long enough to count as a body of text, written for search engines rather than readers, and repeated here."}</script></head>
            <body><article><p>{{Para1}}</p><p>{{Para2}}</p><p>{{Para3}}</p></article></body></html>
            """;
        Assert.DoesNotContain("search engines", Sut.Extract(full, isHtml: true).Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_related_stories_box_inside_the_article_does_not_end_it()
    {
        var article = $"""
            <p>{Para1}</p>
            <h3>Related</h3>
            <ul><li><a href="/x">Bus fares rise again in the new year</a></li><li><a href="/y">Bridge repairs delayed by the cold</a></li></ul>
            <p>{Para2}</p><p>{Para3}</p>
            <h3>Related stories</h3>
            <ul><li><a href="/z">Harbour cranes to be replaced next year</a></li></ul>
            <p>Short closing remark.</p>
            """;
        var a = Sut.Extract(Page(article), isHtml: true);
        Assert.Contains(Para3, a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Bus fares", a.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Related", a.Text, StringComparison.Ordinal);
        // the second box is followed by no prose: the article ends there
        Assert.DoesNotContain("closing remark", a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_category_label_before_the_first_paragraph_goes_but_a_heading_stays()
    {
        var a = Sut.Extract(Page($"<div class=\"cat\">Verkehr</div><p>{Para1}</p><p>{Para2}</p>"), isHtml: true);
        Assert.StartsWith(Para1, a.Text, StringComparison.Ordinal);
        var b = Sut.Extract(Page($"<h2>Plans</h2><p>{Para1}</p><p>{Para2}</p>"), isHtml: true);
        Assert.StartsWith("Plans\n", b.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_of_a_previous_page_leaks_into_the_next()
    {
        // the prepass works in pooled buffers that the next page reuses
        var big = Sut.Extract(Page(string.Concat(Enumerable.Repeat($"<p>{Para1}</p><p>{Para2}</p>", 40))), isHtml: true);
        Assert.Contains(Para2, big.Text, StringComparison.Ordinal);
        foreach (var small in new[] { "", "<html><body></body></html>", "<p>Short note.</p>" })
        {
            var a = Sut.Extract(small, isHtml: true);
            Assert.DoesNotContain("tram", a.Text, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("tram", a.Title, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void Stage_assigns_text_and_metadata_and_rejects_empty_pages()
    {
        var html = Page($"<p>{Para1}</p><p>{Para2}</p>");
        var doc = new Document(new RawDocument("page.html", System.Text.Encoding.UTF8.GetBytes(html), ContentKind.Html, "https://example.com/2024/05/17/trams"));
        Sut.Process(doc);
        Assert.Contains(Para1, doc.Text, StringComparison.Ordinal);
        Assert.Equal("Tram network to grow", doc.Title);
        Assert.Equal(new DateTimeOffset(2024, 5, 17, 0, 0, 0, TimeSpan.Zero), doc.Published);

        var empty = new Document(new RawDocument("e.html", [], ContentKind.Html));
        var ex = Assert.Throws<DocumentRejectedException>(() => Sut.Process(empty));
        Assert.Contains("empty", ex.Message, StringComparison.Ordinal);
    }
}
