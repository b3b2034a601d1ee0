using System.Text;
using Tidings.Core;

namespace Tidings.Extraction.Tests;

public class EncodingTests
{
    static EncodingTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static readonly Extractor Sut = Extractor.Create();

    private const string Russian = "Городской совет во вторник проголосовал за расширение трамвайной сети. Решение приняли после нескольких месяцев споров между жителями, проектировщиками и транспортным управлением области.";
    private const string Bulgarian = "Общинският съвет гласува във вторник разширяването на трамвайната мрежа. Решението беше взето след месеци на спорове между жителите и проектантите.";
    private const string Japanese = "市議会は火曜日、路面電車の路線網を拡大することを決めました。住民や計画担当者との数か月にわたる議論の末の決定です。工事は来年の春に始まる予定です。";
    private const string Chinese = "市议会周二投票决定扩建有轨电车网络。这一决定是在居民、规划人员和地区交通管理部门之间经过数月辩论之后作出的。工程预计明年春天开始。";
    private const string Polish = "Rada miasta zagłosowała we wtorek za rozbudową sieci tramwajowej. Decyzję podjęto po miesiącach sporów między mieszkańcami, urbanistami i zarządem transportu.";
    private const string German = "Der Stadtrat hat am Dienstag für den Ausbau des Straßenbahnnetzes gestimmt. Die Entscheidung fiel nach monatelangen Diskussionen über Kosten, Größe und Fußgängerzonen.";

    private static string Html(string text, string head = "") => $"<html><head>{head}<title>t</title></head><body><article><p>{text}</p><p>{text}</p></article></body></html>";

    private static ExtractedArticle Decode(byte[] bytes, ContentKind kind = ContentKind.Html) => Sut.Extract(new RawDocument("x", bytes, kind));

    [Theory]
    [InlineData("windows-1251", Russian)]
    [InlineData("koi8-r", Russian)]
    [InlineData("windows-1251", Bulgarian)]
    [InlineData("shift_jis", Japanese)]
    [InlineData("gb18030", Chinese)]
    [InlineData("windows-1252", German)]
    [InlineData("iso-8859-2", Polish)]
    public void Detects_undeclared_legacy_encodings(string encoding, string text)
    {
        var bytes = Encoding.GetEncoding(encoding).GetBytes(Html(text));
        var a = Decode(bytes);
        Assert.Contains(text, a.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Detects_undeclared_cyrillic_in_plain_text()
    {
        var bytes = Encoding.GetEncoding("koi8-r").GetBytes("Трамваи\n\n" + Russian + "\n");
        var a = Decode(bytes, ContentKind.Text);
        Assert.Equal("Трамваи", a.Title);
        Assert.Contains(Russian, a.Text, StringComparison.Ordinal);
        Assert.Equal("koi8-r", a.Encoding);
    }

    [Fact]
    public void Honours_meta_charset_and_http_equiv()
    {
        var cp1250 = Encoding.GetEncoding("windows-1250");
        var a = Decode(cp1250.GetBytes(Html(Polish, "<meta charset=\"windows-1250\">")));
        Assert.Contains(Polish, a.Text, StringComparison.Ordinal);
        Assert.Equal("windows-1250", a.Encoding);

        var sjis = Encoding.GetEncoding("shift_jis");
        var b = Decode(sjis.GetBytes(Html(Japanese, "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=Shift_JIS\">")));
        Assert.Contains(Japanese, b.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Honours_byte_order_marks()
    {
        byte[] utf8 = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Html(German))];
        Assert.Contains(German, Decode(utf8).Text, StringComparison.Ordinal);
        byte[] utf16 = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Html(Russian))];
        var a = Decode(utf16);
        Assert.Contains(Russian, a.Text, StringComparison.Ordinal);
        Assert.Equal("utf-16le", a.Encoding);
    }

    [Fact]
    public void Utf8_with_a_stray_invalid_byte_stays_utf8()
    {
        var bytes = Encoding.UTF8.GetBytes(Html(Polish) + "<!-- x -->");
        bytes[^5] = 0xE9; // a lone Latin-1 byte inside the comment
        var a = Decode(bytes);
        Assert.Contains(Polish, a.Text, StringComparison.Ordinal);
        Assert.Equal("utf-8", a.Encoding);
    }

    [Fact]
    public void Invalid_bytes_do_not_crash()
    {
        var bytes = Encoding.UTF8.GetBytes(Html(German));
        bytes[200] = 0xFF;
        bytes[201] = 0xC3;
        var a = Decode(bytes);
        Assert.Contains("Stadtrat", a.Text, StringComparison.Ordinal);
    }
}
