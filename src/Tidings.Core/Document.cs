namespace Tidings.Core;

/// <summary>The working state of one page as it moves through the pipeline. Each stage fills in the fields it assigns.</summary>
public sealed class Document
{
    public Document(RawDocument raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Raw = raw;
    }

    public RawDocument Raw { get; }
    public string Title { get; set; } = "";
    public string Text { get; set; } = "";
    public DateTimeOffset? Published { get; set; }
    public string? Author { get; set; }
    public string? Site { get; set; }
    public string? Url { get; set; }
    public LanguageTag Language { get; set; } = LanguageTag.Undetermined;
    public double LanguageConfidence { get; set; }
    public string Id { get; set; } = "";
    public FeatureVector Features { get; set; } = FeatureVector.Empty;

    /// <summary>The features of the headline alone (the story engine compares titles apart).</summary>
    public FeatureVector TitleFeatures { get; set; } = FeatureVector.Empty;

    /// <summary>What kind of page this is (a report, or a product page, forum thread, listing...).</summary>
    public PageKind PageKind { get; set; } = PageKind.Unknown;

    /// <summary>The fields assigned so far.</summary>
    public DocumentFields Assigned { get; internal set; } = DocumentFields.Raw;

    /// <summary>Turns the finished document into the article record that is stored.</summary>
    public Article ToArticle() => new()
    {
        Id = Id,
        Title = Title,
        Text = Text,
        Language = Language,
        LanguageConfidence = LanguageConfidence,
        Path = Raw.Source,
        Url = Url ?? Raw.Url,
        Published = Published,
        Author = Author,
        Site = Site,
        IngestedAt = Raw.FetchedAt,
        PageKind = PageKind,
    };
}
