using System.Globalization;
using System.IO.Compression;
using System.Text;
using Tidings.Core;
using Tidings.Ingest.Reading;
using Tidings.Tests;

namespace Tidings.Ingest.Tests;

public sealed class ReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-readers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string P(string name) => Path.Combine(_dir, name);

    private static List<SourceItem> Read(string path, IngestLimits? limits = null, ReadPosition? start = null)
    {
        var input = InputWalker.Walk([path]).OfType<InputFile>().Single();
        return DocumentSource.Read(input, limits ?? new IngestLimits(), start ?? ReadPosition.Start).ToList();
    }

    private static string Html(SourceItem item) => Encoding.UTF8.GetString(item.Raw!.Content);

    private static WarcWriter Sample(string path, bool gzip, out string[] ids)
    {
        var w = new WarcWriter(path, gzip);
        w.Info();
        w.Request("https://news.example/a");
        var a = w.Response("https://news.example/a", WarcWriter.Page("Harbour closed", "The harbour of Gdansk was closed on Monday."));
        w.Metadata("https://news.example/a");
        var b = w.Response("https://news.example/b", WarcWriter.Page("Floods in Porto", "Rivers rose in Porto."));
        w.Revisit("https://news.example/a");
        var c = w.Response("https://news.example/missing", "<html><body>gone</body></html>", status: 404);
        var d = w.Response("https://news.example/logo.png", "", contentType: "image/png", rawBody: [0x89, 0x50, 0x4e, 0x47, 0, 0, 0]);
        var e = w.Response("https://news.example/c", WarcWriter.Page("Vote in Sofia", "Parliament voted."));
        ids = [a, b, c, d, e];
        return w;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Warc_response_records_become_documents_with_their_provenance_and_other_records_are_passed_over(bool gzip)
    {
        string path = P(gzip ? "crawl.warc.gz" : "crawl.warc");
        List<long> offsets;
        string[] ids;
        using (var w = Sample(path, gzip, out ids))
            offsets = w.Offsets;
        var items = Read(path);
        Assert.Equal([ItemKind.Document, ItemKind.Document, ItemKind.Skipped, ItemKind.Skipped, ItemKind.Document], items.Select(i => i.Kind));
        Assert.Contains("Harbour closed", Html(items[0]), StringComparison.Ordinal);
        Assert.Equal("https://news.example/a", items[0].Raw!.Url);
        Assert.Equal(ids[0], items[0].Where.RecordId);
        Assert.Equal("https://news.example/b", items[1].Where.TargetUri);
        // records 0..: info, request, response a, metadata, response b, revisit, 404, png, response c
        Assert.Equal(offsets[2], items[0].Where.Offset);
        Assert.Equal(offsets[4], items[1].Where.Offset);
        Assert.Equal(offsets[8], items[4].Where.Offset);
        Assert.Equal("utf-8", items[0].Raw!.Charset);
        Assert.Equal(ContentKind.Html, items[0].Raw!.Kind);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 10, 0, 0, TimeSpan.Zero), items[0].Raw!.FetchedAt);
        Assert.Contains("404", items[2].Problem, StringComparison.Ordinal);
        Assert.Contains("image/png", items[3].Problem, StringComparison.Ordinal);
        // the checkpoint after a record is where the next one starts
        Assert.Equal(offsets[3], items[0].After.Offset);
    }

    [Fact]
    public void A_warc_gz_resumes_at_the_member_of_its_checkpoint()
    {
        string path = P("crawl.warc.gz");
        List<long> offsets;
        using (var w = Sample(path, gzip: true, out _))
            offsets = w.Offsets;
        var all = Read(path);
        var resumed = Read(path, start: all[1].After);
        Assert.Equal(all.Skip(2).Select(i => i.Where), resumed.Select(i => i.Where));
        Assert.True(all[1].After.Offset > offsets[4]);
    }

    [Fact]
    public void Warc_charset_comes_from_the_http_header_and_gzip_content_encoding_is_undone()
    {
        string path = P("cyr.warc.gz");
        var cp1251 = CodePagesEncodingProvider.Instance.GetEncoding(1251)!;
        var page = WarcWriter.Page("Парламентът гласува", "Народното събрание прие бюджета.");
        using (var w = new WarcWriter(path, gzip: true, version: "WARC/1.0"))
        {
            w.Response("https://bg.example/1", "", contentType: "text/html; charset=windows-1251", rawBody: cp1251.GetBytes(page));
            using var ms = new MemoryStream();
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                gz.Write(Encoding.UTF8.GetBytes(page));
            w.Response("https://bg.example/2", "", extraHttpHeaders: "Content-Encoding: gzip\r\n", rawBody: ms.ToArray());
        }
        var items = Read(path);
        Assert.Equal("windows-1251", items[0].Raw!.Charset);
        Assert.Equal(cp1251.GetBytes(page), items[0].Raw!.Content);
        Assert.Equal(page, Html(items[1]));
    }

    [Fact]
    public void A_truncated_gzip_member_and_a_broken_warc_header_are_bad_records_at_their_offsets_and_the_rest_is_read()
    {
        string path = P("bad.warc.gz");
        List<long> offsets;
        using (var w = new WarcWriter(path, gzip: true))
        {
            w.Response("https://x.example/1", WarcWriter.Page("One", "First page."));
            // a member cut in half
            var member = new MemoryStream();
            using (var gz = new GZipStream(member, CompressionLevel.Fastest, leaveOpen: true))
                gz.Write(Encoding.UTF8.GetBytes("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 5000\r\n\r\n" + new string('x', 5000)));
            w.WriteBytes(member.ToArray()[..(int)(member.Length / 2)]);
            w.Response("https://x.example/2", WarcWriter.Page("Two", "Second page."));
            w.WriteRaw(Encoding.ASCII.GetBytes("WARX/9.9\r\nNonsense\r\n\r\n"));
            w.Response("https://x.example/3", WarcWriter.Page("Three", "Third page."));
            w.WriteRaw(Encoding.ASCII.GetBytes("WARC/1.1\r\nWARC-Type: response\r\nContent-Length: twelve\r\n\r\n"));
            w.Response("https://x.example/4", WarcWriter.Page("Four", "Fourth page."));
            offsets = w.Offsets;
        }
        var items = Read(path);
        Assert.Equal([ItemKind.Document, ItemKind.Bad, ItemKind.Document, ItemKind.Bad, ItemKind.Document, ItemKind.Bad, ItemKind.Document], items.Select(i => i.Kind));
        Assert.Equal(offsets[1], items[1].Where.Offset);
        Assert.Contains("gzip", items[1].Problem, StringComparison.Ordinal);
        Assert.Equal(offsets[3], items[3].Where.Offset);
        Assert.Contains("broken WARC header", items[3].Problem, StringComparison.Ordinal);
        Assert.Contains("Content-Length", items[5].Problem, StringComparison.Ordinal);
        Assert.Equal(["1", "2", "3", "4"], items.Where(i => i.Kind == ItemKind.Document).Select(i => i.Raw!.Url![^1..]));
    }

    [Fact]
    public void A_plain_warc_cut_in_the_middle_of_a_record_reports_it_and_keeps_the_records_before()
    {
        string path = P("cut.warc");
        using (var w = new WarcWriter(path, gzip: false))
        {
            w.Response("https://x.example/1", WarcWriter.Page("One", "First page."));
            w.Response("https://x.example/2", WarcWriter.Page("Two", "Second page."));
        }
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 100)]);
        var items = Read(path);
        Assert.Equal([ItemKind.Document, ItemKind.Bad], items.Select(i => i.Kind));
        Assert.Contains("truncated", items[1].Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Jsonl_lines_become_documents_and_bad_lines_are_reported_with_their_line()
    {
        string path = P("dump.jsonl");
        File.WriteAllText(path,
            """
            {"url":"https://a.example/1","title":"Storm in Gdansk","text":"The harbour was closed.","date":"2026-11-30T08:00:00Z","source":"a.example"}
            {"title": "broken",
            [1,2,3]

            {"title":"Only a title"}
            {"url":"https://b.example/2","html":"<html><body><article><p>Rivers rose in Porto.</p></article></body></html>"}
            {"maintext":"Parliament voted on the budget.","title":"Vote","date_publish":"2026-11-29 12:54:00","source_domain":"c.example","language":"en"}
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        var items = Read(path);
        Assert.Equal([ItemKind.Document, ItemKind.Bad, ItemKind.Bad, ItemKind.Bad, ItemKind.Document, ItemKind.Document], items.Select(i => i.Kind));
        Assert.Equal([1L, 2, 3, 5, 6, 7], items.Select(i => i.Where.Line));
        Assert.Equal("Storm in Gdansk", items[0].Given!.Title);
        Assert.Equal("The harbour was closed.", items[0].Given!.Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), items[0].Given!.Published);
        Assert.Equal("a.example", items[0].Given!.Site);
        Assert.Contains("malformed JSON", items[1].Problem, StringComparison.Ordinal);
        Assert.Contains("not a JSON object", items[2].Problem, StringComparison.Ordinal);
        Assert.Contains("no text or html", items[3].Problem, StringComparison.Ordinal);
        Assert.Equal(ContentKind.Html, items[4].Raw!.Kind);
        Assert.Equal("https://b.example/2", items[4].Raw!.Url);
        Assert.Equal("c.example", items[5].Given!.Site);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 12, 54, 0, TimeSpan.Zero), items[5].Given!.Published);
        // a plain JSONL file resumes at the byte offset of the next line
        var resumed = Read(path, start: items[4].After);
        Assert.Equal([7L], resumed.Select(i => i.Where.Line));
    }

    [Fact]
    public void A_json_string_that_is_not_utf8_is_a_bad_record_and_the_rest_is_read()
    {
        // found by the fuzz suite: the parser checks the structure, not the bytes inside strings, and reading the
        // string threw out of the whole ingest
        byte[] bad = [.. "{\"title\":\"Bad\",\"text\":\"caf"u8, 0xC3, 0x28, .. "\"}\n"u8];
        File.WriteAllBytes(P("bad-utf8.jsonl"), [.. bad, .. "{\"title\":\"Good\",\"text\":\"The harbour was closed.\"}\n"u8]);
        var items = Read(P("bad-utf8.jsonl"));
        Assert.Equal([ItemKind.Bad, ItemKind.Document], items.Select(i => i.Kind));
        Assert.Contains("malformed JSON", items[0].Problem, StringComparison.Ordinal);
        File.WriteAllBytes(P("bad-utf8.json"), [.. "["u8, .. bad[..^1], .. ",{\"title\":\"Good\",\"text\":\"The harbour was closed.\"}]"u8]);
        Assert.Equal([ItemKind.Bad, ItemKind.Document], Read(P("bad-utf8.json")).Select(i => i.Kind));
    }

    [Fact]
    public void News_please_files_and_dumps_are_read()
    {
        File.WriteAllText(P("article.json"), """
            {"authors": ["Ana Silva"], "date_download": "2026-11-30 10:00:00", "date_publish": "2026-11-30 09:12:00", "description": "Short.",
             "filename": "x.json", "image_url": null, "language": "pt", "localpath": null, "source_domain": "jornal.example",
             "maintext": "As cheias no Porto obrigaram a evacuar duzentas pessoas.", "title": "Cheias no Porto", "title_page": null, "title_rss": null,
             "url": "https://jornal.example/cheias"}
            """);
        var one = Assert.Single(Read(P("article.json")));
        Assert.Equal("Cheias no Porto", one.Given!.Title);
        Assert.Equal("Ana Silva", one.Given!.Author);
        Assert.Equal("https://jornal.example/cheias", one.Given!.Url);
        File.WriteAllText(P("dump.json"), """
            [ {"title": "A", "maintext": "First text.", "url": "https://n.example/a"},
              {"title": "B"},
              {"title": "C", "maintext": "Third text.", "url": "https://n.example/c"} ]
            """);
        var dump = Read(P("dump.json"));
        Assert.Equal([ItemKind.Document, ItemKind.Bad, ItemKind.Document], dump.Select(i => i.Kind));
        Assert.Equal([1L, 2, 3], dump.Select(i => i.Where.Line));
        File.WriteAllText(P("broken.json"), """[ {"title": "A", "maintext": "First text."}, {"title": "B", "maint""");
        var broken = Read(P("broken.json"));
        Assert.Equal([ItemKind.Document, ItemKind.Bad], broken.Select(i => i.Kind));
    }

    [Fact]
    public void Rss_and_atom_items_become_documents_and_a_feed_that_is_not_xml_is_one_bad_record()
    {
        File.WriteAllText(P("news.rss"), """
            <?xml version="1.0" encoding="utf-8"?>
            <rss version="2.0"><channel><title>News</title><link>https://news.example/</link>
            <item><title>Storm closes Gdansk harbour</title><link>https://news.example/storm</link>
              <description>&lt;p&gt;The harbour of &lt;b&gt;Gdansk&lt;/b&gt; was closed.&lt;/p&gt;&lt;p&gt;Cranes were damaged.&lt;/p&gt;</description>
              <pubDate>Mon, 30 Nov 2026 08:00:00 GMT</pubDate><guid>storm-1</guid></item>
            <item><title>Empty</title><link>https://news.example/empty</link></item>
            </channel></rss>
            """);
        var rss = Read(P("news.rss"));
        Assert.Equal([ItemKind.Document, ItemKind.Bad], rss.Select(i => i.Kind));
        Assert.Equal("Storm closes Gdansk harbour", rss[0].Given!.Title);
        Assert.Equal("The harbour of Gdansk was closed.\nCranes were damaged.", rss[0].Given!.Text);
        Assert.Equal("https://news.example/storm", rss[0].Given!.Url);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 8, 0, 0, TimeSpan.Zero), rss[0].Given!.Published);
        Assert.Equal("news.example", rss[0].Given!.Site);

        File.WriteAllText(P("feed.atom"), """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom"><title>Wire</title><link href="https://wire.example/"/><id>urn:wire</id><updated>2026-11-30T09:00:00Z</updated>
            <entry><title>Vote in Sofia</title><link href="https://wire.example/vote"/><id>urn:vote</id><updated>2026-11-30T09:00:00Z</updated>
              <content type="html">&lt;p&gt;Parliament voted on the budget.&lt;/p&gt;</content></entry>
            </feed>
            """);
        var atom = Assert.Single(Read(P("feed.atom")));
        Assert.Equal("Vote in Sofia", atom.Given!.Title);
        Assert.Equal("Parliament voted on the budget.", atom.Given!.Text);
        Assert.Equal("https://wire.example/vote", atom.Given!.Url);

        File.WriteAllText(P("broken.rss"), "<rss><channel><item><title>unclosed");
        var bad = Assert.Single(Read(P("broken.rss")));
        Assert.Equal(ItemKind.Bad, bad.Kind);
        Assert.Contains("not a well-formed", bad.Problem, StringComparison.Ordinal);
        File.WriteAllText(P("xxe.rss"), """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title><description>&x;</description></item></channel></rss>""");
        var xxe = Read(P("xxe.rss"));
        Assert.DoesNotContain(xxe, i => i.Given?.Text.Contains("root:", StringComparison.Ordinal) == true);
    }

    [Fact]
    public void A_feed_with_an_entity_bomb_is_one_bad_record_and_its_doctype_is_never_expanded()
    {
        var laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++)
            laughs.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10))}\">");
        laughs.Append("]><rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>");
        File.WriteAllText(P("laughs.rss"), laughs.ToString());
        var bad = Assert.Single(Read(P("laughs.rss")));
        Assert.Equal(ItemKind.Bad, bad.Kind);
        Assert.Contains("not a well-formed", bad.Problem, StringComparison.Ordinal);
        // the declarations never reach the XML parser (which would expand them up to its limit of ten million characters)
        var blanked = Encoding.UTF8.GetString(FeedFileReader.WithoutDoctype(Encoding.UTF8.GetBytes(laughs.ToString())));
        Assert.DoesNotContain("<!ENTITY", blanked, StringComparison.Ordinal);
        Assert.Contains("<rss version=\"2.0\"><channel><title>&lol9;", blanked, StringComparison.Ordinal);
        // a document type without entities (RSS 0.91 names one) is harmless: the feed is read
        File.WriteAllText(P("old.rss"), """
            <?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
            <rss version="0.91"><channel><title>Old</title><link>https://old.example/</link><item><title>Storm</title><link>https://old.example/1</link><description>The harbour was closed.</description></item></channel></rss>
            """);
        Assert.Equal("The harbour was closed.", Assert.Single(Read(P("old.rss"))).Given!.Text);
    }

    [Fact]
    public void A_feed_nested_fifty_thousand_deep_is_one_bad_record_with_the_reason()
    {
        // found by the fuzz suite: the feed library took seconds of CPU on it
        var deep = string.Concat(Enumerable.Repeat("<x>", 50_000)) + string.Concat(Enumerable.Repeat("</x>", 50_000));
        File.WriteAllText(P("deep.rss"), "<rss version=\"2.0\"><channel><title>Deep</title>" + deep + "<item><title>Storm</title><description>The harbour was closed.</description></item></channel></rss>");
        var bad = Assert.Single(Read(P("deep.rss")));
        Assert.Equal(ItemKind.Bad, bad.Kind);
        Assert.Contains("nested deeper than 100", bad.Problem, StringComparison.Ordinal);
        // ordinary nesting is read
        File.WriteAllText(P("shallow.rss"), "<rss version=\"2.0\"><channel><title>Shallow</title>" + string.Concat(Enumerable.Repeat("<x>", 20)) + string.Concat(Enumerable.Repeat("</x>", 20)) + "<item><title>Storm</title><description>The harbour was closed.</description></item></channel></rss>");
        Assert.Equal("The harbour was closed.", Assert.Single(Read(P("shallow.rss"))).Given!.Text);
    }

    [Fact]
    public void A_gzip_bomb_stops_at_the_decompressed_limit_with_a_message()
    {
        string path = P("bomb.txt.gz");
        using (var f = File.Create(path))
        using (var gz = new GZipStream(f, CompressionLevel.SmallestSize))
        {
            var zeros = new byte[1 << 20];
            Array.Fill(zeros, (byte)'a');
            for (int i = 0; i < 64; i++)
                gz.Write(zeros);
        }
        Assert.True(new FileInfo(path).Length < 1 << 20);
        var item = Assert.Single(Read(path, new IngestLimits { MaxDocumentBytes = 8 << 20 }));
        Assert.Equal(ItemKind.Skipped, item.Kind);
        Assert.Contains("limit", item.Problem, StringComparison.Ordinal);
        Assert.Contains("8,388,608", item.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Multi_member_gzip_and_zstd_pages_are_read_whole()
    {
        string path = P("page.html.gz");
        using (var f = File.Create(path))
        {
            foreach (var part in new[] { "<html><body><p>first half, ", "second half</p></body></html>" })
            {
                using var gz = new GZipStream(f, CompressionLevel.Fastest, leaveOpen: true);
                gz.Write(Encoding.UTF8.GetBytes(part));
            }
        }
        Assert.Equal("<html><body><p>first half, second half</p></body></html>", Html(Assert.Single(Read(path))));
        string zst = P("page.html.zst");
        using (var c = new ZstdSharp.Compressor())
            File.WriteAllBytes(zst, c.Wrap(Encoding.UTF8.GetBytes("<html><body>zstd page</body></html>")).ToArray());
        Assert.Equal("<html><body>zstd page</body></html>", Html(Assert.Single(Read(zst))));
        string cut = P("cut.html.gz");
        File.WriteAllBytes(cut, File.ReadAllBytes(path)[..^6]);
        var bad = Assert.Single(Read(cut));
        Assert.Equal(ItemKind.Bad, bad.Kind);
    }
}
