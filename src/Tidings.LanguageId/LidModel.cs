using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace Tidings.LanguageId;

/// <summary>The n-gram model of one script. Each feature (character n-gram of order 1–5, or a whole word) has a sparse
/// list of (language, delta) entries: the language's cost for it (−ln p × <see cref="LidModel.Scale"/>) minus the floor
/// cost every language pays for a feature of that kind it has not seen.</summary>
internal sealed class ScriptModel
{
    internal const int Kinds = 6; // 0 = word, 1..5 = character n-gram order

    internal ScriptModel(Script script, string[] tags, byte[] floors, int[] sizes, int[] offsets, int[] entries, FeatureTable table,
        short[] dense, int denseStride)
    {
        Dense = dense;
        DenseStride = denseStride;
        Script = script;
        Tags = tags;
        Floors = floors;
        Sizes = sizes;
        Offsets = offsets;
        Entries = entries;
        Table = table;
    }

    internal Script Script { get; }
    internal string[] Tags { get; }
    internal int Count => Tags.Length;
    /// <summary>Training words per language (a small corpus makes a less reliable model).</summary>
    internal int[] Sizes { get; }
    /// <summary>[kind * Count + language]: cost of an unseen feature.</summary>
    internal byte[] Floors { get; }
    /// <summary>Feature f's entries are [Offsets[f], Offsets[f + 1]).</summary>
    internal int[] Offsets { get; }
    /// <summary>Each entry is (delta &lt;&lt; 8) | language.</summary>
    internal int[] Entries { get; }
    internal FeatureTable Table { get; }

    /// <summary>Features most languages share (≥ <see cref="LidModel.DenseMin"/> entries) also as dense rows of deltas,
    /// one short per language, added with SIMD; the table maps them to <c>Offsets.Length - 1 + dense row</c>.</summary>
    internal short[] Dense { get; }
    internal int DenseStride { get; }
}

/// <summary>Open-addressing table from 32-bit feature keys to row indexes: one array of 64-bit slots (key in the upper
/// half, row in the lower), so a lookup touches one cache line.</summary>
internal sealed class FeatureTable
{
    private readonly ulong[] _slots;
    private readonly int _shift;
    private readonly int _mask;

    internal FeatureTable(int count)
    {
        int cap = 1 << Math.Max(4, (int)Math.Ceiling(Math.Log2(Math.Max(1, count) * 1.6)));
        _slots = new ulong[cap];
        _mask = cap - 1;
        _shift = 32 - System.Numerics.BitOperations.Log2((uint)cap);
    }

    internal void Add(uint key, int row)
    {
        int i = (int)((key * 0x9E3779B1u) >> _shift);
        while (_slots[i] != 0 && (uint)(_slots[i] >> 32) != key)
            i = (i + 1) & _mask;
        _slots[i] = ((ulong)key << 32) | (uint)row;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Find(uint key)
    {
        int i = (int)((key * 0x9E3779B1u) >> _shift);
        var slots = _slots;
        while (true)
        {
            ulong s = slots[i];
            if ((uint)(s >> 32) == key)
                return (int)(uint)s;
            if (s == 0)
                return -1;
            i = (i + 1) & _mask;
        }
    }
}

/// <summary>Feature hashing shared by the loader and the detector (FNV-1a over UTF-16 code units, one seed per kind).</summary>
internal static class FeatureHash
{
    internal const ulong GramSeed = 0xCBF29CE484222325UL;
    internal const ulong WordSeed = 0x84222325CBF29CE4UL;
    internal const ulong Prime = 0x100000001B3UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static ulong Step(ulong h, char c) => (h ^ c) * Prime;

    internal static ulong Of(ulong seed, ReadOnlySpan<char> s)
    {
        ulong h = seed;
        foreach (char c in s)
            h = Step(h, c);
        return h;
    }

