namespace Tidings.Extraction;

/// <summary>Limits on what extraction takes in from one page. A page over a limit is cut at the limit and the article
/// says so in <see cref="ExtractedArticle.Warnings"/>; it is never silently emptied. (How many bytes are read from a
/// file or a decompressed stream is the readers' limit, <c>Tidings.Ingest.PageSource</c>.)</summary>
public sealed record ExtractionOptions
{
    /// <summary>Markup parsed, in characters, after scripts, styles and comments are removed (the rest is cut).</summary>
    public int MaxMarkupChars { get; init; } = 4_000_000;

    /// <summary>Elements copied into the page tree; the rest of a larger page is cut.</summary>
    public int MaxNodes { get; init; } = 500_000;

    /// <summary>Elements nested deeper than this are flattened into their ancestor at this depth.</summary>
    public int MaxDepth { get; init; } = 400;

    /// <summary>A JSON-LD block larger than this, in characters, is not read.</summary>
    public int MaxJsonLdChars { get; init; } = 1_000_000;

    /// <summary>Longest title kept, in characters.</summary>
    public int MaxTitleChars { get; init; } = 1_000;

    /// <summary>Longest article text kept, in characters (cut at a line end when there is one in the second half).</summary>
    public int MaxTextChars { get; init; } = 1_000_000;

    internal void Validate()
    {
        if (MaxMarkupChars < 1_000 || MaxNodes < 100 || MaxDepth < 16 || MaxJsonLdChars < 0 || MaxTitleChars < 10 || MaxTextChars < 100)
            throw new ArgumentOutOfRangeException(nameof(ExtractionOptions), this, "an extraction limit is too small to extract anything");
    }
}

/// <summary>The limits of one extraction and the warnings it collected.</summary>
internal sealed class Limits(ExtractionOptions options)
{
    internal static readonly ExtractionOptions Defaults = new();

    private List<string>? _warnings;

    internal ExtractionOptions Options { get; } = options;

    internal IReadOnlyList<string> Warnings => _warnings ?? (IReadOnlyList<string>)[];

    internal void Warn(string message)
    {
        _warnings ??= [];
        if (!_warnings.Contains(message, StringComparer.Ordinal))
            _warnings.Add(message);
    }

    /// <summary>At most <paramref name="max"/> characters, not splitting a surrogate pair; with <paramref name="atLine"/>,
    /// at the last line end in the second half when there is one.</summary>
    internal string Cut(string s, int max, string what, bool atLine = false)
    {
        if (s.Length <= max)
            return s;
        int end = max;
        if (atLine && s.LastIndexOf('\n', max - 1) is var nl and > 0 && nl >= max / 2)
            end = nl;
        else if (char.IsHighSurrogate(s[end - 1]))
            end--;
        Warn(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{what} cut at {max:N0} characters (it had {s.Length:N0})"));
        return s[..end].TrimEnd();
    }
}
