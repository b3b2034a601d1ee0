using System.Numerics;

namespace Tidings.Clustering;

/// <summary>64-bit SimHash (Charikar 2002) over word 3-shingles of the lower-cased text: near-identical texts (a
/// syndicated wire story with another site's furniture, a lightly edited copy) differ in a few bits.</summary>
public static class SimHash
{
    /// <summary>Texts with fewer words than this get no fingerprint (0): too short to call copies.</summary>
    public const int MinWords = 25;

    /// <summary>The fingerprint of a text, or 0 when it is too short.</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        Span<int> acc = stackalloc int[64];
        acc.Clear();
        ulong h1 = 0, h2 = 0;
        int words = 0;
        int i = 0;
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
                // unspaced scripts: every 2 characters count as a word
                if (i - start >= 2 && text[i - 1] >= '\u2E80')
                    break;
            }
            words++;
            if (words >= 3)
            {
                ulong shingle = Mix((h2 * 31) ^ (h1 * 17) ^ h);
                for (int b = 0; b < 64; b++)
                    acc[b] += ((shingle >> b) & 1) != 0 ? 1 : -1;
            }
            h2 = h1;
            h1 = h;
        }
        if (words < MinWords)
            return 0;
        ulong result = 0;
        for (int b = 0; b < 64; b++)
        {
            if (acc[b] > 0)
                result |= 1UL << b;
        }
        return result == 0 ? 1 : result;
    }

    public static int Distance(ulong a, ulong b) => BitOperations.PopCount(a ^ b);

    private static ulong Mix(ulong x)
    {
        x ^= x >> 33;
        x *= 0xff51afd7ed558ccdUL;
        x ^= x >> 33;
        x *= 0xc4ceb9fe1a85ec53UL;
        x ^= x >> 33;
        return x;
    }
}
