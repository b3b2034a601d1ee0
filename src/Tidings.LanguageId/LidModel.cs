using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Tidings.Core;

namespace Tidings.LanguageId;

/// <summary>The n-gram model of one script. Each feature (character n-gram of order 1–5, or a whole word) has a sparse
/// list of (language, delta) entries: the language's cost for it (−ln p × <see cref="LidModel.Scale"/>) minus the floor
/// cost every language pays for a feature of that kind it has not seen. The lookup table holds the entries of most
/// features in the slot itself (see <see cref="Slot"/>), so reading a feature touches one cache line.</summary>
internal sealed class ScriptModel
{
    internal const int Kinds = 6; // 0 = word, 1..5 = character n-gram order

    internal ScriptModel(Script script, string[] tags, byte[] floors, int[] sizes, Slot[] slots, ushort[] overflow, short[] dense,
        int denseStride)
    {
        Script = script;
        Tags = tags;
        LanguageTags = [.. tags.Select(TagOf)];
        ScriptCodes = [.. tags.Select(t => script == Script.Hani ? t[3..] : Scripts.Code(script))];
        Floors = floors;
        Sizes = sizes;
        Slots = slots;
        Mask = slots.Length - 1;
        Shift = 32 - System.Numerics.BitOperations.Log2((uint)slots.Length);
        Overflow = overflow;
        Dense = dense;
        DenseStride = denseStride;
    }

    internal Script Script { get; }
    internal string[] Tags { get; }
    internal int Count => Tags.Length;
    /// <summary>The tags parsed once, and the script each answers with (Hans or Hant for Han).</summary>
    internal LanguageTag[] LanguageTags { get; }
    internal string[] ScriptCodes { get; }

    private static LanguageTag TagOf(string tag)
    {
        int dash = tag.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? new LanguageTag(tag) : new LanguageTag(tag[..dash], tag[(dash + 1)..]);
    }
    /// <summary>Training words per language (a small corpus makes a less reliable model).</summary>
    internal int[] Sizes { get; }
    /// <summary>[kind * Count + language]: cost of an unseen feature.</summary>
    internal byte[] Floors { get; }

    /// <summary>Open-addressing table (linear probing, power-of-two size, load ≤ 0.63) keyed by the 32-bit feature key.</summary>
    internal Slot[] Slots { get; }
    internal int Mask { get; }
    internal int Shift { get; }

    /// <summary>Entries of features with more than <see cref="Slot.Inline"/> languages but too few for a dense row.</summary>
    internal ushort[] Overflow { get; }

    /// <summary>Features most languages share (≥ <see cref="LidModel.DenseMin"/> entries) as dense rows of deltas,
    /// one short per language, added with SIMD.</summary>
    internal short[] Dense { get; }
    internal int DenseStride { get; }

    /// <summary>The slot index a key starts probing at.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal int Home(uint key) => (int)((key * 0x9E3779B1u) >> Shift);

    internal int FeatureCount
    {
        get
        {
            int n = 0;
            foreach (var s in Slots)
            {
                if (s.Key != 0)
                    n++;
            }
            return n;
        }
    }
}

/// <summary>One 16-byte table slot: the feature key and up to <see cref="Inline"/> entries, each (language &lt;&lt; 8) | (byte)delta.
/// Unused entry j is <see cref="Empty"/>(j): language 0xF0 + j, delta 0, so the detector adds all six without branching
/// into an accumulator of 256 languages; each position has its own unused counter, so the additions of one lookup do not
/// queue behind each other on one memory cell. A first entry with language <see cref="DenseTag"/> or <see cref="OverflowTag"/> points
/// elsewhere: entries 1–2 hold the index (low, high 16 bits), entry 3 the count.</summary>
[StructLayout(LayoutKind.Sequential, Pack = 4)]
internal struct Slot
{
    internal const int Inline = 6;
    internal static ushort Empty(int position) => (ushort)((0xF0 + position) << 8);
    internal const int DenseTag = 0xFE;
    internal const int OverflowTag = 0xFD;
    internal const int MaxLanguages = 0xF0;

    internal uint Key;
    internal ushort E0, E1, E2, E3, E4, E5;

    internal static ushort Entry(int language, int delta) => (ushort)((language << 8) | (byte)(sbyte)Math.Clamp(delta, sbyte.MinValue, sbyte.MaxValue));

    internal readonly int Index => E1 | (E2 << 16);
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

