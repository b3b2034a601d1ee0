using System.IO.Compression;
using System.Text;

namespace Tidings.Fuzz;

/// <summary>One generated input: a file name (its extension picks the reader), its bytes, and whether it is an
/// unmodified good page that must be stored.</summary>
internal sealed record FuzzCase(int Number, string Name, string Mutation, byte[] Bytes, bool Good);

/// <summary>Generates mutated, truncated, re-encoded, nested and oversized inputs from seed pages (the sample corpus
/// written for this repository), deterministically from a seed number. Case n is the same on every run.</summary>
internal sealed class FuzzCases
{
    private readonly List<(string Name, string Text)> _seeds;
    private readonly int _maxBytes;

    static FuzzCases() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <param name="seeds">Pages to start from: (file name, text).</param>
    /// <param name="maxBytes">Largest input generated (oversized cases are drawn up to this size).</param>
    internal FuzzCases(IEnumerable<(string Name, string Text)> seeds, int maxBytes)
    {
        _seeds = [.. seeds];
        if (_seeds.Count == 0)
            throw new ArgumentException("no seed pages", nameof(seeds));
        _maxBytes = maxBytes;
    }

    /// <summary>The seed pages of a folder (recursively): its .html pages, its .txt pages, and each .txt page also
    /// wrapped as an HTML page.</summary>
    internal static IEnumerable<(string Name, string Text)> SeedsFrom(string folder)
    {
        foreach (var f in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileNameWithoutExtension(f);
            if (f.EndsWith(".html", StringComparison.Ordinal))
            {
                yield return (name + ".html", File.ReadAllText(f));
            }
            else if (f.EndsWith(".txt", StringComparison.Ordinal))
            {
                var text = File.ReadAllText(f);
                yield return (name + ".txt", text);
                yield return (name + "-wrapped.html", AsHtml(text));
            }
        }
    }

    internal static string AsHtml(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var title = lines.Length > 0 ? System.Net.WebUtility.HtmlEncode(lines[0]) : "";
        var sb = new StringBuilder("<!doctype html><html lang=\"x\"><head><meta charset=\"utf-8\"><title>").Append(title)
            .Append(" | Site</title><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"").Append(title.Replace("\"", "'", StringComparison.Ordinal))
            .Append("\"}</script></head><body><nav><a href=\"/\">Home</a> <a href=\"/x\">World</a></nav><article><h1>").Append(title).Append("</h1>");
        foreach (var l in lines.Skip(1))
            sb.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(l)).Append("</p>\n");
        return sb.Append("</article><footer>© Site</footer></body></html>").ToString();
    }

    private static readonly string[] Mutations =
    [
        "good", "truncate", "flip", "insert", "delete-run", "utf16le", "utf16be", "utf16le-bom", "cp1251", "cp1252-mislabelled",
        "gzip", "gzip-truncated", "gzip-twice", "gzip-garbage", "nest", "unclosed", "oversize", "huge-title", "huge-jsonld",
        "entities", "random", "unterminated", "splice", "line-endings", "invisible", "controls", "nul", "empty", "whitespace", "attributes",
    ];

    /// <summary>Case <paramref name="n"/>: a seed chosen by n, a mutation chosen by n, randomness seeded by n.</summary>
    internal FuzzCase Make(int n)
    {
        var rng = new Random(n * 7919 + 17);
        var (name, text) = _seeds[n % _seeds.Count];
        string mutation = Mutations[(n / _seeds.Count + n) % Mutations.Length];
        bool html = name.EndsWith(".html", StringComparison.Ordinal);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        string ext = html ? ".html" : ".txt";
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
            "nest" => Encoding.UTF8.GetBytes(Nest(text, rng)),
            "unclosed" => Encoding.UTF8.GetBytes(Unclosed(text, rng)),
            "oversize" => Oversize(utf8, rng),
            "huge-title" => Encoding.UTF8.GetBytes("<html><head><title>" + Repeat("Headline ", rng.Next(1, Math.Max(2, _maxBytes / 9))) + "</title></head><body>" + AsHtml(text) + "</body></html>"),
            "huge-jsonld" => Encoding.UTF8.GetBytes("<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"" + Repeat("Big ", rng.Next(1, Math.Max(2, _maxBytes / 4))) + "\",\"articleBody\":\"" + Repeat("x ", rng.Next(1, 1000)) + "\"}</script></head><body><p>" + text + "</p></body></html>"),
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
            "attributes" => Encoding.UTF8.GetBytes("<html><body><div class=\"" + Repeat("a", rng.Next(1, Math.Max(2, _maxBytes / 2))) + "\"><p>" + text + "</p></div></body></html>"),
            _ => utf8,
        };
        if (mutation.StartsWith("gzip", StringComparison.Ordinal))
            ext += ".gz";
        if (mutation is "huge-title" or "huge-jsonld" or "attributes")
            ext = ".html";
        if (bytes.Length > _maxBytes)
            bytes = bytes[.._maxBytes];
        return new FuzzCase(n, $"case{n:D6}-{mutation}{ext}", mutation, bytes, mutation == "good");
    }

    private static string Repeat(string s, int count) => new StringBuilder(s.Length * count).Insert(0, s, count).ToString();

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

    private byte[] Oversize(byte[] utf8, Random rng)
    {
        int target = rng.Next(utf8.Length, Math.Max(utf8.Length + 1, _maxBytes));
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
}
