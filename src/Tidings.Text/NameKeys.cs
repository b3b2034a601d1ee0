using System.Text;

namespace Tidings.Text;

/// <summary>Language-neutral keys for names. A name's key is, in order: the canonical (English) form the name
/// lexicon gives it (普京 → Putin, Deutschland → Germany), reduced to its skeleton; else the phonetic skeleton of its
/// transliteration. The skeleton keeps consonants merged into classes that scripts and transliterations confuse
/// (b/p/f/v/w, c/k/q, s/z/sh/ch/zh, t/d; l/r only for Japanese and Korean), drops vowels, h, y, j (and w, y from scripts that write long vowels
/// with them: Arabic, Hebrew), collapses repeats and keeps the first <see cref="KeyLength"/> consonants, so that
/// Lukashenko, Lukašenko, Лукашенко, Łukaszenka, Loukachenko, Lukaschenko and 卢卡申科 all give <c>lksnk</c>.</summary>
internal static class NameKeys
{
    /// <summary>Consonants kept in a key.</summary>
    internal const int KeyLength = 6;

    /// <summary>The skeleton of a name written in <paramref name="language"/>'s orthography (its script is read from
    /// the word); "" when the word has no letters any transliteration knows.</summary>
    internal static string Skeleton(ReadOnlySpan<char> word, string language, Transliteration transliteration)
    {
        var ascii = AsciiOf(word, transliteration, out var script);
        return SkeletonOfAscii(ascii, script, language);
    }

    /// <summary>A word's ASCII transliteration (a Devanagari anusvara written as its nasal first) and its script.</summary>
    private static string AsciiOf(ReadOnlySpan<char> word, Transliteration transliteration, out Script script)
    {
        script = Scripts.OfWord(word);
        var ascii = transliteration.ToAscii(script == Script.Devanagari ? Anusvara(word) : word);
        // Lao is read through its Thai letters (Scripts.LaoAsThai), so Thai's rules apply to it
        if (script == Script.Lao)
            script = Script.Thai;
        return ascii;
    }

    /// <summary>The keys of one name: its <see cref="Skeleton"/>, and a second reading where the script writes one
    /// sound two ways: the Arabic article that English spellings drop (الأسد al-Asad = Assad, السيسي = Sisi), the
    /// Greek ντ, μπ, γκ that write d, b, g inside foreign names (Μπάιντεν Biden, Ερντογάν Erdogan) but nt, mb, ng in
    /// Greek ones (Αντώνης Antonis), the nominative of a Greek name in another case (Μητσοτάκη = Mitsotakis), and the
    /// Japanese フ that writes hu as well as fu (ネタニヤフ = Netanyahu), the Hebrew vav that writes v as well as a
    /// vowel (דוד = David), and the English reading of a Latin name whose j or ch the text's language reads otherwise
    /// (Johnson, Charles in German text).</summary>
    internal static void Keys(ReadOnlySpan<char> word, string language, Transliteration transliteration, List<string> into)
    {
        var ascii = AsciiOf(word, transliteration, out var script);
        AddKey(into, SkeletonOfAscii(ascii, script, language));
        if (script == Script.Arabic && word.Length > 4 && word.StartsWith("ال") && ascii.StartsWith("al", StringComparison.Ordinal))
            AddKey(into, SkeletonOfAscii(ascii[2..], script, language));
        else if (script == Script.Greek && ascii.Length > 3)
        {
            var foreign = GreekStops(ascii);
            if (!ReferenceEquals(foreign, ascii))
                AddKey(into, SkeletonOfAscii(foreign, script, language));
            if (GreekNominative(word, ascii) is { } nominative)
                AddKey(into, SkeletonOfAscii(nominative, script, language));
        }
        else if (script == Script.Latin && language != "en" && EnglishMayDiffer(ascii, language))
        {
            // an English name in a text whose orthography reads j as y or ch as kh (Johnson, Charles in German or Polish
            // news): its English reading too, which the English report's key is
            AddKey(into, SkeletonOfAscii(ascii, script, "en"));
        }
        else if (script is Script.Devanagari or Script.Bengali && SchwaDeleted(word) is { } spoken)
        {
            // the inherent vowel between two consonants that Hindi and Bengali do not say (রাজশাহী is Rajshahi, not
            // Rajashahi): without it, two sibilants side by side are one, as in the English spelling
            AddKey(into, SkeletonOfAscii(AsciiOf(spoken, transliteration, out _), script, language));
        }
        else if (script == Script.Hebrew && word.Length >= 3 && word[1..^1].Contains('ו'))
        {
            // a vav inside a word writes v as well as o and u (דוד David, לוי Levi, זיו Ziv): read as bet, a labial
            Span<char> consonant = stackalloc char[word.Length];
            word.CopyTo(consonant);
            consonant[1..^1].Replace('ו', 'ב');
            AddKey(into, SkeletonOfAscii(AsciiOf(consonant, transliteration, out _), script, language));
        }
        else if (script is Script.Katakana or Script.Hiragana && ascii.Contains("fu", StringComparison.Ordinal))
        {
            // フ writes the hu of foreign names as well as fu (ネタニヤフ Netanyahu, フセイン Hussein, フーシ Houthi)
            AddKey(into, SkeletonOfAscii(ascii.Replace("fu", "hu", StringComparison.Ordinal), script, language));
        }
    }

