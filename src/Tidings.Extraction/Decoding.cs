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

    internal static (string Text, string EncodingName) Decode(ReadOnlySpan<byte> bytes, string? declared)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
            return (Encoding.UTF8.GetString(bytes[3..]), "utf-8");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
            return (Encoding.Unicode.GetString(bytes[2..]), "utf-16le");
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            return (Encoding.BigEndianUnicode.GetString(bytes[2..]), "utf-16be");

        try
        {
            return (StrictUtf8.GetString(bytes), "utf-8");
        }
        catch (DecoderFallbackException)
        {
            // not UTF-8: fall through to the declared or guessed legacy encoding
        }

        var name = declared ?? SniffMetaCharset(bytes);
        if (name is not null && TryGetEncoding(name) is { } enc && enc.CodePage != Encoding.UTF8.CodePage)
            return (enc.GetString(bytes), enc.WebName);

        var guess = GuessLegacy(bytes);
        return (guess.GetString(bytes), guess.WebName);
    }

    private static string? SniffMetaCharset(ReadOnlySpan<byte> bytes)
    {
        var head = Encoding.Latin1.GetString(bytes[..Math.Min(bytes.Length, 4096)]);
        var m = MetaCharset().Match(head);
        return m.Success ? m.Groups[1].Value : null;
    }

    private static Encoding? TryGetEncoding(string name)
    {
        try
        {
            return Encoding.GetEncoding(name.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Picks a single-byte legacy encoding from byte statistics: Cyrillic code pages put most high bytes in
    /// letter ranges; otherwise windows-1252.</summary>
    private static Encoding GuessLegacy(ReadOnlySpan<byte> bytes)
    {
        int high = 0, cp1251Lower = 0, koiLower = 0;
        foreach (byte b in bytes)
        {
            if (b < 0x80)
                continue;
            high++;
            if (b >= 0xE0)
                cp1251Lower++; // а..я in windows-1251
            if (b is >= 0xC0 and < 0xE0)
                koiLower++; // а..я in KOI8-R
        }
        if (high > 0 && high * 4 > bytes.Length / 10)
        {
            if (cp1251Lower >= koiLower && cp1251Lower > high / 2)
                return Encoding.GetEncoding(1251);
            if (koiLower > high / 2)
                return Encoding.GetEncoding("koi8-r");
        }
        return Encoding.GetEncoding(1252);
    }
}
