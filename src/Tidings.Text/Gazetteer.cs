using System.Text;

namespace Tidings.Text;

/// <summary>Places (countries, territories and cities) with their names in every CLDR locale, so that Москва,
/// Moscow, Moskau and 莫斯科 resolve to one id. Names of several words match as phrases; names in scripts written
/// without spaces (Han, Kana, Thai) match as substrings, longest first.</summary>
internal sealed class Gazetteer
{
    private static readonly Lazy<Gazetteer> Instance = new(Load);

    /// <summary>Spaced names: folded first word -> (folded rest of the words, place id), longest first.</summary>
    private readonly Dictionary<string, List<(string[] Tail, string Id)>> _byFirstWord = new(StringComparer.Ordinal);

    /// <summary>Names of several words by their first word without its ending (<see cref="EndingStem"/>): южн for
    /// Южная Корея, now for Nowa Zelandia, so that Южной Корее and Nowej Zelandii are found.</summary>
    private readonly Dictionary<string, List<(string[] Tail, string Id)>> _byFirstStem = new(StringComparer.Ordinal);

    /// <summary>Unspaced names (CJK, Thai): name -> id, with the longest name length.</summary>
    private readonly Dictionary<string, string> _unspaced = new(StringComparer.Ordinal);

    /// <summary>One-word names (folded) -> id, for the inflection fallback.</summary>
    private readonly Dictionary<string, string> _singleWords = new(StringComparer.Ordinal);

    /// <summary>The one-word names that a language inflecting names gives (the others are matched only as written:
    /// Polish Nowej is not Nowe, Luganda's and Soga's Norway).</summary>
    private readonly HashSet<string> _inflectable = new(StringComparer.Ordinal);

    /// <summary>The first four letters of every one-word name: an inflected form can only match a name it begins with,
    /// so a word whose first four letters begin none is not tried (most words).</summary>
    private readonly HashSet<string> _singlePrefixes = new(StringComparer.Ordinal);

    /// <summary>Per first character of an unspaced name, the longest name that starts with it (0: none does).</summary>
    private readonly Dictionary<char, int> _unspacedStarts = [];

    /// <summary>Abbreviations (their capital letters without dots: UK, US, EEUU) -> id and the languages that write
    /// them (null: any).</summary>
    private readonly Dictionary<string, (string Id, string[]? Languages)> _abbreviations = new(StringComparer.Ordinal);

