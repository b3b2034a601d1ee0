namespace Tidings.Core;

/// <summary>A story as the clusterer keeps it: the sum of its members' feature vectors, their number, its time range and languages.</summary>
public sealed record StoryState(long Id, string Title, FeatureVector Centroid, int Size, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> Languages)
{
    /// <summary>Earliest and latest publication date of the members that have one; the time window applies to these.</summary>
    public DateTimeOffset? PublishedFrom { get; init; }
    public DateTimeOffset? PublishedTo { get; init; }
}

/// <summary>Everything the streaming clusterer needs to pick up where it stopped; also what a writer catches up on
/// from other writers (then <see cref="Stories"/> are the changed stories and <see cref="DocumentFrequencies"/> the
/// current values of the changed features).</summary>
public sealed record ClusterState(IReadOnlyList<StoryState> Stories, IReadOnlyDictionary<ulong, int> DocumentFrequencies, int DocumentCount)
{
    /// <summary>The smallest story id no story in the database has (stories outside <see cref="Stories"/> count too).</summary>
    public long NextStoryId { get; init; } = 1;

    /// <summary>The database's change sequence this state is current to.</summary>
    public long Sequence { get; init; }

    public static ClusterState Empty { get; } = new([], new Dictionary<ulong, int>(), 0);
}
