using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>Extraction from pages already flattened to text: each line gets a score from its own shape (length,
/// sentence punctuation, share of short function words, timestamps, "... |" teasers, markdown image/table remnants,
/// section labels); the article is the best-scoring contiguous run of
/// lines after the title, and inside it only lines that are not furniture are kept.</summary>
internal static partial class TextLines
{
    internal enum Kind
    {
        Body,
        Short,
        Furniture,
    }

    [GeneratedRegex(@"^\s*(?:\d{1,2}[:.]\d{2}\s*[-–|,]?\s*)?\d{1,4}[./\-]\d{1,2}[./\-]\d{2,4}(?:\s*[-–|,]?\s*\d{1,2}[:.]\d{2})?\s*$|^\s*\d{1,2}:\d{2}(?:\s*(?:am|pm|uhr|h))?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();

    [GeneratedRegex(@"^\s*(?:!\[[^\]]*\]\([^)]*\)|\[(?:infographic|video|photo|photos|foto|ảnh|clip|gallery|podcast|audio|live|interactive|multimedia|đồ họa|emagazine|longform)\])", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MediaRemnant();

    /// <summary>A photo credit at the end of a headline line: "... Снимка: © Getty Images", "... Photo: Reuters".</summary>
    [GeneratedRegex(@"\s+(?:снимка|фото|photo|foto|bild|ảnh|image|crédit photo|credit)\s*:\s*(?:©\s*)?[^.!?]{0,60}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingCredit();

    /// <summary>Prompts and labels of page furniture that read like text: newsletters, "read more", related stories.</summary>
    [GeneratedRegex(@"нюзлетър|newsletter|абонирайте|абонирате|subscribe|abonnieren|прочетете още|още по темата|виж още|читайте также|read more|related|tin bài liên quan|các tin bài khác|tin liên quan|đọc nhiều|xem thêm|lesen sie auch|mehr zum thema|weiterlesen|lire aussi|leer más|leggi anche|cookie|©|all rights reserved|всички права", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FurniturePhrase();

    /// <summary>Cleans a title line: drops a trailing photo credit.</summary>
    internal static string CleanTitle(string line) => TrailingCredit().Replace(line, "").Trim();

    /// <summary>How a line reads on its own; <paramref name="score"/> is positive for prose, negative for furniture.</summary>
    internal static Kind Classify(string line, out double score)
    {
        score = 0;
        var t = line.AsSpan().Trim();
        if (t.Length == 0)
            return Kind.Short;
        if (t.EndsWith("|") || t.StartsWith("|") || MediaRemnant().IsMatch(line))
        {
            score = -4;
            return Kind.Furniture;
        }
        if (Timestamp().IsMatch(line))
        {
            score = -5;
            return Kind.Furniture;
        }
        int letters = 0, words = 1, shortWords = 0, wordLen = 0, cjk = 0, southeast = 0, digits = 0;
        foreach (char c in t)
        {
            // a vowel sign or virama is part of its word (Hindi, Tamil and Thai text is a third such marks)
            if (char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                letters++;
                wordLen++;
                if (c is >= '\u3040' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF')
                    cjk++;
                else if (c is >= '\u0E00' and <= '\u0FFF' or >= '\u1000' and <= '\u109F' or >= '\u1780' and <= '\u17FF')
                    southeast++; // Thai, Lao, Tibetan, Myanmar, Khmer: spaces part phrases, not words
            }
            else if (c == ' ')
            {
                if (wordLen is > 0 and <= 3)
                    shortWords++;
                words++;
                wordLen = 0;
            }
            else if (char.IsDigit(c))
            {
                digits++;
            }
        }
        if (wordLen is > 0 and <= 3)
            shortWords++;
        bool sentenceEnd = BlockFilters.LooksLikeSentence(t.ToString()) && t[^1] != ':';
        bool furniturePhrase = t.Length < 160 && FurniturePhrase().IsMatch(line);
        if (furniturePhrase || (t[^1] == ':' && words <= 8))
        {
            score = -3;
            return Kind.Furniture;
        }
        if (letters < t.Length / 2)
        {
            score = -2;
            return Kind.Furniture;
        }
        if (cjk > 20)
            words = cjk / 2;
        if (southeast > 20)
        {
            // about five characters a word, marks included; these scripts mark no sentence end with a stop (Thai
            // ends a sentence with a space), so a line of 12 words or more counts as ending one
            words = Math.Max(words, southeast / 5);
            sentenceEnd |= words >= 12;
        }
        double functionShare = (double)shortWords / words;
        if ((sentenceEnd && words >= 12) || words >= 30)
        {
            score = Math.Min(words / 6.0, 8) + (functionShare > 0.2 ? 1 : 0);
            return Kind.Body;
        }
        if (sentenceEnd && words >= 6)
        {
            score = 0.5;
            return Kind.Short;
        }
        // a short line without sentence punctuation: a heading, a label or a teaser headline
        score = words <= 3 ? -1.5 : -0.75;
        return Kind.Short;
    }

    /// <summary>A body line reads like prose.</summary>
    internal static bool IsBody(string line) => Classify(line, out _) == Kind.Body;

    /// <summary>Title (the first line, without a trailing photo credit) and body of a flattened page.</summary>
    internal static (string Title, string Body) Extract(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.Split('\n'))
        {
            var line = Extractor.Normalize(raw);
            if (line.Length > 0)
                lines.Add(line);
        }
        if (lines.Count == 0)
            return ("", "");
        int start = 0;
        string title = "";
        Classify(lines[0], out double firstScore);
        if (firstScore < 8 || lines.Count == 1)
        {
            title = CleanTitle(lines[0]);
            start = 1;
        }
        int n = lines.Count - start;
        var scores = new double[n];
        var kinds = new Kind[n];
        for (int i = 0; i < n; i++)
        {
            var line = lines[start + i];
            kinds[i] = Classify(line, out scores[i]);
        }
        // the best contiguous run (maximum subarray), starting and ending on body lines
        double best = 0, cur = 0;
        int bestFrom = 0, bestTo = -1, from = 0;
        for (int i = 0; i < n; i++)
        {
            if (cur <= 0)
            {
                cur = 0;
                from = i;
            }
            cur += scores[i];
            if (cur > best)
            {
                best = cur;
                bestFrom = from;
                bestTo = i;
            }
        }
        var sb = new StringBuilder();
        for (int i = bestFrom; i <= bestTo; i++)
        {
            if (kinds[i] != Kind.Furniture)
                sb.Append(lines[start + i]).Append('\n');
        }
        if (title.Length == 0 && start == 0 && bestTo < 0)
            title = lines[0];
        return (title, sb.ToString().TrimEnd());
    }
}