    /// <summary>The nominative a Greek name in another case stands for, which English spellings follow: the genitive and
    /// accusative of -ης, -ας, -ος names drop the ς (του Μητσοτάκη, τον Παπαδόπουλο) and the genitive of -ος ends in -ου
    /// (του Παπαδόπουλου); null when the word does not end so.</summary>
    private static string? GreekNominative(ReadOnlySpan<char> word, string ascii)
    {
        if (word.Length < 4 || ascii.Length < 4)
            return null;
        char last = GreekBase(word[^1]);
        char before = GreekBase(word[^2]);
        if (last == 'υ' && before == 'ο' && ascii.EndsWith("ou", StringComparison.Ordinal))
            return ascii[..^2] + "os";
        if (last is 'η' or 'α' or 'ο' && !IsGreekVowel(before))
            return ascii + "s";
        return null;
    }

    private static char GreekBase(char c) => char.ToLowerInvariant(c) switch
    {
        'ά' => 'α',
        'έ' => 'ε',
        'ή' => 'η',
        'ί' or 'ϊ' or 'ΐ' => 'ι',
        'ό' => 'ο',
        'ύ' or 'ϋ' or 'ΰ' => 'υ',
        'ώ' => 'ω',
        var other => other,
    };

    private static bool IsGreekVowel(char c) => c is 'α' or 'ε' or 'η' or 'ι' or 'ο' or 'υ' or 'ω';

    /// <summary>Adds a key of at least two letters that is not there yet.</summary>
    internal static void AddKey(List<string> into, string key)
    {
        if (key.Length >= 2 && !into.Contains(key))
            into.Add(key);
    }

    /// <summary>Mid-word nt, mp, gk of a Greek transliteration as the d, b, g they write in foreign names (the word's
    /// first letters are already read so by <see cref="SkeletonOfAscii"/>); the same string when there is none.</summary>
    private static string GreekStops(string ascii)
    {
        if (ascii.AsSpan(1).IndexOfAny("nmg") < 0)
            return ascii;
        var s = ascii[..1] + ascii[1..].Replace("nt", "d", StringComparison.Ordinal).Replace("mp", "b", StringComparison.Ordinal).Replace("gk", "g", StringComparison.Ordinal);
        return s == ascii ? ascii : s;
    }

    /// <summary>A Devanagari or Bengali word with a virama between every two consonants that have none (the inherent
    /// vowel between them not said); null when there is no such pair.</summary>
    private static string? SchwaDeleted(ReadOnlySpan<char> word)
    {
        char virama = word.Length > 0 && word[0] is >= '\u0980' and <= '\u09FF' ? '\u09CD' : '\u094D';
        StringBuilder? sb = null;
        for (int k = 0; k < word.Length; k++)
        {
            if (k > 0 && IsIndicConsonant(word[k - 1]) && IsIndicConsonant(word[k]))
                (sb ??= new StringBuilder(word.Length + 4).Append(word[..k])).Append(virama);
            sb?.Append(word[k]);
        }
        return sb?.ToString();
    }

