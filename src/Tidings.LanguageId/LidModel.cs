using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;

namespace Tidings.LanguageId;

/// <summary>The n-gram model of one script: for each feature (character n-gram of order 1–5, or a whole word) a dense
/// row of costs, one byte per language (−ln p × <see cref="LidModel.Scale"/>), features not in the table cost the
/// language's floor for that kind.</summary>
internal sealed class ScriptModel
{
    internal const int Kinds = 6; // 0 = word, 1..5 = character n-gram order

    internal ScriptModel(Script script, string[] tags, byte[] floors, int[] sizes, int stride, byte[] rows, FeatureTable table)
    {
        Sizes = sizes;
        Script = script;
        Tags = tags;
        Floors = floors;
        Stride = stride;
        Rows = rows;
        Table = table;
    }

    internal Script Script { get; }
    internal string[] Tags { get; }
    internal int Count => Tags.Length;
    /// <summary>Training words per language (a small corpus makes a less reliable model).</summary>
    internal int[] Sizes { get; }
    /// <summary>[kind * Stride + language]</summary>
    internal byte[] Floors { get; }
    /// <summary>Row width: the language count rounded up to the vector size.</summary>
    internal int Stride { get; }
    internal byte[] Rows { get; }
    internal FeatureTable Table { get; }
}

/// <summary>Open-addressing table from 64-bit feature hashes to row indexes. One array of 64-bit slots, each the upper
/// 40 bits of the hash and a 24-bit row index, so a lookup touches one cache line.</summary>
internal sealed class FeatureTable
{
    private const int RowBits = 24;
    private const ulong RowMask = (1UL << RowBits) - 1;
    internal const int MaxRows = 1 << RowBits;

    private readonly ulong[] _slots;
    private readonly int _shift;
    private readonly int _mask;

    internal FeatureTable(int count)
    {
        if (count >= MaxRows)
            throw new InvalidDataException("Too many features in one script model.");
        int cap = 1 << Math.Max(4, (int)Math.Ceiling(Math.Log2(Math.Max(1, count) * 2.0)));
        _slots = new ulong[cap];
        _mask = cap - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)cap);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Tag(ulong key)
    {
        ulong t = key & ~RowMask;
        return t == 0 ? 1UL << RowBits : t;
    }

    internal void Add(ulong key, int row)
    {
        ulong tag = Tag(key);
        int i = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        while (_slots[i] != 0 && (_slots[i] & ~RowMask) != tag)
            i = (i + 1) & _mask;
        _slots[i] = tag | (uint)row;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Find(ulong key)
    {
        ulong tag = Tag(key);
        int i = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        var slots = _slots;
        while (true)
        {
            ulong s = slots[i];
            if ((s & ~RowMask) == tag)
                return (int)(s & RowMask);
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
}

/// <summary>All script models, loaded once from the embedded resource Models/lid.bin.gz (built by tools/lid/build-model.sh).</summary>
internal sealed class LidModel
{
    internal const double Scale = 8.0;
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
        if (version != 3)
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
            int vec = System.Numerics.Vector<byte>.Count;
            int stride = (langs + vec - 1) / vec * vec;
            var floors = new byte[ScriptModel.Kinds * stride];
            var sizes = new int[langs];
            for (int i = 0; i < langs; i++)
            {
                for (int k = 0; k < ScriptModel.Kinds; k++)
                    floors[(k * stride) + i] = data[pos++];
                sizes[i] = ReadInt(data, ref pos);
            }
            int features = ReadInt(data, ref pos);
            var hashes = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, ulong>(data.Slice(pos, features * 8));
            pos += features * 8;
            var kinds = data.Slice(pos, features);
            pos += features;
            var counts = data.Slice(pos, features);
            pos += features;
            var rows = GC.AllocateUninitializedArray<byte>(features * stride);
            var table = new FeatureTable(features);
            for (int f = 0; f < features; f++)
            {
                table.Add(hashes[f], f);
                var row = rows.AsSpan(f * stride, stride);
                floors.AsSpan(kinds[f] * stride, stride).CopyTo(row);
                int entries = counts[f];
                for (int e = 0; e < entries; e++)
                {
                    row[data[pos]] = data[pos + 1];
                    pos += 2;
                }
            }
            byScript[idx] = new ScriptModel((Script)idx, tags, floors, sizes, stride, rows, table);
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
