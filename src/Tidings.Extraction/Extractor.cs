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

    private readonly ExtractionOptions _options;

    private Extractor(ExtractionOptions options) => _options = options;

    /// <summary>An extractor with the default limits.</summary>
    public static Extractor Create() => new(Limits.Defaults);

    /// <summary>An extractor with these limits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is too small to extract anything.</exception>
    public static Extractor Create(ExtractionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return new(options);
    }

    /// <summary>The limits this extractor applies.</summary>
    public ExtractionOptions Options => _options;

    public string Name => "extract";
    public DocumentFields Requires => DocumentFields.Raw;
    public DocumentFields Assigns => DocumentFields.Text | DocumentFields.Title | DocumentFields.Metadata;

    public void Process(Tidings.Core.Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var result = Extract(document.Raw);
        if (result.Text.Length == 0)
            throw new DocumentRejectedException(result.Title.Length == 0 ? "no article text found" : "no article text found (only a title)");
        foreach (var w in result.Warnings)
            document.Warnings.Add(w);
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
        var text = Decode(raw, out var kind, out var encoding);
        var limits = new Limits(_options);
        var article = kind == ContentKind.Html ? ExtractHtml(text, raw.Url, limits) : ExtractPlainText(text, limits);
        return article with { Encoding = encoding, Warnings = limits.Warnings };
    }

    /// <summary>The text of a page's bytes (byte-order mark, declared charset, UTF-8, UTF-16 without a mark, legacy
    /// encodings) and whether it is HTML (as the reader said, else sniffed).</summary>
    /// <exception cref="DocumentRejectedException">The bytes are empty or binary.</exception>
    public static string Decode(RawDocument raw, out ContentKind kind) => Decode(raw, out kind, out _);

    private static string Decode(RawDocument raw, out ContentKind kind, out string encoding)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (raw.Content.Length == 0)
            throw new DocumentRejectedException("empty file");
        if (Decoding.LooksBinary(raw.Content))
            throw new DocumentRejectedException("binary content, not a text or HTML page");
        (var text, encoding) = Decoding.Decode(raw.Content, raw.Charset);
        kind = raw.Kind != ContentKind.Unknown ? raw.Kind : Sniff(text);
        return text;
    }

    /// <summary>Extracts from already decoded text; <paramref name="isHtml"/> null means sniff.</summary>
    public ExtractedArticle Extract(string content, bool? isHtml = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        bool html = isHtml ?? Sniff(content) == ContentKind.Html;
        var limits = new Limits(_options);
        var article = html ? ExtractHtml(content, null, limits) : ExtractPlainText(content, limits);
        return article with { Warnings = limits.Warnings };
    }

    internal static ContentKind Sniff(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 2048)).TrimStart();
        if (head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || head.Contains("<body", StringComparison.OrdinalIgnoreCase) || head.Contains("<head", StringComparison.OrdinalIgnoreCase))
            return ContentKind.Html;
        return ContentKind.Text;
    }

    internal static ExtractedArticle ExtractHtml(string html, string? url = null, Limits? limits = null)
    {
        limits ??= new Limits(Limits.Defaults);
        var (text, meta) = ParseAndExtract(html, url, cutFurniture: true, limits, out bool cut);
        if (cut && text.Length < HtmlContent.ShortText)
        {
            // the article may sit in an element named as furniture (the content pass keeps such an element when it
            // holds most of the page's paragraphs, or falls back to it): parse the whole page
            (text, meta) = ParseAndExtract(html, url, cutFurniture: false, limits, out _);
        }
        if (text.Length < HtmlContent.ShortText && meta.ArticleBody is { } ld && PageMetadata.BodyText(ld) is { } body
            && body.Length >= Math.Max(2 * text.Length, HtmlContent.ShortText / 2))
        {
            // rendered client-side (or behind a paywall): the page's own structured data holds the article; what the
            // DOM did show (a lead) stays in front
            text = HtmlContent.JoinLines(text, HtmlContent.LinesMissingFrom(body, text));
        }
        string title = meta.Title is { } t ? Clean(t) : "";
        text = CleanLines(text);
        if (title.Length == 0 && text.Length > 0)
        {
            int nl = text.IndexOf('\n', StringComparison.Ordinal);
            title = nl > 0 && nl < 200 ? text[..nl] : "";
        }
        return new ExtractedArticle
        {
            Title = limits.Cut(title, limits.Options.MaxTitleChars, "title"),
            Text = limits.Cut(text, limits.Options.MaxTextChars, "text", atLine: true),
            Published = PageMetadata.ParseDate(meta.Date),
            Author = meta.Author is { } a ? limits.Cut(Clean(a), limits.Options.MaxTitleChars, "author") : null,
            Site = meta.Site is { } site ? limits.Cut(Clean(site), limits.Options.MaxTitleChars, "site name") : null,
            Url = meta.Url,
            Description = meta.Description is { } d ? limits.Cut(Clean(d), limits.Options.MaxTextChars, "description") : null,
            DeclaredLanguage = meta.Language,
        };
    }

    private static (string Text, PageMetadata.Found Meta) ParseAndExtract(string html, string? url, bool cutFurniture, Limits limits, out bool cut)
    {
        var jsonLd = new List<string>();
        using var prepared = HtmlPrepass.Prepare(html, jsonLd, cutFurniture, out cut, limits);
        int max = limits.Options.MaxJsonLdChars;
        foreach (var block in jsonLd.Where(b => b.Length > max))
            limits.Warn(string.Create(CultureInfo.InvariantCulture, $"JSON-LD block of {block.Length:N0} characters not read (limit {max:N0})"));
        jsonLd.RemoveAll(b => b.Length > max);
        var parser = new HtmlParser(ParserOptions);
        using var doc = parser.ParseDocument(prepared.Memory);
        var meta = PageMetadata.Read(doc, jsonLd, url);
        string text = doc.Body is { } body ? HtmlContent.Extract(PageTree.Build(body, limits)) : "";
        return (text, meta);
    }

    internal static DateTimeOffset? ParseDate(string? value) => PageMetadata.ParseDate(value);

    /// <summary>Plain text from a flattened page: the first line is the title; the article is the best run of prose
    /// lines. A pure function of the text (a site's repeated lines are <see cref="SiteFurniture"/>'s business).</summary>
    internal static ExtractedArticle ExtractPlainText(string text, Limits? limits = null)
    {
        limits ??= new Limits(Limits.Defaults);
        if (text.Contains('\r', StringComparison.Ordinal))
            text = text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n'); // old Mac line ends are line ends too
        var (title, body) = TextLines.Extract(text);
        return new ExtractedArticle
        {
            Title = limits.Cut(Clean(title), limits.Options.MaxTitleChars, "title"),
            Text = limits.Cut(CleanLines(body), limits.Options.MaxTextChars, "text", atLine: true),
        };
    }

    /// <summary>Metadata and title text: entities decoded to the end, whitespace folded, controls dropped.</summary>
    internal static string Clean(string s) => Normalize(Entities.Decode(s));

    /// <summary>Body text: entities decoded to the end in each line (the parser decoded one level; what is left was
    /// escaped twice at the source, "&amp;amp;"), empty lines dropped.</summary>
    internal static string CleanLines(string text)
    {
        if (!text.Contains('&', StringComparison.Ordinal))
            return text;
        return string.Join('\n', text.Split('\n').Select(l => l.Contains('&', StringComparison.Ordinal) ? Normalize(Entities.Decode(l)) : l).Where(l => l.Length > 0));
    }

    internal static string Normalize(string s) => Whitespace.Collapse(s, dropControl: true);
}