    /// <summary>The 32-bit table key of a 64-bit hash (never 0, which marks an empty slot).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static uint Key(ulong h)
    {
        uint k = (uint)(h ^ (h >> 32));
        return k == 0 ? 1 : k;
    }
}

/// <summary>All script models, loaded once from the embedded resource Models/lid.bin.gz (built by tools/lid/build-model.sh).</summary>
internal sealed class LidModel
{
    internal const double Scale = 8.0;
    internal const int DenseMin = 12;
    private static readonly Lazy<LidModel> SharedLazy = new(() => Load(OpenResource()), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ScriptModel?[] _byScript;

    private LidModel(ScriptModel?[] byScript) => _byScript = byScript;

    internal static LidModel Shared => SharedLazy.Value;

    internal ScriptModel? For(Script s) => _byScript[(int)s];

    internal IEnumerable<ScriptModel> Models => _byScript.Where(m => m is not null)!;

    internal static Stream OpenResource()
    {
        var asm = typeof(LidModel).Assembly;
        return asm.GetManifestResourceStream("Tidings.LanguageId.Models.lid.bin.gz")
            ?? throw new InvalidOperationException("The language-identification model resource is missing from the assembly.");
    }

    internal static LidModel Load(Stream compressed)
    {
        using var gz = new GZipStream(compressed, CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        var data = ms.GetBuffer().AsSpan(0, (int)ms.Length);
        int pos = 0;
        if (!data[..4].SequenceEqual("TLID"u8))
            throw new InvalidDataException("Not a Tidings language model.");
        pos = 4;
        int version = ReadInt(data, ref pos);
        if (version != 4)
            throw new InvalidDataException($"Unsupported language model version {version}.");
        int groups = ReadInt(data, ref pos);
        var byScript = new ScriptModel?[(int)Script.Count];
        for (int g = 0; g < groups; g++)
        {
            string scriptCode = ReadString(data, ref pos);
            int idx = Array.IndexOf(Scripts.Codes, scriptCode);
            if (idx <= 0)
                throw new InvalidDataException($"Unknown script {scriptCode} in the language model.");
            int langs = ReadInt(data, ref pos);
            var tags = new string[langs];
            for (int i = 0; i < langs; i++)
                tags[i] = ReadString(data, ref pos);
            var floors = new byte[ScriptModel.Kinds * langs];
            var sizes = new int[langs];
            for (int i = 0; i < langs; i++)
            {
                for (int k = 0; k < ScriptModel.Kinds; k++)
                    floors[(k * langs) + i] = data[pos++];
                sizes[i] = ReadInt(data, ref pos);
            }
            int features = ReadInt(data, ref pos);
            var keys = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(data.Slice(pos, features * 4));
            pos += features * 4;
            var kinds = data.Slice(pos, features);
            pos += features;
            var counts = data.Slice(pos, features);
            pos += features;
            var offsets = new int[features + 1];
            for (int f = 0; f < features; f++)
                offsets[f + 1] = offsets[f] + counts[f];
            int total = offsets[features];
            var entries = new int[total];
            int vec = System.Numerics.Vector<short>.Count;
            int denseStride = (langs + vec - 1) / vec * vec;
            int denseCount = 0;
            for (int f = 0; f < features; f++)
            {
                if (counts[f] >= DenseMin)
                    denseCount++;
            }
            var dense = new short[denseCount * denseStride];
            int d = 0;
            var table = new FeatureTable(features);
            for (int f = 0; f < features; f++)
            {
                bool isDense = counts[f] >= DenseMin;
                table.Add(keys[f], isDense ? features + d : f);
                int floorBase = kinds[f] * langs;
                for (int e = offsets[f]; e < offsets[f + 1]; e++)
                {
                    byte lang = data[pos];
                    int delta = data[pos + 1] - floors[floorBase + lang];
                    entries[e] = (delta << 8) | lang;
                    if (isDense)
                        dense[(d * denseStride) + lang] = (short)delta;
                    pos += 2;
                }
                if (isDense)
                    d++;
            }
            byScript[idx] = new ScriptModel((Script)idx, tags, floors, sizes, offsets, entries, table, dense, denseStride);
        }
        return new LidModel(byScript);
    }

    private static int ReadInt(ReadOnlySpan<byte> d, ref int pos)
    {
        int v = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(d[pos..]);
        pos += 4;
        return v;
    }

    private static string ReadString(ReadOnlySpan<byte> d, ref int pos)
    {
        int len = d[pos] | (d[pos + 1] << 8);
        pos += 2;
        var s = Encoding.UTF8.GetString(d.Slice(pos, len));
        pos += len;
        return s;
    }
}
