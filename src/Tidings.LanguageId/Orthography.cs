namespace Tidings.LanguageId;

/// <summary>Alphabets of the Cyrillic languages: a letter a language does not write (ы in Bulgarian, і in Russian, ќ in
/// Serbian, ў outside Belarusian) costs that language <see cref="Penalty"/> nats. Decisive on short texts, negligible on
/// long ones that quote a neighbour.</summary>
internal static class Orthography
{
    internal const double Penalty = 6.0;
    private const int MaxRead = 2400;

    private static readonly Dictionary<string, string> CyrillicAlphabets = new(StringComparer.Ordinal)
    {
        ["ru"] = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        ["uk"] = "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя",
        ["be"] = "абвгдеёжзійклмнопрстуўфхцчшыьэюя",
        ["bg"] = "абвгдежзийклмнопрстуфхцчшщъьюя",
        ["mk"] = "абвгдѓежзѕијклљмнњопрстќуфхцчџш",
        ["sr"] = "абвгдђежзијклљмнњопрстћуфхцчџш",
        ["kk"] = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһі",
        ["mn"] = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяөү",
        ["ky"] = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяңөү",
        ["tg"] = "абвгдеёжзийклмнопрстуфхчшъэюяғӣқӯҳҷ",
        ["tt"] = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяәөүҗңһ",
    };

    /// <summary>Adds the penalties to <paramref name="costs"/> (indexed like <paramref name="tags"/>).</summary>
    internal static void Apply(Script script, string[] tags, ReadOnlySpan<char> text, Span<double> costs)
    {
        if (script != Script.Cyrl)
            return;
        Span<int> counts = stackalloc int[0x130];
        counts.Clear();
        bool any = false;
        foreach (char ch in text.Length > MaxRead ? text[..MaxRead] : text)
        {
            if (ch is >= '\u0400' and < '\u0530')
            {
                counts[Scripts.ToLower(ch) - 0x400]++;
                any = true;
            }
        }
        if (!any)
            return;
        // The letters seen (a few dozen at most), then each language's alphabet checked against them only.
        Span<char> seen = stackalloc char[counts.Length];
        Span<int> seenCount = stackalloc int[counts.Length];
        int n = 0;
        for (int i = 0; i < counts.Length; i++)
        {
            if (counts[i] > 0)
            {
                seen[n] = (char)(0x400 + i);
                seenCount[n++] = counts[i];
            }
        }
        for (int l = 0; l < tags.Length; l++)
        {
            if (!CyrillicAlphabets.TryGetValue(tags[l], out var alphabet))
                continue;
            for (int i = 0; i < n; i++)
            {
                if (alphabet.IndexOf(seen[i], StringComparison.Ordinal) < 0)
                    costs[l] += Penalty * seenCount[i];
            }
        }
    }
}
