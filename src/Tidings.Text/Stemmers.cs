using System.Globalization;
using System.Text;
using Lucene.Net.Tartarus.Snowball;
using Snow = Lucene.Net.Tartarus.Snowball.Ext;

namespace Tidings.Text;

/// <summary>How a language's words are reduced to stems.</summary>
internal enum StemmerKind : byte
{
    /// <summary>Cut to <see cref="Stemmers.TruncateLength"/> characters: only where no library stemmer exists.</summary>
    Truncate,
    /// <summary>A Snowball stemmer from Lucene.Net.Analysis.Common.</summary>
    Snowball,
    /// <summary>A light (or normalizing) stemmer from Lucene.Net.Analysis.Common.</summary>
    Light,
    /// <summary>Kept whole: isolating languages (Vietnamese syllables) and dictionary-segmented scripts.</summary>
    Whole,
}

/// <summary>Stems of lower-cased words per language, through Lucene.Net.Analysis.Common 4.8: Snowball stemmers for
/// the languages Snowball covers, Lucene's light stemmers and normalizers for Arabic, Persian, Bulgarian, Czech,
/// Greek, Hindi, Indonesian, Latvian, Galician, Sorani; truncation elsewhere. Lucene's stemmers are not
/// thread-safe, so each thread keeps its own instances.</summary>
internal static class Stemmers
{
    /// <summary>Words of languages without a library stemmer are cut to this many characters.</summary>
    internal const int TruncateLength = 6;

    private static readonly Dictionary<string, Func<SnowballProgram>> SnowballByLanguage = new(StringComparer.Ordinal)
    {
        ["en"] = () => new Snow.EnglishStemmer(),
        ["de"] = () => new Snow.GermanStemmer(),
        ["fr"] = () => new Snow.FrenchStemmer(),
        ["es"] = () => new Snow.SpanishStemmer(),
        ["it"] = () => new Snow.ItalianStemmer(),
        ["pt"] = () => new Snow.PortugueseStemmer(),
        ["nl"] = () => new Snow.DutchStemmer(),
        ["sv"] = () => new Snow.SwedishStemmer(),
        ["da"] = () => new Snow.DanishStemmer(),
        ["no"] = () => new Snow.NorwegianStemmer(),
        ["nb"] = () => new Snow.NorwegianStemmer(),
        ["nn"] = () => new Snow.NorwegianStemmer(),
        ["fi"] = () => new Snow.FinnishStemmer(),
        ["hu"] = () => new Snow.HungarianStemmer(),
        ["ro"] = () => new Snow.RomanianStemmer(),
        ["ru"] = () => new Snow.RussianStemmer(),
        ["tr"] = () => new Snow.TurkishStemmer(),
        ["ca"] = () => new Snow.CatalanStemmer(),
        ["eu"] = () => new Snow.BasqueStemmer(),
        ["hy"] = () => new Snow.ArmenianStemmer(),
        ["ga"] = () => new Snow.IrishStemmer(),
    };

    private static readonly HashSet<string> LightLanguages = new(StringComparer.Ordinal) { "ar", "fa", "bg", "cs", "el", "hi", "id", "ms", "lv", "gl", "ckb", "uk", "be", "sr", "mk" };

    private static readonly HashSet<string> WholeLanguages = new(StringComparer.Ordinal) { "vi", "zh", "ja", "th", "lo", "km", "my", "ko" };

    [ThreadStatic]
    private static Dictionary<string, SnowballProgram>? t_snowball;

    [ThreadStatic]
    private static char[]? t_buffer;

    [ThreadStatic]
    private static Lucene.Net.Analysis.Ar.ArabicNormalizer? t_arNorm;

    [ThreadStatic]
    private static Lucene.Net.Analysis.Ar.ArabicStemmer? t_arStem;

    [ThreadStatic]
    private static Lucene.Net.Analysis.Id.IndonesianStemmer? t_idStem;

    /// <summary>Which kind of stemmer serves a language.</summary>
    internal static StemmerKind KindFor(string language) =>
        SnowballByLanguage.ContainsKey(language) ? StemmerKind.Snowball
        : LightLanguages.Contains(language) ? StemmerKind.Light
        : WholeLanguages.Contains(language) ? StemmerKind.Whole
        : StemmerKind.Truncate;

    /// <summary>The languages with a Lucene stemmer, by kind, for the docs and tests.</summary>
    internal static IEnumerable<(string Language, StemmerKind Kind)> Covered() =>
        SnowballByLanguage.Keys.Select(l => (l, StemmerKind.Snowball)).Concat(LightLanguages.Select(l => (l, StemmerKind.Light))).OrderBy(x => x.Item1, StringComparer.Ordinal);

    /// <summary>The stem of a word already lower-cased (see <see cref="Normalizer.Fold"/>), in its language.</summary>
    /// <summary>Stems already computed on this thread, per language: news vocabulary repeats (Zipf), and the compound
    /// splitter stems many substrings of one word. Cleared when it grows past <see cref="CacheLimit"/> words.</summary>
    [ThreadStatic]
    private static Dictionary<string, Dictionary<string, string>>? t_cache;

    private const int CacheLimit = 100_000;

    /// <summary>Empties this thread's stem cache.</summary>
    internal static void Forget() => t_cache = null;

