using Tidings.LanguageId;

namespace Tidings.LanguageId.Tests;

public sealed class BadInputTests
{
    private static readonly LanguageDetector Detector = LanguageDetector.Create();

    [Theory]
    [InlineData("")]
    [InlineData("   \t\r\n  ")]
    [InlineData("1234567890 42 3.14")]
    [InlineData("😀😂🎉👍🏽🔥")]
    [InlineData("!!! ??? ... ---")]
    [InlineData("ab")]
    public void NoLanguageGivesUnd(string text)
    {
        var r = Detector.Detect(text);
        Assert.True(r.Tag.IsUndetermined, $"got {r.Tag}");
        Assert.Equal(0, r.Confidence);
        Assert.True(Detector.DetectDocument(text).Tag.IsUndetermined);
    }

    [Fact]
    public void LoneSurrogatesDoNotCrash()
    {
        Assert.True(Detector.Detect("\uD800\uDC00\uDBFF \uDC01\uD83D").Tag.IsUndetermined);
        // lone surrogates inside real text are ignored
        var r = Detector.Detect("Правителството \uD800обяви, че ще намали\uDC00 данъците върху горивата.");
        Assert.Equal("bg", r.Tag.ToString());
    }

    [Fact]
    public void HundredMegabytesAreSampled()
    {
        // (how long this takes is measured against a budget in bench/: bad-input-speed)
        const string sentence = "Правителството обяви, че ще намали данъците върху горивата от началото на следващата година. ";
        var big = string.Concat(Enumerable.Repeat(sentence, (100 * 1024 * 1024 / 2 / sentence.Length) + 1));
        Assert.True(big.Length * 2 >= 100 * 1024 * 1024);
        var r = Detector.Detect(big);
        var d = Detector.DetectDocument(big);
        Assert.Equal("bg", r.Tag.ToString());
        Assert.Equal("bg", d.Tag.ToString());
    }

    [Fact]
    public void MixedScriptsPickTheMainOne()
    {
        // Latin boilerplate around a Russian sentence
        var r = Detector.Detect("Home | News | Login  Правительство объявило, что снизит налоги на топливо.");
        Assert.Equal("ru", r.Tag.ToString());
    }
}
