using System.Text.Json;
using Tidings.Core;
using Tidings.Text;
using Tidings.Tests;

namespace Tidings.Text.Tests;

public class FeatureTests
{
    private static readonly FeatureExtractor Extractor = FeatureExtractor.Create();

    private static HashSet<(FeatureKind, string)> NeutralFeatures(string text, string lang) =>
        Extractor.Explain(text, lang).Where(f => f.Kind != FeatureKind.Word).ToHashSet();

    /// <summary>The names the seed articles share, each in its own script, must give a common feature.</summary>
    [Fact]
    public void Seed_entity_pairs_meet_across_scripts()
    {
        var gold = JsonDocument.Parse(File.ReadAllText(RepoPaths.Shared("seeds", "gold.json")));
        var pairs = gold.RootElement.GetProperty("shared_entities").GetProperty("pairs").EnumerateArray()
            .Select(p => (p[0].GetString()!, p[1].GetString()!)).ToList();
        Assert.NotEmpty(pairs);
        foreach (var (bg, other) in pairs)
        {
            var a = NeutralFeatures("Вчера " + bg + " обяви това.", "bg");
            var b = NeutralFeatures("Hôm qua " + other + " đã nói.", "vi");
            Assert.True(a.Overlaps(b), $"{bg} and {other} share no feature: [{string.Join(", ", a)}] vs [{string.Join(", ", b)}]");
        }
    }

    [Fact]
    public void Seed_shared_date_is_found_in_both_languages()
    {
        var gold = JsonDocument.Parse(File.ReadAllText(RepoPaths.Shared("seeds", "gold.json")));
        var day = gold.RootElement.GetProperty("shared_dates").GetProperty("month_day").GetString()!;
        Assert.Contains((FeatureKind.Date, day), NeutralFeatures("Протестите не стихват от 9 август насам.", "bg"));
        Assert.Contains((FeatureKind.Date, day), NeutralFeatures("kết quả bầu cử tổng thống hôm 9/8, trong đó", "vi"));
    }

    [Theory]
    [InlineData("Путин", "Putin", "btn")]
    [InlineData("Лукашенко", "Lukashenko", "lksnk")]
    [InlineData("Александър", "Alexander", "lksntl")]
    [InlineData("بوتين", "Putin", "btn")]
    [InlineData("Μητσοτάκης", "Mitsotakis", "mstks")]
    [InlineData("Андхра", "Andhra", "ntl")]
    [InlineData("Сингх", "Singh", "sng")]
    public void Skeletons_of_one_name_in_two_scripts_are_equal(string a, string b, string expected)
    {
        Assert.Equal(expected, NameKeys.Skeleton(a, "bg", Transliteration.Default));
        Assert.Equal(expected, NameKeys.Skeleton(b, "en", Transliteration.Default));
        Assert.Equal(expected, NameKeys.Skeleton(a, "bg", Transliteration.TablesOnly));
    }

    [Theory]
    [InlineData("Москва", "ru")]
    [InlineData("Москве", "ru")]
    [InlineData("Moskau", "de")]
    [InlineData("Moscou", "fr")]
    [InlineData("Moscow's", "en")]
    public void Place_names_in_any_language_resolve_to_one_id(string name, string lang) =>
        Assert.Contains((FeatureKind.Place, "C:Europe/Moscow"), NeutralFeatures("Die Reise nach " + name + " war lang.", lang));

    [Theory]
    [InlineData("Le président a visité l'Italie hier.", "fr", "T:IT")]
    [InlineData("Il ministro dell'Italia ha parlato.", "it", "T:IT")]
    [InlineData("Türkiye'nin başkenti Ankara'dır.", "tr", "T:TR")]
    [InlineData("Italy's prime minister spoke.", "en", "T:IT")]
    public void A_place_with_an_apostrophe_clitic_is_the_place(string text, string lang, string place) =>
        Assert.Contains((FeatureKind.Place, place), NeutralFeatures(text, lang));

    [Theory]
    [InlineData("Cumhurbaşkanı Erdoğan'ın açıklaması geldi.", "Cumhurbaşkanı Erdoğan konuştu.", "tr")]
    [InlineData("La déclaration d'Emmanuel Macron est claire.", "Emmanuel Macron a parlé.", "fr")]
    [InlineData("Yesterday Macron's office confirmed it.", "Yesterday Macron spoke.", "en")]
    public void A_name_with_an_apostrophe_clitic_gets_the_bare_names_key(string withClitic, string without, string lang)
    {
        var a = NeutralFeatures(withClitic, lang).Where(f => f.Item1 == FeatureKind.Name).ToHashSet();
        var b = NeutralFeatures(without, lang).Where(f => f.Item1 == FeatureKind.Name).ToHashSet();
        Assert.NotEmpty(b);
        Assert.Superset(b, a);
    }

