using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Tidings.Fuzz;

/// <summary>What a seed file is: a page (HTML or flattened text) or one of the crawler formats.</summary>
internal enum SeedKind
{
    Page,
    Warc,
    Jsonl,
    Json,
    Rss,
    Atom,
}

/// <summary>A good input the cases are made from: its file name (the extension picks the reader), its text, and for a
/// WARC its records one by one (so that they can be written as one gzip member each, as crawlers do).</summary>
internal sealed record FuzzSeed(string Name, SeedKind Kind, string Text, IReadOnlyList<byte[]>? Records = null);

/// <summary>One generated input: a file name, its bytes, the seed it came from, and whether it is a good file (a
/// seed as it is, or validly compressed) every document of which must be stored.</summary>
internal sealed record FuzzCase(int Number, string Name, string Mutation, byte[] Bytes, bool Good, int Seed);

/// <summary>Generates mutated, truncated, re-encoded, nested, oversized and malicious inputs from seed files made from
/// the sample corpus written for this repository: its pages, and WARC, JSONL, news-please JSON, RSS and Atom files
/// built from them. Case n is the same on every run (its randomness is seeded by n).</summary>
internal sealed class FuzzCases
{
    private readonly List<FuzzSeed> _seeds;
    private readonly int _maxBytes;

    static FuzzCases() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="seeds">Good files to start from.</param>
    /// <param name="maxBytes">Largest input generated; sizes of oversized cases are drawn log-uniformly up to it.</param>
    internal FuzzCases(IEnumerable<FuzzSeed> seeds, int maxBytes)
    {
        _seeds = [.. seeds];
        if (_seeds.Count == 0)
            throw new ArgumentException("no seed pages", nameof(seeds));
        _maxBytes = maxBytes;
    }

    internal IReadOnlyList<FuzzSeed> Seeds => _seeds;

    /// <summary>The seeds of a folder (recursively): its .html pages, its .txt pages, each .txt page also wrapped as
    /// an HTML page, and crawler files (WARC, JSONL, JSON, RSS, Atom) holding three pages each.</summary>
    internal static IEnumerable<FuzzSeed> SeedsFrom(string folder)
    {
        var texts = new List<(string Name, string Text)>();
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(f);
            if (f.EndsWith(".html", StringComparison.Ordinal))
            {
                yield return new FuzzSeed(name + ".html", SeedKind.Page, File.ReadAllText(f));
            }
            else if (f.EndsWith(".txt", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(f);
                texts.Add((name, text));
                yield return new FuzzSeed(name + ".txt", SeedKind.Page, text);
                yield return new FuzzSeed(name + "-wrapped.html", SeedKind.Page, AsHtml(text));
            }
        }
        for (int g = 0; g + 3 <= texts.Count; g += 3)
        {
            var group = texts.GetRange(g, 3).Select((t, i) => new Story($"https://site{g}.example/{t.Name}", Lines(t.Text), g * 10 + i)).ToList();
            var records = Warc(group);
            yield return new FuzzSeed($"crawl{g:D2}.warc", SeedKind.Warc, Encoding.UTF8.GetString([.. records.SelectMany(r => r)]), records);
            yield return new FuzzSeed($"dump{g:D2}.jsonl", SeedKind.Jsonl, Jsonl(group));
            yield return new FuzzSeed($"article{g:D2}.json", SeedKind.Json, NewsPlease(group[0]));
            yield return new FuzzSeed($"feed{g:D2}.rss", SeedKind.Rss, Rss(group));
            yield return new FuzzSeed($"feed{g:D2}.atom", SeedKind.Atom, Atom(group));
        }
    }

    private sealed record Story(string Url, string[] Lines, int Number)
    {
        public string Title => Lines.Length > 0 ? Lines[0] : "";
        public IEnumerable<string> Body => Lines.Skip(1);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    internal static string AsHtml(string text)
    {
        var lines = Lines(text);
        var title = lines.Length > 0 ? WebUtility.HtmlEncode(lines[0]) : "";
        var sb = new StringBuilder("<!doctype html><html lang=\"x\"><head><meta charset=\"utf-8\"><title>").Append(title)
            .Append(" | Site</title><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"").Append(title.Replace("\"", "'", StringComparison.Ordinal))
            .Append("\"}</script></head><body><nav><a href=\"/\">Home</a> <a href=\"/x\">World</a></nav><article><h1>").Append(title).Append("</h1>");
        foreach (var l in lines.Skip(1))
            sb.Append("<p>").Append(WebUtility.HtmlEncode(l)).Append("</p>\n");
        return sb.Append("</article><footer>© Site</footer></body></html>").ToString();
    }