    /// <summary>The letters of a name written as an abbreviation (capitals only, a dot after any of them: U.S., EE.UU.,
    /// США), or null.</summary>
    private static string? AbbreviationLetters(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (char.IsUpper(c))
                sb.Append(c);
            else if (c != '.' || sb.Length == 0)
                return null;
        }
        return sb.Length >= 2 ? sb.ToString() : null;
    }

    /// <summary>An abbreviation written at <paramref name="start"/> (UK, U.S., EE.UU.: capitals, each maybe followed by a
    /// dot, and no letter after) in a text of <paramref name="language"/>: the place and where the abbreviation ends
    /// (after its last dot), or null.</summary>
    internal string? MatchAbbreviation(string text, int start, string language, out int end)
    {
        end = start;
        Span<char> letters = stackalloc char[6];
        int n = 0, i = start;
        while (i < text.Length && char.IsUpper(text[i]) && n < letters.Length)
        {
            letters[n++] = text[i++];
            if (i < text.Length && text[i] == '.')
                i++;
        }
        if (n < 2 || (i < text.Length && char.IsLetter(text[i])))
            return null;
        if (!_abbreviations.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(letters[..n], out var found)
            || (found.Languages is { } only && Array.IndexOf(only, language) < 0))
            return null;
        end = i;
        return found.Id;
    }

    private const string InflectionVowels = "аяоеиaeoi";

    internal static Gazetteer Default => Instance.Value;

    internal int Count { get; private set; }

    private static Gazetteer Load()
    {
        var g = new Gazetteer();
        foreach (var line in Resources.Lines("gazetteer.tsv.gz"))
        {
            var parts = line.Split('\t');
            for (int i = 1; i < parts.Length; i++)
            {
                // "=": no language that inflects names gives this one; it is matched only as written
                if (parts[i].StartsWith('='))
                    g.Add(parts[i][1..], parts[0], inflectable: false);
                else
                    g.Add(parts[i], parts[0]);
            }
            g.Count++;
        }
        // names CLDR lacks (Britain, Großbritannien) and abbreviations (UK, U.S.), written here
        foreach (var line in Resources.TextLines("place-aliases.tsv"))
        {
            var parts = line.Split('\t');
            for (int i = 1; i < parts.Length; i++)
            {
                var (name, languages) = parts[i].IndexOf('@') is var at and > 0
                    ? (parts[i][..at], parts[i][(at + 1)..].Split(','))
                    : (parts[i], null);
                if (AbbreviationLetters(name) is { } letters)
                    g._abbreviations.TryAdd(letters, (parts[0], languages));
                else
                    g.Add(name, parts[0]);
            }
        }
        foreach (var list in g._byFirstWord.Values.Concat(g._byFirstStem.Values))
            list.Sort((a, b) => b.Tail.Length.CompareTo(a.Tail.Length));
        return g;
    }

    private static readonly char[] NameSeparators = [' ', '-', '\u00A0'];

    private void Add(string name, string id, bool inflectable = true)
    {
        if (name.Length > 0 && Scripts.MatchesBySubstring(name[0]))
        {
            if (name.Length >= 2)
            {
                _unspaced.TryAdd(name, id);
                _unspacedStarts[name[0]] = Math.Max(_unspacedStarts.GetValueOrDefault(name[0]), name.Length);
            }
            return;
        }
        var words = name.Split(NameSeparators, StringSplitOptions.RemoveEmptyEntries);
        for (int k = 0; k < words.Length; k++)
            words[k] = Fold(words[k]);
        if (words.Length == 0 || words[0].Length == 0 || (words.Length == 1 && words[0].Length < 3))
            return;
        if (words.Length == 1)
        {
            _singleWords.TryAdd(words[0], id);
            if (inflectable)
                _inflectable.Add(words[0]);
            if (words[0].Length >= 4 && inflectable)
                _singlePrefixes.Add(words[0][..4]);
        }
        if (!_byFirstWord.TryGetValue(words[0], out var list))
            _byFirstWord[words[0]] = list = [];
        list.Add((words[1..], id));
        if (words.Length > 1 && inflectable && EndingStem(words[0]) is { } stem)
        {
            if (!_byFirstStem.TryGetValue(stem, out var stems))
                _byFirstStem[stem] = stems = [];
            stems.Add((words[1..], id));
        }
    }

    /// <summary>Letters an ending of case or gender is made of, in the languages that inflect names (Cyrillic and Latin
    /// vowels, й, ь, j; Polish ą ę are folded to a e).</summary>
    private const string EndingLetters = "аяоеёиыйуюьэaeiouyj";

    /// <summary>A word without its ending: up to two final ending letters, keeping three letters or more (южная, южной
    /// → южн; nowa, nowej → now); null for a word that would keep fewer.</summary>
    internal static string? EndingStem(string word)
    {
        int end = word.Length;
        for (int k = 0; k < 2 && end > 3 && EndingLetters.Contains(word[end - 1], StringComparison.Ordinal); k++)
            end--;
        return end >= 3 && end < word.Length ? word[..end] : end >= 3 ? word : null;
    }

    /// <summary>The folded form of each Latin letter with a diacritic (U+00C0–U+024F, U+1E00–U+1EFF), made on first
    /// use: loading folds some 50,000 names, and decomposing a letter each time was most of the gazetteer's load.</summary>
    private static readonly string?[] FoldedLetters = new string?[0x1F00 - 0xC0];

    private static string FoldedLetter(char c)
    {
        ref var slot = ref FoldedLetters[c - 0xC0];
        if (slot is null)
        {
            var ascii = Latinizer.ToAscii([c]);
            slot = ascii.Length > 0 ? ascii : c.ToString();
        }
        return slot;
    }

    /// <summary><see cref="Fold(ReadOnlySpan{char})"/> of a string: the same string when folding changes nothing (a
    /// lower-case word without diacritics or apostrophes, most words), so no copy is made.</summary>
    internal static string Fold(string word)
    {
        foreach (char c in word)
        {
            if (c is (>= '\u00C0' and < '\u0250') or (>= '\u1E00' and < '\u1F00') or '\'' or '’' or 'ё' || ArabicFolded(c) != c || char.ToLowerInvariant(c) != c)
                return Fold(word.AsSpan());
        }
        return word;
    }

    /// <summary>Lower case, Latin diacritics removed (Moscú and Moscu meet), Cyrillic ё as е; Arabic without its optional marks and with
    /// one yeh (السودانى and السوداني meet, see <see cref="ArabicFolded"/>); other scripts lower-cased only.</summary>
    internal static string Fold(ReadOnlySpan<char> word)
    {
        // a folded letter is at most a few ASCII letters (æ → ae): a buffer on the stack for any name of 64 letters
        Span<char> buffer = word.Length <= 64 ? stackalloc char[256] : new char[word.Length * 4];
        int n = 0;
        foreach (char raw in word)
        {
            char c = char.ToLowerInvariant(raw);
            if (c is >= '\u00C0' and < '\u0250' or >= '\u1E00' and < '\u1F00')
            {
                var folded = FoldedLetter(c);
                if (n + folded.Length > buffer.Length)
                    return FoldSlow(word);
                folded.CopyTo(buffer[n..]);
                n += folded.Length;
            }
            else if (c == 'ё')
            {
                // Russian writes ё or е for one letter (Объединённых, Объединенных: CLDR has the second)
                buffer[n++] = 'е';
            }
            else if (c is not ('\'' or '’'))
            {
                c = ArabicFolded(c);
                if (c != '\0')
                    buffer[n++] = c;
            }
        }
        return new string(buffer[..n]);
    }

    /// <summary><see cref="Fold(ReadOnlySpan{char})"/> for a word whose folded letters outgrow the buffer.</summary>
    private static string FoldSlow(ReadOnlySpan<char> word)
    {
        var sb = new StringBuilder(word.Length * 2);
        foreach (char raw in word)
        {
            char c = char.ToLowerInvariant(raw);
            if (c is >= '\u00C0' and < '\u0250' or >= '\u1E00' and < '\u1F00')
                sb.Append(FoldedLetter(c));
            else if (c == 'ё')
                sb.Append('е');
            else if (c is not ('\'' or '’') && ArabicFolded(c) is var a && a != '\0')
                sb.Append(a);
        }
        return sb.ToString();
    }

    /// <summary>What an Arabic letter is written as when writers differ: Egyptian writing ends words with alef maksura
    /// for yeh (ى → ي: السودانى, اللبنانى), and the short vowels, shadda, sukun, tanween and tatweel are optional (→
    /// '\0', dropped). Hamza forms of alef stay (the gazetteer lists both الأردن and الاردن, and folding them made
    /// أمان, safety, the Persian form of Amman), and so does teh marbuta (جدة Jeddah, جده his grandfather). Any other
    /// character is returned as it is.</summary>
    internal static char ArabicFolded(char c) => c switch
    {
        '\u0649' => '\u064A',
        (>= '\u064B' and <= '\u0652') or '\u0670' or '\u0640' => '\0',
        _ => c,
    };

    /// <summary>Matches a place starting at word <paramref name="index"/> of the folded words; returns the id and how
    /// many words it spans. A single inflected word matches its name when it only adds an ending (Москве, Беларуси);
    /// <paramref name="inflect"/> false reads the word as not inflected whatever the language (a Latin word inside
    /// Greek or Cyrillic text takes no Greek or Cyrillic ending: Canadair is not Canada).</summary>
    internal (string? Id, int Words) Match(IReadOnlyList<string> folded, int index, string language = "und", bool inflect = true)
    {
        bool arabic = folded[index].Length > 0 && Scripts.Of(folded[index][0]) == Script.Arabic;
        // Arabic inflects with clitics and suffixes (ArabicStems), not by changing a name's last letters: cutting them
        // made فيروس (virus) the Faroe Islands (فيرو) and أكتوبر (October) Aqtobe (أكتوب)
        bool inflects = inflect && Inflects(language) && !arabic;
        var (id, words) = MatchAt(folded, index, folded[index], inflects, GenitiveS(language));
        if (id is null && arabic)
        {
            // Arabic writes conjunctions, prepositions and the article onto the word: وبالأقصر -> الأقصر -> أقصر; an
            // adjective reaches a country only (المصرية, التركي), not a city: الرياضية is sporting, not of Riyadh
            // (رياض), مديرية a directorate, not Madeira
            foreach (var (stripped, suffix) in ArabicStems(folded[index]))
            {
                (id, words) = MatchAt(folded, index, stripped, inflects);
                if (id is not null && suffix && !id.StartsWith("T:", StringComparison.Ordinal))
                    (id, words) = (null, 0);
                if (id is not null)
                    break;
            }
        }
        return (id, words);
    }

    /// <summary>The forms an Arabic word may be a place name in: without its proclitics and article, then as an adjective
    /// or feminine without its ending (<c>Suffix</c>).</summary>
    internal static IEnumerable<(string Form, bool Suffix)> ArabicStems(string word)
    {
        var w = word;
        for (int i = 0; i < 2 && w.Length > 3 && w[0] is 'و' or 'ف' or 'ب' or 'ل' or 'ك'; i++)
        {
            w = w[1..];
            yield return (w, false);
        }
        if (w.StartsWith("ال", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[2..];
            yield return (w, false);
        }
        // nisba adjectives and feminine endings: المصرية -> مصر. The adjective of a country in -ya or -a (الإيطالية,
        // التركي) stays a word, as "Italian" and "italiana" do in other languages: its concept meets theirs
        foreach (var suffix in NisbaEndings)
        {
            if (!w.EndsWith(suffix, StringComparison.Ordinal) || w.Length - suffix.Length < 3)
                continue;
            var stem = w[..^suffix.Length];
            if (suffix == "ة")
            {
                // -iyya is the nisba's feminine, tried above: المالية (financial) is not مالي (Mali)
                if (stem[^1] == 'ي')
                    continue;
                yield return (stem, true);
                continue;
            }
            yield return (stem, true);
        }
    }

    private static readonly string[] NisbaEndings = ["ية", "يون", "يين", "ي", "ة"];

    /// <summary>Languages that mark case or number on a name with endings (Москве, Беларуси, Türkiye'de, Varsovia →
    /// Warszawie); in the others (English, Romance, most Germanic) a name only takes a genitive or plural -s, so
    /// cutting letters would turn Moskvin into Moscow and Canadian into Canada.</summary>
    private static bool Inflects(string language) => language switch
    {
        "en" or "fr" or "es" or "it" or "pt" or "ca" or "gl" or "nl" or "de" or "sv" or "da" or "no" or "nb" or "nn" or "af" or "is" or "vi" or "id" or "ms" or "tl" => false,
        _ => true,
    };

    /// <summary>Languages whose genitive adds a bare -s to a name (Deutschlands, Berlins, Stockholms); English writes its
    /// possessive with an apostrophe (<see cref="Clitics"/>), so a bare final s there is part of the name (Rigas is not
    /// Riga, Samaras not Samara), and Romance languages have none.</summary>
    private static bool GenitiveS(string language) => language is "de" or "nl" or "af" or "sv" or "da" or "no" or "nb" or "nn" or "is";

    private (string? Id, int Words) MatchAt(IReadOnlyList<string> folded, int index, string first, bool inflects, bool genitiveS = false)
    {
        if (_byFirstWord.TryGetValue(first, out var list) && MatchTail(list, folded, index, inflects, multiwordOnly: false) is { } exact)
            return exact;
        // a name of several words whose words are inflected (Russian в Коста-Рику, в Южной Корее; Polish w Nowej
        // Zelandii, Korei Południowej): the first word by its stem, each other word as an ending on the name's word
        if (inflects && EndingStem(first) is { } firstStem && _byFirstStem.TryGetValue(firstStem, out var byStem)
            && MatchTail(byStem, folded, index, inflects, multiwordOnly: true) is { } inflected)
            return inflected;
        // inflection: drop up to 3 final letters (Москвы -> москв + а?), try the stem alone or with a vowel;
        // looked up by span, so no string is built for the (usually failing) tries
        if (!inflects)
        {
            if (genitiveS && first.Length >= 5 && first[^1] == 's' && _singleWords.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(first.AsSpan(0, first.Length - 1), out var genitive))
                return (genitive, 1);
            return (null, 0);
        }
        if (first.Length >= 5 && _singlePrefixes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(first.AsSpan(0, 4)))
        {
            var lookup = _singleWords.GetAlternateLookup<ReadOnlySpan<char>>();
            Span<char> buffer = stackalloc char[Math.Min(first.Length, 64)];
            // an ending at most half as long as what is left of the word: Policja is not Pōli (Poland in one locale)
            // with -cja cut
            var inflectable = _inflectable.GetAlternateLookup<ReadOnlySpan<char>>();
            for (int cut = 1; cut <= 3 && first.Length - cut >= 4 && first.Length - cut < buffer.Length && cut * 2 <= first.Length - cut; cut++)
            {
                var stem = first.AsSpan(0, first.Length - cut);
                if (inflectable.Contains(stem) && lookup.TryGetValue(stem, out var id1))
                    return (id1, 1);
                stem.CopyTo(buffer);
                foreach (var v in InflectionVowels)
                {
                    buffer[stem.Length] = v;
                    if (inflectable.Contains(buffer[..(stem.Length + 1)]) && lookup.TryGetValue(buffer[..(stem.Length + 1)], out var id2))
                        return (id2, 1);
                }
            }
        }
        return (null, 0);
    }

    /// <summary>The first name of <paramref name="list"/> whose other words follow word <paramref name="index"/>, each
    /// as written or, where the language inflects, with an ending (<see cref="IsInflectionOf"/>).</summary>
    private static (string? Id, int Words)? MatchTail(List<(string[] Tail, string Id)> list, IReadOnlyList<string> folded, int index, bool inflects, bool multiwordOnly)
    {
        foreach (var (tail, id) in list)
        {
            if (index + tail.Length >= folded.Count || (multiwordOnly && tail.Length == 0))
                continue;
            bool ok = true;
            for (int i = 0; i < tail.Length && ok; i++)
                ok = folded[index + 1 + i] == tail[i] || (inflects && IsInflectionOf(folded[index + 1 + i], tail[i]));
            if (ok)
                return (id, tail.Length + 1);
        }
        return null;
    }

    /// <summary>Whether <paramref name="word"/> is <paramref name="name"/> with an ending: the name, or the name less a
    /// final vowel, plus up to three letters (Рику for Рика, Корее for Корея, Айресе for Айрес). A name word of three
    /// letters or less is matched only as written.</summary>
    private static bool IsInflectionOf(string word, string name)
    {
        if (name.Length < 4 || word.Length <= 3)
            return false;
        for (int cut = 1; cut <= 3 && word.Length - cut >= 3 && cut * 2 <= word.Length - cut + 1; cut++)
        {
            var stem = word.AsSpan(0, word.Length - cut);
            if (name.AsSpan().SequenceEqual(stem))
                return true;
            if (name.Length == stem.Length + 1 && name.AsSpan().StartsWith(stem) && InflectionVowels.Contains(name[^1], StringComparison.Ordinal))
                return true;
        }
        return false;
    }

    /// <summary>The longest unspaced name at <paramref name="i"/>: only lengths some name starting with that character
    /// has are tried, looked up by span (no substring is built).</summary>
    private (string? Place, int Length) LongestUnspacedAt(string run, int i)
    {
        var lookup = _unspaced.GetAlternateLookup<ReadOnlySpan<char>>();
        int longest = _unspacedStarts.GetValueOrDefault(run[i]);
        for (int len = Math.Min(longest, run.Length - i); len >= 2; len--)
        {
            if (lookup.TryGetValue(run.AsSpan(i, len), out var id))
                return (id, len);
        }
        return (null, 0);
    }

    /// <summary>All places named in a run of unspaced text (id, offset and length in the run), longest match first, left
    /// to right.</summary>
    internal IEnumerable<(string Id, int Start, int Length)> MatchUnspaced(string run)
    {
        bool normalized;
        try
        {
            normalized = run.IsNormalized(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            normalized = true; // an unpaired surrogate: matched as it is
        }
        return normalized ? MatchNormalized(run) : MatchExpanded(run);
    }

    /// <summary>A run with characters that NFKC rewrites (Thai ำ and Lao ຳ, which the gazetteer holds as ํ + า and
    /// ໍ + າ as the analysis reads text; full-width brackets): each character is matched in its NFKC form and the
    /// offsets are mapped back to the run as written.</summary>
    private IEnumerable<(string Id, int Start, int Length)> MatchExpanded(string run)
    {
        var expanded = new StringBuilder(run.Length + 8);
        var from = new List<int>(run.Length + 8); // the run's index of each expanded character
        for (int k = 0; k < run.Length; k++)
        {
            var form = char.IsSurrogate(run[k]) ? null : CompatibilityForm(run[k]);
            if (form is null)
            {
                expanded.Append(run[k]);
                from.Add(k);
                continue;
            }
            foreach (char x in form)
            {
                expanded.Append(x);
                from.Add(k);
            }
        }
        foreach (var (id, start, length) in MatchNormalized(expanded.ToString()))
        {
            int first = from[start], last = from[start + length - 1];
            yield return (id, first, last + 1 - first);
        }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<char, string?> CompatibilityForms = new();

    /// <summary>The NFKC form of one character when it differs from the character (null otherwise).</summary>
    private static string? CompatibilityForm(char c) => c < 0x80 ? null : CompatibilityForms.GetOrAdd(c, static ch =>
    {
        var s = ch.ToString();
        var n = s.Normalize(NormalizationForm.FormKC);
        return n == s ? null : n;
    });

    private IEnumerable<(string Id, int Start, int Length)> MatchNormalized(string run)
    {
        int i = 0;
        while (i < run.Length)
        {
            var (place, found) = LongestUnspacedAt(run, i);
            if (place is not null)
                yield return (place, i, found);
            i += found > 0 ? found : 1;
        }
    }
}
