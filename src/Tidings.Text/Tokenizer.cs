using System.Globalization;
using System.Text;

namespace Tidings.Text;

internal enum TokenType : byte
{
    Word,
    Number,
    /// <summary>A run of one script written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar),
    /// segmented further by <see cref="Segmenter"/>.</summary>
    Unspaced,
}

/// <summary>A token as an offset into the text: no copies are made while tokenizing.</summary>
internal readonly record struct Token(int Start, int Length, TokenType Type, bool SentenceStart);

/// <summary>Splits text into words, numbers and unspaced-script runs, by offsets, on the shared script table
/// (<see cref="Scripts"/>): a word ends where its script changes (Putinу is two tokens), combining marks and
/// joiners stay inside their word, unpaired surrogates, controls and bidi marks separate tokens.</summary>
internal static class Tokenizer
{
    /// <summary>Longest token kept; a longer run of letters (a 1 MB "word") is cut into pieces of this size.</summary>
    internal const int MaxTokenLength = 256;

    private static bool IsLetterLike(char c, Script s)
    {
        if (s != Script.Other)
            return true;
        if (c < 0x80)
            return false;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter;
    }

    /// <summary>Combining marks, ZWJ/ZWNJ: continue the word they follow (Indic vowel signs, Arabic harakat, Hebrew points).</summary>
    private static bool IsContinuation(char c)
    {
        if (c is '\u200C' or '\u200D')
            return true;
        if (c < 0x0300)
            return false;
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    private static bool IsSentenceEnd(char c) =>
        c is '.' or '!' or '?' or '\n' or '。' or '！' or '？' or '؟' or ':' or '"' or '«' or '“' or '„' or '—' or '–' or '|' or '।' or '۔';

    internal static List<Token> Tokenize(ReadOnlySpan<char> text)
    {
        var tokens = new List<Token>((text.Length / 6) + 1);
        bool sentenceStart = true;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int start = i;
            if (char.IsDigit(c))
            {
                i++;
                while (i < text.Length && i - start < MaxTokenLength)
                {
                    if (char.IsDigit(text[i]))
                        i++;
                    // a space or an Arabic comma (630،000) groups thousands only before exactly three digits
                    else if (text[i] is '.' or ',' or '\u00A0' or '\u202F' or '\'' or '٫' or '٬' or ' ' or '،' && i + 1 < text.Length && char.IsDigit(text[i + 1])
                             && (text[i] is not (' ' or '،') || (i + 3 < text.Length && char.IsDigit(text[i + 2]) && char.IsDigit(text[i + 3]) && (i + 4 >= text.Length || !char.IsDigit(text[i + 4])))))
                        i += 2;
                    else
                        break;
                }
                tokens.Add(new Token(start, i - start, TokenType.Number, sentenceStart));
                sentenceStart = false;
                continue;
            }
            var script = Scripts.Of(c);
            if (Scripts.IsUnspaced(script))
            {
                i++;
                while (i < text.Length && i - start < MaxTokenLength * 16 && (Scripts.Of(text[i]) == script || (IsContinuation(text[i]) && !char.IsHighSurrogate(text[i])) || LowSurrogateOfHan(text, i)
                       || (script is Script.Hiragana or Script.Katakana && text[i] == 'ー')))
                    i++;
                tokens.Add(new Token(start, i - start, TokenType.Unspaced, sentenceStart));
                sentenceStart = false;
                continue;
            }
            if (IsLetterLike(c, script) && !char.IsSurrogate(c))
            {
                i++;
                while (i < text.Length && i - start < MaxTokenLength)
                {
                    char d = text[i];
                    var ds = Scripts.Of(d);
                    if (IsContinuation(d))
                    {
                        i++;
                    }
                    else if ((ds == script || (script == Script.Other && IsLetterLike(d, ds))) && !Scripts.IsUnspaced(ds) && !char.IsSurrogate(d) && IsLetterLike(d, ds))
                    {
                        i++;
                    }
                    else if (d is '\'' or '’' && i + 1 < text.Length && Scripts.Of(text[i + 1]) == script && script != Script.Other)
                    {
                        i++;
                    }
                    else
                    {
                        break;
                    }
                }
                tokens.Add(new Token(start, i - start, TokenType.Word, sentenceStart));
                sentenceStart = false;
                continue;
            }
            if (IsSentenceEnd(c))
                sentenceStart = true;
            i++;
        }
        return tokens;
    }

    private static bool LowSurrogateOfHan(ReadOnlySpan<char> text, int i) =>
        char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]) && Scripts.Of(text[i - 1]) == Script.Han;
}

/// <summary>The normalized forms of a token: NFKC and lower case (diacritics kept), and the same with Latin,
/// Greek and Cyrillic diacritics folded away (Moscú and Moscu meet; й stays й).</summary>
internal static class Normalizer
{
    /// <summary>NFKC, then lower case by invariant rules (full-width letters become ASCII, ligatures split).</summary>
    internal static string Fold(ReadOnlySpan<char> token)
    {
        bool ascii = true;
        foreach (char c in token)
        {
            if (c >= 0x80)
            {
                ascii = false;
                break;
            }
        }
        if (ascii)
        {
            Span<char> lower = token.Length <= 256 ? stackalloc char[token.Length] : new char[token.Length];
            token.ToLowerInvariant(lower);
            return new string(lower);
        }
        bool normalized;
        try
        {
            normalized = token.IsNormalized(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            normalized = true; // an unpaired surrogate: keep the text as it is
        }
        if (normalized && token.Length <= 256)
        {
            // most words: lower-cased on the stack, one string made
            Span<char> lower = stackalloc char[token.Length];
            token.ToLowerInvariant(lower);
            return new string(lower);
        }
        var s = token.ToString();
        if (!normalized)
        {
            try
            {
                s = s.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                // an unpaired surrogate: keep the text as it is
            }
        }
        return s.ToLowerInvariant();
    }

    /// <summary><see cref="Fold"/> with Latin diacritics removed (what the gazetteer and the name keys compare).</summary>
    internal static string Bare(ReadOnlySpan<char> token) => Gazetteer.Fold(Fold(token));
}
