using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Tidings.LanguageId;

/// <summary>Unicode scripts the detector tells apart (ISO 15924 codes), by code-point ranges.</summary>
internal enum Script : byte
{
    None, Latn, Cyrl, Grek, Armn, Hebr, Arab, Thaa, Deva, Beng, Guru, Gujr, Orya, Taml, Telu, Knda, Mlym, Sinh,
    Thai, Laoo, Tibt, Mymr, Geor, Hang, Ethi, Khmr, Kana, Hani, Count,
}

internal static class Scripts
{
    internal static readonly string[] Codes =
    [
        "Zyyy", "Latn", "Cyrl", "Grek", "Armn", "Hebr", "Arab", "Thaa", "Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu",
        "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Tibt", "Mymr", "Geor", "Hang", "Ethi", "Khmr", "Kana", "Hani",
    ];

    internal static string Code(Script s) => Codes[(int)s];

    /// <summary>Tables over all UTF-16 code units, built on first use (a few ms; kept out of <see cref="Scripts"/> so that
    /// reading <see cref="Codes"/> while the model loads does not build them).</summary>
    private static class Tables
    {
        /// <summary>Bit 7 set for a word character (<see cref="IsWordChar"/>), low 5 bits the script (<see cref="Of"/>):
        /// the hot loops read this instead of branching over ranges and Unicode categories.</summary>
        internal static readonly byte[] Kind = BuildKind();

        /// <summary>The invariant lower case of each code unit (ICU is called twice here, not once per letter read).</summary>
        internal static readonly char[] Lower = BuildLower();

        private static byte[] BuildKind()
        {
            var t = new byte[0x10000];
            for (int c = 0; c < t.Length; c++)
                t[c] = (byte)((byte)OfSlow((char)c) | (IsWordCharSlow((char)c) ? 0x80 : 0));
            return t;
        }

        private static char[] BuildLower()
        {
            var t = new char[0x10000];
            for (int c = 0; c < t.Length; c++)
                t[c] = (char)c;
            // Two bulk calls, around the surrogates (a high and a low surrogate side by side would be read as a pair).
            new string(t, 0, 0xD800).ToLowerInvariant().CopyTo(0, t, 0, 0xD800);
            new string(t, 0xE000, 0x2000).ToLowerInvariant().CopyTo(0, t, 0xE000, 0x2000);
            return t;
        }
    }

    /// <summary>The script of a letter (or combining mark); <see cref="Script.None"/> for anything else.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Script Of(char c) => (Script)(Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Tables.Kind), c) & 0x1F);

    /// <summary>True for the characters words are made of: letters and combining marks (Indic vowel signs, Thai tones).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static bool IsWordChar(char c) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Tables.Kind), c) >= 0x80;

    /// <summary><see cref="char.ToLowerInvariant"/> from a table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static char ToLower(char c) => Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Tables.Lower), c);

    private static Script OfSlow(char c)
    {
        if (c < 0x80)
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a' ? Script.Latn : Script.None;
        return c switch
        {
            < '\u00C0' => c is '\u00AA' or '\u00BA' ? Script.Latn : Script.None,
            <= '\u024F' => c is '\u00D7' or '\u00F7' ? Script.None : Script.Latn,
            <= '\u02AF' => Script.Latn,
            < '\u0370' => Script.None,
            <= '\u03FF' => Script.Grek,
            <= '\u052F' => Script.Cyrl,
            < '\u0531' => Script.None,
            <= '\u058F' => Script.Armn,
            <= '\u05FF' => Script.Hebr,
            <= '\u077F' => Script.Arab,
            <= '\u07BF' => Script.Thaa,
            < '\u08A0' => Script.None,
            <= '\u08FF' => Script.Arab,
            <= '\u097F' => Script.Deva,
            <= '\u09FF' => Script.Beng,
            <= '\u0A7F' => Script.Guru,
            <= '\u0AFF' => Script.Gujr,
            <= '\u0B7F' => Script.Orya,
            <= '\u0BFF' => Script.Taml,
            <= '\u0C7F' => Script.Telu,
            <= '\u0CFF' => Script.Knda,
            <= '\u0D7F' => Script.Mlym,
            <= '\u0DFF' => Script.Sinh,
            <= '\u0E7F' => Script.Thai,
            <= '\u0EFF' => Script.Laoo,
            <= '\u0FFF' => Script.Tibt,
            <= '\u109F' => Script.Mymr,
            <= '\u10FF' => Script.Geor,
            <= '\u11FF' => Script.Hang,
            <= '\u139F' => Script.Ethi,
            < '\u1780' => Script.None,
            <= '\u17FF' => Script.Khmr,
            < '\u1C90' => Script.None,
            <= '\u1CBF' => Script.Geor,
            < '\u1E00' => Script.None,
            <= '\u1EFF' => Script.Latn,
            <= '\u1FFF' => Script.Grek,
            < '\u2C00' => Script.None,
            <= '\u2C5F' => Script.None,
            <= '\u2C7F' => Script.Latn,
            < '\u2D30' => Script.None,
            <= '\u2DDF' => c >= '\u2D80' ? Script.Ethi : Script.None,
            <= '\u2DFF' => Script.Cyrl,
            < '\u3040' => Script.None,
            <= '\u30FF' => c is '\u30FB' or '\u30FC' ? Script.None : Script.Kana,
            < '\u3130' => Script.None,
            <= '\u318F' => Script.Hang,
            < '\u31F0' => Script.None,
            <= '\u31FF' => Script.Kana,
            < '\u3400' => Script.None,
            <= '\u4DBF' => Script.Hani,
            < '\u4E00' => Script.None,
            <= '\u9FFF' => Script.Hani,
            < '\uA640' => Script.None,
            <= '\uA69F' => Script.Cyrl,
            < '\uA720' => Script.None,
            <= '\uA7FF' => Script.Latn,
            < '\uAB00' => Script.None,
            <= '\uAB2F' => Script.Ethi,
            < '\uAC00' => Script.None,
            <= '\uD7AF' => Script.Hang,
            < '\uF900' => Script.None,
            <= '\uFAFF' => Script.Hani,
            < '\uFB1D' => Script.None,
            <= '\uFB4F' => Script.Hebr,
            <= '\uFDFF' => Script.Arab,
            < '\uFE70' => Script.None,
            <= '\uFEFC' => Script.Arab,
            < '\uFF21' => Script.None,
            <= '\uFF3A' => Script.Latn,
            < '\uFF41' => Script.None,
            <= '\uFF5A' => Script.Latn,
            < '\uFF66' => Script.None,
            <= '\uFF9F' => Script.Kana,
            <= '\uFFDC' => Script.Hang,
            _ => Script.None,
        };
    }

    private static bool IsWordCharSlow(char c)
    {
        if (c < 0x80)
            return (uint)((c | 0x20) - 'a') <= 'z' - 'a';
        var cat = CharUnicodeInfo.GetUnicodeCategory(c);
        return cat <= UnicodeCategory.OtherLetter || cat is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }
}
