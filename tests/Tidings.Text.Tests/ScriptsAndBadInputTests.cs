using System.Text;
using Tidings.Core;

namespace Tidings.Text.Tests;

public class ScriptsAndBadInputTests
{
    [Theory]
    [InlineData("Лукашенко", "bg")]
    [InlineData("Lukashenko", "en")]
    [InlineData("Lukašenko", "cs")]
    [InlineData("Łukaszenka", "pl")]
    [InlineData("Loukachenko", "fr")]
    [InlineData("Lukaschenko", "de")]
    [InlineData("卢卡申科", "zh")]
    [InlineData("ルカシェンコ", "ja")]
    [InlineData("루카셴코", "ko")]
    [InlineData("लुकाशेंको", "hi")]
    [InlineData("ლუკაშენკო", "ka")]
    [InlineData("Լուկաշենկո", "hy")]
    [InlineData("ሉካሼንኮ", "am")]
    [InlineData("لوكاشينكو", "ar")]
    [InlineData("לוקשנקו", "he")]
    [InlineData("ลูกาเชนโก", "th")]
    public void One_name_in_sixteen_spellings_and_scripts_has_one_key(string name, string lang)
    {
        Assert.NotNull(Icu.System); // the machines running Tidings have libicu
        Assert.Equal("lksnk", NameKeys.Skeleton(name, lang, Transliteration.Default));
    }

    [Theory]
    [InlineData("fr")]
    [InlineData("it")]
    [InlineData("tr")]
    [InlineData("en")]
    public void Apostrophes_and_dotted_capitals_in_any_number_are_read_without_error(string lang)
    {
        var x = FeatureExtractor.Create();
        var texts = new[]
        {
            string.Concat(Enumerable.Repeat("l'", 5000)) + "Italie",
            string.Concat(Enumerable.Repeat("a'", 20000)),
            "'" + new string('x', 300) + "'s " + string.Concat(Enumerable.Repeat("U.S.", 5000)),
            string.Concat(Enumerable.Repeat("E.", 100)) + " UK" + "\u2019s " + "d'" + " qu'" + " Erdoğan'" + " '",
            "L’Élysée d’Italie dell’Europa Türkiye’nin Macron’s O’Brien",
        };
        foreach (var text in texts)
        {
            var features = x.Explain(text, lang);
            Assert.NotNull(features);
        }
        // a clitic stays narrowed to a word inside the text
        var analysis = x.Inspect("", "L’Élysée d’Italie dell’Europa", "fr");
        Assert.All(analysis.Keys.SelectMany(k => k.Occurrences), o => Assert.DoesNotContain('’', o.Text));
    }

    [Fact]
    public void Without_icu_the_tables_still_key_cyrillic_greek_arabic_and_hebrew()
    {
        var tables = Transliteration.TablesOnly;
        Assert.False(tables.UsesIcu);
        Assert.Equal("btn", NameKeys.Skeleton("Путин", "ru", tables));
        Assert.Equal("lksnk", NameKeys.Skeleton("Лукашенко", "ru", tables));
        var x = FeatureExtractor.Create(new TextFeatureOptions { UseIcu = false });
        Assert.Contains((FeatureKind.Name, "4:btn"), x.Explain("Вчера президент Путин заяви това.", "bg"));
    }

    [Fact]
    public void Hangul_place_names_match_the_gazetteer_with_particles()
    {
        var x = FeatureExtractor.Create();
        Assert.Contains((FeatureKind.Place, "C:Europe/Moscow"), x.Explain("푸틴 대통령은 모스크바에서 말했다.", "ko"));
    }

    [Fact]
    public void Concepts_meet_across_languages()
    {
        var x = FeatureExtractor.Create();
        foreach (var (text, lang) in new[] { ("The earthquake struck.", "en"), ("Das Erdbeben war stark.", "de"), ("Землетрясение произошло.", "ru"), ("发生了地震。", "zh"), ("Un terremoto sacudió.", "es") })
            Assert.Contains((FeatureKind.Concept, "earthquak"), x.Explain(text, lang));
    }

