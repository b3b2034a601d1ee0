using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;

namespace Tidings.Extraction;

/// <summary>Title, date, author, site, canonical URL, description and declared language, from JSON-LD (NewsArticle and
/// kin), OpenGraph and other meta tags, &lt;time&gt;, &lt;title&gt;/&lt;h1&gt;, and URL patterns.</summary>
internal static partial class PageMetadata
{
    internal sealed class Found
    {
        internal string? Title { get; set; }
        internal string? Date { get; set; }
        internal string? Author { get; set; }
        internal string? Site { get; set; }
        internal string? Url { get; set; }
        internal string? Description { get; set; }
        internal string? Language { get; set; }
        /// <summary>JSON-LD articleBody as given (text or markup), for pages whose DOM holds too little.</summary>
        internal string? ArticleBody { get; set; }
    }

    private static readonly string[] ArticleTypes = ["NewsArticle", "Article", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle",
        "OpinionNewsArticle", "LiveBlogPosting", "ScholarlyArticle", "TechArticle", "Report", "SocialMediaPosting", "WebPage"];

    internal static Found Read(IDocument doc, IReadOnlyList<string> jsonLd, string? pageUrl)
    {
        var f = new Found();
        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (doc.Head is { } head)
        {
            foreach (var m in head.GetElementsByTagName("meta"))
            {
                var key = m.GetAttribute("property") ?? m.GetAttribute("name") ?? m.GetAttribute("itemprop");
                var content = m.GetAttribute("content");
                if (key is { Length: > 0 } && content is { Length: > 0 } && !meta.ContainsKey(key))
                    meta[key.Trim()] = content.Trim();
            }
            foreach (var l in head.GetElementsByTagName("link"))
            {
                if (string.Equals(l.GetAttribute("rel"), "canonical", StringComparison.OrdinalIgnoreCase) && l.GetAttribute("href") is { Length: > 0 } href)
                {
                    f.Url = href.Trim();
                    break;
                }
            }
        }
        string? M(params string[] keys)
        {
            foreach (var k in keys)
            {
                if (meta.TryGetValue(k, out var v) && v.Length > 0)
                    return v;
            }
            return null;
        }

        foreach (var block in jsonLd)
            ReadJsonLd(block, f);

        f.Title ??= M("og:title", "twitter:title", "dc.title", "DC.title", "headline");
        if (f.Title is null)
        {
            var h1 = doc.Body?.GetElementsByTagName("h1").FirstOrDefault();
            var docTitle = doc.Title?.Trim();
            f.Title = h1 is not null && Clean(h1.TextContent) is { Length: > 0 } h ? h : docTitle is { Length: > 0 } ? StripSiteName(docTitle) : null;
        }
        f.Date ??= M("article:published_time", "og:article:published_time", "datePublished", "date", "dc.date", "DC.date", "dc.date.issued",
            "DC.date.issued", "publishdate", "pubdate", "publish-date", "publication_date", "sailthru.date", "article.published", "parsely-pub-date",
            "og:published_time", "article:modified_time", "og:updated_time", "last-modified");
        if (f.Date is null)
        {
            foreach (var t in doc.GetElementsByTagName("time"))
            {
                if (t.GetAttribute("datetime") is { Length: > 0 } dt && ParseDate(dt) is not null)
                {
                    f.Date = dt;
                    break;
                }
            }
        }
        f.Author ??= M("author", "article:author", "dc.creator", "DC.creator", "byl", "sailthru.author", "parsely-author", "twitter:creator");
        if (f.Author is not null && f.Author.StartsWith("http", StringComparison.OrdinalIgnoreCase))
            f.Author = null;
        f.Site ??= M("og:site_name", "application-name", "publisher", "twitter:site");
        f.Url ??= M("og:url", "twitter:url");
        f.Description ??= M("og:description", "description", "twitter:description", "dc.description");
        f.Language = doc.DocumentElement?.GetAttribute("lang") is { Length: > 0 } lang ? lang.Trim()
            : M("og:locale", "content-language", "language", "dc.language") is { } loc ? loc.Replace('_', '-') : null;
        f.Url ??= pageUrl;
        if (f.Date is null && (f.Url ?? pageUrl) is { } u && UrlDate().Match(u) is { Success: true } um)
            f.Date = $"{um.Groups[1].Value}-{um.Groups[2].Value}-{(um.Groups[3].Success ? um.Groups[3].Value : "01")}";
        if (f.Site is null && f.Url is { } su && Uri.TryCreate(su, UriKind.Absolute, out var uri))
            f.Site = uri.Host.StartsWith("www.", StringComparison.Ordinal) ? uri.Host[4..] : uri.Host;
        return f;
    }