    internal static string Stem(string lower, string language)
    {
        if (lower.Length < 3)
            return lower;
        var caches = t_cache ??= new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        if (!caches.TryGetValue(language, out var cache))
            caches[language] = cache = new Dictionary<string, string>(StringComparer.Ordinal);
        if (cache.TryGetValue(lower, out var known))
            return known;
        var stem = StemUncached(lower, language);
        if (cache.Count >= CacheLimit)
            cache.Clear();
        cache[lower] = stem;
        return stem;
    }

    /// <summary><see cref="Stem"/> without this class's cache, for a caller that caches the result itself (a
    /// second cache of the same words only adds objects for the garbage collector to copy).</summary>
    internal static string StemOnce(string lower, string language) => lower.Length < 3 ? lower : StemUncached(lower, language);

    private static string StemUncached(string lower, string language)
    {
        if (SnowballByLanguage.TryGetValue(language, out var make))
        {
            // Snowball stems from the script of its language; a Latin name in Russian text is only cut
            if (language is "ru" or "hy" ? Scripts.OfWord(lower) == Script.Latin : Scripts.OfWord(lower) != Script.Latin)
                return Truncate(lower);
            var programs = t_snowball ??= new Dictionary<string, SnowballProgram>(StringComparer.Ordinal);
            if (!programs.TryGetValue(language, out var program))
                programs[language] = program = make();
            program.SetCurrent(lower);
            program.Stem();
            return program.Current;
        }
        if (LightLanguages.Contains(language))
            return Light(lower, language);
        if (WholeLanguages.Contains(language))
            return lower;
        if (Scripts.OfWord(lower) == Script.Arabic)
            return Light(lower, "ar");
        return Truncate(lower);
    }

    private static string Truncate(string s) => s.Length <= TruncateLength ? s : s[..TruncateLength];

    private static string Light(string lower, string language)
    {
        var buffer = t_buffer is { } b && b.Length >= lower.Length ? b : (t_buffer = new char[Math.Max(64, lower.Length * 2)]);
        lower.CopyTo(buffer);
        int n = lower.Length;
        switch (language)
        {
            case "ar":
            case "fa":
            case "ur":
                if (Scripts.OfWord(lower) != Script.Arabic)
                    return Truncate(lower);
                if (language == "fa")
                    n = PersianNormalizer.Normalize(buffer, n);
                n = (t_arNorm ??= new()).Normalize(buffer, n);
                n = (t_arStem ??= new()).Stem(buffer, n);
                break;
            case "bg":
            case "uk":
            case "be":
            case "sr":
            case "mk":
                // the Bulgarian light stemmer removes the Slavic noun and adjective endings these languages share
                if (Scripts.OfWord(lower) != Script.Cyrillic)
                    return Truncate(lower);
                n = BulgarianStemmer.Stem(buffer, n);
                break;
            case "cs":
                n = CzechStemmer.Stem(buffer, n);
                break;
            case "el":
            {
                var g = GreekFold(lower);
                g.CopyTo(buffer);
                n = GreekStemmer.Stem(buffer, g.Length);
                break;
            }
            case "hi":
                n = HindiNormalizer.Normalize(buffer, n);
                n = HindiStemmer.Stem(buffer, n);
                break;
            case "id":
            case "ms":
                n = (t_idStem ??= new()).Stem(buffer, n, stemDerivational: true);
                break;
            case "lv":
                n = LatvianStemmer.Stem(buffer, n);
                break;
            case "gl":
                n = GalicianStemmer.Stem(buffer, n);
                break;
            case "ckb":
                n = SoraniNormalizer.Normalize(buffer, n);
                n = SoraniStemmer.Stem(buffer, n);
                break;
            default:
                return Truncate(lower);
        }
        return n <= 0 ? lower : new string(buffer, 0, n);
    }

    /// <summary>What Lucene's GreekLowerCaseFilter gives: accents removed, final sigma made medial.</summary>
    private static string GreekFold(string lower)
    {
        var sb = new StringBuilder(lower.Length);
        foreach (char c in lower.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
                continue;
            sb.Append(c == 'ς' ? 'σ' : c);
        }
        return sb.ToString();
    }

    // Lucene's light stemmers hold no state: one shared instance each.
    private static readonly Lucene.Net.Analysis.Fa.PersianNormalizer PersianNormalizer = new();
    private static readonly Lucene.Net.Analysis.Bg.BulgarianStemmer BulgarianStemmer = new();
    private static readonly Lucene.Net.Analysis.Cz.CzechStemmer CzechStemmer = new();
    private static readonly Lucene.Net.Analysis.El.GreekStemmer GreekStemmer = new();
    private static readonly Lucene.Net.Analysis.Hi.HindiNormalizer HindiNormalizer = new();
    private static readonly Lucene.Net.Analysis.Hi.HindiStemmer HindiStemmer = new();
    private static readonly Lucene.Net.Analysis.Lv.LatvianStemmer LatvianStemmer = new();
    private static readonly Lucene.Net.Analysis.Gl.GalicianStemmer GalicianStemmer = new();
    private static readonly Lucene.Net.Analysis.Ckb.SoraniNormalizer SoraniNormalizer = new();
    private static readonly Lucene.Net.Analysis.Ckb.SoraniStemmer SoraniStemmer = new();
}
