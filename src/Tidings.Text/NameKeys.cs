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
                "de" => s.Replace("tsch", "ch", StringComparison.Ordinal).Replace("sch", "sh", StringComparison.Ordinal),
                "pl" => s.Replace("cz", "ch", StringComparison.Ordinal).Replace("sz", "sh", StringComparison.Ordinal).Replace("rz", "zh", StringComparison.Ordinal),
                "hu" => s.Replace("cs", "ch", StringComparison.Ordinal).Replace("sz", "s", StringComparison.Ordinal),
                "it" => s.Replace("sci", "shi", StringComparison.Ordinal).Replace("sce", "she", StringComparison.Ordinal).Replace("ch", "k", StringComparison.Ordinal),
                _ => s,
            };
        }
        else if (source == Script.Han)
        {
            // pinyin finals: -ng closes syllables that stand for a plain n (马克龙 Macron, 拜登 Biden)
            s = s.Replace("ng", "n", StringComparison.Ordinal).Replace('x', 's').Replace('q', 'c');
        }
        else if (source is Script.Hiragana or Script.Katakana)
        {
            // チ (chi) and ツ (tsu) write foreign ti and t
            s = s.Replace("chi", "ti", StringComparison.Ordinal).Replace("tsu", "tu", StringComparison.Ordinal);
        }
        else if (source == Script.Thai)
        {
            s = s.Replace("ch", "sh", StringComparison.Ordinal);
        }
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
                    // Japanese and Korean have one liquid, which ICU writes r or l
                    m = source is Script.Hiragana or Script.Katakana or Script.Hangul ? 'l' : 'r';
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
