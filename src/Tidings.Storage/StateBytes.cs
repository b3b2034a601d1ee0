using System.Buffers.Binary;
using Tidings.Core;

namespace Tidings.Storage;

/// <summary>The story engine's per-story state as stored bytes (the same on both stores).</summary>
internal static class StateBytes
{
    /// <summary>SimHash fingerprints as 8 little-endian bytes each.</summary>
    public static byte[] Fingerprints(IReadOnlyList<ulong> fingerprints)
    {
        var bytes = new byte[fingerprints.Count * 8];
        for (int i = 0; i < fingerprints.Count; i++)
            BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), fingerprints[i]);
        return bytes;
    }

    /// <summary>Reads <see cref="Fingerprints(IReadOnlyList{ulong})"/>; a trailing partial entry is ignored.</summary>
    public static ulong[] Fingerprints(byte[]? bytes)
    {
        if (bytes is null)
            return [];
        var list = new ulong[bytes.Length / 8];
        for (int i = 0; i < list.Length; i++)
            list[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(i * 8));
        return list;
    }

    /// <summary>A story's dense centroid: the number of reports in it (4 bytes), then the mean embedding as
    /// little-endian float32s; empty when the story has none (no embedder configured).</summary>
    public static byte[] Dense(float[]? mean, int members)
    {
        if (mean is not { Length: > 0 })
            return [];
        var bytes = new byte[4 + (mean.Length * 4)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, Math.Max(1, members));
        for (int i = 0; i < mean.Length; i++)
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(4 + (i * 4)), mean[i]);
        return bytes;
    }

    /// <summary>Reads <see cref="Dense(float[], int)"/>: null and 0 for no centroid (a row of an older version, or an
    /// entry that is not whole).</summary>
    public static (float[]? Mean, int Members) Dense(byte[]? bytes)
    {
        if (bytes is null || bytes.Length < 8 || bytes.Length % 4 != 0)
            return (null, 0);
        var mean = new float[(bytes.Length - 4) / 4];
        for (int i = 0; i < mean.Length; i++)
            mean[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 + (i * 4)));
        return (mean, Math.Max(1, BinaryPrimitives.ReadInt32LittleEndian(bytes)));
    }

    /// <summary>The state with its stored dense centroid.</summary>
    public static StoryState WithDense(this StoryState state, byte[]? bytes)
    {
        var (mean, members) = Dense(bytes);
        return mean is null ? state : state with { Dense = mean, DenseMembers = members };
    }

    /// <summary>A stored feature vector, or the empty vector for a row of an older version.</summary>
    public static FeatureVector Vector(byte[]? bytes) => bytes is null ? FeatureVector.Empty : FeatureVector.FromBytes(bytes);
}
