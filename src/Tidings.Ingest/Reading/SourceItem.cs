using Tidings.Core;

namespace Tidings.Ingest.Reading;

/// <summary>Where to continue reading an input: a byte offset the reader can seek to (-1 when it cannot seek) and
/// the number of records read before it.</summary>
internal readonly record struct ReadPosition(long Offset, long Records)
{
    public static readonly ReadPosition Start = new(0, 0);
}

internal enum ItemKind
{
    /// <summary>A document to run through the pipeline.</summary>
    Document,
    /// <summary>A record that could not be read (truncated, malformed): counted as failed.</summary>
    Bad,
    /// <summary>A record deliberately not read (over a limit, not a page): counted as skipped.</summary>
    Skipped,
}

/// <summary>Title, text and metadata a reader found ready-made (JSONL, news-please, feed items): they skip HTML
/// extraction.</summary>
internal sealed record GivenArticle(string Title, string Text)
{
    public DateTimeOffset? Published { get; init; }
    public string? Url { get; init; }
    public string? Site { get; init; }
    public string? Author { get; init; }
}

/// <summary>One thing a reader found in an input.</summary>
internal sealed record SourceItem(ItemKind Kind, Provenance Where, ReadPosition After)
{
    public RawDocument? Raw { get; init; }
    public GivenArticle? Given { get; init; }
    public string? Problem { get; init; }

    public static SourceItem Bad(Provenance where, ReadPosition after, string problem) => new(ItemKind.Bad, where, after) { Problem = problem };
    public static SourceItem Skip(Provenance where, ReadPosition after, string reason) => new(ItemKind.Skipped, where, after) { Problem = reason };
}
