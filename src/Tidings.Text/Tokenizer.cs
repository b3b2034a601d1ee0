using System.Globalization;

namespace Tidings.Text;

internal enum TokenType : byte
{
    Word,
    Number,
    /// <summary>A run of a script written without spaces (Han, Kana, Hangul syllables are spaced but kept whole, Thai).</summary>
    Unspaced,
}

/// <summary>A token as an offset into the text: no copies are made while tokenizing.</summary>
internal readonly record struct Token(int Start, int Length, TokenType Type, bool SentenceStart);

/// <summary>Splits text into words, numbers and unspaced-script runs, by offsets.</summary>
internal static class Tokenizer
{
    private static bool IsWordChar(char c)
    {
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool IsUnspaced(char c) => c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\u0E00' and <= '\u0E7F';

    internal static List<Token> Tokenize(ReadOnlySpan<char> text)
    {
        var tokens = new List<Token>(text.Length / 5);
        bool sentenceStart = true;
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            int start = i;
            if (char.IsDigit(c))
            {
                i++;
                while (i < text.Length)
                {
                    if (char.IsDigit(text[i]))
                        i++;
                    else if (text[i] is '.' or ',' or '\u00A0' or '\u202F' or '\'' or '٫' or '٬' or ' ' && i + 1 < text.Length && char.IsDigit(text[i + 1])
                             && (text[i] != ' ' || (i + 3 < text.Length && char.IsDigit(text[i + 2]) && char.IsDigit(text[i + 3]))))
                        i += 2;
                    else
                        break;
                }
                tokens.Add(new Token(start, i - start, TokenType.Number, sentenceStart));
                sentenceStart = false;
            }
            else if (IsUnspaced(c))
            {
                while (i < text.Length && IsUnspaced(text[i]))
                    i++;
                tokens.Add(new Token(start, i - start, TokenType.Unspaced, sentenceStart));
                sentenceStart = false;
            }
            else if (IsWordChar(c))
            {
                i++;
                while (i < text.Length && (IsWordChar(text[i]) || (text[i] is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1]))) && !IsUnspaced(text[i]))
                    i++;
                tokens.Add(new Token(start, i - start, TokenType.Word, sentenceStart));
                sentenceStart = false;
            }
            else
            {
                if (c is '.' or '!' or '?' or '\n' or '。' or '！' or '？' or '؟' or ':' or '"' or '«' or '“' or '„' or '—' or '–' or '|')
                    sentenceStart = true;
                i++;
            }
        }
        return tokens;
    }
}