    [Theory]
    [InlineData("O'Brien said it.", "en")]
    [InlineData("They don't know.", "en")]
    public void An_apostrophe_inside_an_english_name_or_word_stays(string text, string lang)
    {
        // O'Brien is one name (not O + Brien); don't is not don
        var keys = NeutralFeatures(text, lang).Select(f => f.Item2).ToList();
        Assert.DoesNotContain(keys, k => k.EndsWith(":bln", StringComparison.Ordinal) || k == "bln");
        Assert.DoesNotContain((FeatureKind.Concept, "don"), NeutralFeatures(text, lang));
    }

    [Theory]
    [InlineData("The Rigas family and the Samaras government met.", "en")]
    [InlineData("Les Samaras sont arrivés.", "fr")]
    public void A_bare_final_s_is_no_genitive_outside_germanic_languages(string text, string lang)
    {
        var f = NeutralFeatures(text, lang);
        Assert.DoesNotContain((FeatureKind.Place, "C:Europe/Riga"), f);
        Assert.DoesNotContain((FeatureKind.Place, "C:Europe/Samara"), f);
    }

    [Fact]
    public void A_germanic_genitive_s_is_the_place() =>
        Assert.Contains((FeatureKind.Place, "C:Europe/Berlin"), NeutralFeatures("Der Bürgermeister Berlins sprach.", "de"));

    [Theory]
    [InlineData("英国的街道上堆满了垃圾。", "zh", "英国")]
    [InlineData("普京在莫斯科会见了卢卡申科。", "zh", "莫斯科")]
    [InlineData("푸틴 대통령은 모스크바에서 말했다.", "ko", "모스크바")]
    public void A_place_inside_an_unspaced_run_is_shown_as_its_own_name(string text, string lang, string form)
    {
        var place = Assert.Single(Extractor.Inspect("", text, lang).Keys, k => k.Kind == "place");
        Assert.Equal([form], place.Forms);
    }

    [Theory]
    [InlineData("Officials in Britain said so.", "en", "T:GB")]
    [InlineData("Die Regierung in Großbritannien sagte das.", "de", "T:GB")]
    [InlineData("The U.S. and China talked.", "en", "T:US")]
    [InlineData("Talks between the US and China.", "en", "T:US")]
    [InlineData("El gobierno de EE.UU. dijo.", "es", "T:US")]
    [InlineData("The UAE said", "en", "T:AE")]
    [InlineData("Власти ФРГ заявили.", "ru", "T:DE")]
    public void Names_and_abbreviations_cldr_lacks_are_places(string text, string lang, string place) =>
        Assert.Contains((FeatureKind.Place, place), NeutralFeatures(text, lang));

    [Theory]
    [InlineData("The European Union said so.", "en", "X:EU")]
    [InlineData("Die Europäische Union sagte das.", "de", "X:EU")]
    [InlineData("Так заявили в ЕС.", "ru", "X:EU")]
    [InlineData("The UN said so.", "en", "X:UN")]
    [InlineData("Организация Объединённых Наций заявила.", "ru", "X:UN")]
    [InlineData("联合国秘书长表示。", "zh", "X:UN")]
    [InlineData("Leaders across Europe agreed.", "en", "R:150")]
    [InlineData("Лидеры Европы согласились.", "ru", "R:150")]
    public void The_eu_the_un_and_world_regions_meet_across_languages(string text, string lang, string key) =>
        Assert.Contains((FeatureKind.Place, key), NeutralFeatures(text, lang));

    [Theory]
    [InlineData("Ano, řekl ministr.", "cs")]
    [InlineData("The World Health Organization said so.", "en")]
    public void A_word_that_is_only_an_abbreviation_elsewhere_or_the_world_is_no_body_or_region(string text, string lang) =>
        Assert.DoesNotContain(NeutralFeatures(text, lang), f => f.Item1 == FeatureKind.Place && (f.Item2.StartsWith("X:", StringComparison.Ordinal) || f.Item2.StartsWith("R:", StringComparison.Ordinal)));

