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

/// <summary>Open-addressing table from 64-bit feature hashes to row indexes.</summary>
internal sealed class FeatureTable
{
    private readonly ulong[] _keys;
    private readonly int[] _values;
    private readonly int _shift;
    private readonly int _mask;

    internal FeatureTable(int count)
    {
        int cap = 1 << Math.Max(4, (int)Math.Ceiling(Math.Log2(Math.Max(1, count) * 2.0)));
        _keys = new ulong[cap];
        _values = new int[cap];
        _mask = cap - 1;
        _shift = 64 - System.Numerics.BitOperations.Log2((uint)cap);
    }

    internal void Add(ulong key, int value)
    {
        if (key == 0)
            key = 1;
        int i = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        while (_keys[i] != 0 && _keys[i] != key)
            i = (i + 1) & _mask;
        _keys[i] = key;
        _values[i] = value;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Find(ulong key)
    {
        if (key == 0)
            key = 1;
        int i = (int)((key * 0x9E3779B97F4A7C15UL) >> _shift);
        while (true)
        {
            ulong k = _keys[i];
            if (k == key)
                return _values[i];
            if (k == 0)
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
        if (version != 2)
            throw new InvalidDataException($"Unsupported language model version {version}.");
        int groups = ReadInt(data, ref pos);
        var byScript = new ScriptModel?[(int)Script.Count];
        Span<char> chars = stackalloc char[256];
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
            var rows = new byte[(long)features * stride];
            var table = new FeatureTable(features);
            for (int f = 0; f < features; f++)
            {
                int kind = data[pos++];
                int len = data[pos] | (data[pos + 1] << 8);
                pos += 2;
                int n = Encoding.UTF8.GetChars(data.Slice(pos, len), chars);
                pos += len;
                ulong h = FeatureHash.Of(kind == 0 ? FeatureHash.WordSeed : FeatureHash.GramSeed, chars[..n]);
                table.Add(h, f);
                var row = rows.AsSpan(f * stride, stride);
                floors.AsSpan(kind * stride, stride).CopyTo(row);
                int entries = data[pos++];
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