    private static bool IsIndicConsonant(char c) =>
        c is (>= '\u0915' and <= '\u0939') or (>= '\u0958' and <= '\u095F') or (>= '\u0995' and <= '\u09B9') or (>= '\u09DC' and <= '\u09DF');

    /// <summary>A Devanagari word with its anusvara (ं, a nasal of the next consonant's place, or n at the end) written
    /// as the consonant it stands for, which ICU would write m: मैक्रों maikron = Macron.</summary>
    private static ReadOnlySpan<char> Anusvara(ReadOnlySpan<char> word)
    {
        int i = word.IndexOf('\u0902');
        if (i < 0)
            return word;
        var sb = new StringBuilder(word.Length + 4);
        for (int k = 0; k < word.Length; k++)
        {
            if (word[k] != '\u0902')
            {
                sb.Append(word[k]);
                continue;
            }
            char next = k + 1 < word.Length ? word[k + 1] : '\0';
            // before प फ ब भ म the nasal is m; everywhere else n
            sb.Append(next is '\u092A' or '\u092B' or '\u092C' or '\u092D' or '\u092E' ? '\u092E' : '\u0928').Append('\u094D');
        }
        return sb.ToString();
    }

    /// <summary>The skeleton of an ASCII spelling that came from <paramref name="source"/> script.</summary>
    internal static string SkeletonOfAscii(string ascii, Script source, string language)
    {
        var key = SkeletonOfAscii(ascii, source, language, extended: false);
        // a name of one consonant (Shah, Yogi, Haifa, Zia, Abiy) keeps h and an initial y, then its first vowel
        return key.Length >= 2 || ascii.Length < 2 ? key : SkeletonOfAscii(ascii, source, language, extended: true);
    }

    /// <summary>Vowel classes for the extended key of a short name: a; e, i, y; o, u.</summary>
    private static char VowelClass(char c) => c switch
    {
        'a' => 'A',
        'e' or 'i' or 'y' => 'E',
        'o' or 'u' => 'O',
        _ => '\0',
    };

    /// <summary>Whether j writes the affricate or fricative of English j, French j, z (Korean, Indic, Armenian,
    /// Georgian, Arabic, Japanese and Ethiopic transliterations; English and Romance spellings) rather than the y of
    /// German, Slavic, Nordic, Hungarian and Baltic spellings and of ICU's Cyrillic й.</summary>
    /// <summary>Whether a Latin spelling would be read otherwise as English: a j where the language writes y with it,
    /// a ch where it writes kh.</summary>
    private static bool EnglishMayDiffer(string ascii, string language) =>
        (YLanguages.Contains(language) && ascii.Contains('j', StringComparison.Ordinal))
        || (language is "de" or "pl" or "cs" or "sk" && ascii.Contains("ch", StringComparison.Ordinal));

    /// <summary>Latin-script languages whose j writes y (German, Dutch, Nordic, West and South Slavic, Hungarian,
    /// Baltic, Finnish).</summary>
    private static readonly HashSet<string> YLanguages = new(StringComparer.Ordinal)
    {
        "de", "nl", "sv", "da", "no", "nb", "nn", "is", "pl", "cs", "sk", "sl", "hr", "bs", "sr", "hu", "lt", "lv", "et", "fi",
    };

    private static bool JIsSibilant(Script source, string language) => source switch
    {
        Script.Latin => language is "en" or "fr" or "it" or "pt" or "es" or "ro" or "tr" or "ca" or "id" or "ms" or "vi" or "tl" or "sw",
        Script.Cyrillic or Script.Greek or Script.Han or Script.Hebrew => false,
        _ => true,
    };

