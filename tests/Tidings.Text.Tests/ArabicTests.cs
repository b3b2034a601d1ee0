using Tidings.Core;
using Tidings.Text;

namespace Tidings.Text.Tests;

/// <summary>Arabic analysis: places with clitics and nisba adjectives, words with clitics and endings, dates.</summary>
public class ArabicTests
{
    private static readonly FeatureExtractor Extractor = FeatureExtractor.Create();

    private static List<(FeatureKind Kind, string Text)> Features(string text) => Extractor.Explain(text, "ar");

    private static List<string> Places(string text) =>
        Features(text).Where(f => f.Kind == FeatureKind.Place).Select(f => f.Text).ToList();

    [Theory]
    [InlineData("انتشار فيروس كورونا")] // virus: not the Faroe Islands (فيرو) with a letter cut
    [InlineData("انتشر الفيروس في المدينة")]
    [InlineData("في شهر أكتوبر الماضي")] // October: not Aqtobe (أكتوب)
    [InlineData("أعلنت وزارة المالية عن الميزانية")] // financial: not Mali (مالي)
    [InlineData("اشترى الناس الفواكه والمانجو")] // and mangoes: not Germany (المان)
    [InlineData("فاز الفريق في البطولة الرياضية")] // sporting: an adjective reaches a country, not Riyadh (رياض)
    [InlineData("أعلنت مديرية الصحة أن")] // a directorate: not Madeira (مديرا)
    [InlineData("قال الرئيس التركي إن")] // Turkish: not Truk (ترك), a city
    public void Arabic_words_are_not_places_by_cutting_their_last_letters(string text) =>
        Assert.Empty(Places(text));

    [Theory]
    [InlineData("قال المسؤول المصري إن", "T:EG")]
    [InlineData("قالت الحكومة اللبنانى إن", "T:LB")] // Egyptian spelling: alef maksura for the final yeh
    [InlineData("وصل الوفد السودانى إلى", "T:SD")]
    [InlineData("وصل الوفد إلى بالقاهرة", "C:Africa/Cairo")]
    [InlineData("زار الوفد مِصْرَ أمس", "T:EG")] // vowelled
    public void Nisba_adjectives_and_clitics_reach_their_place(string text, string place) =>
        Assert.Contains(place, Places(text));

    [Fact]
    public void The_adjective_of_a_country_in_ya_keeps_its_concept_as_in_other_languages() =>
        Assert.Contains((FeatureKind.Concept, "italian"), Features("عثرت البعثة الإيطالية على مقبرة"));
}

public class ArabicWordTests
{
    private static readonly FeatureExtractor Extractor = FeatureExtractor.Create();

    private static List<(FeatureKind Kind, string Text)> Features(string text) => Extractor.Explain(text, "ar");

    [Theory]
    [InlineData("وبالتعاون", "تعاون")] // and + with + the + cooperation
    [InlineData("للحكومة", "حكومه")] // for + the (alef unwritten) + government
    [InlineData("أسرته", "اسره")] // his family: the pronoun writes ة as ت
    [InlineData("سيعلن", "اعلن")] // will + he + announce: a verb as the lexicon lists it, by its past
    [InlineData("يتخذها", "اتخذ")] // he takes + it
    [InlineData("يعلنها", "اعلن")]
    [InlineData("أعلنت", "اعلن")] // announced + she
    [InlineData("مشيرًا", "مشير")] // the accusative's alef
    public void A_word_is_looked_up_again_without_its_clitics_and_endings(string word, string form) =>
        Assert.Contains(form, ArabicWords.Forms(ArabicWords.Normalize(word)));

    [Fact]
    public void Forms_keep_at_least_three_letters_and_leave_out_the_word_itself()
    {
        var forms = ArabicWords.Forms("وبالتعاون").ToList();
        Assert.DoesNotContain("وبالتعاون", forms);
        Assert.All(forms, f => Assert.True(f.Length >= 3, f));
        Assert.Empty(ArabicWords.Forms("قال"));
    }

    [Theory]
    [InlineData("أعلنت الحكومة الإجراءات الجديدة")]
    [InlineData("وأعلنت الحكومة الإجراءات الجديدة")]
    [InlineData("وأشارت الحكومة إلى الإجراءات. يعلنها المتحدث")]
    public void Verbs_and_words_with_clitics_are_not_names(string text) =>
        Assert.DoesNotContain(Features(text), f => f.Kind == FeatureKind.Name);

