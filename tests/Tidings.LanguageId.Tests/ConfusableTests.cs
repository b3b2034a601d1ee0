using Tidings.LanguageId;

namespace Tidings.LanguageId.Tests;

/// <summary>Confusable neighbours, on sentences written for these tests (not taken from any evaluation set).</summary>
public sealed class ConfusableTests
{
    private static readonly LanguageDetector Detector = LanguageDetector.Create();

    [Theory]
    // Cyrillic: bg, mk, ru, uk, sr, be
    [InlineData("bg", "Правителството обяви, че ще намали данъците върху горивата от началото на следващата година.")]
    [InlineData("bg", "Президентът се срещна с посланика на Германия, за да обсъдят енергийната криза в Югоизточна Европа.")]
    [InlineData("mk", "Владата соопшти дека ќе ги намали даноците на горивата од почетокот на следната година.")]
    [InlineData("mk", "Претседателот се сретна со амбасадорот на Германија за да разговараат за енергетската криза.")]
    [InlineData("ru", "Правительство объявило, что снизит налоги на топливо с начала следующего года.")]
    [InlineData("ru", "Президент встретился с послом Германии, чтобы обсудить энергетический кризис в Европе.")]
    [InlineData("uk", "Уряд оголосив, що знизить податки на пальне з початку наступного року.")]
    [InlineData("uk", "Президент зустрівся з послом Німеччини, щоб обговорити енергетичну кризу в Європі.")]
    [InlineData("sr", "Влада је саопштила да ће смањити порезе на гориво од почетка следеће године.")]
    [InlineData("sr", "Председник се састао са амбасадором Немачке како би разговарали о енергетској кризи.")]
    [InlineData("be", "Урад абвясціў, што зменшыць падаткі на паліва з пачатку наступнага года.")]
    [InlineData("be", "Прэзідэнт сустрэўся з паслом Германіі, каб абмеркаваць энергетычны крызіс у Еўропе.")]
    // Latin-script Serbo-Croatian: hr, bs, sr-Latn
    [InlineData("hr", "Vlada je u srijedu objavila da će od siječnja smanjiti porez na gorivo, a tisuće obitelji dobit će pomoć.")]
    [InlineData("hr", "Hrvatska nogometna reprezentacija otputovala je zrakoplovom iz Zagreba na europsko prvenstvo.")]
    [InlineData("bs", "Vlada Federacije Bosne i Hercegovine je u srijedu objavila da će od januara smanjiti porez na gorivo.")]
    [InlineData("bs", "Historija Sarajeva pokazuje da su hiljade porodica tokom sedmice izašle na ulice grada.")]
    [InlineData("sr", "Vlada Srbije je u sredu saopštila da će od januara smanjiti porez na gorivo, a hiljade porodica dobiće pomoć.")]
    [InlineData("sr", "Predsednik je rekao da je to vreme kada svet mora da razume gde je mesto Beograda u Evropi.")]
    // Indonesian and Malay
    [InlineData("id", "Pemerintah mengatakan bahwa harga bahan bakar akan naik karena nilai tukar rupiah melemah.")]
    [InlineData("id", "Polisi sudah menangkap tiga orang setelah kerusuhan di pusat kota Jakarta pada hari Sabtu.")]
    [InlineData("ms", "Kerajaan berkata bahawa harga minyak akan naik kerana nilai ringgit semakin lemah.")]
    [InlineData("ms", "Polis telah menahan tiga lelaki selepas rusuhan di bandar raya Kuala Lumpur pada hari Sabtu.")]
    // Danish, Bokmal, Nynorsk
    [InlineData("da", "Regeringen meddelte i går, at skatten på benzin bliver sat ned efter nytår, og det glæder mange familier.")]
    [InlineData("nb", "Regjeringen sa i går at avgiften på bensin blir satt ned etter nyttår, og det gleder mange familier.")]
    [InlineData("nn", "Regjeringa sa i går at avgifta på bensin blir sett ned etter nyttår, og det gler mange familiar som ikkje har råd.")]
    // Ibero-Romance
    [InlineData("es", "El Gobierno anunció ayer que bajará los impuestos sobre el combustible a partir del próximo año.")]
    [InlineData("pt", "O Governo anunciou ontem que vai baixar os impostos sobre os combustíveis a partir do próximo ano.")]
    [InlineData("ca", "El Govern va anunciar ahir que abaixarà els impostos sobre el combustible a partir de l'any vinent.")]
    [InlineData("gl", "O Goberno anunciou onte que baixará os impostos sobre o combustible a partir do vindeiro ano.")]
    // Others
    [InlineData("cs", "Vláda včera oznámila, že od příštího roku sníží daně z pohonných hmot.")]
    [InlineData("sk", "Vláda včera oznámila, že od budúceho roka zníži dane z pohonných látok.")]
    [InlineData("vi", "Chính phủ hôm qua thông báo sẽ giảm thuế nhiên liệu từ đầu năm sau.")]
    public void TellsNeighboursApart(string expected, string sentence)
    {
        var r = Detector.Detect(sentence);
        Assert.Equal(expected, r.Tag.Language);
        Assert.InRange(r.Confidence, 0.0, 1.0);
    }

