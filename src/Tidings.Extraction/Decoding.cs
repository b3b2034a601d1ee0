using System.Text;
using System.Text.RegularExpressions;
using Tidings.Core;

namespace Tidings.Extraction;

/// <summary>Turns page bytes into text: BOM, then declared charset, then strict UTF-8, then a legacy guess.</summary>
internal static partial class Decoding
{
    static Decoding() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    [GeneratedRegex("""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MetaCharset();

    /// <summary>True when the bytes look like binary data rather than text in any encoding.</summary>
    internal static bool LooksBinary(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            return false; // UTF-16 with BOM
        if (SniffUtf16(bytes) is not null)
            return false;
        var sample = bytes[..Math.Min(bytes.Length, 8192)];
        int control = 0;
        foreach (byte b in sample)
        {
            if (b == 0)
                return true;
            if (b < 0x20 && b is not (byte)'\n' and not (byte)'\r' and not (byte)'\t' and not 0x0C)
                control++;
        }
        return control > sample.Length / 20;
    }

    /// <summary>UTF-16 without a byte-order mark, told by its shape: in text of an alphabetic script every other byte
    /// (the high byte) takes very few values (0x00 for ASCII, 0x04 for Cyrillic…), and the characters read that way
    /// are letters, digits, spaces and punctuation. Random or binary bytes spread over all high bytes.</summary>
    internal static Encoding? SniffUtf16(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 8)
            return null;
        var sample = bytes[..(Math.Min(bytes.Length, 8192) & ~1)];
        int zeroEven = 0, zeroOdd = 0;
        for (int i = 0; i < sample.Length; i += 2)
        {
            if (sample[i] == 0)
                zeroEven++;
            if (sample[i + 1] == 0)
                zeroOdd++;
        }
        if (zeroEven == zeroOdd)
            return null;
        bool little = zeroOdd > zeroEven;
        Span<int> high = stackalloc int[256];
        int chars = sample.Length / 2, textLike = 0;
        for (int i = 0; i < sample.Length; i += 2)
        {
            int lo = little ? sample[i] : sample[i + 1], hi = little ? sample[i + 1] : sample[i];
            high[hi]++;
            char c = (char)(lo | (hi << 8));
            if (char.IsLetterOrDigit(c) || c is ' ' or '\n' or '\r' or '\t' || char.IsPunctuation(c) || char.IsSymbol(c) || char.IsSeparator(c))
                textLike++;
        }
        high.Sort();
        int top = high[255] + high[254] + high[253];
        return textLike >= chars * 0.95 && top >= chars * 0.9 ? (little ? Encoding.Unicode : Encoding.BigEndianUnicode) : null;
    }

    internal static (string Text, string EncodingName) Decode(ReadOnlySpan<byte> bytes, string? declared)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return (Encoding.UTF8.GetString(bytes[3..]), "utf-8");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return (Encoding.Unicode.GetString(bytes[2..]), "utf-16le");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be");
        if (SniffUtf16(bytes) is { } utf16)
            return (utf16.GetString(bytes[..(bytes.Length & ~1)]), utf16.WebName);

        try
        {
            return (StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            // not UTF-8: fall through to the declared or guessed legacy encoding
        }

        var name = declared ?? SniffMetaCharset(bytes);
        var enc = name is null ? null : TryGetEncoding(name);
        // UTF-8 with a few broken sequences (a cut-and-pasted Latin-1 byte) is still UTF-8: keep it, with U+FFFD
        if (enc?.CodePage == Encoding.UTF8.CodePage || MostlyUtf8(bytes))
            return (Encoding.UTF8.GetString(bytes), "utf-8");
        if (enc is not null)
            return (enc.GetString(bytes), enc.WebName);

        var guess = GuessLegacy(bytes);
        return (guess.GetString(bytes), guess.WebName);
    }

    [GeneratedRegex("""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex XmlEncoding();

    /// <summary>True when well-formed multi-byte UTF-8 sequences outnumber malformed high bytes ten to one.</summary>
    internal static bool MostlyUtf8(ReadOnlySpan<byte> bytes)
    {
        int valid = 0, invalid = 0;
        for (int i = 0; i < bytes.Length; i++)
        {
            byte b = bytes[i];
            if (b < 0x80)
                continue;
            int len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
            bool ok = len > 0 && i + len <= bytes.Length;
            for (int k = 1; ok && k < len; k++)
                ok = (bytes[i + k] & 0xC0) == 0x80;
            if (ok)
            {
                valid++;
                i += len - 1;
            }
            else
            {
                invalid++;
            }
        }
        return valid > 0 && valid >= 10 * invalid;
    }

    private static string? SniffMetaCharset(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 4096)]);
        var m = MetaCharset().Match(head);
        if (m.Success)
            return m.Groups[1].Value;
        m = XmlEncoding().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static Encoding? TryGetEncoding(string name)
    {
        var n = name.Trim().ToLowerInvariant();
        // browsers treat these labels as their supersets
        n = n switch
        {
            "iso-8859-1" or "latin1" or "latin-1" or "us-ascii" or "ascii" or "iso8859-1" => "windows-1252",
            "gb2312" or "gbk" or "x-gbk" or "gb_2312-80" => "gb18030",
            "shift-jis" or "sjis" or "x-sjis" or "ms_kanji" or "windows-31j" => "shift_jis",
            "x-euc-jp" => "euc-jp",
            "ks_c_5601-1987" => "euc-kr",
            _ => n,
        };
        try
        {
            return Encoding.GetEncoding(n);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Legacy encodings tried when nothing is declared and the bytes are not UTF-8, in order of preference on ties.</summary>
    private static readonly string[] Candidates =
        ["windows-1252", "windows-1251", "koi8-r", "iso-8859-2", "windows-1250", "iso-8859-7", "windows-1254", "windows-1255", "windows-1256",
         "iso-8859-5", "shift_jis", "euc-jp", "gb18030", "big5", "euc-kr"];

    /// <summary>Decodes a sample with every candidate and keeps the one whose text looks most like a language: letters
    /// in words of one script, lower case inside words, kana for Japanese, no replacement characters.</summary>
    internal static Encoding GuessLegacy(ReadOnlySpan<byte> bytes)
    {
        var sample = HighByteSample(bytes);
        Encoding best = Encoding.GetEncoding(1252);
        double bestScore = double.MinValue;
        foreach (var name in Candidates)
        {
            Encoding enc;
            try
            {
                enc = Encoding.GetEncoding(name, EncoderFallback.ReplacementFallback, DecoderFallback.ReplacementFallback);
            }
            catch (ArgumentException)
            {
                continue;
            }
            double score = Plausibility(enc.GetString(sample));
            if (score > bestScore + 1e-9)
            {
                bestScore = score;
                best = enc;
            }
        }
        return best;
    }

    private static ReadOnlySpan<byte> HighByteSample(ReadOnlySpan<byte> bytes)
    {
        int first = bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F);
        if (first < 0)
            return bytes[..Math.Min(bytes.Length, 4096)];
        int start = Math.Max(0, first - 64);
        // start at a line break so a multi-byte sequence is not cut
        int nl = bytes[start..first].LastIndexOf((byte)'\n');
        if (nl >= 0)
            start += nl + 1;
        return bytes[start..Math.Min(bytes.Length, start + 65536)];
    }

    /// <summary>The most frequent Chinese characters and Korean syllables: they tell GB18030, Big5 and EUC-KR apart.</summary>
    private static readonly HashSet<char> FrequentCjk = [.. "的一是不了在人有我他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吗保石况该增司觉的這個們來時說國會對為學過還後麼經開東長問與發應當種進實現機點動關頭氣議電話車門間業見讓說認識이다는에의가을를하고서지한로기도수사있으리자어대나게정인시것그되아일요적부해만상들" ];

    internal static double Plausibility(string text)
    {
        double score = 0;
        int wordHigh = 0, wordLetters = 0;
        UnicodeScript wordScript = UnicodeScript.Other;
        char prev = ' ';
        foreach (char c in text)
        {
            if (c < 0x80)
            {
                EndWord();
                prev = c;
                continue;
            }
            if (c == '\uFFFD' || char.IsControl(c) || (c >= '\uE000' && c <= '\uF8FF'))
            {
                score -= 5;
                prev = c;
                continue;
            }
            bool cjk = c is >= '\u3040' and <= '\u30FF' or >= '\u4E00' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF';
            if (cjk && prev < 0x80 && char.IsAsciiLetterOrDigit(prev))
                score -= 2; // a multi-byte decoder ate the next ASCII letter: Latin text read with a CJK code page
            else if (c is >= '\u3040' and <= '\u30FF')
                score += 3; // kana
            else if (cjk && FrequentCjk.Contains(c))
                score += 3;
            else if (c is >= '\uFF61' and <= '\uFF9F')
                score -= 1; // half-width katakana: rare in real text, common in mis-decoded Chinese
            else if (c is >= '\u4E00' and <= '\u9FFF')
                score += 1;
            else if (c is >= '\uAC00' and <= '\uD7AF')
                score += 1; // Hangul syllables
            else if (char.IsLetter(c))
            {
                var script = ScriptOf(c);
                wordLetters++;
                wordHigh++;
                wordScript = script;
                score += 0.5;
                if (char.IsUpper(c) && char.IsLetter(prev) && char.IsLower(prev))
                    score -= 2; // a capital inside a word
            }
            else
            {
                // a symbol inside a word ("³" for "ł") is a sign of the wrong code page
                score -= char.IsLetter(prev) ? 2 : 0.5;
            }
            prev = c;
        }
        EndWord();
        return score;

        void EndWord()
        {
            if (wordHigh >= 3)
            {
                // words made only of non-ASCII letters are normal for Cyrillic, Greek, Hebrew, Arabic; not for Latin
                score += wordScript == UnicodeScript.Latin ? -1.5 * wordHigh : 0.5 * wordHigh;
            }
            wordHigh = 0;
            wordLetters = 0;
        }
    }

    private enum UnicodeScript
    {
        Other,
        Latin,
        NonLatin,
    }

    private static UnicodeScript ScriptOf(char c) => c < '\u0250' || (c >= '\u1E00' && c <= '\u1EFF') ? UnicodeScript.Latin : UnicodeScript.NonLatin;
}