    [Fact]
    public void A_word_with_clitics_has_the_key_and_concepts_of_the_word_without_them()
    {
        // بمنطقة: in + region
        var with = Features("بمنطقة");
        var without = Features("منطقة");
        Assert.Equal(without, with);
        Assert.Contains(with, f => f.Kind == FeatureKind.Concept);
        foreach (var verb in new[] { "أعلنت", "وأعلنت", "يعلن", "سيعلنها" })
            Assert.Contains(Features(verb), f => f.Kind == FeatureKind.Concept && f.Text == "announc");
    }

    [Theory]
    [InlineData("أنه")] // that + he
    [InlineData("لأنه")] // because + he
    [InlineData("وذلك")] // and + that
    [InlineData("والتي")] // and + which
    [InlineData("عليها")] // on + her
    [InlineData("بينهما")] // between + them two
    [InlineData("بأن")]
    public void A_function_word_with_clitics_is_a_stopword(string word) =>
        Assert.DoesNotContain(Features(word), f => f.Kind is FeatureKind.Word or FeatureKind.Name);

    [Fact]
    public void A_stopword_is_one_with_or_without_its_hamza_and_keeps_its_concepts()
    {
        // stopwords-iso lists اعلنت (announced, without hamza); أعلنت is the same word
        var f = Features("أعلنت");
        Assert.DoesNotContain(f, x => x.Kind == FeatureKind.Word);
        Assert.Contains(f, x => x.Kind == FeatureKind.Concept && x.Text == "announc");
    }

    [Theory]
    [InlineData("هاني")] // a name, not ها + ني
    [InlineData("بني")] // sons of (Bani), not ب + ي
    [InlineData("فهمي")]
    public void Words_that_only_look_like_a_function_word_with_clitics_keep_their_key(string word) =>
        Assert.Contains(Features(word), f => f.Kind == FeatureKind.Word);

    [Fact]
    public void A_word_whose_stem_the_lexicon_lists_only_unstemmed_is_known()
    {
        // the light stemmer takes و off وزير (minister) as if it were "and"; the lexicon has the word as الوزير gave it
        Assert.Contains(Features("وزير"), f => f.Kind == FeatureKind.Concept && f.Text == "minist");
    }

    [Fact]
    public void A_word_the_dictionary_writes_with_vowel_marks_reaches_its_concept_from_unvowelled_text()
    {
        // FreeDict writes أثريّ (archaeological) with a shadda; its own entry is keyed without marks, so أثري in news
        // text reaches it instead of its stem's senses (اثر: affect, monument)
        Assert.Contains(Features("اكتشاف موقع أثري"), f => f.Kind == FeatureKind.Concept && f.Text == "archaeolog");
        Assert.Equal(["archaeolog"], Lexicons.Default.Concepts("ar", "أثريّ", "اثر"));
        Assert.Equal(["archaeolog"], Lexicons.Default.Concepts("ar", "اثرى", "اثر"));
    }

    [Fact]
    public void Arabic_dictionary_words_are_folded_as_text_is_read() =>
        Assert.Equal("اثري", LexiconBuild.Fold("أثريّ", "ar"));

    [Fact]
    public void A_short_stem_the_lexicon_does_not_list_is_a_name()
    {
        // شلبي stems to شلب: three letters, but no dictionary lists it, so it is no root of a known word
        Assert.Contains(Features("وقال شلبي إن الاجتماع انتهى"), f => f.Kind == FeatureKind.Name && f.Text == "4:slb");
    }

    [Fact]
    public void A_word_taken_for_a_name_only_because_it_is_unknown_needs_three_consonants()
    {
        // جائحة (pandemic) is no FreeDict word: it would be a name with the skeleton "st", met by شهدت, ستة, ...
        Assert.DoesNotContain(Features("وقال إن جائحة انتهت"), f => f.Kind == FeatureKind.Name);
        Assert.Contains(Features("وقال إن جائحة انتهت"), f => f.Kind == FeatureKind.Word);
        // after a title word a short name is still one
        Assert.Contains(Features("قال الرئيس أحمد إن"), f => f.Kind == FeatureKind.Name);
    }