    private static string SkeletonOfAscii(string ascii, Script source, string language, bool extended)
    {
        if (ascii.Length == 0)
            return "";
        var s = ascii;
        if (source == Script.Latin)
        {
            // orthographies that spell the same sounds with other letters
            s = language switch
            {
                "fr" => s.Replace("tch", "ch", StringComparison.Ordinal).Replace("ch", "sh", StringComparison.Ordinal).Replace("ou", "u", StringComparison.Ordinal),
                // German, Polish, Czech and Slovak ch is the velar fricative English writes kh (Tschechow, Czechow = Chekhov)
                "de" => s.Replace("tsch", "\u0001", StringComparison.Ordinal).Replace("sch", "sh", StringComparison.Ordinal).Replace("ch", "kh", StringComparison.Ordinal).Replace("\u0001", "ch", StringComparison.Ordinal),
                "pl" => s.Replace("ch", "kh", StringComparison.Ordinal).Replace("cz", "ch", StringComparison.Ordinal).Replace("sz", "sh", StringComparison.Ordinal).Replace("rz", "zh", StringComparison.Ordinal),
                "cs" or "sk" => s.Replace("ch", "kh", StringComparison.Ordinal),
                "hu" => s.Replace("cs", "ch", StringComparison.Ordinal).Replace("sz", "s", StringComparison.Ordinal),
                "it" => s.Replace("sci", "shi", StringComparison.Ordinal).Replace("sce", "she", StringComparison.Ordinal).Replace("ch", "k", StringComparison.Ordinal),
                _ => s,
            };
            // Polish cz as English spellings of Polish names keep it (Kaczynski); a final -ic of South Slavic names
            // is the ić/ич of their Cyrillic (Vucic = Вучић)
            s = s.Replace("cz", "ch", StringComparison.Ordinal);
            if (s.EndsWith("ic", StringComparison.Ordinal) && s.Length > 4)
                s += "h";
        }
        else if (source == Script.Han)
        {
            // pinyin finals: -ng closes syllables that stand for a plain n (马克龙 Macron, 拜登 Biden)
            s = s.Replace("ng", "n", StringComparison.Ordinal).Replace('x', 's').Replace('q', 'k').Replace('j', 'k');
        }
        else if (source == Script.Cyrillic)
        {
            // х, which ICU writes h, is the kh of English spellings (Харків Kharkiv, Тихановская Tikhanovskaya)
            // (the tables write sh, ch, zh, kh: only an h on its own is х)
            // (the tables write х kh, ICU h: both after a stop become the h of an aspirate)
            if (s.Contains("kh", StringComparison.Ordinal))
                s = s.Replace("gkh", "gh", StringComparison.Ordinal).Replace("dkh", "dh", StringComparison.Ordinal).Replace("tkh", "th", StringComparison.Ordinal).Replace("bkh", "bh", StringComparison.Ordinal).Replace("pkh", "ph", StringComparison.Ordinal);
            var chars = s.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                // after a stop it is the aspiration of an Indic name, which English writes h (Андхра Andhra, Сингх Singh)
                if (chars[i] == 'h' && (i == 0 || s[i - 1] is not ('s' or 'c' or 'z' or 'k' or 'g' or 'd' or 't' or 'b' or 'p')))
                    chars[i] = 'k';
            }
            s = new string(chars);
        }
        else if (source == Script.Greek)
        {
            // χ is kh; a word-initial μπ, ντ, γκ writes b, d, g (Μπάιντεν Biden)
            s = s.Replace("ch", "k", StringComparison.Ordinal);
            if (s.StartsWith("mp", StringComparison.Ordinal))
                s = "b" + s[2..];
            else if (s.StartsWith("nt", StringComparison.Ordinal))
                s = "d" + s[2..];
            else if (s.StartsWith("gk", StringComparison.Ordinal))
                s = "g" + s[2..];
        }
        else if (source is Script.Hiragana or Script.Katakana)
        {
            // チ (chi) and ツ (tsu) write foreign ti and t
            s = s.Replace("chi", "ti", StringComparison.Ordinal).Replace("tsu", "tu", StringComparison.Ordinal);
        }
        else if (source == Script.Thai)
        {
            // อ, which ICU writes x, only carries a vowel (โอบามา Obama)
            s = s.Replace("ch", "sh", StringComparison.Ordinal).Replace("x", "", StringComparison.Ordinal);
        }
        // ts, tz and dz are one sound, which Cyrillic, Hebrew and Chinese write with one letter (Yeltsin = Ельцин, Gantz)
        s = s.Replace("ts", "s", StringComparison.Ordinal).Replace("tz", "s", StringComparison.Ordinal).Replace("dz", "s", StringComparison.Ordinal);
        // a final -ng stands for a plain or nasal n in many scripts' spellings of foreign names (마크롱, มาครง Macron)
        if (s.EndsWith("ng", StringComparison.Ordinal) && s.Length > 3)
            s = s[..^1];
        bool latinSource = source == Script.Latin;
        bool semitic = source is Script.Arabic or Script.Hebrew or Script.Syriac or Script.Thaana;
        bool jSibilant = JIsSibilant(source, language);
        char firstVowel = '\0';
        var sb = new StringBuilder(s.Length);
        char last = '\0';
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            char next = i + 1 < s.Length ? s[i + 1] : '\0';
            char m;
            switch (c)
            {
                case 'p' or 'b' or 'f' or 'v':
                    m = 'b';
                    if (c == 'p' && next == 'h')
                        i++;
                    break;
                case 'w':
                    m = semitic ? '\0' : 'b';
                    break;
                case 'c' when !latinSource:
                    // ICU writes c for ц, ч, ც, ჩ, ց, չ, च, ச (ts and ch sounds)
                    m = 's';
                    if (next == 'h')
                        i++;
                    break;
                case 'c':
                    if (next == 'h')
                    {
                        m = 's';
                        i++;
                    }
                    else if (next == 'k')
                    {
                        m = 'k';
                        i++;
                    }
                    else if (next is 'e' or 'i' or 'y' && source == Script.Latin && language is not "it")
                    {
                        m = 's';
                    }
                    else
                    {
                        m = 'k';
                    }
                    break;
                case 'k' or 'q':
                    m = 'k';
                    if (next == 'h')
                        i++;
                    break;
                case 'x':
                    sb.Append(last == 'k' ? "" : "k");
                    m = 's';
                    last = 'k';
                    break;
                case 's' or 'z':
                    m = 's';
                    if (next == 'h')
                        i++;
                    break;
                case 't' or 'd':
                    m = 't';
                    if (next == 'h')
                        i++;
                    break;
                case 'l':
                    m = 'l';
                    break;
                case 'r':
                    // one class with l: Japanese, Korean and Chinese have one liquid, and write a foreign r or l with it
                    // (트럼프 Trump, ラブロフ Lavrov, 纳瓦尔尼 Navalny)
                    m = 'l';
                    break;
                case 'g':
                    m = 'g';
                    if (next == 'h')
                        i++;
                    break;
                case 'j' when jSibilant:
                    m = 's';
                    break;
                case 'h' when extended && !(semitic && i == s.Length - 1):
                    m = 'h';
                    break;
                case 'y' when extended && i == 0 && next is 'a' or 'e' or 'i' or 'o' or 'u':
                    m = 'y';
                    break;
                case 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'j' or 'h':
                    if (firstVowel == '\0')
                        firstVowel = VowelClass(c);
                    m = '\0';
                    break;
                default:
                    m = c is >= 'a' and <= 'z' ? c : '\0';
                    break;
            }
            if (m == '\0')
            {
                last = '\0';
                continue;
            }
            if (m != last)
                sb.Append(m);
            last = m;
            if (sb.Length >= KeyLength)
                break;
        }
        if (extended && sb.Length < 2 && firstVowel != '\0')
            sb.Append(firstVowel);
        return sb.Length > KeyLength ? sb.ToString(0, KeyLength) : sb.ToString();
    }
}
