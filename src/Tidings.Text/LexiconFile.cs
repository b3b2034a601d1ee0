using System.IO.Compression;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Tidings.Text;

/// <summary>The lexicons' content as plain dictionaries, with the semantics the TSV files always had (a later line for
/// the same key wins, lines without their tabs are skipped): what the generated TSV files say, and what the binary
/// file (<see cref="LexiconFile"/>) is written from. Used by the lexicon builder and the tests, never at run time.</summary>
internal sealed class LexiconTables
{
    /// <summary>language → stem → concept ids (English stems).</summary>
    internal Dictionary<string, Dictionary<string, string[]>> Concepts { get; } = new(StringComparer.Ordinal);

    /// <summary>Folded name form → canonical (English) name, lower case.</summary>
    internal Dictionary<string, string> Names { get; } = new(StringComparer.Ordinal);

    /// <summary>CC-CEDICT's simplified and traditional words, proper names marked.</summary>
    internal Dictionary<string, ChineseWordKind> Chinese { get; } = new(StringComparer.Ordinal);

    internal int ConceptEntries => Concepts.Values.Sum(d => d.Count);

    /// <summary>Reads concepts.tsv.gz ("lang \t stem \t sense|sense"), names.tsv.gz ("form \t canonical") and
    /// zh-words.txt.gz ("word" or "word \t n") from a folder; a missing file is an empty table.</summary>
    internal static LexiconTables ReadTsv(string directory)
    {
        var t = new LexiconTables();
        foreach (var line in Lines(Path.Combine(directory, "concepts.tsv.gz")))
        {
            int a = line.IndexOf('\t', StringComparison.Ordinal);
            if (a < 0)
                continue;
            int b = line.IndexOf('\t', a + 1);
            if (b < 0)
                continue;
            var lang = line[..a];
            if (!t.Concepts.TryGetValue(lang, out var d))
                t.Concepts[lang] = d = new Dictionary<string, string[]>(StringComparer.Ordinal);
            d[line[(a + 1)..b]] = line[(b + 1)..].Split('|');
        }
        foreach (var line in Lines(Path.Combine(directory, "names.tsv.gz")))
        {
            int a = line.IndexOf('\t', StringComparison.Ordinal);
            if (a <= 0)
                continue;
            t.Names[line[..a]] = line[(a + 1)..];
        }
        foreach (var line in Lines(Path.Combine(directory, "zh-words.txt.gz")))
        {
            bool name = line.EndsWith("\tn", StringComparison.Ordinal);
            t.Chinese[name ? line[..^2] : line] = name ? ChineseWordKind.Name : ChineseWordKind.Word;
        }
        return t;
    }

    private static IEnumerable<string> Lines(string path) =>
        File.Exists(path) ? Resources.GzipLines(File.OpenRead(path)) : [];
}

/// <summary>Sorted 64-bit key hashes with a directory by their top bits: a lookup reads one directory slot and scans a
/// bucket of about one key. The position of a key in the sorted array is its entry number.</summary>
internal sealed class HashIndex
{
    private readonly ulong[] _keys;
    private readonly int[] _buckets;
    private readonly int _shift;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // one loop over up to a million keys: no tier-0 code
    internal HashIndex(ulong[] sortedKeys)
    {
        _keys = sortedKeys;
        int bits = Math.Clamp(sortedKeys.Length <= 1 ? 1 : System.Numerics.BitOperations.Log2((uint)sortedKeys.Length), 1, 30);
        _shift = 64 - bits;
        int count = 1 << bits;
        _buckets = new int[count + 1];
        int b = 0;
        for (int i = 0; i < sortedKeys.Length; i++)
        {
            int kb = (int)(sortedKeys[i] >> _shift);
            while (b <= kb)
                _buckets[b++] = i;
        }
        while (b <= count)
            _buckets[b++] = sortedKeys.Length;
    }

    internal int Count => _keys.Length;

    /// <summary>The entry number of <paramref name="key"/>, or -1.</summary>
    internal int Find(ulong key)
    {
        int b = (int)(key >> _shift);
        var keys = _keys;
        for (int i = _buckets[b], end = _buckets[b + 1]; i < end; i++)
        {
            ulong k = keys[i];
            if (k == key)
                return i;
            if (k > key)
                break;
        }
        return -1;
    }
}

/// <summary>Strings kept as one UTF-8 block with offsets; a string is made on first use and kept.</summary>
internal sealed class StringPool
{
    private readonly int[] _offsets;
    private readonly byte[] _bytes;
    private readonly string?[] _made;

    internal StringPool(int[] offsets, byte[] bytes)
    {
        _offsets = offsets;
        _bytes = bytes;
        _made = new string?[Math.Max(0, offsets.Length - 1)];
    }

    internal int Count => _made.Length;

    // a race makes the same string twice, which is harmless
    internal string this[int i] => _made[i] ??= Encoding.UTF8.GetString(_bytes, _offsets[i], _offsets[i + 1] - _offsets[i]);
}

