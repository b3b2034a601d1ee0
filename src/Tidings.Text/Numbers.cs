using System.Globalization;

namespace Tidings.Text;

/// <summary>Numbers with their scale words and units: "1,5 млн" and "1.5 million" are 1500000, "15亿" is
/// 1500000000, "6,5 Milliarden Dollar" and "$6.5bn" are 6500000000 USD, "80%" is 80 %.</summary>
internal static class Numbers
{
    private static readonly Dictionary<string, double> Scales = new(StringComparer.Ordinal)
    {
        ["thousand"] = 1e3, ["million"] = 1e6, ["millions"] = 1e6, ["billion"] = 1e9, ["billions"] = 1e9, ["trillion"] = 1e12,
        ["bn"] = 1e9, ["mn"] = 1e6, ["mln"] = 1e6, ["mld"] = 1e9, ["mrd"] = 1e9, ["tsd"] = 1e3,
        ["tausend"] = 1e3, ["million"] = 1e6, ["millionen"] = 1e6, ["milliarde"] = 1e9, ["milliarden"] = 1e9, ["mio"] = 1e6,
        ["mille"] = 1e3, ["milliard"] = 1e9, ["milliards"] = 1e9,
        ["mil"] = 1e3, ["millón"] = 1e6, ["millones"] = 1e6, ["milhão"] = 1e6, ["milhões"] = 1e6,
        ["milione"] = 1e6, ["milioni"] = 1e6, ["miliardo"] = 1e9, ["miliardi"] = 1e9,
        ["tys"] = 1e3, ["tysięcy"] = 1e3, ["milion"] = 1e6, ["milionów"] = 1e6, ["miliony"] = 1e6, ["miliard"] = 1e9, ["miliardów"] = 1e9,
        ["тысяч"] = 1e3, ["тысячи"] = 1e3, ["тыс"] = 1e3, ["млн"] = 1e6, ["миллион"] = 1e6, ["миллиона"] = 1e6, ["миллионов"] = 1e6,
        ["млрд"] = 1e9, ["миллиард"] = 1e9, ["миллиарда"] = 1e9, ["миллиардов"] = 1e9,
        ["хиляди"] = 1e3, ["милиона"] = 1e6, ["милиарда"] = 1e9,
        ["bin"] = 1e3, ["milyon"] = 1e6, ["milyar"] = 1e9,
        ["nghìn"] = 1e3, ["ngàn"] = 1e3, ["triệu"] = 1e6, ["tỷ"] = 1e9, ["tỉ"] = 1e9,
        ["ألف"] = 1e3, ["آلاف"] = 1e3, ["مليون"] = 1e6, ["ملايين"] = 1e6, ["مليار"] = 1e9, ["مليارات"] = 1e9,
    };

    /// <summary>The scale words of every language from CLDR's compact decimal formats (Data/number-scales.tsv, written
    /// by tools/data/build-text-data.py): "language\tword" → multiplier, and per language its words glued to the digits
    /// (万, 만, 억), longest first. Used with the text's language only: fr Bn is 10^12 where English bn is 10^9, and es mil
    /// is a thousand where cs mil. is a million.</summary>
    private static readonly Lazy<(Dictionary<string, double> Spaced, Dictionary<string, (string Word, double Multiplier)[]> Glued)> Cldr = new(LoadCldr);

