using Tidings.Core;
using Tidings.LanguageId;
using Tidings.Tests;

namespace Tidings.LanguageId.Tests;

public sealed class DocumentTests
{
    private static readonly LanguageDetector Detector = LanguageDetector.Create();

    [Theory]
    [InlineData("000_b6d4e6ab3bb4b7fb.txt", "bg")]
    [InlineData("002_d8e00d255ae6e4d6.txt", "vi")]
    public void SeedPagesAreConfident(string file, string expected)
    {
        var text = File.ReadAllText(RepoPaths.Shared("seeds", file));
        var doc = Detector.DetectDocument(text);
        Assert.Equal(expected, doc.Tag.ToString());
        Assert.True(doc.Confidence >= 0.95, $"document confidence {doc.Confidence}");
        var whole = Detector.Detect(text);
        Assert.Equal(expected, whole.Tag.ToString());
        Assert.True(whole.Confidence >= 0.95, $"whole-text confidence {whole.Confidence}");
    }

    [Fact]
    public void VietnamesePageQuotingEnglishStaysVietnamese()
    {
        const string text =
            "Chính phủ Việt Nam hôm qua thông báo sẽ giảm thuế nhiên liệu từ đầu năm sau nhằm hỗ trợ người dân và doanh nghiệp.\n\n" +
            "Trên mạng xã hội, một quan chức nước ngoài viết:\n\n" +
            "\"We welcome the decision of the Vietnamese government to cut fuel taxes, which will help families across the country.\"\n\n" +
            "Theo Bộ Tài chính, mức giảm thuế sẽ được áp dụng trong sáu tháng và có thể được gia hạn nếu giá dầu tiếp tục tăng cao trên thị trường thế giới.\n";
        var r = Detector.DetectDocument(text);
        Assert.Equal("vi", r.Tag.ToString());
        Assert.Contains(r.Segments, s => s.Result.Tag.ToString() == "en");
        Assert.Contains(r.Segments, s => s.Result.Tag.ToString() == "vi");
    }

    [Fact]
    public void StageSetsLanguageAndConfidence()
    {
        var doc = new Document(new RawDocument("t", []))
        {
            Title = "Правителството намалява данъците",
            Text = "Правителството обяви, че ще намали данъците върху горивата от началото на следващата година.",
        };
        IStage stage = Detector;
        Assert.Equal(DocumentFields.Text | DocumentFields.Title, stage.Requires);
        Assert.Equal(DocumentFields.Language, stage.Assigns);
        stage.Process(doc);
        Assert.Equal("bg", doc.Language.ToString());
        Assert.InRange(doc.LanguageConfidence, 0.5, 1.0);
    }

    [Fact]
    public void ShortTextsAreLessConfidentThanLongOnes()
    {
        var shortR = Detector.Detect("ще намали");
        var longR = Detector.Detect("Правителството обяви, че ще намали данъците върху горивата от началото на следващата година.");
        Assert.True(longR.Confidence >= shortR.Confidence);
    }
}
