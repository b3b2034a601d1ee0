using System.Numerics;
using System.Runtime.Intrinsics;

namespace Tidings.Clustering;

/// <summary>64-bit SimHash (Charikar 2002) over word 3-shingles of the lower-cased text: near-identical texts (a
/// syndicated wire story with another site's furniture, a lightly edited copy) differ in a few bits.</summary>
public static class SimHash
{
    /// <summary>Texts with fewer words than this get no fingerprint (0): too short to call copies.</summary>
    public const int MinWords = 25;

    /// <summary>The fingerprint of a text, or 0 when it is too short. Bit b is set when more of the shingles' hashes
    /// have it set than not; the counts are kept eight bits at a time in 256-bit vectors (a table gives each byte's
    /// bits as eight 0/1 lanes), which is the same sum as the textbook ±1 per bit, eight times fewer additions.</summary>
    public static ulong Of(ReadOnlySpan<char> text)
    {
        Span<Vector256<int>> ones = stackalloc Vector256<int>[8];
        ones.Clear();
        var table = ByteBits;
        ulong h1 = 0, h2 = 0;
        int words = 0;
        int i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && !IsWordChar(text[i]))
                i++;
            if (i >= text.Length)
                break;
            ulong h = 14695981039346656037UL;
            int start = i;
            while (i < text.Length)
            {
                char c = text[i];
                if (c < 128)
                {
                    if (!AsciiWord[c])
                        break;
                    h ^= (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
                }
                else
                {
                    if (!char.IsLetterOrDigit(c))
                        break;
                    h ^= char.ToLowerInvariant(c);
                }
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
                for (int b = 0; b < 8; b++)
                    ones[b] += table[(int)((shingle >> (8 * b)) & 0xFF)];
            }
            h2 = h1;
            h1 = h;
        }
        if (words < MinWords)
            return 0;
        int shingles = words - 2;
        ulong result = 0;
        for (int b = 0; b < 64; b++)
        {
            // the textbook sum of +1 (bit set) and -1 (not set) is 2 × ones − shingles
            if (2 * ones[b >> 3].GetElement(b & 7) > shingles)
                result |= 1UL << b;
        }
        return result == 0 ? 1 : result;
    }

    private static bool IsWordChar(char c) => c < 128 ? AsciiWord[c] : char.IsLetterOrDigit(c);

    private static readonly bool[] AsciiWord = Enumerable.Range(0, 128).Select(c => char.IsLetterOrDigit((char)c)).ToArray();

    /// <summary>For each byte value, its eight bits as 0/1 lanes (lane k = bit k).</summary>
    private static readonly Vector256<int>[] ByteBits = Enumerable.Range(0, 256)
        .Select(v => Vector256.Create(v & 1, (v >> 1) & 1, (v >> 2) & 1, (v >> 3) & 1, (v >> 4) & 1, (v >> 5) & 1, (v >> 6) & 1, (v >> 7) & 1))
        .ToArray();

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
