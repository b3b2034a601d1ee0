using System.Globalization;
using Tidings.Core;

namespace Tidings.Ingest;

/// <summary>The first stage for documents whose reader found title, text and metadata ready-made (JSONL, news-please,
/// feed items): they are already on the document; this stage normalizes them (whitespace, control characters,
/// paragraphs kept), cuts them to the limits and rejects a document with no text.</summary>
internal sealed class GivenFieldsStage(IngestLimits limits) : IStage
{
    public string Name => "given-fields";
    public DocumentFields Requires => DocumentFields.Raw;
    public DocumentFields Assigns => DocumentFields.Text | DocumentFields.Title | DocumentFields.Metadata;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var lines = document.Text.Split('\n').Select(l => Whitespace.Collapse(l, dropControl: true)).Where(l => l.Length > 0);
        document.Text = LimitStage.Cut(string.Join('\n', lines), limits.MaxTextChars);
        document.Title = LimitStage.Cut(Whitespace.Collapse(document.Title, dropControl: true), limits.MaxTitleChars);
        if (document.Text.Length == 0)
            throw new DocumentRejectedException("no article text");
        if (document.Title.Length == 0)
        {
            int nl = document.Text.IndexOf('\n', StringComparison.Ordinal);
            var first = nl > 0 ? document.Text[..nl] : document.Text;
            document.Title = first.Length <= 200 ? first : LimitStage.Cut(first, 200);
        }
        document.Site = document.Site is { } s ? LimitStage.Cut(Whitespace.Collapse(s, dropControl: true), 200) : null;
        document.Author = document.Author is { } a ? LimitStage.Cut(Whitespace.Collapse(a, dropControl: true), 200) : null;
    }
}

/// <summary>Cuts what extraction found to the title and text limits (a 1 GB page must not become a 64 MB title).</summary>
internal sealed class LimitStage(IngestLimits limits) : IStage
{
    public string Name => "limits";
    public DocumentFields Requires => DocumentFields.Text | DocumentFields.Title;
    public DocumentFields Assigns => DocumentFields.Text | DocumentFields.Title;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var title = document.Title;
        var text = document.Text;
        document.Title = Cut(title, limits.MaxTitleChars);
        document.Text = Cut(text, limits.MaxTextChars);
        if (title.Length > limits.MaxTitleChars)
            document.Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"title cut to {limits.MaxTitleChars:N0} of {title.Length:N0} characters (--max-title-chars)"));
        if (text.Length > limits.MaxTextChars)
            document.Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"text cut to {limits.MaxTextChars:N0} of {text.Length:N0} characters (--max-text-chars)"));
    }

    /// <summary>At most <paramref name="max"/> characters, never splitting a surrogate pair.</summary>
    internal static string Cut(string s, int max)
    {
        if (s.Length <= max)
            return s;
        int n = Math.Max(0, max);
        if (n > 0 && char.IsHighSurrogate(s[n - 1]))
            n--;
        return s[..n];
    }
}
