namespace Tidings.Text;

/// <summary>Clitics written onto a word with an apostrophe, which the <see cref="Tokenizer"/> keeps inside the word
/// (it cannot tell l'Italie from O'Brien without the language): the elided articles, prepositions and pronouns of
/// French, Italian and Catalan before the word (l'Italie, d'Emmanuel, dell'Europa, qu'il; a capital D', Dell', Dall'
/// only opening a sentence, since D'Alema is a surname), the possessive 's after it in any language (Macron's, Obama's,
/// an English name in an Italian report), and every case suffix Turkish and Azerbaijani write after a proper name
/// (Erdoğan'ın, Ankara'dan, Türkiye'nin). <see cref="Detach"/> narrows such a token to the word itself, so a name, a
/// place or a dictionary word is read the same with or without its clitic.</summary>
internal static class Clitics
{
    private static readonly HashSet<string> French = new(StringComparer.Ordinal)
    {
        "l", "d", "j", "m", "n", "s", "t", "c", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu", "presqu",
    };

    private static readonly HashSet<string> Italian = new(StringComparer.Ordinal)
    {
        "l", "d", "c", "m", "s", "t", "v", "un", "all", "dall", "dell", "nell", "sull", "coll", "quest", "quell", "anch", "sant", "po",
    };

    private static readonly HashSet<string> Catalan = new(StringComparer.Ordinal) { "l", "d", "m", "n", "s", "t" };

    /// <summary>Longest suffix read as a Turkish case ending after an apostrophe ('ın, 'dan, 'nin, 'deki, 'lerinden).</summary>
    private const int MaxSuffix = 9;

    private static HashSet<string>? Prefixes(string language) => language switch
    {
        "fr" => French,
        "it" => Italian,
        "ca" or "oc" => Catalan,
        _ => null,
    };

    /// <summary>Narrows, in place, every word token of <paramref name="language"/> that carries an apostrophe clitic
    /// to the word without it; other tokens stay as they are.</summary>
    internal static void Detach(string text, List<Token> tokens, string language)
    {
        var prefixes = Prefixes(language);
        bool turkic = language is "tr" or "az";
        Span<char> buffer = stackalloc char[6];
        for (int k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Type != TokenType.Word || t.Length < 3)
                continue;
            var span = text.AsSpan(t.Start, t.Length);
            int first = span.IndexOfAny('\'', '’', 'ʼ');
            if (first < 0)
                continue;
            // a capital D', Dell' or Dall' inside a sentence is part of a surname (Massimo D'Alema, Marcello Dell'Utri):
            // only a sentence's first word loses it; a lower-case one is the preposition (d'Emmanuel Macron), and a
            // capital L' is the article wherever it stands (a sentence the splitter missed)
            if (prefixes is not null && first > 0 && first <= 6 && span.Length - first - 1 >= 2
                && prefixes.GetAlternateLookup<ReadOnlySpan<char>>().Contains(buffer[..span[..first].ToLowerInvariant(buffer)])
                && (!char.IsUpper(span[0]) || t.SentenceStart || buffer[0] != 'd'))
            {
                tokens[k] = t with { Start = t.Start + first + 1, Length = t.Length - first - 1 };
                continue;
            }
            int last = span.LastIndexOfAny('\'', '’', 'ʼ');
            int suffix = span.Length - last - 1;
            if (last < 2 || suffix < 1)
                continue;
            // no language writes a word ending in 's but as a possessive or (Dutch) plural of the word before it: an
            // English name keeps it in any text (Landry's in an Italian report)
            if ((suffix == 1 && span[^1] is 's' or 'S') || (turkic && suffix <= MaxSuffix && span[..last].IndexOfAny('\'', '’', 'ʼ') < 0))
                tokens[k] = t with { Length = last };
        }
    }
}
