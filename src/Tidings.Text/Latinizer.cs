using System.Globalization;
using System.Text;

namespace Tidings.Text;

/// <summary>Writes a word in plain ASCII Latin letters: Cyrillic, Greek, Arabic and Hebrew by transliteration tables
/// (BGN/PCGN-like, simplified), Latin by dropping diacritics. Scripts it does not know give an empty string.</summary>
internal static class Latinizer
{
    private static readonly Dictionary<char, string> Table = Build();

    private static Dictionary<char, string> Build()
    {
        var t = new Dictionary<char, string>();
        void Add(string from, params string[] to)
        {
            for (int i = 0; i < from.Length; i++)
                t[from[i]] = to[i];
        }
        // Cyrillic (Russian, Bulgarian, Ukrainian, Belarusian, Serbian, Macedonian letters)
        Add("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
            "a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "sht", "a", "y", "", "e", "yu", "ya");
        Add("іїєґўђћџјљњѓќѕ", "i", "yi", "ye", "g", "w", "dj", "c", "dz", "j", "lj", "nj", "gj", "kj", "dz");
        // Greek
        Add("αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
            "a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s", "s", "t", "i", "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "i", "o", "i", "i", "i", "i");
        // Arabic (and Persian letters); short vowels are not written, so names come out as consonant skeletons
        Add("ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئةىپچژگک",
            "a", "b", "t", "th", "j", "h", "kh", "d", "dh", "r", "z", "s", "sh", "s", "d", "t", "z", "", "gh", "f", "q", "k", "l", "m", "n", "h", "u", "y", "", "a", "a", "i", "u", "y", "a", "a", "p", "ch", "zh", "g", "k");
        // Hebrew
        Add("אבגדהוזחטיכךלמםנןסעפףצץקרשת",
            "", "b", "g", "d", "h", "v", "z", "kh", "t", "y", "k", "k", "l", "m", "m", "n", "n", "s", "", "p", "f", "ts", "ts", "k", "r", "sh", "t");
        // Latin letters that do not decompose
        Add("đðłøæœßþıĸŋ", "d", "d", "l", "o", "ae", "oe", "ss", "th", "i", "k", "ng");
        return t;
    }

    /// <summary>The lower-case ASCII form of a word, or "" when its script has no table.</summary>
    internal static string ToAscii(ReadOnlySpan<char> word)
    {
        var sb = new StringBuilder(word.Length + 4);
        Span<char> one = stackalloc char[1];
        foreach (char raw in word)
        {
            char c = char.ToLowerInvariant(raw);
            if (c is >= 'a' and <= 'z')
            {
                sb.Append(c);
            }
            else if (Table.TryGetValue(c, out var s))
            {
                sb.Append(s);
            }
            else if (c >= '\u00C0' && c < '\u0250' || c >= '\u1E00' && c < '\u1F00')
            {
                one[0] = c;
                var decomposed = one.ToString().Normalize(NormalizationForm.FormD);
                foreach (char d in decomposed)
                {
                    if (d is >= 'a' and <= 'z')
                        sb.Append(d);
                    else if (Table.TryGetValue(d, out var s2))
                        sb.Append(s2);
                }
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.DashPunctuation
                     || c is '\'' or '’' or '`' or 'ʼ')
            {
                continue;
            }
            else
            {
                return "";
            }
        }
        return sb.ToString();
    }
}