/// <summary>The binary lexicon file (<c>lexicons.bin</c>, embedded in this assembly; written by
/// tools/lexicon/LexiconBuilder from the generated TSV files). A Brotli stream of little-endian blocks, each an
/// int32 element count followed by the elements, read straight into arrays (no per-entry work but the directory of
/// each hash index):
/// <list type="number">
/// <item>magic "TLEX", format version;</item>
/// <item>concept ids (English stems), ordered by their hash: hashes, UTF-8 offsets, UTF-8 bytes;</item>
/// <item>sense lists: offsets into the id array, concept id numbers;</item>
/// <item>languages of the concept lexicon (offsets, UTF-8);</item>
/// <item>concept entries, ordered by the hash of language + stem: hashes, sense list numbers;</item>
/// <item>canonical names (offsets, UTF-8); name forms ordered by hash: hashes, canonical numbers;</item>
/// <item>Chinese words ordered by hash: hashes, kinds; the longest word's length.</item>
/// </list>
/// Keys are XxHash3 64-bit hashes of the UTF-16 text (the stem's seeded by its language); the writer refuses two
/// distinct keys of one index with the same hash, so a stored key is always found as itself. A word that is not in
/// an index meets a stored hash with a chance of about n / 2^64 per lookup (n ≤ 10^6: below 10^-13).</summary>
internal static class LexiconFile
{
    internal const string ResourceName = "lexicons.bin";
    private const int Magic = 0x58454C54; // "TLEX"
    private const int Version = 1;

    internal static ulong Hash(ReadOnlySpan<char> text, long seed = 0) => XxHash3.HashToUInt64(MemoryMarshal.AsBytes(text), seed);

    /// <summary>The seed of a language's stems, so that one index holds every language.</summary>
    internal static long LanguageSeed(ReadOnlySpan<char> language) => unchecked((long)Hash(language, 0x6C616E67));

    /// <summary>What the file holds, as arrays.</summary>
    internal sealed class Content
    {
        internal required ulong[] IdKeys { get; init; }
        internal required StringPool Ids { get; init; }
        internal required int[] ListOffsets { get; init; }
        internal required int[] ListIds { get; init; }
        internal required string[] Languages { get; init; }
        internal required ulong[] ConceptKeys { get; init; }
        internal required int[] ConceptLists { get; init; }
        internal required StringPool Canonicals { get; init; }
        internal required ulong[] NameKeys { get; init; }
        internal required int[] NameCanonicals { get; init; }
        internal required ulong[] ChineseKeys { get; init; }
        internal required byte[] ChineseKinds { get; init; }
        internal required int MaxChineseWord { get; init; }
    }

    /// <summary>Reads the file; <see cref="InvalidDataException"/> when it is not one, truncated or inconsistent.</summary>
    internal static Content Read(Stream compressed)
    {
        try
        {
            return ReadBlocks(compressed);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("lexicons.bin: truncated", e);
        }
    }

    private static Content ReadBlocks(Stream compressed)
    {
        using var s = new BrotliStream(compressed, CompressionMode.Decompress, leaveOpen: true);
        Span<int> head = stackalloc int[2];
        s.ReadExactly(MemoryMarshal.AsBytes(head));
        if (head[0] != Magic || head[1] != Version)
            throw new InvalidDataException($"lexicons.bin: not a lexicon file of version {Version} (magic {head[0]:X8}, version {head[1]})");
        var idKeys = ReadArray<ulong>(s);
        var ids = new StringPool(ReadArray<int>(s), ReadArray<byte>(s));
        var listOffsets = ReadArray<int>(s);
        var listIds = ReadArray<int>(s);
        var languages = new StringPool(ReadArray<int>(s), ReadArray<byte>(s));
        var conceptKeys = ReadArray<ulong>(s);
        var conceptLists = ReadArray<int>(s);
        var canonicals = new StringPool(ReadArray<int>(s), ReadArray<byte>(s));
        var nameKeys = ReadArray<ulong>(s);
        var nameCanonicals = ReadArray<int>(s);
        var chineseKeys = ReadArray<ulong>(s);
        var chineseKinds = ReadArray<byte>(s);
        int maxChinese = ReadArray<int>(s) is [var m] ? m : throw new InvalidDataException("lexicons.bin: no longest Chinese word");
        if (idKeys.Length != ids.Count || conceptKeys.Length != conceptLists.Length || nameKeys.Length != nameCanonicals.Length
            || chineseKeys.Length != chineseKinds.Length || listOffsets.Length == 0 || listOffsets[^1] != listIds.Length)
            throw new InvalidDataException("lexicons.bin: inconsistent block sizes");
        return new Content
        {
            IdKeys = idKeys,
            Ids = ids,
            ListOffsets = listOffsets,
            ListIds = listIds,
            Languages = Enumerable.Range(0, languages.Count).Select(i => languages[i]).ToArray(),
            ConceptKeys = conceptKeys,
            ConceptLists = conceptLists,
            Canonicals = canonicals,
            NameKeys = nameKeys,
            NameCanonicals = nameCanonicals,
            ChineseKeys = chineseKeys,
            ChineseKinds = chineseKinds,
            MaxChineseWord = maxChinese,
        };
    }

