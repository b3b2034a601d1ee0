using System.Diagnostics;

namespace Tidings.Text;

internal enum ChineseWordKind : byte
{
    None,
    Word,
    Name,
}

/// <summary>The generated lexicons (tools/lexicon, see docs/text-analysis.md): concepts of ordinary words per
/// language (FreeDict and CC-CEDICT, pivoting through English), canonical forms of proper names (FreeDict
/// <c>&lt;pn&gt;</c> entries, CC-CEDICT names), and CC-CEDICT's Chinese word list for segmentation. Loaded once,
/// on first use, from the embedded gzip files.</summary>
internal sealed class Lexicons
{
    private static readonly Lazy<Lexicons> Instance = new(Load);

    internal static Lexicons Default => Instance.Value;

    /// <summary>language → stem → concept ids (English stems).</summary>
    private readonly Dictionary<string, Dictionary<string, string[]>> _concepts = new(StringComparer.Ordinal);

    /// <summary>Every concept id; English words meet their own concept only when it is one of these.</summary>
    private readonly HashSet<string> _conceptIds = new(StringComparer.Ordinal);

    /// <summary>Folded name form → canonical (English) name, lower case.</summary>
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    private readonly Dictionary<string, ChineseWordKind> _chinese = new(StringComparer.Ordinal);

    internal int MaxChineseWord { get; private set; }

    /// <summary>How long loading took, for the benchmark and `analyze`.</summary>
    internal TimeSpan LoadTime { get; private set; }

    internal int ConceptEntries { get; private set; }

    internal int NameEntries => _names.Count;

    internal int ChineseWords => _chinese.Count;

    private static readonly string[][] NoSenses = [];

    private static Lexicons Load()
    {
        var sw = Stopwatch.StartNew();
        var lex = new Lexicons();
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        string Intern(string s)
        {
            if (pool.TryGetValue(s, out var x))
                return x;
            pool[s] = s;
            return s;
        }
        if (Resources.Exists("concepts.tsv.gz"))
        {
            Dictionary<string, string[]>? current = null;
            string currentLang = "";
            foreach (var line in Resources.Lines("concepts.tsv.gz"))
            {
                int a = line.IndexOf('\t', StringComparison.Ordinal);
                int b = a < 0 ? -1 : line.IndexOf('\t', a + 1);
                if (b < 0)
                    continue;
                var lang = line.AsSpan(0, a);
                if (current is null || !lang.SequenceEqual(currentLang))
                {
                    currentLang = lang.ToString();
                    if (!lex._concepts.TryGetValue(currentLang, out current))
                        lex._concepts[currentLang] = current = new Dictionary<string, string[]>(StringComparer.Ordinal);
                }
                var senses = line[(b + 1)..].Split('|');
                for (int i = 0; i < senses.Length; i++)
                {
                    senses[i] = Intern(senses[i]);
                    lex._conceptIds.Add(senses[i]);
                }
                current[line.Substring(a + 1, b - a - 1)] = senses;
                lex.ConceptEntries++;
            }
        }
        if (Resources.Exists("names.tsv.gz"))
        {
            foreach (var line in Resources.Lines("names.tsv.gz"))
            {
                int a = line.IndexOf('\t', StringComparison.Ordinal);
                if (a > 0)
                    lex._names[line[..a]] = Intern(line[(a + 1)..]);
            }
        }
        if (Resources.Exists("zh-words.txt.gz"))
        {
            foreach (var line in Resources.Lines("zh-words.txt.gz"))
            {
                // "word" or "word\tn" for a proper name
                bool name = line.EndsWith("\tn", StringComparison.Ordinal);
                var word = name ? line[..^2] : line;
                lex._chinese[word] = name ? ChineseWordKind.Name : ChineseWordKind.Word;
                lex.MaxChineseWord = Math.Max(lex.MaxChineseWord, word.Length);
            }
        }
        lex.LoadTime = sw.Elapsed;
        return lex;
    }

    /// <summary>The concepts of a stemmed word of a language (English words are their own concept when any other
    /// language's word leads to it); empty when the lexicon does not know it.</summary>
    internal string[] Concepts(string language, string stem)
    {
        if (language == "en")
        {
            if (_concepts.TryGetValue("en", out var en) && en.TryGetValue(stem, out var redirected))
                return redirected;
            return _conceptIds.TryGetValue(stem, out var id) ? [id] : [];
        }
        return _concepts.TryGetValue(language, out var d) && d.TryGetValue(stem, out var senses) ? senses : [];
    }

    /// <summary>Whether the concept lexicon covers a language at all.</summary>
    internal bool HasConcepts(string language) => _concepts.ContainsKey(language);

    internal ChineseWordKind ChineseWord(ReadOnlySpan<char> word) =>
        _chinese.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(word, out var k) ? k : ChineseWordKind.None;

    /// <summary>The canonical (English) name the lexicon gives a folded name form, or null.</summary>
    internal string? Canonical(string folded) => _names.TryGetValue(folded, out var c) ? c : null;

    /// <summary>The key of a name: the skeleton of its canonical form when the lexicon knows it, else of its own
    /// transliteration.</summary>
    internal string NameKey(string folded, string language, Script script, Transliteration translit)
    {
        if (Canonical(folded) is { } canonical)
            return NameKeys.SkeletonOfAscii(canonical, Script.Latin, "en");
        return NameKeys.Skeleton(folded, language, translit);
    }

    /// <summary>Titles and roles that introduce a name ("President Lukashenko", "Tổng thống Putin", "президент Путин",
    /// "الرئيس بوتين"): the word after them is a name even when it opens a sentence or its script has no capitals.</summary>
    private static readonly HashSet<string> TitleWords = new(StringComparer.Ordinal)
    {
        "president", "minister", "premier", "chancellor", "king", "queen", "prince", "general", "mr", "mrs", "ms", "dr", "sir", "senator", "governor", "mayor", "secretary", "spokesman", "spokeswoman", "pope",
        "präsident", "präsidentin", "kanzler", "kanzlerin", "ministerin", "herr", "frau",
        "président", "présidente", "ministre", "monsieur", "madame",
        "presidente", "ministro", "ministra", "señor", "señora", "canciller", "signor",
        "prezydent", "premier", "minister", "pan", "pani",
        "президент", "премьер", "министр", "канцлер", "премиер", "господин", "лидер",
        "cumhurbaşkanı", "başbakan", "bakan",
        "thống", "tướng", "ông", "bà",
        "الرئيس", "رئيس", "الوزير", "وزير", "الملك", "الأمير",
        "राष्ट्रपति", "प्रधानमंत्री", "मंत्री",
        "πρόεδρος", "πρωθυπουργός", "υπουργός",
    };

    internal static bool IsTitleWord(string folded) => TitleWords.Contains(folded);
}

/// <summary>What the lexicon builder (tools/lexicon/LexiconBuilder) needs from the analysis: the same folding,
/// stemming and skeletons the run-time lookups use.</summary>
internal static class LexiconBuild
{
    internal static string Fold(string word) => Normalizer.Fold(word);

    internal static string Bare(string word) => Normalizer.Bare(word);

    internal static string Stem(string folded, string language) => Stemmers.Stem(folded, language);

    internal static bool SameSkeleton(string form, string english) =>
        NameKeys.Skeleton(form, "und", Transliteration.Default) == NameKeys.SkeletonOfAscii(english, Script.Latin, "en");
}