    [Fact]
    public void Bad_input_is_analysed_without_failing()
    {
        var x = FeatureExtractor.Create();
        var nasty = new StringBuilder();
        nasty.Append("Putin \uD800 met \uDC00Lukashenko\u0000\u0007 in \u202EMoscow\u202C \u200F");
        nasty.Append("Путинсказал mixedСкрипт 普京Putin ");
        nasty.Append(new string('a', 1 << 20));
        nasty.Append(" Minsk.");
        var text = nasty.ToString();
        var v = x.Extract("\uD83D", text, "en");
        Assert.True(v.Count > 0);
        var tokens = Tokenizer.Tokenize(text);
        Assert.All(tokens, t => Assert.True(t.Length <= Tokenizer.MaxTokenLength * 16));
        Assert.DoesNotContain(tokens, t => char.IsLowSurrogate(text[t.Start]) || text[t.Start] == '\u202E');
        // mixed scripts in one run are two tokens
        Assert.Contains(tokens, t => text.AsSpan(t.Start, t.Length) is "mixed");
        Assert.Contains(tokens, t => text.AsSpan(t.Start, t.Length) is "Скрипт");
        Assert.Contains((FeatureKind.Place, "C:Europe/Minsk"), x.Explain(text, "en"));
    }

    [Fact]
    public void A_megabyte_of_thai_titles_and_names_in_one_run_is_read()
    {
        // a title before every name: each name is looked for only as far as a name can reach
        var x = FeatureExtractor.Create();
        var text = string.Concat(Enumerable.Repeat("นายปูติน", 1 << 17));
        var names = x.Explain(text, "th").Where(f => f.Kind == FeatureKind.Name).Select(f => f.Text).ToHashSet();
        Assert.Subset(names, x.Explain("Yesterday Putin spoke", "en").Where(f => f.Kind == FeatureKind.Name).Select(f => f.Text).ToHashSet());
    }

    [Fact]
    public void Unspaced_text_with_characters_nfkc_rewrites_points_only_inside_the_text()
    {
        // Thai ำ and Lao ຳ (NFKC makes them two characters), full-width brackets and digits, an unpaired surrogate and a
        // bidi mark inside one run: places are found at offsets of the text as written
        var x = FeatureExtractor.Create();
        var text = "ນາຍົກລັດຖະມົນຕີໄປກຳປູເຈຍ\uD800（１２）ອຳມານ\u200Fກຳປູເຈຍ " + new string('ຳ', 5000) + " นายกรัฐมนตรีทำงานที่สิงคโปร์";
        var r = x.Inspect("", text, "lo");
        foreach (var k in r.Keys)
        {
            foreach (var o in k.Occurrences)
            {
                Assert.InRange(o.Start, 0, text.Length);
                Assert.InRange(o.Start + o.Length, o.Start, text.Length);
                Assert.Equal(text.Substring(o.Start, o.Length), o.Text);
            }
        }
        Assert.Contains(r.Keys, k => k.Kind == "place" && k.Key == "T:KH" && k.Occurrences.Count == 2);
        Assert.Contains(r.Keys, k => k.Kind == "place" && k.Key == "C:Asia/Amman");
    }

    [Fact]
    public void Inspect_on_bad_input_points_only_inside_the_text()
    {
        var x = FeatureExtractor.Create();
        var text = "Putin \uD800 met \uDC00Lukashenko\u0000\u0007 in \u202EMoscow\u202C \u200F1,5 млн \u200Fدولار mixedСкрипт 普京Putin "
            + new string('x', 1 << 20) + " Minsk, 9 August.";
        var r = x.Inspect("\uD83D Заглавие", text, "en");
        Assert.True(r.Tokens > 10);
        foreach (var k in r.Keys)
        {
            foreach (var o in k.Occurrences)
            {
                var field = o.InTitle ? "\uD83D Заглавие" : text;
                Assert.InRange(o.Start, 0, field.Length);
                Assert.InRange(o.Start + o.Length, o.Start, field.Length);
                Assert.Equal(field.Substring(o.Start, o.Length), o.Text);
            }
        }
        Assert.Contains(r.Keys, k => k.Kind == "name" && k.Key == "lksnk");
        Assert.Contains(r.Keys, k => k.Kind == "place" && k.Key == "C:Europe/Minsk");
        Assert.Contains(r.Keys, k => k.Kind == "number" && k.Key == "1500000");
        Assert.Contains(r.Keys, k => k.Kind == "date" && k.Key == "08-09");
    }

    [Fact]
    public void Without_icu_the_seed_names_still_meet()
    {
        var tables = FeatureExtractor.Create(new TextFeatureOptions { UseIcu = false });
        Assert.False(tables.Transliteration.UsesIcu);
        foreach (var (bg, vi) in new[] { ("Путин", "Putin"), ("Лукашенко", "Lukashenko"), ("Владимир", "Vladimir"), ("Александър", "Alexander") })
            Assert.Equal(tables.KeysOfName(vi, "vi"), tables.KeysOfName(bg, "bg"));
    }
}