    [Theory]
    [InlineData("They told us what happened.", "en")]
    [InlineData("Us and them.", "en")]
    [InlineData("The USB port and the USAF.", "en")]
    [InlineData("U.S", "en")]
    [InlineData("U.", "en")]
    public void A_word_that_only_looks_like_an_abbreviation_is_no_place(string text, string lang)
    {
        var places = NeutralFeatures(text, lang).Where(f => f.Item1 == FeatureKind.Place).ToList();
        if (text == "U.S")
            Assert.Equal([(FeatureKind.Place, "T:US")], places); // cut short, still the abbreviation
        else
            Assert.Empty(places);
    }

    [Fact]
    public void A_function_word_is_no_place_where_no_capital_says_it_is_a_name()
    {
        // لما ("when") is Lima in the Persian and Urdu CLDR names; Arabic has no capitals to tell them apart
        var ar = NeutralFeatures("وقال لما وصل إلى القاهرة إن الوضع صعب.", "ar");
        Assert.DoesNotContain((FeatureKind.Place, "C:America/Lima"), ar);
        Assert.Contains((FeatureKind.Place, "C:Africa/Cairo"), ar);
    }

    [Fact]
    public void A_title_case_headline_glued_to_the_text_gives_no_names_but_a_name_in_prose_stays()
    {
        // a scraper glued the headline to the first sentence: its capitals say nothing
        const string text = "Taxi Drivers Demand Higher Prices After Months Without Passengers the union said on Monday. "
            + "The union leader Apaydin told reporters that drivers had lost half their income.";
        var names = Extractor.Inspect("", text, "en").Keys.Where(k => k.Kind == "name").SelectMany(k => k.Forms).ToList();
        Assert.DoesNotContain("Drivers", names);
        Assert.DoesNotContain("Prices", names);
        Assert.DoesNotContain("Passengers", names);
        Assert.Contains("Apaydin", names);
        // a multiword name of fewer words in prose is still a name
        var un = Extractor.Inspect("", "Yesterday the United Nations Security Council met again.", "en").Keys.Where(k => k.Kind == "name").SelectMany(k => k.Forms).ToList();
        Assert.Contains("Security", un);
    }

    [Fact]
    public void A_place_stopwords_iso_lists_is_still_a_place_at_a_sentence_start()
    {
        // stopwords-iso's Russian list holds россия and москва: only Lucene's function words are no place
        var ru = NeutralFeatures("Россия ввела новые санкции. Москва ответила.", "ru");
        Assert.Contains((FeatureKind.Place, "T:RU"), ru);
        Assert.Contains((FeatureKind.Place, "C:Europe/Moscow"), ru);
    }

    [Theory]
    [InlineData("Leaders including Angela Merkel, Emmanuel Macron and Boris Johnson attended the summit.", "en", "Macron")]
    [InlineData("Bundeskanzler Friedrich Merz und Außenminister Johann Wadephul trafen sich in Berlin.", "de", "Merz")]
    public void A_list_of_names_in_prose_is_no_headline(string text, string lang, string name) =>
        Assert.Contains(name, Extractor.Inspect("", text, lang).Keys.Where(k => k.Kind == "name").SelectMany(k => k.Forms));

    [Theory]
    [InlineData("The contract went to BAE Systems last year.", "en", false)]
    [InlineData("BAE ve Katar anlaştı.", "tr", true)]
    [InlineData("Ein Treffen in den VAE.", "de", true)]
    [InlineData("Il a bu de l'EAU.", "it", false)]
    public void An_abbreviation_of_one_language_is_a_place_only_in_it(string text, string lang, bool place) =>
        Assert.Equal(place, NeutralFeatures(text, lang).Contains((FeatureKind.Place, "T:AE")));

    [Fact]
    public void A_capital_d_apostrophe_inside_a_sentence_stays_part_of_the_surname()
    {
        var it = NeutralFeatures("Ieri Massimo D'Alema ha parlato.", "it").Where(f => f.Item1 == FeatureKind.Name).ToHashSet();
        var en = NeutralFeatures("Yesterday Massimo D'Alema spoke.", "en").Where(f => f.Item1 == FeatureKind.Name).ToHashSet();
        Assert.NotEmpty(en);
        Assert.Superset(en, it);
    }

    [Theory]
    [InlineData("U.S.", "en", "T:US")]
    [InlineData("UK", "en", "T:GB")]
    [InlineData("EE.UU.", "es", "T:US")]
    public void The_key_of_an_abbreviation_is_its_place(string name, string lang, string key) =>
        Assert.Equal([key], Extractor.KeysOfName(name, lang));

