using Tidings.Core;

namespace Tidings.Storage;

internal static class ClusterStateKeys
{
    /// <summary>Feature keys as both stores keep them: signed 64-bit integers with the same bits.</summary>
    public static long[] AsStored(IEnumerable<ulong> keys) => keys.Select(k => unchecked((long)k)).ToArray();

    /// <summary>The distinct feature keys of the stories' centroids and title vectors: the document frequencies a
    /// resumed clusterer needs before its first article (story profiles are weighed by them).</summary>
    public static HashSet<ulong> Of(IReadOnlyList<StoryState> stories)
    {
        var keys = new HashSet<ulong>();
        foreach (var s in stories)
        {
            foreach (var k in s.Centroid.Keys)
                keys.Add(k);
            foreach (var k in s.TitleVector.Keys)
                keys.Add(k);
        }
        return keys;
    }
}
