using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Tidings.Core;

namespace Tidings.Text;

/// <summary>Finds calendar days in text, language-neutral as "MM-DD": "9 август", "August 9", "9/8" (day/month
/// where the language writes it so), "2020-08-09", "9.8.2020", "8月9日", "8월 9일". Month names come from .NET's
/// CultureInfo (CLDR through ICU) for the text's language.</summary>
internal static partial class Dates
{
    private static readonly ConcurrentDictionary<string, (Dictionary<string, int> Months, bool MonthFirst)> Cultures = new();

    [GeneratedRegex(@"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b")]
    private static partial Regex Iso();

    // years are checked in code (1900-2099), as digits of any script are: ٢٥/٤/٢٠٢٠
    [GeneratedRegex(@"(?<![\d.,/])(\d{1,2})/(\d{1,2})(?:/(\d\d(?:\d\d)?))?(?![\d/])")]
    private static partial Regex Slashed();

    [GeneratedRegex(@"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4})?(?![\d])")]
    private static partial Regex Dotted();

    [GeneratedRegex(@"(?:((?:19|20)\d\d)\s?[年년]\s?)?(\d{1,2})\s?[月월]\s?(\d{1,2})\s?[日일号]")]
    private static partial Regex Cjk();

    /// <summary>Month names (<see cref="MonthKey"/> forms) of a language: its culture's, and for Arabic the other series
    /// Arab countries write beside CLDR's Egyptian one (يناير ... ديسمبر): the Levantine and Iraqi (كانون الثاني, شباط,
    /// آذار, ..., آب, أيلول, تشرين الأول, ...), the Moroccan (يوليوز, غشت, شتنبر, نونبر, دجنبر) and the Algerian and
    /// Tunisian (جانفي, فيفري, أفريل, جوان, جويلية, أوت); names of two words are keyed "first second".</summary>
    internal static (Dictionary<string, int> Months, bool MonthFirst) For(string language) => Cultures.GetOrAdd(language, static lang =>
    {
        var months = new Dictionary<string, int>(StringComparer.Ordinal);
        bool monthFirst = false;
        try
        {
            var culture = CultureInfo.GetCultureInfo(lang == "und" ? "en" : lang);
            var f = culture.DateTimeFormat;
            if (f.Calendar is not GregorianCalendar)
            {
                // a culture whose calendar is another (Persian: فروردین, مرداد): the Gregorian months its news also
                // writes (ژانویه, اوت), never the other calendar's, whose numbers are not these months'
                var gregorian = culture.OptionalCalendars.OfType<GregorianCalendar>().FirstOrDefault();
                if (gregorian is null)
                    return (months, false);
                f = (DateTimeFormatInfo)f.Clone();
                f.Calendar = gregorian;
            }
            foreach (var names in new[] { f.MonthNames, f.MonthGenitiveNames, f.AbbreviatedMonthNames, f.AbbreviatedMonthGenitiveNames })
            {
                for (int m = 0; m < 12 && m < names.Length; m++)
                {
                    var n = MonthKey(names[m].Trim());
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
        if (lang == "he")
        {
            // Hebrew writes "in", "to", "from", "and" onto the month: באוגוסט, לאוגוסט, מאוגוסט, ובאוגוסט
            foreach (var (name, m) in months.ToList())
            {
                foreach (var prefix in HebrewPrefixes)
                    months.TryAdd(prefix + name, m);
            }
        }
        if (lang == "ar")
        {
            for (int m = 0; m < 12; m++)
            {
                foreach (var n in ArabicMonths[m].Split(','))
                    months.TryAdd(MonthKey(n), m + 1);
            }
        }
        return (months, monthFirst);
    });

    private static readonly string[] HebrewPrefixes = ["ב", "ל", "מ", "ו", "וב", "ול", "ומ", "ה", "מה"];

    private static readonly string[] ArabicMonths =
    [
        "يناير,كانون الثاني,جانفي",
        "فبراير,شباط,فيفري",
        "مارس,آذار",
        "أبريل,إبريل,نيسان,أفريل",
        "مايو,أيار,ماي",
        "يونيو,يونية,حزيران,جوان",
        "يوليو,يولية,تموز,يوليوز,جويلية",
        "أغسطس,آب,غشت,أوت",
        "سبتمبر,أيلول,شتنبر",
        "أكتوبر,تشرين الأول,تشرين أول",
        "نوفمبر,تشرين الثاني,تشرين ثاني,نونبر",
        "ديسمبر,كانون الأول,كانون أول,دجنبر",
    ];

    /// <summary>Whether a word is a month name of the language (one word: يناير, آب, not تشرين alone).</summary>
    internal static bool IsMonth(string language, string word) => For(language).Months.ContainsKey(MonthKey(word));

    /// <summary>How a month name is looked up: lower case, without a final period, Arabic without its optional marks
    /// and letter variants (أغسطس and اغسطس, أيار and ايار meet).</summary>
    private static string MonthKey(string word) => ArabicWords.Normalize(word.TrimEnd('.').ToLowerInvariant());

    /// <summary>The value of a run of decimal digits of any script (1-9 of them: 16, ١٦, ۱۶); null when another
    /// character is among them.</summary>
    internal static int? Digits(ReadOnlySpan<char> s)
    {
        if (s.Length is 0 or > 9)
            return null;
        int v = 0;
        foreach (char c in s)
        {
            int d = CharUnicodeInfo.GetDecimalDigitValue(c);
            if (d < 0)
                return null;
            v = (v * 10) + d;
        }
        return v;
    }

    private static bool Valid(int month, int day) => month is >= 1 and <= 12 && day is >= 1 and <= 31;

    /// <summary>A day the text mentions: "MM-DD" (the feature), the value shown by <c>analyze</c> ("2020-08-09" when
    /// the year is stated or inferable from the publication date, else "08-09"), and where it was written.</summary>
    internal readonly record struct DateMention(string MonthDay, string Value, int Start, int Length);

    /// <summary>A matched run of digits (the patterns' \d matches the digits of every script: ٢٥/٤/٢٠٢٠).</summary>
    private static int Int(Group g) => Digits(g.ValueSpan) ?? 0;

    /// <summary>Every day mentioned in the text, in order of the patterns (repeats kept). Relative days ("yesterday",
    /// "в понеделник", "hôm qua", "上周五") resolve only against a publication date.</summary>
    private static readonly ConcurrentDictionary<string, HashSet<string>> FirstWordsOf = new();

    /// <summary>The words a month name of the language can begin with (the whole name, or the first of two words): a
    /// word whose lower case is not among them is no month, which spares most words the month key's copies.</summary>
    private static HashSet<string> MonthFirstWords(string language) => FirstWordsOf.GetOrAdd(language, static lang =>
        For(lang).Months.Keys.Select(k => k.Split(' ')[0]).ToHashSet(StringComparer.Ordinal));

    /// <summary>Whether a word certainly begins no month name: it does not start with a letter, or, outside Arabic
    /// (whose month keys fold letter variants and marks), its invariant lower case is no first word of one.</summary>
    private static bool CannotStartMonth(ReadOnlySpan<char> word, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> firstWords)
    {
        if (word.Length == 0 || !char.IsLetter(word[0]))
            return true;
        if (word.Length > 64 || word.Contains('.'))
            return false;
        foreach (char c in word)
        {
            if (Scripts.Of(c) == Script.Arabic)
                return false;
        }
        Span<char> lower = stackalloc char[word.Length];
        word.ToLowerInvariant(lower);
        return !firstWords.Contains(lower);
    }

    internal static List<DateMention> Find(string text, string language, IReadOnlyList<(int Start, int Length)> words, DateTimeOffset? published)
    {
        var found = new List<DateMention>();
        var (months, monthFirst) = For(language);
        foreach (Match m in Iso().Matches(text))
            Add(found, Int(m.Groups[2]), Int(m.Groups[3]), Int(m.Groups[1]), m, published);
        foreach (Match m in Cjk().Matches(text))
            Add(found, Int(m.Groups[2]), Int(m.Groups[3]), m.Groups[1].Success ? Int(m.Groups[1]) : null, m, published);
        foreach (var regex in new[] { Slashed(), Dotted() })
        {
            foreach (Match m in regex.Matches(text))
            {
                int a = Int(m.Groups[1]), b = Int(m.Groups[2]);
                int? year = m.Groups[3].Success ? Int(m.Groups[3]) : null;
                if (year is >= 100 and not (>= 1900 and <= 2099))
                    continue;
                if (year < 100)
                    year += 2000;
                if (monthFirst)
                    Add(found, a, b, year, m, published);
                else
                    Add(found, b, a, year, m, published);
            }
        }
        if (months.Count > 0)
        {
            // "<day> [de|.] <month> [year]" or "<month> <day>[,] [year]"
            var firstWords = MonthFirstWords(language).GetAlternateLookup<ReadOnlySpan<char>>();
            for (int i = 0; i < words.Count; i++)
            {
                if (CannotStartMonth(text.AsSpan(words[i].Start, words[i].Length), firstWords))
                    continue;
                var w = MonthKey(text.Substring(words[i].Start, words[i].Length));
                // a name of two words (تشرين الأول) ends at the second
                int monthEnd = i;
                if (i + 1 < words.Count && months.TryGetValue(w + " " + MonthKey(text.Substring(words[i + 1].Start, words[i + 1].Length)), out int month))
                    monthEnd = i + 1;
                else if (!months.TryGetValue(w, out month))
                    continue;
                int at = i - 1;
                int? day = DayAt(text, words, i - 1);
                if (day is null && i >= 2 && IsLinker(text, words[i - 1]))
                {
                    at = i - 2;
                    day = DayAt(text, words, i - 2);
                }
                int last = monthEnd;
                if (day is null)
                {
                    at = i;
                    day = DayAt(text, words, monthEnd + 1);
                    last = monthEnd + 1;
                }
                if (day is not { } d)
                    continue;
                int? year = YearAt(text, words, last + 1) ?? (last + 2 < words.Count && IsLinker(text, words[last + 1]) ? YearAt(text, words, last + 2) : null);
                int start = words[Math.Min(at, i)].Start, end = words[last].Start + words[last].Length;
                Add(found, month, d, year, start, end - start, published);
                i = monthEnd;
            }
        }
        if (published is { } p)
            Relative.Find(text, language, words, p, found);
        return found;
    }

    private static bool IsLinker(string text, (int Start, int Length) w) =>
        text.AsSpan(w.Start, w.Length) is "de" or "del" or "di" or "of" or "th" or "năm";

    private static int? DayAt(string text, IReadOnlyList<(int Start, int Length)> words, int i)
    {
        if (i < 0 || i >= words.Count)
            return null;
        var w = text.AsSpan(words[i].Start, words[i].Length).TrimEnd('.');
        if (w.EndsWith("th", StringComparison.Ordinal) || w.EndsWith("st", StringComparison.Ordinal) || w.EndsWith("nd", StringComparison.Ordinal) || w.EndsWith("rd", StringComparison.Ordinal))
            w = w[..^2];
        return w.Length is 1 or 2 && Digits(w) is int d && d is >= 1 and <= 31 ? d : null;
    }

    private static int? YearAt(string text, IReadOnlyList<(int Start, int Length)> words, int i)
    {
        if (i < 0 || i >= words.Count)
            return null;
        var w = text.AsSpan(words[i].Start, words[i].Length);
        return w.Length == 4 && Digits(w) is int y && y is >= 1900 and <= 2100 ? y : null;
    }

    private static void Add(List<DateMention> found, int month, int day, int? year, Match m, DateTimeOffset? published) =>
        Add(found, month, day, year, m.Index, m.Length, published);

    internal static void Add(List<DateMention> found, int month, int day, int? year, int start, int length, DateTimeOffset? published)
    {
        if (!Valid(month, day))
            return;
        var md = $"{month:00}-{day:00}";
        // no year written: the one that puts the day nearest the publication date
        if (year is null && published is { } p)
        {
            int best = p.Year;
            double bestGap = double.MaxValue;
            for (int y = p.Year - 1; y <= p.Year + 1; y++)
            {
                if (day > DateTime.DaysInMonth(y, month))
                    continue;
                double gap = Math.Abs((new DateTime(y, month, day, 0, 0, 0, DateTimeKind.Unspecified) - p.Date).TotalDays);
                if (gap < bestGap)
                {
                    bestGap = gap;
                    best = y;
                }
            }
            year = best;
        }
        var value = year is { } yy ? $"{yy:0000}-{md}" : md;
        found.Add(new DateMention(md, value, start, length));
    }
}

/// <summary>Relative days resolved against the publication date: yesterday/today/tomorrow and weekdays ("on
/// Monday" is the last Monday on or before publication) in the languages the sample and dev sets carry.</summary>
internal static class Relative
{
    /// <summary>Relative day names by language: the list below (written here), then CLDR's date fields for every
    /// other language and name (Data/relative-days.tsv: vorgestern, i går, hari ini, 어제; a name one language gives two
    /// offsets, Hindi कल, is not in it).</summary>
    private static readonly Dictionary<string, Dictionary<string, int>> Offsets = WithCldr(new(StringComparer.Ordinal)
    {
        ["en"] = new(StringComparer.Ordinal) { ["yesterday"] = -1, ["today"] = 0, ["tomorrow"] = 1 },
        ["de"] = new(StringComparer.Ordinal) { ["gestern"] = -1, ["heute"] = 0, ["morgen"] = 1, ["vorgestern"] = -2 },
        ["fr"] = new(StringComparer.Ordinal) { ["hier"] = -1, ["aujourd'hui"] = 0, ["demain"] = 1 },
        ["es"] = new(StringComparer.Ordinal) { ["ayer"] = -1, ["hoy"] = 0, ["mañana"] = 1 },
        ["it"] = new(StringComparer.Ordinal) { ["ieri"] = -1, ["oggi"] = 0, ["domani"] = 1 },
        ["pt"] = new(StringComparer.Ordinal) { ["ontem"] = -1, ["hoje"] = 0, ["amanhã"] = 1 },
        ["pl"] = new(StringComparer.Ordinal) { ["wczoraj"] = -1, ["dzisiaj"] = 0, ["dziś"] = 0, ["jutro"] = 1 },
        ["ru"] = new(StringComparer.Ordinal) { ["вчера"] = -1, ["сегодня"] = 0, ["завтра"] = 1, ["позавчера"] = -2 },
        ["bg"] = new(StringComparer.Ordinal) { ["вчера"] = -1, ["днес"] = 0, ["утре"] = 1 },
        ["uk"] = new(StringComparer.Ordinal) { ["вчора"] = -1, ["сьогодні"] = 0, ["завтра"] = 1 },
        ["tr"] = new(StringComparer.Ordinal) { ["dün"] = -1, ["bugün"] = 0, ["yarın"] = 1 },
        ["ar"] = new(StringComparer.Ordinal) { ["أمس"] = -1, ["امس"] = -1, ["اليوم"] = 0, ["غدا"] = 1 },
        ["vi"] = new(StringComparer.Ordinal) { ["hôm qua"] = -1, ["hôm nay"] = 0, ["ngày mai"] = 1 },
    });

    private static Dictionary<string, Dictionary<string, int>> WithCldr(Dictionary<string, Dictionary<string, int>> written)
    {
        foreach (var line in Resources.TextLines("relative-days.tsv"))
        {
            var f = line.Split('\t');
            if (f.Length < 3 || !int.TryParse(f[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int offset))
                continue;
            if (!written.TryGetValue(f[0], out var table))
                written[f[0]] = table = new Dictionary<string, int>(StringComparer.Ordinal);
            table.TryAdd(f[1], offset);
        }
        return written;
    }

    /// <summary>Korean particles (어제는, 월요일에, 어제부터) and Turkish adjectival -ki/-kü (dünkü, bugünkü), written onto a
    /// day's name, longest first.</summary>
    private static readonly string[] KoreanParticles = ["에서는", "에서", "부터", "까지", "에는", "은", "는", "이", "가", "을", "를", "의", "에", "도", "만"];

    private static readonly string[] TurkishEndings = ["kü", "ki"];

    /// <summary>A day name without the particle or ending its language writes onto it; the word itself (the same
    /// instance) when it has none.</summary>
    internal static string Bare(string lower, string language)
    {
        var endings = language switch { "ko" => KoreanParticles, "tr" => TurkishEndings, _ => null };
        if (endings is null)
            return lower;
        foreach (var e in endings)
        {
            if (lower.Length > e.Length + 1 && lower.EndsWith(e, StringComparison.Ordinal))
                return lower[..^e.Length];
        }
        return lower;
    }

    private static readonly (string Word, int Offset)[] Chinese = [("前天", -2), ("昨天", -1), ("今天", 0), ("明天", 1), ("昨日", -1), ("今日", 0), ("明日", 1)];

    private static readonly ConcurrentDictionary<string, string[]> WeekdayNames = new(StringComparer.Ordinal);

    /// <summary>The language's weekday names, lower case, Sunday first (its culture's; none when .NET has no culture
    /// for it), looked up once per language.</summary>
    private static string[] Weekdays(string language)
    {
        if (WeekdayNames.TryGetValue(language, out var names))
            return names;
        names = WeekdayNamesOf(language);
        // a language tag comes from the caller (--lang): the cache stays bounded whatever tags arrive
        if (WeekdayNames.Count < 512)
            WeekdayNames.TryAdd(language, names);
        return names;
    }

    private static string[] WeekdayNamesOf(string language)
    {
        try
        {
            return [.. CultureInfo.GetCultureInfo(language == "und" ? "en" : language).DateTimeFormat.DayNames.Select(n => n.ToLowerInvariant())];
        }
        catch (CultureNotFoundException)
        {
            return [];
        }
    }

    private static readonly string[] ChineseWeekdays = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

    internal static void Find(string text, string language, IReadOnlyList<(int Start, int Length)> words, DateTimeOffset published, List<Dates.DateMention> found)
    {
        var day = published.Date;
        void At(DateTime d, int start, int length) => Dates.Add(found, d.Month, d.Day, d.Year, start, length, null);
        if (language is "zh" or "ja")
        {
            foreach (var (w, offset) in Chinese)
            {
                for (int i = text.IndexOf(w, StringComparison.Ordinal); i >= 0; i = text.IndexOf(w, i + w.Length, StringComparison.Ordinal))
                    At(day.AddDays(offset), i, w.Length);
            }
            for (int k = 0; k < 7; k++)
            {
                foreach (var (prefix, weeks) in new[] { ("上", -1), ("本", 0), ("下", 1), ("", 0) })
                {
                    var w = prefix + ChineseWeekdays[k];
                    for (int i = text.IndexOf(w, StringComparison.Ordinal); i >= 0; i = text.IndexOf(w, i + w.Length, StringComparison.Ordinal))
                    {
                        if (prefix.Length == 0 && i > 0 && text[i - 1] is '上' or '本' or '下')
                            continue;
                        // the week runs Monday to Sunday
                        int today = ((int)day.DayOfWeek + 6) % 7, target = (k + 6) % 7;
                        At(day.AddDays(target - today + (7 * weeks)), i, w.Length);
                    }
                }
            }
            return;
        }
        if (Offsets.TryGetValue(language, out var table))
        {
            for (int i = 0; i < words.Count; i++)
            {
                var w = text.Substring(words[i].Start, words[i].Length).ToLowerInvariant();
                var bare = Bare(w, language);
                if (table.TryGetValue(w, out int offset) || (!ReferenceEquals(bare, w) && table.TryGetValue(bare, out offset)))
                {
                    At(day.AddDays(offset), words[i].Start, words[i].Length);
                }
                else if (i + 1 < words.Count)
                {
                    var two = w + " " + text.Substring(words[i + 1].Start, words[i + 1].Length).ToLowerInvariant();
                    if (table.TryGetValue(two, out offset))
                        At(day.AddDays(offset), words[i].Start, words[i + 1].Start + words[i + 1].Length - words[i].Start);
                }
            }
        }
        // weekday names from the language's culture: the last such day on or before publication
        var lowered = Weekdays(language);
        if (lowered.Length == 0)
            return;
        for (int i = 0; i < words.Count; i++)
        {
            var w = text.AsSpan(words[i].Start, words[i].Length).ToString().ToLowerInvariant();
            int k = Array.IndexOf(lowered, w);
            if (k < 0 && Bare(w, language) is var bare && !ReferenceEquals(bare, w))
                k = Array.IndexOf(lowered, bare);
            if (k < 0 || w.Length < 4)
                continue;
            int back = ((int)day.DayOfWeek - k + 7) % 7;
            At(day.AddDays(-back), words[i].Start, words[i].Length);
        }
    }
}