    private static (Dictionary<string, double>, Dictionary<string, (string, double)[]>) LoadCldr()
    {
        var spaced = new Dictionary<string, double>(StringComparer.Ordinal);
        var glued = new Dictionary<string, List<(string, double)>>(StringComparer.Ordinal);
        foreach (var line in Resources.TextLines("number-scales.tsv"))
        {
            var f = line.Split('\t');
            if (f.Length < 4 || !double.TryParse(f[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var multiplier))
                continue;
            foreach (var language in f[3].Split(','))
            {
                if (f[2] == "1")
                {
                    if (!glued.TryGetValue(language, out var list))
                        glued[language] = list = [];
                    list.Add((f[0], multiplier));
                }
                else
                {
                    spaced.TryAdd(language + "\t" + f[0], multiplier);
                }
            }
        }
        return (spaced, glued.ToDictionary(p => p.Key, p => p.Value.OrderByDescending(w => w.Item1.Length).ToArray(), StringComparer.Ordinal));
    }

    private static bool CldrScale(string language, string word, out double multiplier) =>
        Cldr.Value.Spaced.TryGetValue(language + "\t" + word, out multiplier);

    private static readonly Dictionary<string, string> Units = new(StringComparer.Ordinal)
    {
        ["%"] = "%", ["％"] = "%", ["percent"] = "%", ["prozent"] = "%", ["pour"] = "%", ["por"] = "%", ["процента"] = "%", ["процентов"] = "%", ["процент"] = "%",
        ["$"] = "USD", ["usd"] = "USD", ["dollar"] = "USD", ["dollars"] = "USD", ["dólares"] = "USD", ["dollari"] = "USD", ["долларов"] = "USD", ["долара"] = "USD", ["دولار"] = "USD", ["美元"] = "USD", ["đô"] = "USD",
        ["€"] = "EUR", ["eur"] = "EUR", ["euro"] = "EUR", ["euros"] = "EUR", ["евро"] = "EUR", ["欧元"] = "EUR", ["yuro"] = "EUR",
        ["£"] = "GBP", ["¥"] = "JPY", ["円"] = "JPY", ["yen"] = "JPY", ["元"] = "CNY", ["yuan"] = "CNY", ["рублей"] = "RUB", ["рубля"] = "RUB",
        ["km"] = "km", ["км"] = "km", ["公里"] = "km", ["kilometres"] = "km", ["kilometers"] = "km", ["kilometer"] = "km", ["kilómetros"] = "km",
        ["m"] = "m", ["м"] = "m", ["米"] = "m", ["metres"] = "m", ["meters"] = "m", ["metros"] = "m", ["metri"] = "m", ["метров"] = "m", ["mètres"] = "m", ["meter"] = "m",
        ["kg"] = "kg", ["кг"] = "kg", ["t"] = "t", ["tonnes"] = "t", ["tons"] = "t", ["тонн"] = "t", ["吨"] = "t",
        ["mw"] = "MW", ["gw"] = "GW", ["gwh"] = "GWh", ["°c"] = "°C",
    };

    /// <summary>A letter or a mark that belongs to it (the vowel signs of लाख, करोड़).</summary>
    private static bool IsWordChar(char c) =>
        char.IsLetter(c) || char.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;

    /// <summary>A number read at token <paramref name="i"/>: its value (scaled) as text, the unit or currency written
    /// next to it (or null), and how many characters after the number token the reading used.</summary>
    internal static (string Value, string? Unit, int End) Read(string text, List<Token> tokens, int i, string normalized, string language = "und")
    {
        var t = tokens[i];
        int end = t.Start + t.Length;
        double scale = 1;
        string? unit = null;
        // a currency sign or word before the number ($6.5bn, US$ 5)
        int before = t.Start - 1;
        while (before >= 0 && text[before] == ' ')
            before--;
        if (before >= 0 && Units.TryGetValue(text[before].ToString(), out var u0) && u0 is "USD" or "EUR" or "GBP" or "JPY")
            unit = u0;
        int p = end;
        // CJK scale and unit characters follow without a space: 15亿, 2210米, 28亿欧元
        if (p < text.Length && text[p] is '万' or '亿' or '千' or '百')
        {
            scale = text[p] switch { '万' => 1e4, '亿' => 1e8, '千' => 1e3, _ => 1e2 };
            p++;
            if (p < text.Length && text[p] == '万' && scale == 1e3)
            {
                scale = 1e7;
                p++;
            }
        }
        else if (p < text.Length && char.IsLetter(text[p]) && Cldr.Value.Glued.TryGetValue(language, out var gluedWords))
        {
            // the language's scale words written right after the digits: 150만, 3억 (CLDR)
            foreach (var (w, m) in gluedWords)
            {
                if (string.CompareOrdinal(text, p, w, 0, w.Length) == 0 && (p + w.Length >= text.Length || !char.IsLetter(text[p + w.Length]) || !char.IsAscii(w[0])))
                {
                    scale = m;
                    p += w.Length;
                    break;
                }
            }
        }
        // the next word (possibly glued: 6.5bn, 80%, 5000m)
        int q = p;
        while (q < text.Length && text[q] is ' ' or '\u00A0' or '\u202F')
            q++;
        int wordEnd = q;
        while (wordEnd < text.Length && (IsWordChar(text[wordEnd]) || text[wordEnd] is '%' or '％' or '°' or '€' or '$' or '£') && wordEnd - q < 24)
        {
            wordEnd++;
            if (text[wordEnd - 1] is '%' or '％' or '€' or '$' or '£')
                break;
        }
        if (wordEnd > q && wordEnd - q <= 24)
        {
            var word = text.AsSpan(q, wordEnd - q).ToString().ToLowerInvariant().TrimEnd('.');
            // the language's own scale words first (cs mil. is a million, es mil a thousand), then the list above
            if (scale == 1 && (CldrScale(language, word, out var s) || Scales.TryGetValue(word, out s)))
            {
                scale = s;
                p = wordEnd;
                // a unit after the scale word: "6,5 Milliarden Dollar"
                int r = p;
                if (r < text.Length && text[r] == '.')
                    r++; // an abbreviated scale word: "5 Mio. Euro"
                while (r < text.Length && text[r] == ' ')
                    r++;
                int re = r;
                while (re < text.Length && (char.IsLetter(text[re]) || text[re] is '$' or '€') && re - r < 24)
                    re++;
                if (re > r && Units.TryGetValue(text.AsSpan(r, re - r).ToString().ToLowerInvariant(), out var u2))
                {
                    unit ??= u2;
                    p = re;
                }
            }
            else if (Units.TryGetValue(word, out var u1))
            {
                unit ??= u1;
                p = wordEnd;
            }
        }
        if (scale == 1 && unit is null && p < text.Length)
        {
            // CJK units right after the number or scale: 米, 美元, 元
            foreach (var (w, code) in new[] { ("美元", "USD"), ("欧元", "EUR"), ("公里", "km"), ("米", "m"), ("元", "CNY"), ("円", "JPY"), ("吨", "t") })
            {
                if (string.CompareOrdinal(text, p, w, 0, w.Length) == 0)
                {
                    unit = code;
                    p += w.Length;
                    break;
                }
            }
        }
        else if (scale != 1 && unit is null && p < text.Length)
        {
            foreach (var (w, code) in new[] { ("美元", "USD"), ("欧元", "EUR"), ("元", "CNY"), ("円", "JPY") })
            {
                if (string.CompareOrdinal(text, p, w, 0, w.Length) == 0)
                {
                    unit = code;
                    p += w.Length;
                    break;
                }
            }
        }
        if (scale == 1)
            return (normalized, unit, p);
        if (!double.TryParse(normalized, NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
            return (normalized, unit, p);
        var scaled = Math.Round(v * scale, 2);
        return (scaled.ToString("0.##", CultureInfo.InvariantCulture), unit, p);
    }
}