    /// <remarks>Compiled optimized at once (no tier-0 code and on-stack replacement for the loops over ~1M features):
    /// it runs once per process, so tiering only slows it.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static LidModel Load(Stream compressed)
    {
        var data = Decompress(compressed);
        int pos = 0;
        if (!data[..4].SequenceEqual("TLID"u8))
            throw new InvalidDataException("Not a Tidings language model.");
        pos = 4;
        int version = ReadInt(data, ref pos);
        if (version != 4)
            throw new InvalidDataException($"Unsupported language model version {version}.");
        int groups = ReadInt(data, ref pos);
        var byScript = new ScriptModel?[(int)Script.Count];
        Span<ushort> e = stackalloc ushort[Slot.Inline];
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
            if (langs > Slot.MaxLanguages)
                throw new InvalidDataException($"Too many languages ({langs}) for script {scriptCode}.");
            int cap = 1 << Math.Max(4, (int)Math.Ceiling(Math.Log2(Math.Max(1, features) * 1.45)));
            var slots = new Slot[cap];
            int shift = 32 - System.Numerics.BitOperations.Log2((uint)cap);
            int vec = System.Numerics.Vector<short>.Count;
            int denseStride = (langs + vec - 1) / vec * vec;
            int denseCount = 0, overflowCount = 0;
            for (int f = 0; f < features; f++)
            {
                if (counts[f] >= DenseMin)
                    denseCount++;
                else if (counts[f] > Slot.Inline)
                    overflowCount += counts[f];
            }
            var dense = new short[denseCount * denseStride];
            var overflow = new ushort[overflowCount];
            int d = 0, o = 0;
            // The file lists the features shared by more languages first: inserted first, the common ones get their
            // home slot (fewer probes on the hot path).
            bool prefetch = System.Runtime.Intrinsics.X86.Sse.IsSupported;
            for (int f = 0; f < features; f++)
            {
                // The slot this feature will be written to is a cache miss in a table of up to 16 MB: ask for the slot
                // of a feature a few places ahead, so the misses overlap instead of following one another.
                if (prefetch && f + PrefetchAhead < features)
                    PrefetchSlot(slots, (int)((keys[f + PrefetchAhead] * 0x9E3779B1u) >> shift));
                int count = counts[f];
                int floorBase = kinds[f] * langs;
                var slot = new Slot { Key = keys[f] };
                if (count >= DenseMin)
                {
                    for (int k = 0; k < count; k++, pos += 2)
                        dense[(d * denseStride) + data[pos]] = (short)(data[pos + 1] - floors[floorBase + data[pos]]);
                    slot.E0 = Slot.DenseTag << 8;
                    slot.E1 = (ushort)d;
                    slot.E2 = (ushort)(d >> 16);
                    d++;
                }
                else if (count > Slot.Inline)
                {
                    slot.E0 = Slot.OverflowTag << 8;
                    slot.E1 = (ushort)o;
                    slot.E2 = (ushort)(o >> 16);
                    slot.E3 = (ushort)count;
                    for (int k = 0; k < count; k++, pos += 2)
                        overflow[o++] = Slot.Entry(data[pos], data[pos + 1] - floors[floorBase + data[pos]]);
                }
                else
                {
                    for (int k = 0; k < Slot.Inline; k++)
                        e[k] = Slot.Empty(k);
                    for (int k = 0; k < count; k++, pos += 2)
                        e[k] = Slot.Entry(data[pos], data[pos + 1] - floors[floorBase + data[pos]]);
                    (slot.E0, slot.E1, slot.E2, slot.E3) = (e[0], e[1], e[2], e[3]);
                    (slot.E4, slot.E5) = (e[4], e[5]);
                }
                int i = (int)((slot.Key * 0x9E3779B1u) >> shift);
                while (slots[i].Key != 0 && slots[i].Key != slot.Key)
                    i = (i + 1) & (cap - 1);
                slots[i] = slot;
            }
            byScript[idx] = new ScriptModel((Script)idx, tags, floors, sizes, slots, overflow, dense, denseStride);
        }
        return new LidModel(byScript);
    }

    private const int PrefetchAhead = 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PrefetchSlot(Slot[] slots, int i)
    {
        fixed (Slot* p = &slots[i])
            System.Runtime.Intrinsics.X86.Sse.Prefetch0(p);
    }

    /// <summary>The whole decompressed model. A seekable gzip stream is read into a buffer of its exact size (the gzip
    /// trailer holds it), so no growing buffer is copied.</summary>
    private static Span<byte> Decompress(Stream compressed)
    {
        int size = -1;
        if (compressed.CanSeek && compressed.Length >= 18)
        {
            long start = compressed.Position;
            compressed.Seek(-4, SeekOrigin.End);
            Span<byte> tail = stackalloc byte[4];
            compressed.ReadExactly(tail);
            size = System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(tail);
            compressed.Position = start;
        }
        using var gz = new GZipStream(compressed, CompressionMode.Decompress);
        if (size > 0)
        {
            var buffer = GC.AllocateUninitializedArray<byte>(size);
            int read = gz.ReadAtLeast(buffer, size, throwOnEndOfStream: false);
            if (read == size && gz.ReadByte() < 0)
                return buffer;
            throw new InvalidDataException("The language model's gzip size does not match its content.");
        }
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.GetBuffer().AsSpan(0, (int)ms.Length);
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
