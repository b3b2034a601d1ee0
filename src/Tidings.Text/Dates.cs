using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tidings.Text;

/// <summary>Finds calendar days in text, language-neutral as "MM-DD": "9 август", "August 9", "9/8" (day/month
/// where the language writes it so), "2020-08-09", "9.8.2020", "8月9日", "8월 9일". Month names come from .NET's
/// CultureInfo (CLDR through ICU) for the text's language.</summary>
internal static partial class Dates
{
    private static readonly ConcurrentDictionary<string, (Dictionary<string, int> Months, bool MonthFirst)> Cultures = new();

    [GeneratedRegex(@"\b(?:19|20)\d\d-(\d\d)-(\d\d)\b")]
    private static partial Regex Iso();

    [GeneratedRegex(@"(?<![\d.,/])(\d{1,2})/(\d{1,2})(?:/(?:19|20)?\d\d)?(?![\d/])")]
    private static partial Regex Slashed();

    [GeneratedRegex(@"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(?:(?:19|20)\d\d)?(?![\d])")]
    private static partial Regex Dotted();

    [GeneratedRegex(@"(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일]")]
    private static partial Regex Cjk();

    internal static (Dictionary<string, int> Months, bool MonthFirst) For(string language) => Cultures.GetOrAdd(language, static lang =>
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        bool monthFirst = false;
        try
        {
            var culture = CultureInfo.GetCultureInfo(lang == "und" ? "en" : lang);
            var f = culture.DateTimeFormat;
            foreach (var names in new[] { f.MonthNames, f.MonthGenitiveNames, f.AbbreviatedMonthNames, f.AbbreviatedMonthGenitiveNames })
            {
                for (int m = 0; m < 12 && m < names.Length; m++)
                {
                    var n = names[m].Trim().TrimEnd('.').ToLowerInvariant();
                    if (n.Length >= 3 && !n.Any(char.IsDigit) && !n.Contains(' ', StringComparison.Ordinal))
                        months.TryAdd(n, m + 1);
                }
            }
            monthFirst = f.ShortDatePattern.TrimStart().StartsWith('M');
        }
        catch (CultureNotFoundException)
        {
            // unknown language: numeric forms only
        }
        return (months, monthFirst);
    });

    private static bool Valid(int month, int day) => month is >= 1 and <= 12 && day is >= 1 and <= 31;

    private static string Key(int month, int day) => $"{month:00}-{day:00}";

    /// <summary>Every day mentioned in the text, as "MM-DD", in order of appearance (repeats kept).</summary>
    internal static List<string> Find(string text, string language, IReadOnlyList<(int Start, int Length)> words)
    {
        var found = new List<string>();
        var (months, monthFirst) = For(language);
        foreach (Match m in Iso().Matches(text))
            Add(found, int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
        foreach (Match m in Cjk().Matches(text))
            Add(found, int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture));
        foreach (var regex in new[] { Slashed(), Dotted() })
        {
            foreach (Match m in regex.Matches(text))
            {
                int a = int.Parse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture), b = int.Parse(m.Groups[2].ValueSpan, CultureInfo.InvariantCulture);
                if (monthFirst)
                    Add(found, a, b);
                else
                    Add(found, b, a);
            }
        }
        if (months.Count > 0)
        {
            // "<day> [de|.] <month>" or "<month> <day>"
            for (int i = 0; i < words.Count; i++)
            {
                var w = text.AsSpan(words[i].Start, words[i].Length);
                if (!months.TryGetValue(w.ToString().ToLowerInvariant().TrimEnd('.'), out int month))
                    continue;
                int? day = DayAt(text, words, i - 1) ?? (i >= 2 && IsLinker(text, words[i - 1]) ? DayAt(text, words, i - 2) : null) ?? DayAt(text, words, i + 1);
                if (day is { } d)
                    Add(found, month, d);
            }
        }
        return found;
    }

    private static bool IsLinker(string text, (int Start, int Length) w) =>
        text.AsSpan(w.Start, w.Length) is "de" or "del" or "di" or "of" or "th";

    private static int? DayAt(string text, IReadOnlyList<(int Start, int Length)> words, int i)
    {
        if (i < 0 || i >= words.Count)
            return null;
        var w = text.AsSpan(words[i].Start, words[i].Length).TrimEnd('.');
        if (w.EndsWith("th", StringComparison.Ordinal) || w.EndsWith("st", StringComparison.Ordinal) || w.EndsWith("nd", StringComparison.Ordinal) || w.EndsWith("rd", StringComparison.Ordinal))
            w = w[..^2];
        return w.Length is 1 or 2 && int.TryParse(w, NumberStyles.None, CultureInfo.InvariantCulture, out int d) && d is >= 1 and <= 31 ? d : null;
    }

    private static void Add(List<string> found, int month, int day)
    {
        if (Valid(month, day))
            found.Add(Key(month, day));
    }
}
