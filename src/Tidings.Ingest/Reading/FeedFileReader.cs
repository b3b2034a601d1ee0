using System.Text;
using System.Xml;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Tidings.Ingest.Reading;

/// <summary>RSS 2.0, RSS 1.0 (RDF) and Atom feeds, parsed by CodeHollow.FeedReader. Each item becomes a document
/// from its title, its content (else its description) as text, its link and date; the linked page is not fetched.
/// A file that is not a well-formed feed is one bad record; an item without text is a bad record of its own.</summary>
internal sealed class FeedFileReader : IDocumentReader
{
    public string Format => "feed";

    public IEnumerable<SourceItem> Read(ReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        byte[]? bytes;
        string? problem = null;
        using (var stream = context.OpenDecompressed())
        {
            try
            {
                bytes = Inputs.ReadAtMost(stream, context.Limits.MaxDocumentBytes);
            }
            catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException or EndOfStreamException)
            {
                bytes = null;
                problem = e.Message;
            }
        }
        if (bytes is null)
        {
            yield return problem is not null
                ? SourceItem.Bad(context.Where(0), new ReadPosition(-1, 1), problem)
                : SourceItem.Skip(context.Where(0), new ReadPosition(-1, 1), $"feed over the limit of {context.Limits.MaxDocumentBytes:N0} bytes (--max-document-bytes)");
            yield break;
        }
        bytes = WithoutDoctype(bytes);
        if (TooDeep(bytes) is { } deep)
        {
            yield return SourceItem.Bad(context.Where(0), new ReadPosition(-1, 1), deep);
            yield break;
        }
        CodeHollow.FeedReader.Feed feed;
        try
        {
            feed = CodeHollow.FeedReader.FeedReader.ReadFromByteArray(bytes);
        }
#pragma warning disable CA1031 // the feed library throws several exception types for input that is not a feed; each is one bad record
        catch (Exception e)
#pragma warning restore CA1031
        {
            feed = null!;
            problem = $"not a well-formed RSS or Atom feed: {e.Message}";
        }
        if (problem is not null)
        {
            yield return SourceItem.Bad(context.Where(0), new ReadPosition(-1, 1), problem);
            yield break;
        }
        string? site = Uri.TryCreate(feed.Link, UriKind.Absolute, out var siteUri) ? siteUri.Host : null;
        long index = 0;
        foreach (var item in feed.Items)
        {
            index++;
            var where = context.Where(-1, index, item.Id, item.Link);
            var after = new ReadPosition(-1, index);
            if (index <= context.Start.Records)
                continue;
            if (index > context.Limits.MaxRecordsPerFile)
            {
                yield return SourceItem.Skip(where, after, $"more than {context.Limits.MaxRecordsPerFile:N0} items in one feed (--max-records); the rest is skipped");
                yield break;
            }
            string title = HtmlToText(item.Title ?? "");
            string text = HtmlToText(!string.IsNullOrWhiteSpace(item.Content) ? item.Content : item.Description ?? "");
            if (text.Length == 0)
            {
                yield return SourceItem.Bad(where, after, "feed item without content or description");
                continue;
            }
            DateTimeOffset? published = item.PublishingDate is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, d.Kind == DateTimeKind.Unspecified ? DateTimeKind.Utc : d.Kind)) : JsonRecords.ParseDate(item.PublishingDateString);
            yield return new SourceItem(ItemKind.Document, where, after)
            {
                Given = new GivenArticle(title, text) { Url = item.Link, Published = published, Site = site, Author = string.IsNullOrWhiteSpace(item.Author) ? null : item.Author },
            };
        }
    }

    /// <summary>Deepest element nesting of a feed read (real feeds nest fewer than ten levels; the feed library takes
    /// seconds on a feed nested 50,000 deep).</summary>
    internal const int MaxDepth = 100;

    /// <summary>Why the feed is refused for its nesting, or null: one streaming pass of the XML reader (a feed that is
    /// not well-formed is left to the feed library to report).</summary>
    internal static string? TooDeep(byte[] bytes)
    {
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, CheckCharacters = false, IgnoreWhitespace = true };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes, writable: false), settings);
            while (reader.Read())
            {
                if (reader.Depth > MaxDepth)
                    return $"feed nested deeper than {MaxDepth} elements: not read";
            }
        }
        catch (XmlException)
        {
        }
        return null;
    }

    /// <summary>The feed with its document type declaration blanked out: a feed needs none, and its internal subset is
    /// where entity bombs ("billion laughs") and external entities live. A reference to an entity it declared then
    /// makes the feed not well-formed: one bad record.</summary>
    internal static byte[] WithoutDoctype(byte[] bytes)
    {
        var head = bytes.AsSpan(0, Math.Min(bytes.Length, 1 << 20));
        int start = head.IndexOf("<!DOCTYPE"u8);
        if (start < 0)
            return bytes;
        int root = head.IndexOf("<rss"u8) is var r and >= 0 ? r : int.MaxValue;
        root = Math.Min(root, head.IndexOf("<feed"u8) is var f and >= 0 ? f : int.MaxValue);
        root = Math.Min(root, head.IndexOf("<rdf"u8) is var d and >= 0 ? d : int.MaxValue);
        if (start > root)
            return bytes;
        // the end: the first '>' outside brackets and quotes
        int depth = 0, end = -1;
        byte quote = 0;
        for (int i = start + 9; i < bytes.Length && end < 0; i++)
        {
            byte c = bytes[i];
            if (quote != 0)
            {
                if (c == quote)
                    quote = 0;
            }
            else if (c is (byte)'"' or (byte)'\'')
            {
                quote = c;
            }
            else if (c == '[')
            {
                depth++;
            }
            else if (c == ']')
            {
                depth--;
            }
            else if (c == '>' && depth <= 0)
            {
                end = i;
            }
        }
        var copy = (byte[])bytes.Clone();
        copy.AsSpan(start, (end < 0 ? bytes.Length - 1 : end) - start + 1).Fill((byte)' ');
        return copy;
    }

    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = true, SkipComments = true, SkipScriptText = true });

    /// <summary>Text of an HTML fragment (feed descriptions are HTML, often escaped twice): block elements become
    /// line breaks, scripts and styles are dropped.</summary>
    internal static string HtmlToText(string html)
    {
        if (html.AsSpan().IndexOfAny('<', '&') < 0)
            return Tidings.Core.Whitespace.Collapse(html, dropControl: true);
        using var doc = Parser.ParseDocument("<body>" + html + "</body>");
        var sb = new StringBuilder();
        Walk(doc.Body!, sb);
        var lines = sb.ToString().Split('\n').Select(l => Tidings.Core.Whitespace.Collapse(l, dropControl: true)).Where(l => l.Length > 0);
        return string.Join('\n', lines);
    }

    private static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText t:
                    sb.Append(t.Data);
                    break;
                case IElement e when e.LocalName is "script" or "style" or "noscript" or "template":
                    break;
                case IElement e:
                    bool block = e.LocalName is "p" or "div" or "br" or "li" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "blockquote" or "tr" or "section" or "article" or "figure" or "figcaption" or "pre";
                    if (block)
                        sb.Append('\n');
                    Walk(e, sb);
                    if (block)
                        sb.Append('\n');
                    break;
            }
        }
    }
}
