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
        var script = Scripts.OfWord(word);
        var ascii = transliteration.ToAscii(word);
        return SkeletonOfAscii(ascii, script, language);
    }

    /// <summary>The skeleton of an ASCII spelling that came from <paramref name="source"/> script.</summary>
    internal static string SkeletonOfAscii(string ascii, Script source, string language)
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
            var chars = s.ToCharArray();
            for (int i = 0; i < chars.Length; i++)
            {
                if (chars[i] == 'h' && (i == 0 || s[i - 1] is not ('s' or 'c' or 'z' or 'k')))
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
                case 'a' or 'e' or 'i' or 'o' or 'u' or 'y' or 'j' or 'h':
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
        return sb.Length > KeyLength ? sb.ToString(0, KeyLength) : sb.ToString();
    }
}
