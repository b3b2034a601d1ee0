namespace Tidings.Text;

/// <summary>The writing systems the analysis tells apart.</summary>
internal enum Script : byte
{
    /// <summary>Not a letter of a known script: digits, punctuation, symbols, unassigned.</summary>
    Other = 0,
    Latin,
    Cyrillic,
    Greek,
    Armenian,
    Hebrew,
    Arabic,
    Syriac,
    Thaana,
    Devanagari,
    Bengali,
    Gurmukhi,
    Gujarati,
    Oriya,
    Tamil,
    Telugu,
    Kannada,
    Malayalam,
    Sinhala,
    Thai,
    Lao,
    Tibetan,
    Myanmar,
    Georgian,
    Hangul,
    Ethiopic,
    Khmer,
    Mongolian,
    Hiragana,
    Katakana,
    Han,
}

/// <summary>The one script table every stage uses (tokenizer, gazetteer, names, transliteration): a 64 K byte
/// table indexed by UTF-16 code unit, built once from the Unicode block ranges. High surrogates of the
/// supplementary ideographic planes count as Han, so CJK Extension B and later stay in Han runs.</summary>
internal static class Scripts
{
    private static readonly Script[] Table = Build();

    private static Script[] Build()
    {
        var t = new Script[65536];
        void Set(int from, int to, Script s)
        {
            for (int c = from; c <= to; c++)
                t[c] = s;
        }
        Set('A', 'Z', Script.Latin);
        Set('a', 'z', Script.Latin);
        Set(0x00AA, 0x00AA, Script.Latin);
        Set(0x00BA, 0x00BA, Script.Latin);
        Set(0x00C0, 0x024F, Script.Latin);
        t[0x00D7] = Script.Other;
        t[0x00F7] = Script.Other;
        Set(0x0250, 0x02AF, Script.Latin);
        Set(0x1D00, 0x1D7F, Script.Latin);
        Set(0x1E00, 0x1EFF, Script.Latin);
        Set(0x2C60, 0x2C7F, Script.Latin);
        Set(0xA720, 0xA7FF, Script.Latin);
        Set(0xAB30, 0xAB6F, Script.Latin);
        Set(0xFF21, 0xFF3A, Script.Latin);
        Set(0xFF41, 0xFF5A, Script.Latin);
        Set(0x0370, 0x03FF, Script.Greek);
        t[0x037E] = Script.Other;
        t[0x0387] = Script.Other;
        Set(0x1F00, 0x1FFF, Script.Greek);
        Set(0x0400, 0x052F, Script.Cyrillic);
        Set(0x1C80, 0x1C8F, Script.Cyrillic);
        Set(0x2DE0, 0x2DFF, Script.Cyrillic);
        Set(0xA640, 0xA69F, Script.Cyrillic);
        Set(0x0531, 0x058F, Script.Armenian);
        t[0x0589] = Script.Other;
        Set(0xFB13, 0xFB17, Script.Armenian);
        Set(0x0591, 0x05FF, Script.Hebrew);
        t[0x05BE] = Script.Other;
        t[0x05C0] = Script.Other;
        t[0x05C3] = Script.Other;
        Set(0xFB1D, 0xFB4F, Script.Hebrew);
        Set(0x0600, 0x06FF, Script.Arabic);
        foreach (int c in new[] { 0x060C, 0x061B, 0x061F, 0x066A, 0x066B, 0x066C, 0x066D, 0x06D4 })
            t[c] = Script.Other;
        Set(0x0660, 0x0669, Script.Other);
        Set(0x06F0, 0x06F9, Script.Other);
        Set(0x0750, 0x077F, Script.Arabic);
        Set(0x08A0, 0x08FF, Script.Arabic);
        Set(0xFB50, 0xFDFF, Script.Arabic);
        Set(0xFE70, 0xFEFF, Script.Arabic);
        t[0xFEFF] = Script.Other;
        Set(0x0700, 0x074F, Script.Syriac);
        Set(0x0780, 0x07BF, Script.Thaana);
        Set(0x0900, 0x097F, Script.Devanagari);
        Set(0x0964, 0x096F, Script.Other); // dandas and digits
        Set(0x0980, 0x09FF, Script.Bengali);
        Set(0x09E6, 0x09EF, Script.Other);
        Set(0x0A00, 0x0A7F, Script.Gurmukhi);
        Set(0x0A80, 0x0AFF, Script.Gujarati);
        Set(0x0B00, 0x0B7F, Script.Oriya);
        Set(0x0B80, 0x0BFF, Script.Tamil);
        Set(0x0BE6, 0x0BEF, Script.Other);
        Set(0x0C00, 0x0C7F, Script.Telugu);
        Set(0x0C80, 0x0CFF, Script.Kannada);
        Set(0x0D00, 0x0D7F, Script.Malayalam);
        Set(0x0D80, 0x0DFF, Script.Sinhala);
        Set(0x0E00, 0x0E7F, Script.Thai);
        Set(0x0E50, 0x0E59, Script.Other);
        Set(0x0E80, 0x0EFF, Script.Lao);
        Set(0x0F00, 0x0FFF, Script.Tibetan);
        Set(0x1000, 0x109F, Script.Myanmar);
        Set(0x1040, 0x1049, Script.Other);
        Set(0x10A0, 0x10FF, Script.Georgian);
        Set(0x1C90, 0x1CBF, Script.Georgian);
        Set(0x2D00, 0x2D2F, Script.Georgian);
        Set(0x1100, 0x11FF, Script.Hangul);
        Set(0x3130, 0x318F, Script.Hangul);
        Set(0xA960, 0xA97F, Script.Hangul);
        Set(0xAC00, 0xD7FF, Script.Hangul);
        Set(0xFFA0, 0xFFDC, Script.Hangul);
        Set(0x1200, 0x139F, Script.Ethiopic);
        Set(0x1361, 0x137C, Script.Other);
        Set(0x2D80, 0x2DDF, Script.Ethiopic);
        Set(0x1780, 0x17FF, Script.Khmer);
        Set(0x17D4, 0x17DA, Script.Other);
        Set(0x17E0, 0x17E9, Script.Other);
        Set(0x19E0, 0x19FF, Script.Khmer);
        Set(0x1800, 0x18AF, Script.Mongolian);
        Set(0x3041, 0x309F, Script.Hiragana);
        Set(0x30A0, 0x30FF, Script.Katakana);
        t[0x30FB] = Script.Other; // katakana middle dot separates the parts of foreign names
        Set(0x31F0, 0x31FF, Script.Katakana);
        Set(0xFF66, 0xFF9F, Script.Katakana);
        Set(0x2E80, 0x2FDF, Script.Han);
        Set(0x3005, 0x3007, Script.Han);
        Set(0x3021, 0x3029, Script.Han);
        Set(0x3400, 0x4DBF, Script.Han);
        Set(0x4E00, 0x9FFF, Script.Han);
        Set(0xF900, 0xFAFF, Script.Han);
        Set(0xD840, 0xD8BF, Script.Han); // high surrogates of planes 2 and 3 (CJK Extension B onwards)
        Set(0xDC00, 0xDFFF, Script.Other);
        return t;
    }