    [Theory]
    [InlineData("Երևան", "hy", "C:Asia/Yerevan")] // և (U+0587), which NFKC makes ե + ւ in the text
    [InlineData("Կիև", "hy", "C:Europe/Kiev")]
    public void A_place_written_with_a_compatibility_character_is_found(string name, string lang, string key) =>
        Assert.Contains(key, Extractor.KeysOfName(name, lang));

    [Theory]
    [InlineData("ນາຍົກລັດຖະມົນຕີ ໄປ ອຳມານ ມື້ນີ້.", "lo", "C:Asia/Amman", "ອຳມານ")] // Lao ຳ, which NFKC makes ໍ + າ
    [InlineData("ນາຍົກລັດຖະມົນຕີໄປກຳປູເຈຍມື້ນີ້.", "lo", "T:KH", "ກຳປູເຈຍ")]
    [InlineData("ນາຍົກລັດຖະມົນຕີໄປກໍາປູເຈຍມື້ນີ້.", "lo", "T:KH", "ກໍາປູເຈຍ")] // written decomposed
    public void A_place_in_unspaced_text_is_found_however_its_compatibility_characters_are_written(string text, string lang, string key, string written)
    {
        var place = Extractor.Inspect("", text, lang).Keys.Single(k => k.Kind == "place" && k.Key == key);
        Assert.Equal(written, place.Forms.Single());
    }

    [Theory]
    [InlineData("นายกรัฐมนตรีเดินทางไปสิงคโปร์เมื่อวันจันทร์", "th", "T:SG")]
    [InlineData("首相は月曜日にシンガポールを訪れた。", "ja", "T:SG")]
    [InlineData("وصل رئيس الوزراء إلى الكويت يوم الاثنين.", "ar", "T:KW")]
    [InlineData("Премьер-министр прибыл в Коста-Рику в понедельник.", "ru", "T:CR")]
    public void A_country_and_its_city_of_one_name_are_the_country_in_every_language(string text, string lang, string key) =>
        Assert.Contains(Extractor.Inspect("", text, lang).Keys, k => k.Kind == "place" && k.Key == key);

    [Theory]
    [InlineData("Делегация прибыла в Южной Корее вчера.", "ru", "T:KR", "Южной Корее")]
    [InlineData("Мы были в Новой Зеландии и в Шри-Ланке.", "ru", "T:NZ", "Новой Зеландии")]
    [InlineData("Мы были в Новой Зеландии и в Шри-Ланке.", "ru", "T:LK", "Шри-Ланке")]
    [InlineData("Premier przyleciał do Nowej Zelandii wczoraj.", "pl", "T:NZ", "Nowej Zelandii")]
    [InlineData("Premier przyleciał do Korei Południowej wczoraj.", "pl", "T:KR", "Korei Południowej")]
    public void A_place_of_several_words_is_found_with_its_words_inflected(string text, string lang, string key, string written)
    {
        var place = Extractor.Inspect("", text, lang).Keys.Single(k => k.Kind == "place" && k.Key == key);
        Assert.Equal(written, place.Forms.Single());
    }

    [Fact]
    public void Only_a_name_that_an_inflecting_language_gives_is_read_in_an_inflected_form()
    {
        // Nowe is Norway only in Luganda and Soga, which give it no endings: Polish Nowej (new) is no Norway
        Assert.DoesNotContain(NeutralFeatures("Posłowie Nowej Lewicy głosowali przeciw.", "pl"), f => f.Item1 == FeatureKind.Place);
        // names Polish and Russian give keep their endings
        Assert.Contains((FeatureKind.Place, "T:NO"), NeutralFeatures("Premier przyleciał do Norwegii wczoraj.", "pl"));
        Assert.Contains((FeatureKind.Place, "C:Europe/Warsaw"), NeutralFeatures("Spotkanie odbyło się w Warszawie.", "pl"));
        Assert.Contains((FeatureKind.Place, "T:NO"), NeutralFeatures("Премьер прибыл в Норвегию вчера.", "ru"));
    }

    [Fact]
    public void Every_gazetteer_name_is_in_the_normal_form_the_text_is_read_in()
    {
        // the analysis reads text in NFKC; a name kept in another form (Armenian և, Lao ຳ, full-width brackets) could
        // never be matched
        var unmatched = Resources.Lines("gazetteer.tsv.gz")
            .SelectMany(l => l.Split('\t').Skip(1).Select(n => n.TrimStart('=')))
            .Where(n => !n.IsNormalized(System.Text.NormalizationForm.FormKC))
            .ToList();
        Assert.True(unmatched.Count == 0, string.Join(", ", unmatched.Take(20)));
    }

