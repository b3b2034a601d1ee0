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

    private static Lexicons Load()
    {
        var sw = Stopwatch.StartNew();
        var lex = new Lexicons();
        // the three files are independent: read them side by side
        var names = Task.Run(lex.LoadNames);
        var chinese = Task.Run(lex.LoadChinese);
        lex.LoadConcepts();
        names.GetAwaiter().GetResult();
        chinese.GetAwaiter().GetResult();
        lex.LoadTime = sw.Elapsed;
        return lex;
    }

    /// <summary>"lang \t stem \t sense|sense" lines, grouped by language. Sense lists repeat (many words share one), so
    /// each distinct list is one shared array and no sense string is built twice.</summary>
    private void LoadConcepts()
    {
        if (!Resources.Exists("concepts.tsv.gz"))
            return;
        var lists = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var listLookup = lists.GetAlternateLookup<ReadOnlySpan<char>>();
        var ids = _conceptIds.GetAlternateLookup<ReadOnlySpan<char>>();
        Dictionary<string, string[]>? current = null;
        string currentLang = "";
        foreach (var line in Resources.Lines("concepts.tsv.gz"))
        {
            var span = line.AsSpan();
            int a = span.IndexOf('\t');
            if (a < 0)
                continue;
            int b = span[(a + 1)..].IndexOf('\t');
            if (b < 0)
                continue;
            b += a + 1;
            var lang = span[..a];
            if (current is null || !lang.SequenceEqual(currentLang))
            {
                currentLang = lang.ToString();
                if (!_concepts.TryGetValue(currentLang, out current))
                    _concepts[currentLang] = current = new Dictionary<string, string[]>(StringComparer.Ordinal);
            }
            var field = span[(b + 1)..];
            if (!listLookup.TryGetValue(field, out var senses))
            {
                int count = field.Count('|') + 1;
                senses = new string[count];
                int k = 0;
                foreach (var range in field.Split('|'))
                {
                    var sense = field[range];
                    if (!ids.TryGetValue(sense, out var id))
                    {
                        id = sense.ToString();
                        _conceptIds.Add(id);
                    }
                    senses[k++] = id;
                }
                lists[field.ToString()] = senses;
            }
            current[line.Substring(a + 1, b - a - 1)] = senses;
            ConceptEntries++;
        }
    }

    private void LoadNames()
    {
        if (!Resources.Exists("names.tsv.gz"))
            return;
        var pool = new Dictionary<string, string>(StringComparer.Ordinal);
        var lookup = pool.GetAlternateLookup<ReadOnlySpan<char>>();
        foreach (var line in Resources.Lines("names.tsv.gz"))
        {
            int a = line.IndexOf('\t', StringComparison.Ordinal);
            if (a <= 0)
                continue;
            var canonical = line.AsSpan(a + 1);
            if (!lookup.TryGetValue(canonical, out var c))
            {
                c = canonical.ToString();
                pool[c] = c;
            }
            _names[line[..a]] = c;
        }
    }

    private void LoadChinese()
    {
        if (!Resources.Exists("zh-words.txt.gz"))
            return;
        int longest = 0;
        foreach (var line in Resources.Lines("zh-words.txt.gz"))
        {
            // "word" or "word\tn" for a proper name
            bool name = line.EndsWith("\tn", StringComparison.Ordinal);
            var word = name ? line[..^2] : line;
            _chinese[word] = name ? ChineseWordKind.Name : ChineseWordKind.Word;
            longest = Math.Max(longest, word.Length);
        }
        MaxChineseWord = longest;
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

    /// <summary>An English concept a Latin-script word no dictionary lists is a cognate of: the longest concept id
    /// (an English stem of at least 5 letters, at least 0.6 of the word) that the diacritic-free word begins with
    /// (presidente → presid, víctima → victim, corruption → corrupt); null when there is none.</summary>
    internal string? Cognate(string bare)
    {
        if (bare.Length < 5)
            return null;
        var lookup = _conceptIds.GetAlternateLookup<ReadOnlySpan<char>>();
        int shortest = Math.Max(5, (int)Math.Ceiling(bare.Length * 0.6));
        for (int n = bare.Length; n >= shortest; n--)
        {
            if (lookup.TryGetValue(bare.AsSpan(0, n), out var id))
                return id;
        }
        return null;
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
        // an English name is its own canonical form; a much shorter canonical of a Latin form is a nickname or a gloss
        // of FreeDict's (Abraham → Abe, aurinko → sun), not another spelling
        if (Canonical(folded) is { } canonical && (script != Script.Latin || (language != "en" && canonical.Length * 2 >= folded.Length)))
            return NameKeys.SkeletonOfAscii(canonical, Script.Latin, "en");
        return NameKeys.Skeleton(folded.AsSpan(0, folded.Length - CaseEnding(folded, language)), language, translit);
    }

    /// <summary>Case endings that carry a consonant, per language family that declines names (a vowel ending vanishes in
    /// the skeleton anyway): Tatrach → Tatr, Zakopanem → Zakopan, Минском → Минск, Путиным → Путин. Surname suffixes
    /// (-ов, -ин, -ów) are not endings and stay.</summary>
    private static readonly string[] WestSouthSlavicEndings = ["ach", "ami", "owi", "ego", "emu", "iem", "em", "om", "ym", "im"];

    private static readonly string[] EastSlavicEndings = ["ами", "ями", "ого", "его", "ому", "ему", "ом", "ем", "ой", "ей", "ым", "им", "ах", "ях"];

    /// <summary>How many final letters of a folded name are a case ending of <paramref name="language"/> (0 if none,
    /// or if less than 4 letters would remain).</summary>
    internal static int CaseEnding(string folded, string language)
    {
        var endings = language switch
        {
            "pl" or "cs" or "sk" or "sl" or "hr" or "bs" or "sh" => WestSouthSlavicEndings,
            "ru" or "uk" or "be" or "sr" => EastSlavicEndings,
            _ => null,
        };
        if (endings is null)
            return 0;
        foreach (var e in endings)
        {
            if (folded.Length - e.Length >= 4 && folded.EndsWith(e, StringComparison.Ordinal))
                return e.Length;
        }
        return 0;
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