    [Fact]
    public void A_name_with_a_preposition_has_the_key_of_the_name_alone_on_the_same_page()
    {
        var names = Features("التقى الوزير بميركل أمس في برلين، وقالت ميركل إن اللقاء كان مفيدا. وقال بايدن إن لأردوغان دورا، وأضاف أردوغان أن")
            .Where(f => f.Kind == FeatureKind.Name).Select(f => f.Text).ToHashSet();
        Assert.Contains("4:mlkl", names); // بميركل and ميركل
        Assert.DoesNotContain("4:bmlk", names);
        Assert.Contains("4:ltgn", names); // لأردوغان and أردوغان
        Assert.DoesNotContain("4:lltg", names);
        Assert.Contains("4:btn", names); // بايدن: no ايدن on the page, so no ب to take off
    }

    [Theory]
    [InlineData("وكشفت التحريات أن")] // the investigations
    [InlineData("ووصلت الإمدادات إلى")] // the supplies
    public void A_plural_noun_the_dictionary_lacks_is_no_name(string text) =>
        Assert.DoesNotContain(Features(text), f => f.Kind == FeatureKind.Name);

    [Fact]
    public void After_a_title_word_a_word_the_lexicon_reads_is_no_name()
    {
        // وزير الخارجية: minister of foreign affairs; الرئيس شلبي: President Shalabi
        Assert.DoesNotContain(Features("وصل وزير الخارجية أمس إلى المدينة"), f => f.Kind == FeatureKind.Name);
        Assert.Contains(Features("وصل الرئيس شلبي أمس إلى المدينة"), f => f.Kind == FeatureKind.Name && f.Text == "4:slb");
    }
}

public class ArabicDateAndNumberTests
{
    private static readonly FeatureExtractor Extractor = FeatureExtractor.Create();

    private static List<string> Dates(string text) =>
        Extractor.Explain(text, "ar").Where(f => f.Kind == FeatureKind.Date).Select(f => f.Text).ToList();

    [Theory]
    [InlineData("وصل الوفد في 9 أغسطس", "08-09")] // CLDR's (Egyptian) names
    [InlineData("وصل الوفد في 9 اغسطس", "08-09")] // without the hamza
    [InlineData("وصل الوفد في 9 آب", "08-09")] // Levantine and Iraqi
    [InlineData("وصل الوفد في 9 أيلول 2020", "09-09")]
    [InlineData("وصل الوفد في 9 تشرين الأول", "10-09")] // two words
    [InlineData("وصل الوفد في 9 كانون الثاني", "01-09")]
    [InlineData("وصل الوفد في 9 غشت", "08-09")] // Moroccan
    [InlineData("وصل الوفد في 9 جويلية", "07-09")] // Algerian and Tunisian
    [InlineData("وصل الوفد في ٩ أغسطس ٢٠٢٠", "08-09")] // Arabic-Indic digits
    [InlineData("وصل الوفد في ٢٥/٤/٢٠٢٠", "04-25")]
    public void Arabic_month_names_of_every_series_and_arabic_indic_digits_give_the_day(string text, string day) =>
        Assert.Contains(day, Dates(text));

    [Theory]
    [InlineData("وصل الوفد في فبراير الماضي")]
    [InlineData("وصل الوفد في 9 أيلول")]
    public void A_month_name_the_dictionary_lacks_is_no_name(string text) =>
        Assert.DoesNotContain(Extractor.Explain(text, "ar"), f => f.Kind == FeatureKind.Name);

    [Fact]
    public void A_two_word_month_gives_one_day()
    {
        Assert.Equal(["10-03"], Dates("وصل الوفد في 3 تشرين الأول 2020 إلى المدينة"));
        Assert.Empty(Dates("وصل الوفد في 7/8/2150 إلى المدينة"));
    }

    [Theory]
    [InlineData("أجريت أكثر من 630،000 اختبار", "630000")] // the Arabic comma grouping thousands
    [InlineData("أجريت أكثر من ٦٣٠٬٠٠٠ اختبار", "630000")]
    [InlineData("بلغت النسبة ٣٫٥ في المئة", "3.5")]
    public void Arabic_numbers_are_read_with_their_separators(string text, string value) =>
        Assert.Contains(Extractor.Inspect("", text, "ar").Keys, k => k.Kind == "number" && k.Key == value);

    [Fact]
    public void An_arabic_comma_between_numbers_of_a_list_separates_them() =>
        Assert.Contains(Extractor.Inspect("", "في الأعوام 2019،2020 و2021", "ar").Keys, k => k.Kind == "number" && k.Key == "2019");
}