    [Fact]
    public void An_inflection_is_never_longer_than_half_the_word_it_is_cut_from()
    {
        // Policja (police) is not Pōli, one locale's name for Poland, with -cja cut off; Warszawie still is Warsaw
        Assert.DoesNotContain((FeatureKind.Place, "T:PL"), NeutralFeatures("Policja zatrzymała mężczyznę.", "pl"));
        Assert.Contains((FeatureKind.Place, "C:Europe/Warsaw"), NeutralFeatures("Spotkanie odbyło się w Warszawie.", "pl"));
    }

    [Fact]
    public void An_english_possessive_in_any_language_and_a_capital_article_mid_sentence_are_detached()
    {
        static HashSet<string> Names(string text, string lang) =>
            Extractor.Inspect("", text, lang).Keys.Where(k => k.Kind == "name").SelectMany(k => k.Forms).ToHashSet();
        // Landry's in an Italian report is Landry
        Assert.Contains("Landry", Names("Il proprietario di Landry's, Tilman Fertitta, ha parlato.", "it"));
        Assert.DoesNotContain("Landry's", Names("Il proprietario di Landry's, Tilman Fertitta, ha parlato.", "it"));
        // a capital L' in a sentence the splitter missed is the article; a capital Dell' is part of a surname
        Assert.DoesNotContain("L'avviso", Names("Il pagamento L'avviso di Landry è arrivato.", "it"));
        Assert.Contains("Dell'Utri", Names("Ieri Marcello Dell'Utri ha parlato.", "it"));
    }

    [Fact]
    public void A_common_word_opening_a_sentence_is_no_city_one_locale_spells_like_it()
    {
        // one CLDR locale calls Tell City "Tell": at a sentence start the capital says nothing
        Assert.DoesNotContain((FeatureKind.Place, "C:America/Indiana/Tell_City"), NeutralFeatures("Tell us what happened.", "en"));
        // a city whose dictionary sense is the city keeps its place there
        Assert.Contains((FeatureKind.Place, "C:Europe/Paris"), NeutralFeatures("Paris is calm tonight.", "en"));
        Assert.Contains((FeatureKind.Place, "C:Europe/Vienna"), NeutralFeatures("Wien bleibt ruhig.", "de"));
    }

    [Theory]
    [InlineData("Μητσοτάκη", "Mitsotakis")]
    [InlineData("Παπαδόπουλο", "Papadopoulos")]
    [InlineData("Παπαδόπουλου", "Papadopoulos")]
    [InlineData("Τσίπρα", "Tsipras")]
    public void A_greek_name_in_the_genitive_or_accusative_meets_its_english_form(string greek, string english) =>
        Assert.NotEmpty(Extractor.KeysOfName(greek, "el").Intersect(Extractor.KeysOfName(english, "en")));

    /// <summary>Second readings where a script or an orthography writes one sound two ways (docs/text-analysis.md,
    /// "Name", item 4): each name shares a key with its English spelling.</summary>
    [Theory]
    // Japanese フ writes hu as well as fu
    [InlineData("ネタニヤフ", "ja", "Netanyahu")]
    [InlineData("フセイン", "ja", "Hussein")]
    [InlineData("フランス", "ja", "Frans")]
    // an English name in a language that reads j as y or ch as kh
    [InlineData("Johnson", "de", "Johnson")]
    [InlineData("Jerusalem", "pl", "Jerusalem")]
    [InlineData("Charles", "de", "Charles")]
    [InlineData("Churchill", "cs", "Churchill")]
    // the inherent vowel Hindi and Bengali do not say between two consonants
    [InlineData("রাজশাহী", "bn", "Rajshahi")]
    [InlineData("कश्मीर", "hi", "Kashmir")]
    [InlineData("अमरनाथ", "hi", "Amarnath")]
    // a Hebrew vav inside a name writes v as well as a vowel
    [InlineData("דוד", "he", "David")]
    [InlineData("לוי", "he", "Levi")]
    [InlineData("הרצוג", "he", "Herzog")]
    [InlineData("נתניהו", "he", "Netanyahu")]
    public void A_second_reading_meets_the_english_spelling(string name, string lang, string english)
    {
        var there = Extractor.KeysOfName(name, lang);
        var en = Extractor.KeysOfName(english, "en");
        Assert.True(there.Intersect(en).Any(), $"{string.Join(",", there)} / {string.Join(",", en)}");
    }