    private static T[] ReadArray<T>(Stream s) where T : unmanaged
    {
        Span<int> count = stackalloc int[1];
        s.ReadExactly(MemoryMarshal.AsBytes(count));
        if (count[0] < 0 || count[0] > 1 << 28)
            throw new InvalidDataException($"lexicons.bin: bad block length {count[0]}");
        var a = GC.AllocateUninitializedArray<T>(count[0]);
        s.ReadExactly(MemoryMarshal.AsBytes(a.AsSpan()));
        return a;
    }

    /// <summary>Writes the tables in the binary form. Throws when two distinct keys of one index share a hash.</summary>
    internal static void Write(LexiconTables tables, Stream output)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("lexicons.bin is written little-endian");
        // concept ids: every sense of every entry, numbered in the order of their hashes
        var idSet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var d in tables.Concepts.Values)
        {
            foreach (var senses in d.Values)
                idSet.UnionWith(senses);
        }
        var ids = Sorted(idSet.Select(id => (Hash(id), id)), "concept id");
        var idNumber = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < ids.Length; i++)
            idNumber[ids[i].Item] = i;

        // sense lists: each distinct list once, the most used first (small numbers compress better)
        var listUse = new Dictionary<string, (string[] Senses, int Uses)>(StringComparer.Ordinal);
        foreach (var d in tables.Concepts.Values)
        {
            foreach (var senses in d.Values)
            {
                var k = string.Join('\n', senses);
                listUse[k] = (senses, listUse.TryGetValue(k, out var u) ? u.Uses + 1 : 1);
            }
        }
        var lists = listUse.OrderByDescending(x => x.Value.Uses).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        var listNumber = new Dictionary<string, int>(StringComparer.Ordinal);
        var listOffsets = new List<int> { 0 };
        var listIds = new List<int>();
        foreach (var (k, (senses, _)) in lists)
        {
            listNumber[k] = listNumber.Count;
            listIds.AddRange(senses.Select(x => idNumber[x]));
            listOffsets.Add(listIds.Count);
        }

        var languages = tables.Concepts.Keys.Order(StringComparer.Ordinal).ToArray();
        var entries = Sorted(tables.Concepts.SelectMany(l => l.Value.Select(e =>
            (Hash(e.Key, LanguageSeed(l.Key)), (Key: l.Key + "\t" + e.Key, List: listNumber[string.Join('\n', e.Value)])))), "concept entry");

        var canonicals = tables.Names.Values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var canonicalNumber = canonicals.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var names = Sorted(tables.Names.Select(n => (Hash(n.Key), (n.Key, Canonical: canonicalNumber[n.Value]))), "name");
        var chinese = Sorted(tables.Chinese.Select(c => (Hash(c.Key), (c.Key, c.Value))), "Chinese word");

        using var s = new BrotliStream(output, CompressionLevel.SmallestSize, leaveOpen: true);
        Span<int> head = [Magic, Version];
        s.Write(MemoryMarshal.AsBytes(head));
        WriteArray(s, ids.Select(x => x.Hash).ToArray());
        WritePool(s, ids.Select(x => x.Item));
        WriteArray(s, listOffsets.ToArray());
        WriteArray(s, listIds.ToArray());
        WritePool(s, languages);
        WriteArray(s, entries.Select(x => x.Hash).ToArray());
        WriteArray(s, entries.Select(x => x.Item.List).ToArray());
        WritePool(s, canonicals);
        WriteArray(s, names.Select(x => x.Hash).ToArray());
        WriteArray(s, names.Select(x => x.Item.Canonical).ToArray());
        WriteArray(s, chinese.Select(x => x.Hash).ToArray());
        WriteArray(s, chinese.Select(x => (byte)x.Item.Value).ToArray());
        WriteArray<int>(s, [tables.Chinese.Count == 0 ? 0 : tables.Chinese.Keys.Max(w => w.Length)]);
    }

    /// <summary>Items ordered by hash; two items with one hash are a collision the format cannot hold.</summary>
    private static (ulong Hash, T Item)[] Sorted<T>(IEnumerable<(ulong Hash, T Item)> items, string what)
    {
        var a = items.ToArray();
        Array.Sort(a, (x, y) => x.Hash.CompareTo(y.Hash));
        for (int i = 1; i < a.Length; i++)
        {
            if (a[i].Hash == a[i - 1].Hash)
                throw new InvalidOperationException($"lexicons.bin: two {what} keys share the hash {a[i].Hash:X16}: {a[i - 1].Item} and {a[i].Item}");
        }
        return a;
    }

    private static void WritePool(Stream s, IEnumerable<string> strings)
    {
        var offsets = new List<int> { 0 };
        var bytes = new List<byte>();
        foreach (var x in strings)
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(x));
            offsets.Add(bytes.Count);
        }
        WriteArray(s, offsets.ToArray());
        WriteArray(s, bytes.ToArray());
    }

    private static void WriteArray<T>(Stream s, T[] a) where T : unmanaged
    {
        Span<int> count = [a.Length];
        s.Write(MemoryMarshal.AsBytes(count));
        s.Write(MemoryMarshal.AsBytes(a.AsSpan()));
    }
}
