using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Tidings.Server;

/// <summary>A position in a list of matching stories (biggest, then newest, then highest id first): the last story of a page.</summary>
internal readonly record struct ListCursor(int Size, DateTimeOffset LastSeen, long Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{Size}|{LastSeen.ToUnixTimeSeconds()}|{Id}")));

    public static bool TryDecode(string? text, out ListCursor cursor)
    {
        cursor = default;
        if (string.IsNullOrEmpty(text) || text.Length > 200)
            return false;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('|');
            if (parts.Length == 3
                && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && long.TryParse(parts[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seen)
                && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                && seen is > -62135596800 and < 253402300800)
            {
                cursor = new ListCursor(size, DateTimeOffset.FromUnixTimeSeconds(seen), id);
                return true;
            }
        }
        catch (FormatException)
        {
        }
        return false;
    }
}

/// <summary>What the story list is asked for; <see cref="Cursor"/> is the next cursor of the previous page.</summary>
internal sealed record StoryListQuery(string? Language, DateTimeOffset? Since, DateTimeOffset? Until, string? Text, int Limit, string? Cursor);

/// <summary>A cursor that is not one this server gave out for this listing.</summary>
internal sealed class BadCursorException : Exception
{
    public BadCursorException() { }
    public BadCursorException(string message) : base(message) { }
    public BadCursorException(string message, Exception inner) : base(message, inner) { }
}

internal sealed record DayCount(string Day, int Count);

internal sealed record SourceCount(string Name, int Count);

/// <summary>One story in a list: what a reader needs to pick it.</summary>
internal sealed record StoryCard
{
    public required long Id { get; init; }
    public required string Title { get; init; }
    /// <summary>A headline per language (the first article's in that language), so a page can show the reader's.</summary>
    public required IReadOnlyDictionary<string, string> Titles { get; init; }
    public required IReadOnlyList<string> Languages { get; init; }
    public required IReadOnlyDictionary<string, int> LanguageCounts { get; init; }
    public required int Articles { get; init; }
    /// <summary>Members that are reports of their own, and near-copies of one of them (syndication, wire copies).</summary>
    public int Reports { get; init; }
    public int Copies { get; init; }
    /// <summary>Its members' publication dates (null when none had one), apart from when they came in.</summary>
    public DateTimeOffset? FirstPublished { get; init; }
    public DateTimeOffset? LastPublished { get; init; }
    public required DateTimeOffset FirstSeen { get; init; }
    public required DateTimeOffset LastSeen { get; init; }
    public required IReadOnlyList<SourceCount> Sources { get; init; }
    /// <summary>Articles per day (by publication date, else arrival), for a sparkline.</summary>
    public required IReadOnlyList<DayCount> Timeline { get; init; }
}

internal sealed record StoryListPage(IReadOnlyList<StoryCard> Stories, string? NextCursor);

/// <summary>An article as the API shows it.</summary>
internal sealed record ArticleView
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Language { get; init; }
    public string? Url { get; init; }
    public string? Site { get; init; }
    public string? Author { get; init; }
    public DateTimeOffset? Published { get; init; }
    public required DateTimeOffset IngestedAt { get; init; }
    public long? StoryId { get; init; }
    /// <summary>The whole text; only on the document endpoint.</summary>
    public string? Text { get; init; }
}

internal sealed record LanguageGroup(string Language, IReadOnlyList<ArticleView> Articles);

internal sealed record StoryDetail(StoryCard Story, IReadOnlyList<LanguageGroup> Groups);

internal sealed record SearchResult(ArticleView Article, string Snippet);

/// <summary>The queries the server answers. One seam over the store, so the endpoints do not know the database.</summary>
internal interface IReadModel
{
    /// <exception cref="BadCursorException">The cursor is not one this server gave out.</exception>
    Task<StoryListPage> ListStoriesAsync(StoryListQuery query, CancellationToken cancellation);

    Task<StoryDetail?> GetStoryAsync(long id, CancellationToken cancellation);

    Task<ArticleView?> GetArticleAsync(string id, CancellationToken cancellation);

    /// <summary>The story of each stored article among <paramref name="ids"/>.</summary>
    Task<IReadOnlyDictionary<string, long?>> StoriesOfAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation);

    Task<IReadOnlyList<SearchResult>> SearchAsync(string text, string? language, int limit, CancellationToken cancellation);

    Task<IReadOnlyList<StoryCard>> CardsAsync(IReadOnlyCollection<long> storyIds, CancellationToken cancellation);

    Task<long> CountArticlesAsync(CancellationToken cancellation);

    /// <summary>This server committed a write: what was read before may be out of date.</summary>
    void Changed();
}