    [Fact]
    public void Places_are_found_inside_unspaced_scripts_and_multiword_names()
    {
        Assert.Contains((FeatureKind.Place, "C:Europe/Moscow"), NeutralFeatures("普京在莫斯科会见了卢卡申科。", "zh"));
        Assert.Contains((FeatureKind.Place, "C:America/New_York"), NeutralFeatures("The mayor of New York said so.", "en"));
    }

    [Fact]
    public void A_latin_word_in_greek_or_cyrillic_text_is_not_read_as_an_inflected_place_and_meets_its_latin_form()
    {
        // Greek and Russian inflect names (Καλαμάτας, Москве), but not the Latin words written inside their text:
        // "Canadair" there is no form of Canada; it keeps the name key a German report gives it
        var el = NeutralFeatures("Στην κατάσβεση συμμετέχουν δύο αεροσκάφη Canadair από την Ιταλία.", "el");
        var ru = NeutralFeatures("В тушении участвуют два самолёта Canadair из Италии.", "ru");
        var de = NeutralFeatures("Im Einsatz sind zwei Löschflugzeuge vom Typ Canadair aus Italien.", "de");
        Assert.DoesNotContain((FeatureKind.Place, "T:CA"), el);
        Assert.DoesNotContain((FeatureKind.Place, "T:CA"), ru);
        var name = Assert.Single(de, f => f.Item1 == FeatureKind.Name && f.Item2.StartsWith("4:", StringComparison.Ordinal) && f.Item2.Contains("knt", StringComparison.Ordinal));
        Assert.Contains(name, el);
        Assert.Contains(name, ru);
        // Greek names still match their inflected forms
        Assert.Contains((FeatureKind.Place, "T:IT"), el);
    }

    [Theory]
    [InlineData("1,280", "1280")]
    [InlineData("1.280", "1280")]
    [InlineData("1 280", "1280")]
    [InlineData("6.4", "6.4")]
    [InlineData("6,4", "6.4")]
    [InlineData("٦٫٤", "6.4")]
    [InlineData("3,25", "3.25")]
    [InlineData("1.234.567", "1234567")]
    [InlineData("2025", "2025")]
    [InlineData("7", null)]
    public void Numbers_are_normalized_across_conventions(string input, string? expected) =>
        Assert.Equal(expected, FeatureExtractor.NormalizeNumber(input));

    [Theory]
    [InlineData("It happened on March 14, 2025 in the city.", "en", "03-14")]
    [InlineData("Es geschah am 14. März 2025.", "de", "03-14")]
    [InlineData("Ocurrió el 14 de marzo de 2025.", "es", "03-14")]
    [InlineData("Это случилось 14 марта 2025 года.", "ru", "03-14")]
    [InlineData("事故发生在3月14日上午。", "zh", "03-14")]
    [InlineData("Published 2025-03-14 at noon", "en", "03-14")]
    [InlineData("Hôm 14/3, ông nói.", "vi", "03-14")]
    [InlineData("הפגישה התקיימה ב-14 במרץ.", "he", "03-14")] // the month with "in" written onto it
    [InlineData("این نشست در ۱۴ مارس برگزار شد.", "fa", "03-14")] // the Gregorian month, not the Persian calendar's
    [InlineData("การประชุมจัดขึ้นเมื่อวันที่ 14 มีนาคม 2568", "th", "03-14")]
    public void Dates_are_found_in_each_language(string text, string lang, string day) =>
        Assert.Contains((FeatureKind.Date, day), NeutralFeatures(text, lang));