    private static string Published(int n) => new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero).AddHours(n).ToString("O", CultureInfo.InvariantCulture);

    // --- the crawler formats, written here ---

    private static List<byte[]> Warc(List<Story> stories)
    {
        var records = new List<byte[]> { WarcRecord("warcinfo", null, "application/warc-fields", "software: tidings-fuzz\r\nformat: WARC File Format 1.1\r\n"u8.ToArray(), 0) };
        int id = 1;
        foreach (var s in stories)
        {
            var uri = new Uri(s.Url);
            records.Add(WarcRecord("request", s.Url, "application/http; msgtype=request", Encoding.ASCII.GetBytes($"GET {uri.PathAndQuery} HTTP/1.1\r\nHost: {uri.Host}\r\n\r\n"), id++));
            records.Add(HttpResponse(s.Url, 200, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(AsHtml(string.Join('\n', s.Lines))), id++));
            records.Add(WarcRecord("metadata", s.Url, "application/warc-fields", "fetchTimeMs: 120\r\n"u8.ToArray(), id++));
        }
        records.Add(HttpResponse(stories[0].Url + "/missing", 404, "text/html", "<html><body><h1>Not found</h1></body></html>"u8.ToArray(), id++));
        records.Add(HttpResponse(stories[0].Url + "/logo.png", 200, "image/png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0], id++));
        records.Add(WarcRecord("revisit", stories[0].Url, "application/http; msgtype=response", "HTTP/1.1 304 Not Modified\r\n\r\n"u8.ToArray(), id));
        return records;
    }

    private static byte[] HttpResponse(string uri, int status, string contentType, byte[] body, int id, string? length = null)
    {
        var http = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {(status == 200 ? "OK" : "Not Found")}\r\nContent-Type: {contentType}\r\nDate: Tue, 01 Dec 2026 10:00:00 GMT\r\nContent-Length: {body.Length}\r\n\r\n");
        return WarcRecord("response", uri, "application/http; msgtype=response", [.. http, .. body], id, length);
    }

    private static byte[] WarcRecord(string type, string? uri, string contentType, byte[] block, int id, string? length = null)
    {
        var head = new StringBuilder("WARC/1.1\r\n")
            .Append("WARC-Type: ").Append(type).Append("\r\n")
            .Append(CultureInfo.InvariantCulture, $"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{id:D12}>\r\n")
            .Append("WARC-Date: 2026-12-01T10:00:00Z\r\n");
        if (uri is not null)
            head.Append("WARC-Target-URI: ").Append(uri).Append("\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\n")
            .Append("Content-Length: ").Append(length ?? block.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
        return [.. Encoding.UTF8.GetBytes(head.ToString()), .. block, .. "\r\n\r\n"u8];
    }

    private static string Json(IEnumerable<KeyValuePair<string, string>> fields) => JsonSerializer.Serialize(fields.ToDictionary(kv => kv.Key, kv => kv.Value));

    private static string Jsonl(List<Story> stories)
    {
        var sb = new StringBuilder();
        foreach (var s in stories.Take(stories.Count - 1))
        {
            sb.Append(Json([new("url", s.Url), new("title", s.Title), new("text", string.Join('\n', s.Body)), new("date", Published(s.Number)), new("source", new Uri(s.Url).Host)]))
                .Append('\n');
        }
        var last = stories[^1];
        sb.Append(Json([new("url", last.Url), new("html", AsHtml(string.Join('\n', last.Lines)))])).Append('\n');
        return sb.ToString();
    }

    private static string NewsPlease(Story s) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["authors"] = new[] { "Fuzz Reporter" },
        ["date_download"] = "2026-12-01 10:00:00",
        ["date_publish"] = "2026-11-30 09:12:00",
        ["description"] = s.Body.FirstOrDefault(),
        ["image_url"] = null,
        ["language"] = null,
        ["maintext"] = string.Join('\n', s.Body),
        ["source_domain"] = new Uri(s.Url).Host,
        ["title"] = s.Title,
        ["title_page"] = null,
        ["url"] = s.Url,
    }, new JsonSerializerOptions { WriteIndented = true });

    private static string Paragraphs(Story s) => string.Concat(s.Body.Select(l => "<p>" + WebUtility.HtmlEncode(l) + "</p>"));

    private static string Rss(List<Story> stories)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\"><channel><title>Site</title><link>https://site.example/</link><description>News</description>\n");
        foreach (var s in stories)
        {
            sb.Append("<item><title>").Append(WebUtility.HtmlEncode(s.Title)).Append("</title><link>").Append(s.Url).Append("</link><description>")
                .Append(WebUtility.HtmlEncode(Paragraphs(s))).Append("</description><pubDate>")
                .Append(DateTimeOffset.Parse(Published(s.Number), CultureInfo.InvariantCulture).ToString("r", CultureInfo.InvariantCulture))
                .Append("</pubDate><guid>").Append(s.Url).Append("</guid></item>\n");
        }
        return sb.Append("</channel></rss>\n").ToString();
    }

    private static string Atom(List<Story> stories)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Wire</title><link href=\"https://wire.example/\"/><id>urn:wire</id><updated>2026-12-01T09:00:00Z</updated>\n");
        foreach (var s in stories)
        {
            sb.Append("<entry><title>").Append(WebUtility.HtmlEncode(s.Title)).Append("</title><link href=\"").Append(s.Url).Append("\"/><id>").Append(s.Url)
                .Append("</id><updated>").Append(Published(s.Number)).Append("</updated><content type=\"html\">").Append(WebUtility.HtmlEncode(Paragraphs(s)))
                .Append("</content></entry>\n");
        }
        return sb.Append("</feed>\n").ToString();
    }

    // --- mutations ---

    /// <summary>Mutations for every kind of file: byte damage, re-encodings, compression, junk.</summary>
    private static readonly string[] Common =
    [
        "good", "truncate", "flip", "insert", "delete-run", "utf16le", "utf16be", "utf16le-bom", "cp1251", "gzip", "gzip-truncated",
        "gzip-twice", "gzip-garbage", "zstd", "oversize", "entities", "random", "splice", "line-endings", "invisible", "controls", "nul",
        "empty", "whitespace", "wrong-name",
    ];

    private static readonly Dictionary<SeedKind, string[]> ByKind = new()
    {
        [SeedKind.Page] = [.. Common, "cp1252-mislabelled", "nest", "unclosed", "huge-title", "huge-jsonld", "unterminated", "attributes"],
        [SeedKind.Warc] = [.. Common, "warc-members", "warc-members-cut", "warc-length", "warc-huge-record", "warc-http", "warc-many"],
        [SeedKind.Jsonl] = [.. Common, "json-deep", "json-huge-line", "json-values", "json-many", "json-nul-lines"],
        [SeedKind.Json] = [.. Common, "json-deep", "json-huge-line", "json-values"],
        [SeedKind.Rss] = [.. Common, "feed-laughs", "feed-xxe", "feed-huge-item", "feed-deep", "feed-many"],
        [SeedKind.Atom] = [.. Common, "feed-laughs", "feed-xxe", "feed-huge-item", "feed-deep", "feed-many"],
    };

    /// <summary>Every mutation there is, for the coverage check of the tests.</summary>
    internal static IReadOnlySet<string> AllMutations { get; } = ByKind.Values.SelectMany(m => m).ToHashSet(StringComparer.Ordinal);

    /// <summary>Case <paramref name="n"/>: a seed chosen by n, a mutation of that seed's kind chosen by n, randomness
    /// seeded by n.</summary>
    internal FuzzCase Make(int n)
    {
        var rng = new Random(n * 7919 + 17);
        int seedIndex = n % _seeds.Count;
        var seed = _seeds[seedIndex];
        var (name, text) = (seed.Name, seed.Text);
        var mutations = ByKind[seed.Kind];
        string mutation = mutations[(n / _seeds.Count + n) % mutations.Length];
        bool html = name.EndsWith(".html", StringComparison.Ordinal);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        string ext = Path.GetExtension(name);
        string stem = Path.GetFileNameWithoutExtension(name);
        byte[] bytes = mutation switch
        {
            "good" => utf8,
            "truncate" => utf8[..rng.Next(0, utf8.Length)],
            "flip" => Flip(utf8, rng, 1 + rng.Next(64)),
            "insert" => Insert(utf8, rng),
            "delete-run" => DeleteRun(utf8, rng),
            "utf16le" => Encoding.Unicode.GetBytes(text),
            "utf16be" => Encoding.BigEndianUnicode.GetBytes(text),
            "utf16le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            "cp1251" => Encoding.GetEncoding(1251).GetBytes(text),
            "cp1252-mislabelled" => Encoding.GetEncoding(1252).GetBytes(text.Replace("charset=\"utf-8\"", "charset=\"shift_jis\"", StringComparison.Ordinal)),
            "gzip" => Gzip(utf8),
            "gzip-truncated" => Gzip(utf8)[..Math.Max(1, rng.Next(Gzip(utf8).Length))],
            "gzip-twice" => Gzip(Gzip(utf8)),
            "gzip-garbage" => [.. Gzip(utf8), .. RandomBytes(rng, 200)],
            "zstd" => Zstd(utf8),
            "nest" => Encoding.UTF8.GetBytes(Nest(text, rng)),
            "unclosed" => Encoding.UTF8.GetBytes(Unclosed(text, rng)),
            "oversize" => Oversize(utf8, rng),
            "huge-title" => Encoding.UTF8.GetBytes("<html><head><title>" + Repeat("Headline ", Size(rng) / 9) + "</title></head><body>" + AsHtml(text) + "</body></html>"),
            "huge-jsonld" => Encoding.UTF8.GetBytes("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"" + Repeat("Big ", Size(rng) / 4) + "\",\"articleBody\":\"" + Repeat("x ", rng.Next(1, 1000)) + "\"}</script></head><body><p>" + text + "</p></body></html>"),
            "entities" => Encoding.UTF8.GetBytes(Entities(text, rng)),
            "random" => RandomBytes(rng, rng.Next(1, 64 * 1024)),
            "unterminated" => Encoding.UTF8.GetBytes(text + (rng.Next(3) switch { 0 => "<!--", 1 => "<script>", _ => "<style>" }) + Repeat("<p>after ", rng.Next(1, 2000))),
            "splice" => [.. utf8[..rng.Next(utf8.Length)], .. Encoding.UTF8.GetBytes(_seeds[rng.Next(_seeds.Count)].Text)],
            "line-endings" => Encoding.UTF8.GetBytes(text.Replace("\n", rng.Next(2) == 0 ? "\r\n" : "\r", StringComparison.Ordinal)),
            "invisible" => Encoding.UTF8.GetBytes(Sprinkle(text, rng, ["\u00AD", "\u200B", "\u200D", "\u2060", "\uFEFF", "\u202E"])),
            "controls" => Encoding.UTF8.GetBytes(Sprinkle(text, rng, ["\u001b[31m", "\u0007", "\b", "\u000B"])),
            "nul" => Insert(utf8, rng, 0),
            "empty" => [],
            "whitespace" => Encoding.UTF8.GetBytes(Repeat(" \n\t", rng.Next(1, 1000))),
            "attributes" => Encoding.UTF8.GetBytes("<html><body><div class=\"" + Repeat("a", Size(rng)) + "\"><p>" + text + "</p></div></body></html>"),
            "wrong-name" => rng.Next(3) == 0 ? Gzip(utf8) : utf8,
            // WARC: one gzip member per record (good), a member cut, lying lengths, a huge record, broken HTTP, many records
            "warc-members" => [.. seed.Records!.SelectMany(Gzip)],
            "warc-members-cut" => WarcMembersCut(seed.Records!, rng),
            "warc-length" => WarcLength(seed.Records!, rng),
            "warc-huge-record" => [.. seed.Records![0], .. HttpResponse("https://big.example/p", 200, "text/html", Encoding.UTF8.GetBytes("<html><body><article><p>" + Repeat("Word and more words. ", Size(rng) / 21) + "</p></article></body></html>"), 99), .. seed.Records!.Skip(1).SelectMany(r => r)],
            "warc-http" => WarcHttp(seed.Records!, rng),
            "warc-many" => [.. seed.Records![0], .. Enumerable.Range(0, rng.Next(100, 5000)).SelectMany(i => i % 3 == 0 ? HttpResponse($"https://many.example/{i}", 200, "text/html", Encoding.UTF8.GetBytes($"<p>Short page {i} about the harbour.</p>"), i) : WarcRecord("metadata", $"https://many.example/{i}", "application/warc-fields", "a: b\r\n"u8.ToArray(), i))],
            // JSON: deep nesting, a huge line, wrong types, many lines, NULs between lines
            "json-deep" => Encoding.UTF8.GetBytes(JsonDeep(text, rng, seed.Kind)),
            "json-huge-line" => Encoding.UTF8.GetBytes("{\"title\":\"Huge\",\"text\":\"" + Repeat("very long line ", Size(rng) / 15) + "\"}\n" + (seed.Kind == SeedKind.Jsonl ? text : "")),
            "json-values" => Encoding.UTF8.GetBytes(JsonValues(rng) + (seed.Kind == SeedKind.Jsonl ? "\n" + text : "")),
            "json-many" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, rng.Next(100, 5000)).Select(i => i % 7 == 0 ? "{\"title\":\"t\"}\n" : $"{{\"title\":\"Line {i}\",\"text\":\"Line {i} about the harbour and the strike.\"}}\n"))),
            "json-nul-lines" => Encoding.UTF8.GetBytes(text.Replace("\n", "\n\0\0\0\n\u00ff\u00fe\n", StringComparison.Ordinal)),
            // feeds: entity expansion, external entities, a huge item, deep nesting, many items
            "feed-laughs" => Encoding.UTF8.GetBytes(Laughs(seed.Kind)),
            "feed-xxe" => Encoding.UTF8.GetBytes(Xxe(text)),
            "feed-huge-item" => Encoding.UTF8.GetBytes(text.Replace("</description>", WebUtility.HtmlEncode("<p>" + Repeat("Long paragraph text. ", Size(rng) / 40) + "</p>") + "</description>", StringComparison.Ordinal).Replace("</content>", "&lt;p&gt;" + Repeat("Long content text. ", Size(rng) / 40) + "&lt;/p&gt;</content>", StringComparison.Ordinal)),
            "feed-deep" => Encoding.UTF8.GetBytes(FeedDeep(text, rng)),
            "feed-many" => Encoding.UTF8.GetBytes(FeedMany(rng, seed.Kind)),
            _ => utf8,
        };
        if (mutation.StartsWith("gzip", StringComparison.Ordinal) || mutation.StartsWith("warc-members", StringComparison.Ordinal))
            ext += ".gz";
        else if (mutation == "zstd")
            ext += ".zst";
        if (mutation is "huge-title" or "huge-jsonld" or "attributes")
            ext = ".html";
        if (mutation == "wrong-name")
        {
            // the content under another reader's name, or a crawler's name that only its content explains
            string[] names = [".html", ".txt", ".jsonl", ".warc", ".rss", ".json", ".xml"];
            ext = bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b ? $".example-{n}.gz" : names[rng.Next(names.Length)];
            if (ext == Path.GetExtension(name))
                ext = ".text";
        }
        if (bytes.Length > _maxBytes)
            bytes = bytes[.._maxBytes];
        bool good = mutation is "good" or "gzip" or "zstd" or "warc-members";
        return new FuzzCase(n, $"case{n:D6}-{stem}-{mutation}{ext}", mutation, bytes, good && bytes.Length < _maxBytes, seedIndex);
    }

    /// <summary>A size between 1 KiB and the largest input, log-uniformly (most are small, some are huge).</summary>
    private int Size(Random rng)
    {
        double lo = Math.Log(1024), hi = Math.Log(Math.Max(2048, _maxBytes));
        return (int)Math.Exp(lo + rng.NextDouble() * (hi - lo));
    }

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * Math.Max(1, count)).Insert(0, s, Math.Max(1, count)).ToString();

    private static byte[] RandomBytes(Random rng, int length)
    {
        var b = new byte[length];
        rng.NextBytes(b);
        return b;
    }

    private static byte[] Flip(byte[] src, Random rng, int count)
    {
        var b = (byte[])src.Clone();
        for (int i = 0; i < count && b.Length > 0; i++)
            b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
        return b;
    }

    private static byte[] Insert(byte[] src, Random rng, int? value = null)
    {
        var list = new List<byte>(src);
        int count = 1 + rng.Next(32);
        for (int i = 0; i < count; i++)
            list.Insert(rng.Next(list.Count + 1), value is { } v ? (byte)v : (byte)rng.Next(256));
        return [.. list];
    }

    private static byte[] DeleteRun(byte[] src, Random rng)
    {
        if (src.Length < 2)
            return src;
        int from = rng.Next(src.Length), len = rng.Next(1, src.Length - from + 1);
        return [.. src[..from], .. src[(from + len)..]];
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
            gz.Write(data);
        return ms.ToArray();
    }

    private static byte[] Zstd(byte[] data)
    {
        using var c = new ZstdSharp.Compressor();
        return c.Wrap(data).ToArray();
    }

    private byte[] Oversize(byte[] utf8, Random rng)
    {
        if (utf8.Length == 0)
            return utf8;
        int target = Math.Max(utf8.Length, Size(rng));
        var b = new byte[target];
        for (int i = 0; i < target; i += utf8.Length)
            Array.Copy(utf8, 0, b, i, Math.Min(utf8.Length, target - i));
        return b;
    }

    private static string Nest(string text, Random rng)
    {
        string tag = new[] { "div", "span", "b", "table", "nav", "svg", "li", "section", "font", "aside", "noscript", "p" }[rng.Next(12)];
        int depth = rng.Next(1, 20_000);
        return "<html><body>" + Repeat("<" + tag + ">", depth) + text + Repeat("</" + tag + ">", rng.Next(depth + 1)) + "</body></html>";
    }

    private static string Unclosed(string text, Random rng)
    {
        var sb = new StringBuilder("<html><body><article>");
        foreach (var line in text.Split('\n'))
            sb.Append("<p>").Append(line).Append(new[] { "<nav class=\"x\">", "<aside>", "<div", "<a href=\"", "<![CDATA[", "<table><tr><td>", "<select>" }[rng.Next(7)]);
        return sb.ToString();
    }

    private static string Entities(string text, Random rng)
    {
        var sb = new StringBuilder();
        foreach (var word in text.Split(' '))
        {
            sb.Append(word).Append(rng.Next(6) switch
            {
                0 => " &amp;amp; ",
                1 => " &#8217;",
                2 => " &#xFFFFFFFF; ",
                3 => " &unknown; ",
                4 => " &#0; &#xD800; ",
                _ => " ",
            });
        }
        return sb.ToString();
    }

    private static string Sprinkle(string text, Random rng, string[] chars)
    {
        var sb = new StringBuilder(text.Length * 2);
        foreach (char c in text)
        {
            sb.Append(c);
            if (rng.Next(20) == 0)
                sb.Append(chars[rng.Next(chars.Length)]);
        }
        return sb.ToString();
    }

    private static byte[] WarcMembersCut(IReadOnlyList<byte[]> records, Random rng)
    {
        var members = records.Select(Gzip).ToList();
        int k = rng.Next(members.Count);
        members[k] = members[k][..rng.Next(1, members[k].Length)];
        return [.. members.SelectMany(m => m)];
    }

    private static byte[] WarcLength(IReadOnlyList<byte[]> records, Random rng)
    {
        // one record's Content-Length replaced by a lie: huge, negative, not a number, too short, too long, missing
        var list = records.Select(r => (byte[])r.Clone()).ToList();
        int k = 1 + rng.Next(list.Count - 1);
        var s = Encoding.UTF8.GetString(list[k]);
        int at = s.IndexOf("Content-Length: ", StringComparison.Ordinal);
        int end = s.IndexOf("\r\n", at, StringComparison.Ordinal);
        long real = long.Parse(s.AsSpan(at + 16, end - at - 16), CultureInfo.InvariantCulture);
        string lie = rng.Next(7) switch
        {
            0 => "99999999999999999999",
            1 => "-5",
            2 => "twelve",
            3 => (real / 2).ToString(CultureInfo.InvariantCulture),
            4 => (real + 1 + rng.Next(100_000)).ToString(CultureInfo.InvariantCulture),
            5 => "9223372036854775807",
            _ => "",
        };
        s = string.Concat(s.AsSpan(0, at), lie.Length == 0 ? "X-Nothing: " : "Content-Length: ", lie, s.AsSpan(end));
        list[k] = Encoding.UTF8.GetBytes(s);
        return [.. list.SelectMany(r => r)];
    }

    private static byte[] WarcHttp(IReadOnlyList<byte[]> records, Random rng)
    {
        // a response whose HTTP part is broken: no header end, a lying Content-Encoding, bogus chunked encoding, no status line
        byte[] block = rng.Next(5) switch
        {
            0 => "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n<html><body><p>no header end</p>"u8.ToArray(),
            1 => [.. "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n"u8, .. RandomBytes(rng, 500)],
            2 => "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n<p>bad chunk</p>\r\nffffffff\r\n"u8.ToArray(),
            3 => "<html><body><p>No status line, no headers, just a page in a response record.</p></body></html>"u8.ToArray(),
            _ => [.. "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=x-no-such-charset\r\n\r\n"u8, .. Encoding.UTF8.GetBytes(AsHtml("A page\nWith a charset nobody knows."))],
        };
        var bad = WarcRecord("response", "https://broken.example/http", "application/http; msgtype=response", block, 77);
        int at = 1 + rng.Next(records.Count - 1);
        return [.. records.Take(at).SelectMany(r => r), .. bad, .. records.Skip(at).SelectMany(r => r)];
    }

    private static string JsonDeep(string text, Random rng, SeedKind kind)
    {
        int depth = rng.Next(10, 100_000);
        string deep = rng.Next(2) == 0
            ? Repeat("[", depth) + Repeat("]", rng.Next(depth + 1))
            : "{\"title\":\"Deep\",\"text\":" + Repeat("{\"a\":", depth) + "1" + Repeat("}", depth) + "}";
        return kind == SeedKind.Jsonl ? deep + "\n" + text : deep;
    }

    private static string JsonValues(Random rng) => rng.Next(6) switch
    {
        0 => "{\"title\": 12, \"text\": [\"a\", 3, null, {\"x\": 1}], \"date\": 99999999999999999999, \"url\": {\"x\": 1}}",
        1 => "{\"title\": \"Dates\", \"text\": \"Text with odd dates.\", \"date_publish\": \"0000-00-00 99:99:99\", \"published\": -9223372036854775808}",
        2 => "{\"title\": \"Nulls\", \"text\": null, \"html\": null, \"maintext\": \"Kept text\\u0000with a NUL and a lone \\ud800 surrogate.\"}",
        3 => "{\"title\": \"Dup\", \"title\": \"Dup again\", \"text\": \"Duplicate keys.\", \"text\": \"\"}",
        4 => "{\"html\": \"<html><body><p>" + Repeat("<div>", 5000) + "Nested html in json.</p></body></html>\"}",
        _ => "{\"text\": \"" + Repeat("\\u00e9\\ud83d\\ude00", 500) + "\", \"url\": \"javascript:alert(1)\", \"source\": \"<script>alert(1)</script>\"}",
    };

    private static string Laughs(SeedKind kind)
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i < 10; i++)
            sb.Append(CultureInfo.InvariantCulture, $"<!ENTITY lol{i} \"{Repeat(i == 1 ? "&lol;" : $"&lol{i - 1};", 10)}\">");
        sb.Append("]>");
        return kind == SeedKind.Rss
            ? sb.Append("<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title><description>&lol9;</description></item></channel></rss>").ToString()
            : sb.Append("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>&lol9;</title><entry><title>&lol9;</title><content>&lol9;</content></entry></feed>").ToString();
    }

    private static string Xxe(string feed)
    {
        int root = feed.IndexOf("<rss", StringComparison.Ordinal);
        if (root < 0)
            root = Math.Max(0, feed.IndexOf("<feed", StringComparison.Ordinal));
        return "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\"><!ENTITY y SYSTEM \"http://127.0.0.1:9/x\"><!ENTITY % p SYSTEM \"file:///etc/hostname\"> %p;]>"
            + feed[root..].Replace("<title>", "<title>&x;&y;", StringComparison.Ordinal);
    }

    private static string FeedDeep(string text, Random rng)
    {
        int depth = rng.Next(10, 50_000);
        int at = text.IndexOf("</title>", StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at + 8), Repeat("<x>", depth), Repeat("</x>", rng.Next(depth + 1)), text.AsSpan(at + 8));
    }

    private static string FeedMany(Random rng, SeedKind kind)
    {
        int count = rng.Next(100, 5000);
        var sb = new StringBuilder(kind == SeedKind.Rss ? "<rss version=\"2.0\"><channel><title>Many</title>" : "<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>Many</title>");
        for (int i = 0; i < count; i++)
        {
            sb.Append(kind == SeedKind.Rss
                ? $"<item><title>Item {i}</title><description>Item {i} is about the harbour and the strike.</description></item>"
                : $"<entry><title>Entry {i}</title><content>Entry {i} is about the harbour and the strike.</content></entry>");
        }
        return sb.Append(kind == SeedKind.Rss ? "</channel></rss>" : "</feed>").ToString();
    }
}