    /// <summary>The script of a UTF-16 code unit.</summary>
    internal static Script Of(char c) => Table[c];

    /// <summary>Scripts written without spaces between words: their runs are segmented by dictionary (Han),
    /// script runs and bigrams (Kana) or the ICU word breaker (Thai, Lao, Khmer, Myanmar).</summary>
    internal static bool IsUnspaced(Script s) => s is Script.Han or Script.Hiragana or Script.Katakana or Script.Thai or Script.Lao or Script.Khmer or Script.Myanmar or Script.Tibetan;

    /// <summary>Unspaced scripts plus Hangul: names in them are found as substrings (Korean writes particles onto the
    /// noun, 모스크바에서 = "in Moscow").</summary>
    internal static bool MatchesBySubstring(Script s) => IsUnspaced(s) || s == Script.Hangul;

    internal static bool IsUnspaced(char c) => IsUnspaced(Table[c]);

    internal static bool MatchesBySubstring(char c) => MatchesBySubstring(Table[c]);

    /// <summary>The script of a word: that of its first letter of a known script.</summary>
    internal static Script OfWord(ReadOnlySpan<char> word)
    {
        foreach (char c in word)
        {
            var s = Table[c];
            if (s != Script.Other)
                return s;
        }
        return Script.Other;
    }

    /// <summary>A Lao word in Thai letters, for the transliterations that know Thai and not Lao (ICU has no Lao-Latin).
    /// Unicode laid the Lao block out parallel to Thai, so a Lao letter 0x80 above its Thai counterpart is that
    /// letter (ກ = ก, ປ = ป, ູ = ู, ເ = เ, tone marks, digits); the letters Thai lacks are written as Thai spells their
    /// sound: ໜ = หน, ໝ = หม, ຼ (a subscript l) = ล, ຽ = ย, and the vowel ົ (short o, which Thai leaves unwritten) is
    /// dropped. Anything else is copied.</summary>
    internal static string LaoAsThai(ReadOnlySpan<char> word)
    {
        var sb = new System.Text.StringBuilder(word.Length + 2);
        foreach (char c in word)
        {
            switch (c)
            {
                case '\u0EDC':
                    sb.Append("\u0E2B\u0E19");
                    break;
                case '\u0EDD':
                    sb.Append("\u0E2B\u0E21");
                    break;
                case '\u0EBC':
                    sb.Append('\u0E25');
                    break;
                case '\u0EBD':
                    sb.Append('\u0E22');
                    break;
                case '\u0EBB':
                    break;
                case >= '\u0E81' and <= '\u0EAF' or >= '\u0EB0' and <= '\u0EB9' or >= '\u0EC0' and <= '\u0EC6' or >= '\u0EC8' and <= '\u0ECE' or >= '\u0ED0' and <= '\u0ED9':
                    sb.Append((char)(c - 0x80));
                    break;
                default:
                    sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>The ISO 15924 code of a script.</summary>
    internal static string Code(Script s) => s switch
    {
        Script.Latin => "Latn", Script.Cyrillic => "Cyrl", Script.Greek => "Grek", Script.Armenian => "Armn",
        Script.Hebrew => "Hebr", Script.Arabic => "Arab", Script.Syriac => "Syrc", Script.Thaana => "Thaa",
        Script.Devanagari => "Deva", Script.Bengali => "Beng", Script.Gurmukhi => "Guru", Script.Gujarati => "Gujr",
        Script.Oriya => "Orya", Script.Tamil => "Taml", Script.Telugu => "Telu", Script.Kannada => "Knda",
        Script.Malayalam => "Mlym", Script.Sinhala => "Sinh", Script.Thai => "Thai", Script.Lao => "Laoo",
        Script.Tibetan => "Tibt", Script.Myanmar => "Mymr", Script.Georgian => "Geor", Script.Hangul => "Hang",
        Script.Ethiopic => "Ethi", Script.Khmer => "Khmr", Script.Mongolian => "Mong", Script.Hiragana => "Hira",
        Script.Katakana => "Kana", Script.Han => "Hani", _ => "Zyyy",
    };
}