    [Theory]
    [InlineData("The council met yesterday in the capital.", "en", "08-09")]
    [InlineData("Совет собрался вчера в столице.", "ru", "08-09")]
    [InlineData("Hôm qua hội đồng đã họp.", "vi", "08-09")]
    [InlineData("议会昨天开会。", "zh", "08-09")]
    [InlineData("The council met on Friday.", "en", "08-07")]
    // from CLDR's date fields (Data/relative-days.tsv)
    [InlineData("Rådet sammanträdde i går i huvudstaden.", "sv", "08-09")]
    [InlineData("Dewan bertemu kemarin di ibu kota.", "id", "08-09")]
    [InlineData("Το συμβούλιο συνεδρίασε χθες.", "el", "08-09")]
    [InlineData("의회는 어제 열렸다.", "ko", "08-09")]
    [InlineData("어제는 의회가 열렸다.", "ko", "08-09")] // the topic particle written onto the day
    [InlineData("의회는 금요일에 열렸다.", "ko", "08-07")]
    [InlineData("Meclisin dünkü oturumunda karar alındı.", "tr", "08-09")] // the adjectival -kü
    [InlineData("Rada zasedala včera.", "cs", "08-09")]
    [InlineData("Der Rat tagte vorgestern.", "de", "08-08")]
    public void A_relative_day_resolves_against_the_publication_date(string text, string lang, string day)
    {
        var monday = new DateTimeOffset(2020, 8, 10, 12, 0, 0, TimeSpan.Zero);
        Assert.Contains((FeatureKind.Date, day), Extractor.Explain(text, lang, monday).ToHashSet());
        // without a publication date it is no day
        Assert.DoesNotContain(Extractor.Explain(text, lang), f => f.Kind == FeatureKind.Date);
    }

    private static HashSet<string> Names(string text, string lang) =>
        Extractor.Explain(text, lang).Where(f => f.Kind == FeatureKind.Name).Select(f => f.Text).ToHashSet();

    [Theory]
    // Thai and Lao have no capitals: a title says a name follows, spaced or written onto it; a clause or a place after a
    // title is no name (เดินทางถึงกรุงมอสโก "travelled to Moscow", ໄດ້ພົບກັບ "met with", ທີ່ນະຄອນ "in the city of")
    [InlineData("ประธานาธิบดี ปูติน เดินทางถึงกรุงมอสโก", "th", "President Putin travelled to Moscow")]
    [InlineData("ท่านผู้นำพบกับนายปูติน ที่กรุงมอสโก", "th", "The leader met Putin in Moscow")]
    [InlineData("ທ່ານ ປູຕິນ ໄດ້ພົບກັບ ທ່ານ ໂອບາມາ ທີ່ນະຄອນ ມອສໂຄ", "lo", "Yesterday Putin met Obama in Moscow")]
    [InlineData("ປະທານາທິບໍດີ ຣັດເຊຍ ໄດ້ພົບກັບ ທ່ານ ໂອບາມາ", "lo", "The president of Russia met Obama")]
    public void A_name_after_a_title_in_thai_or_lao_meets_its_latin_form(string text, string lang, string english) =>
        Assert.Equal(Names(english, "en").Order(), Names(text, lang).Order());

