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
    public void Arabic_words_are_not_places_by_cutting_their_last_letters(string text) =>
        Assert.Empty(Places(text));

    [Theory]
    [InlineData("قال الرئيس التركي إن", "T:TR")] // Turkish: Turkey, not Truk (ترك)
    [InlineData("أعلنت الحكومة الروسية أن", "T:RU")]
    [InlineData("قالت الخارجية الألمانية إن", "T:DE")]
    [InlineData("قال المسؤول المصري إن", "T:EG")]
    [InlineData("قالت الحكومة اللبنانى إن", "T:LB")] // Egyptian spelling: alef maksura for the final yeh
    [InlineData("وصل الوفد السودانى إلى", "T:SD")]
    [InlineData("وصل الوفد إلى بالقاهرة", "C:Africa/Cairo")]
    [InlineData("زار الوفد مِصْرَ أمس", "T:EG")] // vowelled
    public void Nisba_adjectives_and_clitics_reach_their_place(string text, string place) =>
        Assert.Contains(place, Places(text));
}
