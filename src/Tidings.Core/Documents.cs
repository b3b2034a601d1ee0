namespace Tidings.Core;

/// <summary>What kind of content a raw document holds, as far as the reader could tell.</summary>
public enum ContentKind
{
    Unknown = 0,
    Html,
    Text,
}

/// <summary>A crawled page as it came in: bytes and where they came from.</summary>
public sealed record RawDocument(string Source, byte[] Content, ContentKind Kind = ContentKind.Unknown, string? Url = null, string? Charset = null)
{
    /// <summary>When the page was fetched or read.</summary>
    public DateTimeOffset FetchedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>What the sender says about the page (an API client's title, date, language, site); each stated field
    /// replaces what the stage that assigns it found, before later stages read it.</summary>
    public DocumentHints? Hints { get; init; }
}

/// <summary>Fields a sender states about a document. Null means "not stated": the pipeline finds it.</summary>
public sealed record DocumentHints
{
    public string? Title { get; init; }
    public DateTimeOffset? Published { get; init; }
    public LanguageTag? Language { get; init; }
    public string? Site { get; init; }
}

/// <summary>What kind of page a document is, after the page types of the WCXB benchmark.</summary>
public enum PageKind
{
    /// <summary>Not classified (older rows, or a pipeline without the page-kind stage).</summary>
    Unknown = 0,
    /// <summary>A report, post or essay: prose with a headline.</summary>
    Article,
    Forum,
    Product,
    Collection,
    Listing,
    Documentation,
    Service,
}

/// <summary>One article as stored: the clean text with what the pipeline learned about it.</summary>
public sealed record Article
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Text { get; init; }
    public LanguageTag Language { get; init; } = LanguageTag.Undetermined;
    public double LanguageConfidence { get; init; }
    public string? Path { get; init; }
    public string? Url { get; init; }
    public DateTimeOffset? Published { get; init; }
    public string? Author { get; init; }
    public string? Site { get; init; }
    public DateTimeOffset IngestedAt { get; init; } = DateTimeOffset.UtcNow;
    public long? StoryId { get; init; }

    /// <summary>What kind of page the article came from; only reports (<see cref="PageKind.Article"/>, or
    /// <see cref="PageKind.Unknown"/> when nothing classified it) join stories on evidence.</summary>
    public PageKind PageKind { get; init; } = PageKind.Unknown;

    /// <summary>True when the article is a near-copy of a report already in its story (syndication, wire copy).</summary>
    public bool IsCopy { get; init; }

    /// <summary>How close its headline is to its story's headline profile when it joined (1 for a story's first report).</summary>
    public double Centrality { get; init; }

    /// <summary>Why the story engine put it where it is (its decision, the scorer's features and their contributions),
    /// as JSON; null for articles stored before the story engine kept it.</summary>
    public string? Evidence { get; init; }

    /// <summary>The time the article counts for in a story: its publication date when known, else when it came in.</summary>
    public DateTimeOffset SeenAt => Published ?? IngestedAt;

    /// <summary>Where it came from, as a story card counts sources: its site name, else its URL's host without
    /// "www." (null when it has neither).</summary>
    public string? Source
    {
        get
        {
            if (!string.IsNullOrWhiteSpace(Site))
                return Site.Trim();
            if (Url is { } u && Uri.TryCreate(u, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
                return uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
            return null;
        }
    }
}

/// <summary>A story: articles about one event, in any number of languages.</summary>
public sealed record Story
{
    public required long Id { get; init; }
    public required string Title { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    public required int ArticleCount { get; init; }
    public required DateTimeOffset FirstSeen { get; init; }
    public required DateTimeOffset LastSeen { get; init; }

    /// <summary>Members that are reports of their own, and members that are near-copies of one of them
    /// (<see cref="ArticleCount"/> counts both).</summary>
    public int Reports { get; init; }
    public int Copies { get; init; }

    /// <summary>The earliest and latest publication dates of its members (null when none had one); apart from
    /// <see cref="FirstSeen"/>/<see cref="LastSeen"/>, which are when its members came in.</summary>
    public DateTimeOffset? FirstPublished { get; init; }
    public DateTimeOffset? LastPublished { get; init; }
}
