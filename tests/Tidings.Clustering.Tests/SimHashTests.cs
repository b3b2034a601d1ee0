using Tidings.Clustering;

namespace Tidings.Clustering.Tests;

/// <summary>The fast SimHash (ASCII table, byte-at-a-time vector counts) must give the very fingerprints the stores
/// already hold: it is checked against the textbook definition written out here.</summary>
public class SimHashTests
{
    private static ulong Reference(string text)
    {
        var acc = new int[64];
        ulong h1 = 0, h2 = 0;
        int words = 0, i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !char.IsLetterOrDigit(text[i]))
                i++;
            if (i >= text.Length)
                break;
            ulong h = 14695981039346656037UL;
            int start = i;
            while (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                h ^= char.ToLowerInvariant(text[i]);
                h *= 1099511628211UL;
                i++;
                if (i - start >= 2 && text[i - 1] >= '\u2E80')
                    break;
            }
            words++;
            if (words >= 3)
            {
                ulong x = (h2 * 31) ^ (h1 * 17) ^ h;
                x ^= x >> 33;
                x *= 0xff51afd7ed558ccdUL;
                x ^= x >> 33;
                x *= 0xc4ceb9fe1a85ec53UL;
                x ^= x >> 33;
                for (int b = 0; b < 64; b++)
                    acc[b] += ((x >> b) & 1) != 0 ? 1 : -1;
            }
            h2 = h1;
            h1 = h;
        }
        if (words < SimHash.MinWords)
            return 0;
        ulong result = 0;
        for (int b = 0; b < 64; b++)
        {
            if (acc[b] > 0)
                result |= 1UL << b;
        }
        return result == 0 ? 1 : result;
    }

    [Fact]
    public void Fast_fingerprints_equal_the_textbook_definition_on_mixed_scripts_and_cases()
    {
        var rng = new Random(11);
        string[] pieces = ["Putin", "PUTIN", "met", "Lukashenko", "in", "Minsk", "Путин", "ВСТРЕТИЛСЯ", "с", "Лукашенко", "普京", "会见",
            "卢卡申科", "Tổng", "thống", "ĐỨC", "9", "August", "2024", "—", "...", "İstanbul", "ΑΘΗΝΑ", "القاهرة", "x\u0301", "\uD800", "A1b2", "Z", "@", "_"];
        int nonZero = 0;
        for (int n = 0; n < 400; n++)
        {
            int words = rng.Next(0, 120);
            var text = string.Join(rng.Next(3) switch { 0 => " ", 1 => ", ", _ => "\n" }, Enumerable.Range(0, words).Select(_ => pieces[rng.Next(pieces.Length)]));
            ulong expected = Reference(text);
            Assert.Equal(expected, SimHash.Of(text));
            if (expected != 0)
                nonZero++;
        }
        Assert.True(nonZero > 200, $"only {nonZero} texts were long enough to fingerprint");
    }
}
