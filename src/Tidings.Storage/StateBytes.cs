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

    /// <summary>A stored feature vector, or the empty vector for a row of an older version.</summary>
    public static FeatureVector Vector(byte[]? bytes) => bytes is null ? FeatureVector.Empty : FeatureVector.FromBytes(bytes);
}
