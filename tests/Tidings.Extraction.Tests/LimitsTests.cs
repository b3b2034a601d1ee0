using System.Text;
using System.Text.Json;
using Tidings.Core;

namespace Tidings.Extraction.Tests;

/// <summary>Limits wherever text enters (cut at the limit with a warning, never silently emptied), entities decoded to
/// the end, no article without text, UTF-16 without a byte-order mark.</summary>
public class LimitsTests
{
    private static readonly Extractor Sut = Extractor.Create();

    private const string Para = "The council voted on Tuesday to expand the tram network after months of debate with residents and planners.";

    private static ExtractedArticle Html(string html, Extractor? extractor = null) =>
        (extractor ?? Sut).Extract(new RawDocument("p.html", Encoding.UTF8.GetBytes(html), ContentKind.Html));

    private static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    [Fact]
    public void A_twenty_megabyte_paragraph_is_cut_at_the_markup_limit_with_a_warning_not_emptied()
    {
        var a = Html("<html><head><title>T</title></head><body><article><p>" + Repeat(Para + " ", 190_000) + "</p></article></body></html>");
        Assert.StartsWith("The council voted", a.Text, StringComparison.Ordinal);
        Assert.True(a.Text.Length > 100_000, a.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(a.Warnings, w => w.StartsWith("markup cut at 4,000,000 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void A_five_megabyte_title_is_cut_to_the_title_limit_and_the_article_kept()
    {
        var a = Html("<html><head><title>" + Repeat("Headline word ", 400_000) + "</title></head><body><article><p>" + Para + "</p><p>" + Para + "</p></article></body></html>");
        Assert.StartsWith("Headline word", a.Title, StringComparison.Ordinal);
        Assert.True(a.Title.Length <= 1_000);
        Assert.Contains("tram network", a.Text, StringComparison.Ordinal);
        Assert.Contains(a.Warnings, w => w.StartsWith("title cut at 1,000 characters", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData('"')]
    [InlineData('\'')]
    public void A_ten_megabyte_attribute_value_is_shortened_and_the_article_kept(char quote)
    {
        // found by the fuzz suite: the markup cut fell inside the attribute and took the article after it
        var a = Html("<html><body><div class=" + quote + Repeat("a", 10_000_000) + quote + "><article><p>" + Para + "</p><p>" + Para + "</p></article></div></body></html>");
        Assert.Contains("tram network", a.Text, StringComparison.Ordinal);
        Assert.Contains(a.Warnings, w => w.StartsWith("markup cut at 4,000,000 characters", StringComparison.Ordinal));
    }

    [Fact]
    public void A_five_megabyte_json_ld_block_is_not_read_and_says_so()
    {
        var ld = JsonSerializer.Serialize(new Dictionary<string, string> { ["@type"] = "NewsArticle", ["headline"] = Repeat("Big ", 1_250_000) });
        var a = Html("<html><head><title>Small title</title><script type=\"application/ld+json\">" + ld + "</script></head><body><article><p>" + Para + "</p></article></body></html>");
        Assert.Equal("Small title", a.Title);
        Assert.Contains(a.Warnings, w => w.StartsWith("JSON-LD block of 5,", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_limit_is_an_option()
    {
        var tight = Extractor.Create(new ExtractionOptions { MaxTextChars = 300, MaxTitleChars = 20, MaxNodes = 200 });
        var body = string.Concat(Enumerable.Range(0, 100).Select(i => $"<p>{Para} ({i})</p>\n"));
        var a = Html("<html><head><title>A title that is longer than twenty characters</title></head><body><article>" + body + "</article></body></html>", tight);
        Assert.True(a.Text.Length is > 0 and <= 300, a.Text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(a.Title.Length <= 20);
        Assert.Contains(a.Warnings, w => w.StartsWith("page cut at 200 nodes", StringComparison.Ordinal));
        Assert.Contains(a.Warnings, w => w.StartsWith("title cut at 20", StringComparison.Ordinal));
        Assert.Contains(a.Warnings, w => w.StartsWith("text cut at 300", StringComparison.Ordinal));
        Assert.Empty(Sut.Extract(new RawDocument("p.html", Encoding.UTF8.GetBytes("<html><body><article>" + body + "</article></body></html>"), ContentKind.Html)).Warnings);
        Assert.Throws<ArgumentOutOfRangeException>(() => Extractor.Create(new ExtractionOptions { MaxTextChars = 0 }));
    }

    [Fact]
    public void Entities_are_decoded_to_the_end_in_titles_metadata_and_text()
    {
        var a = Html("<html><head><title>FISCH &amp;amp; FANG</title></head><body><article><p>" + Para + "</p><p>Tom &amp;amp; Jerry said the council&amp;#8217;s plan was fine, and everyone agreed after a long debate with the residents.</p></article></body></html>");
        Assert.Equal("FISCH & FANG", a.Title);
        Assert.Contains("Tom & Jerry said the council\u2019s plan", a.Text, StringComparison.Ordinal);
        var ld = Html("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"DLP&#8217;s plan &amp;amp; more\",\"author\":{\"name\":\"A &amp; B\"}}</script></head><body><article><p>" + Para + "</p></article></body></html>");
        Assert.Equal("DLP\u2019s plan & more", ld.Title);
        Assert.Equal("A & B", ld.Author);
        // an ampersand that is no entity stays
        Assert.Equal("AT&T & Co", Html("<html><head><title>AT&amp;T &amp; Co</title></head><body><p>" + Para + "</p></body></html>").Title);
    }

    [Fact]
    public void A_page_with_a_title_and_no_text_is_rejected_not_stored_empty()
    {
        var doc = new Document(new RawDocument("t.html", Encoding.UTF8.GetBytes("<html><head><title>Only a headline</title></head><body><nav><a href=\"/\">Home</a></nav></body></html>"), ContentKind.Html));
        var e = Assert.Throws<DocumentRejectedException>(() => Sut.Process(doc));
        Assert.Contains("only a title", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Utf16_without_a_byte_order_mark_is_text_and_random_bytes_are_binary()
    {
        const string bg = "Министърът на външните работи заяви в понеделник, че правителството ще подкрепи новото споразумение.\nВтори ред с още текст за търговията между двете страни, който е достатъчно дълъг, за да бъде абзац от статията.";
        foreach (var enc in new[] { Encoding.Unicode, Encoding.BigEndianUnicode })
        {
            var a = Sut.Extract(new RawDocument("bg.txt", enc.GetBytes(bg), ContentKind.Text));
            Assert.Contains("споразумение", a.Title + a.Text, StringComparison.Ordinal);
            Assert.StartsWith("utf-16", a.Encoding, StringComparison.Ordinal);
        }
        var random = new byte[8192];
        new Random(1).NextBytes(random);
        var e = Assert.Throws<DocumentRejectedException>(() => Sut.Extract(new RawDocument("r.txt", random)));
        Assert.Contains("binary", e.Message, StringComparison.Ordinal);
    }
}
