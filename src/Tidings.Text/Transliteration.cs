using System.Collections.Concurrent;

namespace Tidings.Text;

/// <summary>Writes a word of any script in lower-case ASCII Latin: Latin by dropping diacritics; every other script
/// through ICU's <c>Any-Latin; Latin-ASCII</c> transliterator (Han as pinyin, Hangul by Revised Romanization, Kana,
/// Indic, Thai (and Lao, through its Thai letters), Georgian, Armenian, Ethiopic, Arabic, Hebrew, Greek, Cyrillic); the built-in tables (Cyrillic, Greek,
/// Arabic, Hebrew) when ICU is missing. Results are cached per word (ICU's transliterator is slow, ~10 µs a call).</summary>
internal sealed class Transliteration
{
    private const string IcuId = "Any-Latin; Latin-ASCII; Any-Lower";
    private const int CacheLimit = 200_000;

    private readonly Icu? _icu;
    private readonly ThreadLocal<Icu.IcuTransliterator?>? _transliterator;
    private readonly ConcurrentDictionary<string, string> _cache = new(StringComparer.Ordinal);

    private Transliteration(Icu? icu)
    {
        _icu = icu;
        if (icu is not null)
            _transliterator = new ThreadLocal<Icu.IcuTransliterator?>(() => icu.OpenTransliterator(IcuId));
    }

    private static readonly Lazy<Transliteration> DefaultInstance = new(() => new Transliteration(Icu.System));
    private static readonly Lazy<Transliteration> TablesInstance = new(() => new Transliteration(null));

    /// <summary>Through the system ICU when there is one (else the tables).</summary>
    internal static Transliteration Default => DefaultInstance.Value;

    /// <summary>The tables only, as when ICU is missing.</summary>
    internal static Transliteration TablesOnly => TablesInstance.Value;

    /// <summary>Whether this instance reaches ICU.</summary>
    internal bool UsesIcu => _icu is not null && _transliterator!.Value is not null;

    /// <summary>The lower-case ASCII form of a word; "" when no transliteration knows its script.</summary>
    internal string ToAscii(ReadOnlySpan<char> word)
    {
        var script = Scripts.OfWord(word);
        if (script is Script.Latin or Script.Other || _icu is null)
            return Latinizer.ToAscii(word);
        var lookup = _cache.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(word, out var cached))
            return cached;
        var t = _transliterator!.Value;
        string result;
        if (t is null)
        {
            result = Latinizer.ToAscii(word);
        }
        else
        {
            // ICU has no Lao-Latin: Lao goes through its Thai letters
            var icu = (script == Script.Lao ? t.Transliterate(Scripts.LaoAsThai(word)) : t.Transliterate(word)) ?? "";
            result = KeepAscii(icu);
            if (result.Length == 0)
                result = Latinizer.ToAscii(word);
        }
        if (_cache.Count >= CacheLimit)
            _cache.Clear();
        _cache.TryAdd(word.ToString(), result);
        return result;
    }

    /// <summary>Letters a-z only (ICU leaves apostrophes for glottal stops, spaces between pinyin syllables, marks
    /// of letters it cannot map).</summary>
    private static string KeepAscii(string s)
    {
        Span<char> buffer = s.Length <= 256 ? stackalloc char[s.Length] : new char[s.Length];
        int n = 0;
        foreach (char c in s)
        {
            if (c is >= 'a' and <= 'z')
                buffer[n++] = c;
            else if (c is >= 'A' and <= 'Z')
                buffer[n++] = (char)(c + 32);
        }
        return new string(buffer[..n]);
    }
}