    [Fact]
    public void A_thai_given_name_written_onto_its_title_is_followed_by_the_family_name()
    {
        var names = Names("นายกรัฐมนตรีประยุทธ์ จันทร์โอชา กล่าวว่า", "th");
        var english = Names("Prime Minister Prayut said", "en");
        Assert.NotEmpty(english);
        Assert.Subset(names, english);
        // the given and the family name, not กล่าวว่า ("said"), a stopword
        Assert.Equal(2, names.Count(n => n.StartsWith("4:", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_relative_day_name_that_means_two_days_is_none()
    {
        // Hindi कल is yesterday and tomorrow
        var monday = new DateTimeOffset(2020, 8, 10, 12, 0, 0, TimeSpan.Zero);
        Assert.DoesNotContain(Extractor.Explain("परिषद की बैठक कल हुई।", "hi", monday), f => f.Kind == FeatureKind.Date);
    }

    [Fact]
    public void A_persian_calendar_month_is_not_read_as_the_gregorian_month_of_its_number()
    {
        // مرداد is the fifth month of the Persian calendar (July-August), not May
        Assert.DoesNotContain(NeutralFeatures("این نشست در ۱۴ مرداد برگزار شد.", "fa"), f => f.Item1 == FeatureKind.Date && f.Item2 == "05-14");
    }

    [Fact]
    public void Acronyms_and_latin_tokens_in_other_scripts_become_tokens()
    {
        Assert.Contains((FeatureKind.Token, "nasa"), NeutralFeatures("NASA said the launch went well.", "en"));
        Assert.Contains((FeatureKind.Token, "nasa"), NeutralFeatures("美国国家航空航天局（NASA）宣布", "zh"));
    }

    [Fact]
    public void Sentence_initial_common_words_are_not_names_but_repeated_names_are()
    {
        // "Storms" opens a sentence (and is no stopword): not a name. The same word capitalized inside a sentence is
        // one, which shows the negative half depends on the sentence-start rule and not on a stopword list.
        var opening = NeutralFeatures("Storms flooded the valley overnight. Then Lukashenko spoke. Lukashenko left.", "en");
        var inside = NeutralFeatures("The valley expects Storms tonight. Storms flooded it before.", "en");
        Assert.Contains((FeatureKind.Name, "4:lksn"), opening);
        var stormName = inside.Where(x => x.Item1 == FeatureKind.Name).ToList();
        Assert.NotEmpty(stormName);
        Assert.All(stormName, n => Assert.DoesNotContain(n, opening));
        Assert.All(opening.Where(x => x.Item1 == FeatureKind.Name), n => Assert.Contains("lksn", n.Item2, StringComparison.Ordinal));
    }

    [Fact]
    public void Title_features_count_double()
    {
        var v = Extractor.Extract("Lukashenko Speaks", "Then Lukashenko met him.", "en");
        var key = FeatureVector.Key(FeatureKind.Name, "4:lksn");
        int i = v.Keys.ToArray().AsSpan().IndexOf(key);
        Assert.True(i >= 0);
        Assert.Equal(3f, v.Values[i]);
        Assert.DoesNotContain(FeatureVector.Key(FeatureKind.Name, "4:sbks"), v.Keys.ToArray()); // headline Title Case is no name
    }

    [Fact]
    public void Content_id_ignores_whitespace_layout_but_not_content()
    {
        var a = ContentId.Compute("Title", "One  line\r\n\r\nTwo");
        var b = ContentId.Compute("Title ", "One line\nTwo");
        var c = ContentId.Compute("Title", "One line\nThree");
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Equal(64, a.Length);
    }

    [Fact]
    public void Empty_and_hostile_text_gives_empty_or_small_vectors_without_throwing()
    {
        Assert.Equal(0, Extractor.Extract("", "", "und").Count);
        var junk = new string('\uD800', 1000) + "\u0000\u001B[31m" + new string('9', 5000);
        _ = Extractor.Extract(junk, junk, "xx");
    }

    [Theory]
    [InlineData("Ущербът е 1,5 млн евро.", "bg", "1500000", "EUR")]
    [InlineData("Ущерб составил 1,5 млн рублей.", "ru", "1500000", "RUB")]
    [InlineData("Damage of 1.5 million dollars was done.", "en", "1500000", "USD")]
    [InlineData("A $6.5bn loan was agreed.", "en", "6500000000", "USD")]
    [InlineData("Die Kosten von 6,5 Milliarden Dollar.", "de", "6500000000", "USD")]
    [InlineData("损失15亿美元。", "zh", "1500000000", "USD")]
    [InlineData("Thiệt hại 2,5 tỷ đồng.", "vi", "2500000000", null)]
    [InlineData("Sie verloren 5 Mio. Euro.", "de", "5000000", "EUR")]
    [InlineData("80% of voters", "en", "80", "%")]
    [InlineData("It flew 2210 km.", "en", "2210", "km")]
    // the scale words of every language from CLDR's compact decimal formats, read in the text's language
    [InlineData("लागत 15 लाख थी।", "hi", "1500000", null)]
    [InlineData("비용은 150만 달러였다.", "ko", "1500000", null)]
    [InlineData("Η ζημιά ήταν 1,5 εκατομμύρια.", "el", "1500000", null)]
    [InlineData("הנזק הוא 1.5 מיליון.", "he", "1500000", null)]
    [InlineData("Biayanya 1,5 juta.", "id", "1500000", null)]
    [InlineData("Škoda činí 1,5 milionu.", "cs", "1500000", null)]
    [InlineData("Škoda činí 3 mil. eur.", "cs", "3000000", "EUR")] // Czech mil. is a million
    [InlineData("Costó 3 mil euros.", "es", "3000", "EUR")] // Spanish mil a thousand
    [InlineData("Il a coûté 5 Md d'euros.", "fr", "5000000000", null)]
    [InlineData("Il a coûté 4 km de route.", "ca", "4", "km")] // Catalan kM (10^9) is left out: km is the unit
    public void Numbers_carry_their_scale_word_and_unit(string text, string lang, string value, string? unit)
    {
        var numbers = Extractor.Inspect("", text, lang).Keys.Where(k => k.Kind == "number").ToList();
        var n = Assert.Single(numbers);
        Assert.Equal(value, n.Key);
        Assert.Equal(unit, n.Value);
    }
}