    [Fact]
    public void SerbianLatinCarriesItsScript()
    {
        var r = Detector.Detect("Predsednik je rekao da je to vreme kada svet mora da razume gde je mesto Beograda u Evropi.");
        Assert.Equal("sr-Latn", r.Tag.ToString());
        Assert.Equal("Latn", r.Script);
        var c = Detector.Detect("Председник је рекао да је то време када свет мора да разуме где је место Београда у Европи.");
        Assert.Equal("sr", c.Tag.ToString());
        Assert.Equal("Cyrl", c.Script);
    }

    [Theory]
    [InlineData("zh-Hans", "国务院总理今天在北京会见了来访的德国总统，双方就经济合作问题交换了意见。")]
    [InlineData("zh-Hant", "國務院總理今天在北京會見了來訪的德國總統，雙方就經濟合作問題交換了意見。")]
    [InlineData("ja", "東京都は今日、新しい感染対策を発表しました。")]
    [InlineData("ko", "정부는 오늘 새로운 경제 정책을 발표했다.")]
    [InlineData("el", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία.")]
    [InlineData("ar", "أعلنت الحكومة اليوم عن إجراءات جديدة لدعم الاقتصاد الوطني.")]
    [InlineData("fa", "دولت امروز اقدامات تازه‌ای برای حمایت از اقتصاد کشور اعلام کرد.")]
    [InlineData("hi", "सरकार ने आज अर्थव्यवस्था को समर्थन देने के लिए नए उपायों की घोषणा की।")]
    [InlineData("he", "הממשלה הודיעה היום על צעדים חדשים לתמיכה בכלכלה.")]
    [InlineData("th", "รัฐบาลประกาศมาตรการใหม่เพื่อสนับสนุนเศรษฐกิจในวันนี้")]
    public void OtherScripts(string expected, string sentence)
    {
        Assert.Equal(expected, Detector.Detect(sentence).Tag.ToString());
    }

    [Theory]
    [InlineData("bg", "Правителството обяви, че ще намали данъците върху горивата от началото на следващата година.")]
    [InlineData("tr", "Hükümet, gelecek yılın başından itibaren akaryakıt vergilerini düşüreceğini açıkladı.")]
    [InlineData("de", "Die Regierung kündigte gestern an, die Steuern auf Kraftstoffe ab dem nächsten Jahr zu senken.")]
    [InlineData("el", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία.")]
    [InlineData("vi", "Chính phủ hôm qua thông báo sẽ giảm thuế nhiên liệu từ đầu năm sau.")]
    public void CapitalsAreReadAsLowerCase(string expected, string sentence)
    {
        // Headlines in capitals: letters are lower-cased (from a table over all code units) before n-grams are read.
        var upper = Detector.Detect(sentence.ToUpperInvariant());
        var lower = Detector.Detect(sentence);
        Assert.Equal(expected, upper.Tag.ToString());
        Assert.Equal(lower.Confidence, upper.Confidence, 2);
    }

    [Fact]
    public void KnowsOverAHundredLanguages()
    {
        Assert.True(Detector.SupportedLanguages.Count >= 100, $"only {Detector.SupportedLanguages.Count} languages");
    }
}
