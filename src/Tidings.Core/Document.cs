namespace Tidings.Core;

/// <summary>The working state of one page as it moves through the pipeline. Each stage fills in the fields it assigns.
/// The document records which fields were read and written while a stage runs, so the pipeline can check (in debug
/// builds and tests) that a stage reads only what it requires and writes everything it declares.</summary>
public sealed class Document
{
    private string _title = "";
    private string _text = "";
    private DateTimeOffset? _published;
    private string? _author;
    private string? _site;
    private string? _url;
    private LanguageTag _language = LanguageTag.Undetermined;
    private double _languageConfidence;
    private string _id = "";
    private FeatureVector _features = FeatureVector.Empty;
    private IReadOnlySet<string> _furniture = NoLines;
    private FeatureVector _titleFeatures = FeatureVector.Empty;
    private PageKind _pageKind = PageKind.Unknown;

    private static readonly IReadOnlySet<string> NoLines = new HashSet<string>();

    public Document(RawDocument raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        Raw = raw;
    }

    public RawDocument Raw { get; }
    public string Title { get => Get(_title, DocumentFields.Title); set => _title = Set(value, DocumentFields.Title); }
    public string Text { get => Get(_text, DocumentFields.Text); set => _text = Set(value, DocumentFields.Text); }
    public DateTimeOffset? Published { get => Get(_published, DocumentFields.Metadata); set => _published = Set(value, DocumentFields.Metadata); }
    public string? Author { get => Get(_author, DocumentFields.Metadata); set => _author = Set(value, DocumentFields.Metadata); }
    public string? Site { get => Get(_site, DocumentFields.Metadata); set => _site = Set(value, DocumentFields.Metadata); }
    public string? Url { get => Get(_url, DocumentFields.Metadata); set => _url = Set(value, DocumentFields.Metadata); }
    public LanguageTag Language { get => Get(_language, DocumentFields.Language); set => _language = Set(value, DocumentFields.Language); }
    public double LanguageConfidence { get => Get(_languageConfidence, DocumentFields.Language); set => _languageConfidence = Set(value, DocumentFields.Language); }
    public string Id { get => Get(_id, DocumentFields.Id); set => _id = Set(value, DocumentFields.Id); }
    public FeatureVector Features { get => Get(_features, DocumentFields.Features); set => _features = Set(value, DocumentFields.Features); }

    /// <summary>Lines of <see cref="Text"/> that the page's site repeats elsewhere (see <see cref="DocumentFields.Furniture"/>).</summary>
    public IReadOnlySet<string> Furniture { get => Get(_furniture, DocumentFields.Furniture); set => _furniture = Set(value ?? NoLines, DocumentFields.Furniture); }

    /// <summary>The text without its site furniture lines: what the features are computed from.</summary>
    public string FeatureText
    {
        get
        {
            var furniture = Furniture;
            var text = Text;
            return furniture.Count == 0 ? text : string.Join('\n', text.Split('\n').Where(l => !furniture.Contains(l)));
        }
    }

    /// <summary>What a stage cut or worked around on this page (it went over a limit): reported beside the page, the
    /// page itself goes in.</summary>
    public IList<string> Warnings { get; } = new List<string>();

    /// <summary>The features of the headline alone (the story engine compares titles apart).</summary>
    public FeatureVector TitleFeatures { get => Get(_titleFeatures, DocumentFields.Features); set => _titleFeatures = Set(value, DocumentFields.Features); }

    /// <summary>What kind of page this is (a report, or a product page, forum thread, listing...).</summary>
    public PageKind PageKind { get => Get(_pageKind, DocumentFields.PageKind); set => _pageKind = Set(value, DocumentFields.PageKind); }

    /// <summary>The fields assigned so far.</summary>
    public DocumentFields Assigned { get; internal set; } = DocumentFields.Raw;

    /// <summary>Fields read and written since the pipeline last reset the record (while one stage runs).</summary>
    internal DocumentFields ReadFields { get; private set; }
    internal DocumentFields WrittenFields { get; private set; }

    internal void ResetAccess()
    {
        ReadFields = DocumentFields.None;
        WrittenFields = DocumentFields.None;
    }

    private T Get<T>(T value, DocumentFields field)
    {
        ReadFields |= field;
        return value;
    }

    private T Set<T>(T value, DocumentFields field)
    {
        WrittenFields |= field;
        return value;
    }

    /// <summary>Turns the finished document into the article record that is stored.</summary>
    public Article ToArticle() => new()
    {
        Id = _id,
        Title = _title,
        Text = _text,
        Language = _language,
        LanguageConfidence = _languageConfidence,
        Path = Raw.Source,
        Url = _url ?? Raw.Url,
        Published = _published,
        Author = _author,
        Site = _site,
        IngestedAt = Raw.FetchedAt,
        PageKind = _pageKind,
    };
}
