using System.Globalization;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Tidings.Core;

namespace Tidings.Extraction;

/// <summary>Keeps the article and drops the page furniture, from HTML or from text flattened out of a page.
/// Also the pipeline stage that assigns text, title and metadata.</summary>
public sealed class Extractor : IStage
{
    internal static readonly HtmlParserOptions ParserOptions = new()
    {
        IsScripting = true, // noscript content is raw text, as in a browser with scripts on (unclosed tags inside it cannot swallow the page)
        IsKeepingSourceReferences = false,
        DisableElementPositionTracking = true,
        SkipComments = true,
        SkipScriptText = true,
        SkipRawText = true,
        MaximumDepth = HtmlPrepass.MaxNesting + 16,
        ShouldEmitAttribute = (ref _, name) => HtmlPrepass.KeepAttribute(name.Span),
    };

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
        var article = kind == ContentKind.Html ? ExtractHtml(text, raw.Url) : ExtractPlainText(text);
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

    internal static ExtractedArticle ExtractHtml(string html, string? url = null)
    {
        var (text, meta) = ParseAndExtract(html, url, cutFurniture: true, out bool cut);
        if (cut && text.Length < HtmlContent.ShortText)
        {
            // the article may sit in an element named as furniture (the content pass keeps such an element when it
            // holds most of the page's paragraphs, or falls back to it): parse the whole page
            (text, meta) = ParseAndExtract(html, url, cutFurniture: false, out _);
        }
        if (text.Length < HtmlContent.ShortText && meta.ArticleBody is { } ld && PageMetadata.BodyText(ld) is { } body
            && body.Length >= Math.Max(2 * text.Length, HtmlContent.ShortText / 2))
        {
            // rendered client-side (or behind a paywall): the page's own structured data holds the article; what the
            // DOM did show (a lead) stays in front
            text = HtmlContent.JoinLines(text, HtmlContent.LinesMissingFrom(body, text));
        }
        string title = meta.Title is { } t ? Normalize(t) : "";
        if (title.Length == 0 && text.Length > 0)
        {
            int nl = text.IndexOf('\n', StringComparison.Ordinal);
            title = nl > 0 && nl < 200 ? text[..nl] : "";
        }
        return new ExtractedArticle
        {
            Title = title,
            Text = text,
            Published = PageMetadata.ParseDate(meta.Date),
            Author = meta.Author is { } a ? Normalize(a) : null,
            Site = meta.Site is { } site ? Normalize(site) : null,
            Url = meta.Url,
            Description = meta.Description is { } d ? Normalize(d) : null,
            DeclaredLanguage = meta.Language,
        };
    }

    private static (string Text, PageMetadata.Found Meta) ParseAndExtract(string html, string? url, bool cutFurniture, out bool cut)
    {
        var jsonLd = new List<string>();
        using var prepared = HtmlPrepass.Prepare(html, jsonLd, cutFurniture, out cut);
        var parser = new HtmlParser(ParserOptions);
        using var doc = parser.ParseDocument(prepared.Memory);
        var meta = PageMetadata.Read(doc, jsonLd, url);
        string text = doc.Body is { } body ? HtmlContent.Extract(PageTree.Build(body)) : "";
        return (text, meta);
    }

    internal static DateTimeOffset? ParseDate(string? value) => PageMetadata.ParseDate(value);

    /// <summary>Plain text from a flattened page: the first line is the title; the article is the best run of prose
    /// lines. A pure function of the text (a site's repeated lines are <see cref="SiteFurniture"/>'s business).</summary>
    internal static ExtractedArticle ExtractPlainText(string text)
    {
        var (title, body) = TextLines.Extract(text);
        return new ExtractedArticle { Title = title, Text = body };
    }

    internal static string Normalize(string s) => Whitespace.Collapse(s, dropControl: true);
}
