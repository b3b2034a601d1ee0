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
/// on first use, from the embedded binary file (<see cref="LexiconFile"/>): a few arrays of sorted key hashes and
/// values read in large blocks; strings are made only for what lookups return, once each.</summary>
internal sealed class Lexicons
{
    private static readonly Lazy<Lexicons> Instance = new(Load);

    internal static Lexicons Default => Instance.Value;

    /// <summary>Concept ids (English stems) by the hash of their text; an id's number is its position.</summary>
    private readonly HashIndex _ids;

    private readonly StringPool _idText;

    /// <summary>One-element sense lists of the concept ids, made on first use (what an English word's lookup returns).</summary>
    private readonly string[]?[] _ownConcept;

    /// <summary>Sense lists: ids of list i are <c>_listIds[_listOffsets[i].._listOffsets[i + 1]]</c>.</summary>
    private readonly int[] _listOffsets;

    private readonly int[] _listIds;

    private readonly string[]?[] _lists;

    /// <summary>(language, stem) by the hash of the stem seeded by the language → sense list.</summary>
    private readonly HashIndex _concepts;

    private readonly int[] _conceptLists;

    private readonly HashSet<string> _languages;

    private readonly bool _hasEnglishEntries;

    /// <summary>Folded name form → canonical (English) name, lower case.</summary>
    private readonly HashIndex _names;

    private readonly int[] _nameCanonicals;

    private readonly StringPool _canonicals;

    private readonly HashIndex _chinese;

    private readonly byte[] _chineseKinds;

    private Lexicons(LexiconFile.Content c)
    {
        _ids = new HashIndex(c.IdKeys);
        _idText = c.Ids;
        _ownConcept = new string[]?[c.IdKeys.Length];
        _listOffsets = c.ListOffsets;
        _listIds = c.ListIds;
        _lists = new string[]?[c.ListOffsets.Length - 1];
        _concepts = new HashIndex(c.ConceptKeys);
        _conceptLists = c.ConceptLists;
        _languages = new HashSet<string>(c.Languages, StringComparer.Ordinal);
        _hasEnglishEntries = _languages.Contains("en");
        _names = new HashIndex(c.NameKeys);
        _nameCanonicals = c.NameCanonicals;
        _canonicals = c.Canonicals;
        _chinese = new HashIndex(c.ChineseKeys);
        _chineseKinds = c.ChineseKinds;
        MaxChineseWord = c.MaxChineseWord;
    }

    internal int MaxChineseWord { get; }

    /// <summary>How long loading took, for the benchmark and `analyze`.</summary>
    internal TimeSpan LoadTime { get; private set; }

    internal int ConceptEntries => _concepts.Count;

    internal int NameEntries => _names.Count;

    internal int ChineseWords => _chinese.Count;

    private static Lexicons Load()
    {
        var sw = Stopwatch.StartNew();
        var lex = new Lexicons(Resources.Exists(LexiconFile.ResourceName)
            ? ReadEmbedded()
            : Empty());
        lex.LoadTime = sw.Elapsed;
        return lex;
    }

    private static LexiconFile.Content ReadEmbedded()
    {
        using var stream = Resources.Open(LexiconFile.ResourceName);
        return LexiconFile.Read(stream);
    }

    private static LexiconFile.Content Empty() => new()
    {
        IdKeys = [],
        Ids = new StringPool([0], []),
        ListOffsets = [0],
        ListIds = [],
        Languages = [],
        ConceptKeys = [],
        ConceptLists = [],
        Canonicals = new StringPool([0], []),
        NameKeys = [],
        NameCanonicals = [],
        ChineseKeys = [],
        ChineseKinds = [],
        MaxChineseWord = 0,
    };

    private string[] List(int i)
    {
        if (_lists[i] is { } made)
            return made;
        int from = _listOffsets[i], to = _listOffsets[i + 1];
        var senses = new string[to - from];
        for (int k = 0; k < senses.Length; k++)
            senses[k] = _idText[_listIds[from + k]];
        return _lists[i] = senses;
    }

    /// <summary>The concepts of a stemmed word of a language (English words are their own concept when any other
    /// language's word leads to it); empty when the lexicon does not know it.</summary>
    internal string[] Concepts(string language, string stem)
    {
        if (language == "en")
        {
            if (_hasEnglishEntries && Lookup("en", stem) is { } redirected)
                return redirected;
            int id = _ids.Find(LexiconFile.Hash(stem));
            return id < 0 ? [] : _ownConcept[id] ??= [_idText[id]];
        }
        return Lookup(language, stem) ?? [];
    }

