using System.IO.Compression;
using System.Text;
using Tidings.Core;
using Tidings.Ingest;

namespace Tidings.Extraction.Tests;

public class BadInputTests
{
    private static readonly Extractor Sut = Extractor.Create();

    [Fact]
    public void Empty_file_is_a_clear_rejection()
    {
        var ex = Assert.Throws<DocumentRejectedException>(() => Sut.Extract(new RawDocument("empty.html", [], ContentKind.Html)));
        Assert.Equal("empty file", ex.Message);
        Assert.Equal("", Sut.Extract("", isHtml: true).Text);
        Assert.Equal("", Sut.Extract("   \n\n ", isHtml: false).Text);
    }

    [Fact]
    public void Binary_junk_is_a_clear_rejection()
    {
        var bytes = new byte[100_000];
        new Random(42).NextBytes(bytes);
        var ex = Assert.Throws<DocumentRejectedException>(() => Sut.Extract(new RawDocument("junk.html", bytes, ContentKind.Html)));
        Assert.Contains("binary", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void High_bytes_without_nulls_do_not_crash()
    {
        var rng = new Random(7);
        var bytes = new byte[200_000];
        for (int i = 0; i < bytes.Length; i++)
            bytes[i] = (byte)rng.Next(0x20, 0x100);
        var a = Sut.Extract(new RawDocument("odd.txt", bytes, ContentKind.Text));
        Assert.NotNull(a.Text);
        var b = Sut.Extract(new RawDocument("odd.html", [.. "<html><body><p>"u8, .. bytes, .. "</p></body></html>"u8], ContentKind.Html));
        Assert.NotNull(b.Text);
    }

    [Fact]
    public void Truncated_gzip_gives_a_per_file_error_not_an_exception()
    {
        var dir = Directory.CreateTempSubdirectory("tidings-gz-");
        try
        {
            var path = Path.Combine(dir.FullName, "page.html.gz");
            using (var ms = new MemoryStream())
            {
                using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                {
                    var rng = new Random(3);
                    var sb = new StringBuilder("<html><body>");
                    for (int i = 0; i < 5000; i++)
                        sb.Append("<p>").Append(rng.Next()).Append(" paragraph text ").Append(rng.Next()).Append("</p>");
                    gz.Write(Encoding.UTF8.GetBytes(sb.ToString()));
                }
                File.WriteAllBytes(path, ms.ToArray()[..(int)(ms.Length / 2)]);
            }
            File.WriteAllBytes(Path.Combine(dir.FullName, "junk.txt.gz"), [0x1F, 0x8B, 0x08, 0x00, 0x42, 0x42]);
            var results = PageSource.Read([dir.FullName]).ToList();
            Assert.Equal(2, results.Count);
            foreach (var r in results)
            {
                Assert.Null(r.Document);
                Assert.Contains("gzip", r.Error, StringComparison.Ordinal);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Fifty_megabyte_page_keeps_its_article()
    {
        var para = "<div class=\"c\"><p>The council voted on Tuesday to expand the tram network after months of debate with residents.</p></div>\n";
        var sb = new StringBuilder(50 * 1024 * 1024 + 1000);
        sb.Append("<html><body><article>");
        while (sb.Length < 50 * 1024 * 1024)
            sb.Append(para);
        sb.Append("</article></body></html>");
        var bytes = Encoding.UTF8.GetBytes(sb.ToString());
        var a = Sut.Extract(new RawDocument("big.html", bytes, ContentKind.Html));
        Assert.Contains("tram network", a.Text, StringComparison.Ordinal); // (its speed is measured in bench/, not here)
    }

    [Theory]
    [InlineData("div", true, true)]
    [InlineData("span", true, true)]
    [InlineData("b", true, true)]
    [InlineData("table", true, false)] // the parser closes the tables itself
    [InlineData("nav", true, false)]
    [InlineData("svg", false, false)]
    public void Ten_thousand_levels_of_nesting_are_flattened_at_the_depth_limit(string tag, bool content, bool flattened)
    {
        // (how long this takes is measured against a budget in bench/: bad-input-speed)
        var sb = new StringBuilder("<html><body>");
        for (int i = 0; i < 10_000; i++)
            sb.Append('<').Append(tag).Append('>');
        sb.Append("The council voted on Tuesday to expand the tram network after months of debate with residents and planners.");
        for (int i = 0; i < 10_000; i++)
            sb.Append("</").Append(tag).Append('>');
        sb.Append("</body></html>");
        var a = Sut.Extract(new RawDocument("deep.html", Encoding.UTF8.GetBytes(sb.ToString()), ContentKind.Html));
        // the text survives the flattening (an <svg> drops it: it is never article text)
        Assert.Equal(content, a.Text.Contains("tram network", StringComparison.Ordinal));
        if (flattened)
            Assert.Contains(a.Warnings, w => w.StartsWith("elements nested deeper than", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("nav")]
    [InlineData("aside")]
    [InlineData("svg")]
    [InlineData("noscript")]
    public void Ten_thousand_unclosed_cut_elements_keep_the_text_before_the_first(string tag)
    {
        // the prepass looks for the end of an element it cuts; an end that never comes is looked for once (that this
        // stays linear is measured against a budget in bench/: bad-input-speed, 10,000 against 20,000 elements)
        const string line = "The council voted on Tuesday to expand the tram network after months of debate.";
        var sb = new StringBuilder("<html><body><article>");
        for (int i = 0; i < 10_000; i++)
            sb.Append("<p>").Append(line).Append('<').Append(tag).Append(" class=\"x\">");
        sb.Append("</article></body></html>");
        var a = Sut.Extract(new RawDocument("unclosed.html", Encoding.UTF8.GetBytes(sb.ToString()), ContentKind.Html));
        // the paragraphs kept are whole and nothing of the cut elements leaks into the text
        Assert.StartsWith(line, a.Text, StringComparison.Ordinal);
        Assert.All(a.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal(line, l));
        Assert.DoesNotContain("class", a.Text, StringComparison.Ordinal);
    }
}
