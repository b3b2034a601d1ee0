namespace Tidings.Extraction;

/// <summary>What extraction found in one page: the article text and its metadata.</summary>
public sealed record ExtractedArticle
{
    public string Title { get; init; } = "";
    public string Text { get; init; } = "";
    public DateTimeOffset? Published { get; init; }
    public string? Author { get; init; }
    public string? Site { get; init; }
    public string? Url { get; init; }
    public string? Description { get; init; }
    /// <summary>Language the page declares about itself (html lang, og:locale), if any.</summary>
    public string? DeclaredLanguage { get; init; }
    /// <summary>What was cut because the page went over a limit (<see cref="ExtractionOptions"/>); empty when nothing was.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The character encoding the bytes were decoded with.</summary>
    public string Encoding { get; init; } = "utf-8";
}
