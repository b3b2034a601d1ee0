using System.Net;

namespace Tidings.Extraction;

/// <summary>HTML character references decoded to the end: pages escape text twice ("FISCH &amp;amp; FANG" in a
/// JSON-LD headline, which is not HTML-decoded at all, or in an attribute that the parser decodes once).</summary>
internal static class Entities
{
    /// <summary>At most this many rounds: "&amp;amp;amp;amp;" is as far as real pages go.</summary>
    private const int MaxRounds = 4;

    internal static string Decode(string s)
    {
        for (int round = 0; round < MaxRounds && s.Contains('&', StringComparison.Ordinal); round++)
        {
            var decoded = WebUtility.HtmlDecode(s);
            if (decoded.Length == s.Length && string.Equals(decoded, s, StringComparison.Ordinal))
                break;
            s = decoded;
        }
        return s;
    }
}
