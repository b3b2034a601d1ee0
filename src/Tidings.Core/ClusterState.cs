namespace Tidings.Core;

/// <summary>A story as the clusterer keeps it: the sum of its members' feature vectors, their number, its time range and languages.</summary>
public sealed record StoryState(long Id, string Title, FeatureVector Centroid, int Size, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> Languages)
{
    /// <summary>Earliest and latest publication date of the members that have one; the time window applies to these.</summary>
    public DateTimeOffset? PublishedFrom { get; init; }
    public DateTimeOffset? PublishedTo { get; init; }
}

/// <summary>Everything the streaming clusterer needs to pick up where it stopped.</summary>
public sealed record ClusterState(IReadOnlyList<StoryState> Stories, IReadOnlyDictionary<ulong, int> DocumentFrequencies, int DocumentCount)
{
    public static ClusterState Empty { get; } = new([], new Dictionary<ulong, int>(), 0);
}
