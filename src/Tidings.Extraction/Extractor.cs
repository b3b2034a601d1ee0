using System.Globalization;
using System.Text;
using System.Text.Json;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Tidings.Core;

namespace Tidings.Extraction;

/// <summary>Keeps the article and drops the page furniture, from HTML or from text flattened out of a page.
/// Also the pipeline stage that assigns text, title and metadata.</summary>
public sealed class Extractor : IStage
{
    private static readonly HtmlParserOptions ParserOptions = new() { IsScripting = false };

    private static readonly string[] FurnitureTags =
        ["script", "style", "noscript", "nav", "aside", "footer", "header", "form", "iframe", "svg", "button", "template", "select"];

    private static readonly string[] FurnitureMarks =
        ["cookie", "newsletter", "related", "share", "social", "comment", "teaser", "sidebar", "promo", "advert", "subscribe",
         "footer", "navbar", "menu", "breadcrumb", "banner", "popup", "modal", "widget", "recommend", "most-read", "tags"];

    private Extractor() { }

    /// <summary>An extractor with the default settings.</summary>
    public static Extractor Create() => new();

    public string Name => "extract";
    public DocumentFields Requires => DocumentFields.Raw;
    public DocumentFields Assigns => DocumentFields.Text | DocumentFields.Title | DocumentFields.Metadata;

    public void Process(Tidings.Core.Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var result = Extract(document.Raw);
        if (result.Text.Length == 0 && result.Title.Length == 0)
            throw new DocumentRejectedException("no article text found");
        document.Title = result.Title;
        document.Text = result.Text;
        document.Published = result.Published;
        document.Author = result.Author;
        document.Site = result.Site;
        document.Url = result.Url ?? document.Raw.Url;
    }

    /// <summary>Extracts the article from a raw page.</summary>
    /// <exception cref="DocumentRejectedException">The bytes are empty or binary.</exception>
    public ExtractedArticle Extract(RawDocument raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Content.Length == 0)
            throw new DocumentRejectedException("empty file");
        if (Decoding.LooksBinary(raw.Content))
            throw new DocumentRejectedException("binary content, not a text or HTML page");
        var (text, encoding) = Decoding.Decode(raw.Content, raw.Charset);
        var kind = raw.Kind != ContentKind.Unknown ? raw.Kind : Sniff(text);
        var article = kind == ContentKind.Html ? ExtractHtml(text) : ExtractPlainText(text);
        return article with { Encoding = encoding };
    }

    /// <summary>Extracts from already decoded text; <paramref name="isHtml"/> null means sniff.</summary>
    public ExtractedArticle Extract(string content, bool? isHtml = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        bool html = isHtml ?? Sniff(content) == ContentKind.Html;
        return html ? ExtractHtml(content) : ExtractPlainText(content);
    }

    internal static ContentKind Sniff(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 2048)).TrimStart();
        if (head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || head.Contains("<body", StringComparison.OrdinalIgnoreCase) || head.Contains("<head", StringComparison.OrdinalIgnoreCase))
            return ContentKind.Html;
        return ContentKind.Text;
    }

    internal static ExtractedArticle ExtractHtml(string html)
    {
        var parser = new HtmlParser(ParserOptions);
        using var doc = parser.ParseDocument(html);

        string? Meta(string key) =>
            doc.QuerySelector($"meta[property='{key}'], meta[name='{key}']")?.GetAttribute("content")?.Trim() is { Length: > 0 } v ? v : null;

        var (ldHeadline, ldDate, ldAuthor) = ReadJsonLd(doc);
        string title = Meta("og:title") ?? ldHeadline ?? doc.QuerySelector("h1")?.TextContent.Trim() ?? doc.Title ?? "";
        var published = ParseDate(ldDate) ?? ParseDate(Meta("article:published_time")) ?? ParseDate(doc.QuerySelector("time[datetime]")?.GetAttribute("datetime"));

        foreach (var el in doc.QuerySelectorAll(string.Join(',', FurnitureTags)).ToArray())
            el.Remove();
        foreach (var el in doc.QuerySelectorAll("[class], [id]").ToArray())
        {
            var marks = ((el.GetAttribute("class") ?? "") + " " + (el.GetAttribute("id") ?? "")).ToLowerInvariant();
            if (el.LocalName is not ("body" or "html" or "article" or "main") && FurnitureMarks.Any(marks.Contains))
                el.Remove();
        }

        IElement? root = doc.QuerySelector("article") ?? doc.QuerySelector("main") ?? doc.QuerySelector("[itemprop=articleBody]") ?? doc.Body;
        var sb = new StringBuilder();
        if (root is not null)
        {
            foreach (var block in root.QuerySelectorAll("p, h2, h3, h4, li, blockquote"))
            {
                if (block.QuerySelector("p, li") is not null)
                    continue; // an outer block: its inner blocks are taken one by one
                var line = Normalize(block.TextContent);
                if (line.Length > 0)
                    sb.Append(line).Append('\n');
            }
            if (sb.Length == 0)
                sb.Append(Normalize(root.TextContent));
        }

        return new ExtractedArticle
        {
            Title = Normalize(title),
            Text = sb.ToString().TrimEnd(),
            Published = published,
            Author = Meta("author") ?? ldAuthor,
            Site = Meta("og:site_name"),
            Url = doc.QuerySelector("link[rel=canonical]")?.GetAttribute("href") ?? Meta("og:url"),
            Description = Meta("og:description") ?? Meta("description"),
            DeclaredLanguage = doc.DocumentElement?.GetAttribute("lang"),
        };
    }

    private static (string? Headline, string? Date, string? Author) ReadJsonLd(IDocument doc)
    {
        foreach (var script in doc.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                using var json = JsonDocument.Parse(script.TextContent, new JsonDocumentOptions { MaxDepth = 64 });
                var el = json.RootElement;
                if (el.ValueKind == JsonValueKind.Array && el.GetArrayLength() > 0)
                    el = el[0];
                if (el.ValueKind != JsonValueKind.Object)
                    continue;
                string? Str(string name) => el.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
                string? author = null;
                if (el.TryGetProperty("author", out var a))
                {
                    if (a.ValueKind == JsonValueKind.Object && a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                        author = n.GetString();
                    else if (a.ValueKind == JsonValueKind.String)
                        author = a.GetString();
                }
                return (Str("headline"), Str("datePublished"), author);
            }
            catch (JsonException)
            {
                // malformed JSON-LD is common; ignore it
            }
        }
        return (null, null, null);
    }

    internal static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        return DateTimeOffset.TryParse(value.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
    }

    /// <summary>Plain text from a flattened page: first line is the title; a line is body when it reads like prose.</summary>
    internal static ExtractedArticle ExtractPlainText(string text)
    {
        var lines = text.Split('\n');
        string title = "";
        var body = new StringBuilder();
        foreach (var raw in lines)
        {
            var line = Normalize(raw);
            if (line.Length == 0)
                continue;
            if (title.Length == 0)
            {
                title = line;
                continue;
            }
            if (TextLines.IsBody(line))
                body.Append(line).Append('\n');
        }
        return new ExtractedArticle { Title = title, Text = body.ToString().TrimEnd() };
    }

    internal static string Normalize(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c) || c == '\u00A0')
            {
                space = sb.Length > 0;
                continue;
            }
            if (char.IsControl(c))
                continue;
            if (space)
                sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