    private static void ReadJsonLd(string text, Found f)
    {
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            var stack = new Stack<(JsonElement, int)>();
            stack.Push((json.RootElement, 0));
            while (stack.Count > 0)
            {
                var (el, depth) = stack.Pop();
                if (depth > 6)
                    continue;
                if (el.ValueKind == JsonValueKind.Array)
                {
                    foreach (var item in el.EnumerateArray())
                        stack.Push((item, depth + 1));
                    continue;
                }
                if (el.ValueKind != JsonValueKind.Object)
                    continue;
                if (el.TryGetProperty("@graph", out var graph))
                    stack.Push((graph, depth + 1));
                if (!IsArticleType(el))
                    continue;
                bool isPage = TypeName(el) == "WebPage";
                if (!isPage || f.Title is null)
                    f.Title = Str(el, "headline") ?? Str(el, "name") ?? f.Title;
                f.Date ??= Str(el, "datePublished") ?? Str(el, "dateCreated");
                f.Author ??= PersonName(el, "author") ?? PersonName(el, "creator");
                f.Site ??= PersonName(el, "publisher");
                f.Description ??= Str(el, "description");
                if (!isPage)
                {
                    f.Url ??= Str(el, "url");
                    if (el.TryGetProperty("articleBody", out var body) && body.ValueKind == JsonValueKind.String && f.ArticleBody is null)
                        f.ArticleBody = body.GetString();
                }
            }
        }
        catch (JsonException)
        {
            // malformed JSON-LD is common; the other sources still apply
        }
    }

    private static string? TypeName(JsonElement el)
    {
        if (!el.TryGetProperty("@type", out var t))
            return null;
        if (t.ValueKind == JsonValueKind.String)
            return t.GetString();
        if (t.ValueKind == JsonValueKind.Array)
        {
            foreach (var x in t.EnumerateArray())
            {
                if (x.ValueKind == JsonValueKind.String && x.GetString() is { } s && ArticleTypes.Contains(s))
                    return s;
            }
        }
        return null;
    }

    private static bool IsArticleType(JsonElement el) => TypeName(el) is { } t && ArticleTypes.Contains(t);

    private static string? Str(JsonElement el, string name) =>
        el.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String && Clean(p.GetString()) is { Length: > 0 } s ? s : null;

    private static string? PersonName(JsonElement el, string name)
    {
        if (!el.TryGetProperty(name, out var p))
            return null;
        if (p.ValueKind == JsonValueKind.Array)
        {
            var names = p.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.ValueKind == JsonValueKind.Object ? Str(x, "name") : null)
                .Where(x => !string.IsNullOrWhiteSpace(x)).ToArray();
            return names.Length > 0 ? string.Join(", ", names) : null;
        }
        if (p.ValueKind == JsonValueKind.Object)
            return Str(p, "name");
        return p.ValueKind == JsonValueKind.String ? Clean(p.GetString()) : null;
    }

    /// <summary>The text of a JSON-LD articleBody: markup (some sites put HTML there) becomes one line per block,
    /// entities are decoded, whitespace folded within lines, empty lines dropped.</summary>
    internal static string BodyText(string body)
    {
        if (body.Contains('<', StringComparison.Ordinal))
            body = System.Net.WebUtility.HtmlDecode(MarkupTag().Replace(body, m => BlockTag().IsMatch(m.Value) ? "\n" : " "));
        var lines = body.Split('\n').Select(l => Extractor.Normalize(l)).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"<[^>]{0,500}>")]
    private static partial Regex MarkupTag();

    [GeneratedRegex(@"^</?(?:p|br|div|h[1-6]|li|ul|ol|blockquote|section|tr|table)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BlockTag();

    internal static string Clean(string? s) => s is null ? "" : Extractor.Normalize(s);

    /// <summary>"Headline | Site" or "Headline - Site": keeps the longer side.</summary>
    internal static string StripSiteName(string title)
    {
        foreach (var sep in new[] { " | ", " – ", " — ", " - ", " :: ", " » " })
        {
            int i = title.LastIndexOf(sep, StringComparison.Ordinal);
            if (i > 0)
            {
                var left = title[..i];
                var right = title[(i + sep.Length)..];
                return left.Length >= right.Length ? left.Trim() : right.Trim();
            }
        }
        return title;
    }

    [GeneratedRegex(@"/((?:19|20)\d{2})[/\-_]?([01]\d)(?:[/\-_]?([0-3]\d))?(?:/|-|_|\.|$)")]
    private static partial Regex UrlDate();

    [GeneratedRegex(@"^\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})(?:[,\s]+(?:um\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?)?")]
    private static partial Regex DottedDate();

    [GeneratedRegex(@"^\s*(\d{1,2})\.?\s+([\p{L}]+)\.?\s+(\d{4})")]
    private static partial Regex DayMonthNameYear();

    [GeneratedRegex(@"^\s*(\d{4})[/\-.](\d{1,2})[/\-.](\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")]
    private static partial Regex YearFirst();

    private static readonly Dictionary<string, int> MonthNames = BuildMonths();

    private static Dictionary<string, int> BuildMonths()
    {
        var d = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        string[][] lists =
        [
            ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"],
            ["januar", "februar", "märz", "april", "mai", "juni", "juli", "august", "september", "oktober", "november", "dezember"],
            ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
            ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
            ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
            ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
            ["януари", "февруари", "март", "април", "май", "юни", "юли", "август", "септември", "октомври", "ноември", "декември"],
        ];
        foreach (var list in lists)
        {
            for (int i = 0; i < 12; i++)
            {
                d.TryAdd(list[i], i + 1);
                if (list[i].Length > 3)
                    d.TryAdd(list[i][..3], i + 1);
            }
        }
        d.TryAdd("jänner", 1);
        d.TryAdd("sept", 9);
        return d;
    }

    /// <summary>Parses the date formats pages use (ISO 8601, RFC 1123, 31.12.2024, 31 December 2024, 2024/12/31) into a
    /// point in time; a date without zone is taken as UTC.</summary>
    internal static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        var s = value.Trim();
        if (s.Length > 64)
            s = s[..64];
        var inv = CultureInfo.InvariantCulture;
        var y = YearFirst().Match(s);
        if (y.Success && !s.Contains('T', StringComparison.Ordinal) && !s.Contains('+', StringComparison.Ordinal) && s.Length <= 19)
            return Make(y.Groups[1].Value, y.Groups[2].Value, y.Groups[3].Value, y.Groups[4].Value, y.Groups[5].Value, y.Groups[6].Value);
        if (DottedDate().Match(s) is { Success: true } dm)
            return Make(dm.Groups[3].Value, dm.Groups[2].Value, dm.Groups[1].Value, dm.Groups[4].Value, dm.Groups[5].Value, dm.Groups[6].Value);
        if (DateTimeOffset.TryParse(s, inv, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var d) && d.Year is > 1990 and < 2100)
            return d;
        if (y.Success)
            return Make(y.Groups[1].Value, y.Groups[2].Value, y.Groups[3].Value, y.Groups[4].Value, y.Groups[5].Value, y.Groups[6].Value);
        if (DottedDate().Match(s) is { Success: true } m)
            return Make(m.Groups[3].Value, m.Groups[2].Value, m.Groups[1].Value, m.Groups[4].Value, m.Groups[5].Value, m.Groups[6].Value);
        if (DayMonthNameYear().Match(s) is { Success: true } n && MonthNames.TryGetValue(n.Groups[2].Value, out int month))
            return Make(n.Groups[3].Value, month.ToString(inv), n.Groups[1].Value, "", "", "");
        return null;
    }

    private static DateTimeOffset? Make(string year, string month, string day, string hour, string minute, string second)
    {
        static int P(string s) => s.Length == 0 ? 0 : int.Parse(s, CultureInfo.InvariantCulture);
        int yy = P(year), mm = P(month), dd = P(day), h = P(hour), mi = P(minute), se = P(second);
        if (yy is < 1990 or > 2100 || mm is < 1 or > 12 || dd < 1 || dd > DateTime.DaysInMonth(yy, mm) || h > 23 || mi > 59 || se > 59)
            return null;
        return new DateTimeOffset(yy, mm, dd, h, mi, se, TimeSpan.Zero);
    }
}