    /// <summary>The concepts of a folded word: its own entry when it has one (a word whose stem's senses are another
    /// word's: es gobernador beside gobernar, both stemmed gobern), else its stem's (<see cref="Concepts(string, string)"/>).</summary>
    internal string[] Concepts(string language, ReadOnlySpan<char> folded, string stem) =>
        OwnConcepts(language, folded) ?? Concepts(language, stem);

    /// <summary>The concepts of a folded word's own entry, or null when it has none.</summary>
    internal string[]? OwnConcepts(string language, ReadOnlySpan<char> folded)
    {
        if (language == "en" || folded.Length is 0 or > 64 || !_languages.Contains(language))
            return null;
        Span<char> key = stackalloc char[folded.Length + 1];
        key[0] = WordMark;
        // Arabic entries are keyed without vowel marks and letter variants (LexiconBuild.Fold), as text is read
        int length = language == "ar" ? ArabicWords.Normalize(folded, key[1..]) : folded.Length;
        if (language != "ar")
            folded.CopyTo(key[1..]);
        int e = _concepts.Find(LexiconFile.Hash(key[..(length + 1)], LexiconFile.LanguageSeed(language)));
        return e < 0 ? null : List(_conceptLists[e]);
    }

    /// <summary>What a word's own entry begins with in the concept lexicon (the rest is the folded word), beside the
    /// stem entries of its language.</summary>
    internal const char WordMark = '=';

    private string[]? Lookup(string language, string stem)
    {
        if (!_languages.Contains(language))
            return null;
        int e = _concepts.Find(LexiconFile.Hash(stem, LexiconFile.LanguageSeed(language)));
        return e < 0 ? null : List(_conceptLists[e]);
    }

    /// <summary>An English concept a Latin-script word no dictionary lists is a cognate of: the longest concept id
    /// (an English stem of at least 5 letters, at least 0.6 of the word) that the diacritic-free word begins with
    /// (presidente → presid, víctima → victim, corruption → corrupt); null when there is none.</summary>
    internal string? Cognate(string bare)
    {
        if (bare.Length < 5)
            return null;
        int shortest = Math.Max(5, (int)Math.Ceiling(bare.Length * 0.6));
        for (int n = bare.Length; n >= shortest; n--)
        {
            int id = _ids.Find(LexiconFile.Hash(bare.AsSpan(0, n)));
            if (id >= 0)
                return _idText[id];
        }
        return null;
    }

    /// <summary>Whether the concept lexicon covers a language at all.</summary>
    internal bool HasConcepts(string language) => _languages.Contains(language);

    internal ChineseWordKind ChineseWord(ReadOnlySpan<char> word)
    {
        int i = _chinese.Find(LexiconFile.Hash(word));
        return i < 0 ? ChineseWordKind.None : (ChineseWordKind)_chineseKinds[i];
    }

    /// <summary>The canonical (English) name the lexicon gives a folded name form, or null.</summary>
    internal string? Canonical(string folded)
    {
        int i = _names.Find(LexiconFile.Hash(folded));
        return i < 0 ? null : _canonicals[_nameCanonicals[i]];
    }

