using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Tidings.Core;

/// <summary>What a feature stands for. The kind sits in the top byte of each feature key, so that the clusterer can
/// weigh language-neutral evidence (names, places, numbers, dates) apart from words of one language.</summary>
public enum FeatureKind : byte
{
    /// <summary>A content word (stemmed) of one language; only meets the same language.</summary>
    Word = 1,
    /// <summary>A name reduced to a script-independent consonant skeleton (Путин and Putin meet).</summary>
    Name = 2,
    /// <summary>A place from the multilingual gazetteer (Москва, Moscow and 莫斯科 are one id).</summary>
    Place = 3,
    /// <summary>A number as written in the text, normalized (1,280 and 1 280 meet).</summary>
    Number = 4,
    /// <summary>A calendar day mentioned in the text, as month and day.</summary>
    Date = 5,
    /// <summary>A Latin-script token (acronym, brand) inside text of another script.</summary>
    Token = 6,
    /// <summary>An ordinary word's meaning, through bilingual dictionaries pivoting on English (Erdbeben, séisme and
    /// землетрясение are the concept of "earthquake").</summary>
    Concept = 7,
}

/// <summary>A sparse vector of hashed features with weights, sorted by key. Immutable once built.</summary>
public sealed class FeatureVector
{
    private readonly ulong[] _keys;
    private readonly float[] _values;

    public static FeatureVector Empty { get; } = new([], []);

    private FeatureVector(ulong[] keys, float[] values)
    {
        _keys = keys;
        _values = values;
    }

    public int Count => _keys.Length;

    public ReadOnlySpan<ulong> Keys => _keys;

    public ReadOnlySpan<float> Values => _values;

    public static FeatureKind KindOf(ulong key) => (FeatureKind)(key >> 56);

    /// <summary>The key for a feature of the given kind and text: FNV-1a 64 of the text, kind in the top byte.</summary>
    public static ulong Key(FeatureKind kind, ReadOnlySpan<char> text) => Key(kind, [], text);

    /// <summary>The key of the feature named <c>prefix:text</c> (or just <c>text</c> when the prefix is empty), without
    /// building that string: equal to <see cref="Key(FeatureKind, ReadOnlySpan{char})"/> of the joined name.</summary>
    public static ulong Key(FeatureKind kind, ReadOnlySpan<char> prefix, ReadOnlySpan<char> text)
    {
        ulong hash = 14695981039346656037UL;
        if (prefix.Length > 0)
        {
            foreach (char c in prefix)
            {
                hash ^= c;
                hash *= 1099511628211UL;
            }
            hash ^= ':';
            hash *= 1099511628211UL;
        }
        foreach (char c in text)
        {
            hash ^= c;
            hash *= 1099511628211UL;
        }
        return ((ulong)kind << 56) | (hash & 0x00FF_FFFF_FFFF_FFFFUL);
    }

    /// <summary>Builds a vector from key/weight pairs; weights of equal keys add up.</summary>
    public static FeatureVector FromCounts(IReadOnlyDictionary<ulong, float> counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var keys = new ulong[counts.Count];
        var values = new float[counts.Count];
        int i = 0;
        foreach (var (k, v) in counts)
        {
            keys[i] = k;
            values[i++] = v;
        }
        Array.Sort(keys, values);
        return new FeatureVector(keys, values);
    }

    /// <summary>Serializes as little-endian (count, keys, values).</summary>
    public byte[] ToBytes()
    {
        var bytes = new byte[4 + (_keys.Length * 12)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, _keys.Length);
        var keyBytes = MemoryMarshal.AsBytes(_keys.AsSpan());
        var valueBytes = MemoryMarshal.AsBytes(_values.AsSpan());
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Feature vectors are stored little-endian.");
        keyBytes.CopyTo(bytes.AsSpan(4));
        valueBytes.CopyTo(bytes.AsSpan(4 + keyBytes.Length));
        return bytes;
    }

    /// <summary>Reads what <see cref="ToBytes"/> wrote; anything malformed gives <see cref="Empty"/>.</summary>
    public static FeatureVector FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 4)
            return Empty;
        int n = BinaryPrimitives.ReadInt32LittleEndian(bytes);
        if (n <= 0 || (long)n * 12 + 4 != bytes.Length)
            return Empty;
        var keys = MemoryMarshal.Cast<byte, ulong>(bytes.Slice(4, n * 8)).ToArray();
        var values = MemoryMarshal.Cast<byte, float>(bytes.Slice(4 + (n * 8), n * 4)).ToArray();
        for (int i = 1; i < keys.Length; i++)
        {
            if (keys[i] <= keys[i - 1])
                return Empty;
        }
        return new FeatureVector(keys, values);
    }
}
