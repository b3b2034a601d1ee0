namespace Tidings.Core;

/// <summary>A story as the clusterer keeps it: the mean of its members' feature vectors (cut to the strongest keys),
/// their number, its time ranges and languages, and what the story engine needs to resume.</summary>
public sealed record StoryState(long Id, string Title, FeatureVector Centroid, int Size, DateTimeOffset FirstSeen, DateTimeOffset LastSeen, IReadOnlyList<string> Languages)
{
    /// <summary>Earliest and latest publication date of the members that have one (first/last published).</summary>
    public DateTimeOffset? PublishedFrom { get; init; }
    public DateTimeOffset? PublishedTo { get; init; }

    /// <summary>Members that are reports of their own, and members that are near-copies of one (Size = both).</summary>
    public int Reports { get; init; }
    public int Copies { get; init; }

    /// <summary>The mean of the members' headline vectors.</summary>
    public FeatureVector TitleVector { get; init; } = FeatureVector.Empty;

    /// <summary>The headline vector of the most central member (whose title is the story's).</summary>
    public FeatureVector CentralTitle { get; init; } = FeatureVector.Empty;

    /// <summary>SimHash fingerprints of the reports (for recognizing copies), newest last, bounded.</summary>
    public IReadOnlyList<ulong> Fingerprints { get; init; } = [];

    /// <summary>False when every member is a page that is not a report (product, listing, forum...): such a story
    /// takes only near-copies.</summary>
    public bool IsReport { get; init; } = true;

    /// <summary>The mean of the unit-length embeddings of the reports that had one (null when none did: no embedder
    /// was configured), and how many did.</summary>
    public float[]? Dense { get; init; }
    public int DenseMembers { get; init; }

    /// <summary>Set when this story was merged into another (its one report arrived before any other report of its
    /// event and joined that event's story later): the story it now belongs to. A merged story has no members; the
    /// store keeps it so that its id still leads to the story and other writers learn of the merge.</summary>
    public long? MergedInto { get; init; }
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