    /// <summary>The keys of a name, added to <paramref name="into"/>: the skeleton of its canonical form when the lexicon
    /// knows it, else of its own transliteration, then a second reading where its script writes one sound two ways
    /// (<see cref="NameKeys.Keys"/>); none shorter than two letters.</summary>
    internal void NameKeysOf(string folded, string language, Script script, Transliteration translit, List<string> into)
    {
        // an English name is its own canonical form; a much shorter canonical of a Latin form is a nickname or a gloss
        // of FreeDict's (Abraham → Abe, aurinko → sun), not another spelling
        if (Canonical(folded) is { } canonical && (script != Script.Latin || (language != "en" && canonical.Length * 2 >= folded.Length)))
        {
            NameKeys.AddKey(into, NameKeys.SkeletonOfAscii(canonical, Script.Latin, "en"));
            return;
        }
        NameKeys.Keys(folded.AsSpan(0, folded.Length - CaseEnding(folded, language)), language, translit, into);
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

    /// <summary>Titles and honorifics of Thai and Lao news, longest first: president, prime minister, minister, king,
    /// Mr, Mrs, Miss (Thai ประธานาธิบดี, นายกรัฐมนตรี, รัฐมนตรี, นาย, นาง, นางสาว; Lao ປະທານາທິບໍດີ, ປະທານປະເທດ,
    /// ນາຍົກລັດຖະມົນຕີ, ລັດຖະມົນຕີ, ທ່ານ, ທ້າວ, ນາງ): in scripts without capitals they are what says a name follows.
    /// Not Khmer or Myanmar: ICU transliterates neither, so their names would get no key.</summary>
    private static readonly string[] UnspacedTitles = [.. new[]
    {
        "ประธานาธิบดี", "นายกรัฐมนตรี", "รัฐมนตรี", "กษัตริย์", "นางสาว", "นาย", "นาง",
        "ປະທານາທິບໍດີ", "ປະທານປະເທດ", "ນາຍົກລັດຖະມົນຕີ", "ລັດຖະມົນຕີ", "ທ່ານ", "ທ້າວ", "ນາງ",
    }.Select(t => t.Normalize(System.Text.NormalizationForm.FormKC)).OrderByDescending(t => t.Length)];

    /// <summary>Function words of Lao, which stopwords-iso lacks (written here: at, and, of, in, with, from, to, did,
    /// is, will, that, by, for): a run after a title that opens with one is a clause, not a name. Thai's come from
    /// stopwords-iso.</summary>
    private static readonly HashSet<string> UnspacedFunctionWords = new(new[]
    {
        "ໄດ້", "ທີ່", "ແລະ", "ກັບ", "ຂອງ", "ໃນ", "ເປັນ", "ຈະ", "ວ່າ", "ໄປ", "ມາ", "ຢູ່", "ຈາກ", "ໃຫ້", "ກໍ່", "ນີ້", "ນັ້ນ", "ແຕ່", "ຫຼື", "ເຊິ່ງ", "ໂດຍ", "ສຳລັບ", "ຕໍ່", "ກ່ຽວກັບ", "ພ້ອມ",
    }.Select(w => w.Normalize(System.Text.NormalizationForm.FormKC)), StringComparer.Ordinal);

    /// <summary>Whether a word of a Thai or Lao run is a function word (stopwords-iso's Thai list, or
    /// <see cref="UnspacedFunctionWords"/>).</summary>
    internal static bool IsUnspacedFunctionWord(ReadOnlySpan<char> word, HashSet<string> stop) =>
        stop.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word) || UnspacedFunctionWords.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word);

    /// <summary>Whether a title of Thai or Lao occurs anywhere in a run.</summary>
    internal static bool HasUnspacedTitle(ReadOnlySpan<char> run)
    {
        foreach (var title in UnspacedTitles)
        {
            if (run.Contains(title, StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>The length of the title of Thai or Lao that begins at <paramref name="at"/> in a run; 0 when none.</summary>
    internal static int UnspacedTitleAt(ReadOnlySpan<char> run, int at)
    {
        var rest = run[at..];
        foreach (var title in UnspacedTitles)
        {
            if (rest.StartsWith(title, StringComparison.Ordinal))
                return title.Length;
        }
        return 0;
    }
}

/// <summary>What the lexicon builder (tools/lexicon/LexiconBuilder) needs from the analysis: the same folding,
/// stemming and skeletons the run-time lookups use.</summary>
internal static class LexiconBuild
{
    /// <summary>A dictionary word folded as the analysis looks it up in <paramref name="language"/>: Arabic also
    /// without vowel marks, tatweel and letter variants (<see cref="ArabicWords.Normalize"/>), which dictionaries write
    /// (أخبَر, أثّر) and news text mostly does not.</summary>
    internal static string Fold(string word, string language) =>
        language == "ar" ? ArabicWords.Normalize(Normalizer.Fold(word)) : Normalizer.Fold(word);

    internal static string Bare(string word) => Normalizer.Bare(word);

    internal static string Stem(string folded, string language) => Stemmers.Stem(folded, language);

    internal static bool SameSkeleton(string form, string english) =>
        NameKeys.Skeleton(form, "und", Transliteration.Default) == NameKeys.SkeletonOfAscii(english, Script.Latin, "en");
}
