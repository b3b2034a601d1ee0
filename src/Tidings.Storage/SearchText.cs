using System.Globalization;
using System.Text;

namespace Tidings.Storage;

/// <summary>The text both stores index for full-text search, and the query terms matched against it. One folding for
/// every language: lower case, accents removed from Latin, Greek and Cyrillic letters (so "sao paulo" finds "São
/// Paulo"), and characters of scripts written without spaces (Han, kana, Thai, Lao, Khmer, Myanmar) made tokens of
/// their own, so a Chinese or Thai word is found as a phrase of its characters.</summary>
internal static class SearchText
{
    /// <summary>Folds and segments <paramref name="s"/> for indexing.</summary>
    public static string Index(string s)
    {
        var sb = new StringBuilder(s.Length + 16);
        Append(sb, s);
        return sb.ToString();
    }

    /// <summary>How much of an article's text is indexed (PostgreSQL caps a tsvector at 1 MB; both stores index the same).</summary>
    public const int MaxIndexedChars = 100_000;

    /// <summary>Indexing text of an article: its title and the first <see cref="MaxIndexedChars"/> of its body.</summary>
    public static string Index(string title, string text)
    {
        if (text.Length > MaxIndexedChars)
            text = text[..(char.IsHighSurrogate(text[MaxIndexedChars - 1]) ? MaxIndexedChars - 1 : MaxIndexedChars)];
        var sb = new StringBuilder(title.Length + text.Length + 16);
        Append(sb, title);
        sb.Append('\n');
        Append(sb, text);
        return sb.ToString();
    }

    /// <summary>The query's words, each folded and segmented the same way; empty when it has no letter or digit.
    /// A word from a space-less script comes out as several tokens that must match as a phrase.</summary>
    public static IReadOnlyList<string> Terms(string query)
    {
        var terms = new List<string>();
        foreach (var word in query.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var folded = Index(word);
            // keep letters, digits and marks; everything else separates tokens inside the phrase
            var sb = new StringBuilder(folded.Length);
            foreach (var rune in folded.EnumerateRunes())
            {
                var cat = Rune.GetUnicodeCategory(rune);
                bool keep = IsWordCategory(cat);
                if (keep)
                    sb.Append(rune.ToString());
                else if (sb.Length > 0 && sb[^1] != ' ')
                    sb.Append(' ');
            }
            var term = sb.ToString().Trim();
            if (term.Length > 0)
                terms.Add(term);
        }
        return terms;
    }

    private static bool IsWordCategory(UnicodeCategory cat) => cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
        or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
        or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
        or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    private static void Append(StringBuilder sb, string s)
    {
        if (s.Length == 0)
            return;
        string decomposed;
        try
        {
            decomposed = s.Normalize(NormalizationForm.FormD);
        }
        catch (ArgumentException)
        {
            decomposed = s; // lone surrogates: index as is
        }
        var folded = new StringBuilder(decomposed.Length);
        bool lastFoldable = false;
        bool lastSpaceless = false;
        foreach (var rune in decomposed.EnumerateRunes())
        {
            var cat = Rune.GetUnicodeCategory(rune);
            if (cat == UnicodeCategory.NonSpacingMark)
            {
                if (lastFoldable)
                    continue; // an accent on a Latin, Greek or Cyrillic letter
                folded.Append(rune.ToString()); // a mark that is part of the letter (Thai vowels, Devanagari signs)
                continue;
            }
            bool spaceless = IsSpaceless(rune.Value);
            if (spaceless || lastSpaceless)
                folded.Append(' ');
            var lower = Rune.ToLowerInvariant(rune);
            folded.Append(lower.Value switch
            {
                // Latin letters with a stroke have no decomposition; fold them like the accented ones
                0x0111 => "d", // đ (Vietnamese, Croatian)
                0x0142 => "l", // ł
                0x00F8 => "o", // ø
                0x0127 => "h", // ħ
                0x0131 => "i", // dotless ı
                _ => lower.ToString(),
            });
            lastFoldable = rune.Value < 0x0530 || rune.Value is >= 0x1E00 and < 0x2000;
            lastSpaceless = spaceless;
        }
        string composed;
        try
        {
            composed = folded.ToString().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            composed = folded.ToString();
        }
        sb.Append(composed);
    }

    private static bool IsSpaceless(int c) =>
        c is >= 0x4E00 and <= 0x9FFF or >= 0x3400 and <= 0x4DBF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x2FFFF
            or >= 0x3040 and <= 0x30FF // Hiragana, Katakana
            or >= 0x0E00 and <= 0x0EFF // Thai, Lao
            or >= 0x1780 and <= 0x17FF // Khmer
            or >= 0x1000 and <= 0x109F; // Myanmar
}
