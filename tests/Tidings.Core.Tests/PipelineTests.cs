using Tidings.Core;

namespace Tidings.Core.Tests;

public class PipelineTests
{
    private sealed class FakeStage(string name, DocumentFields requires, DocumentFields assigns, Action<Document>? act = null) : IStage
    {
        public string Name => name;
        public DocumentFields Requires => requires;
        public DocumentFields Assigns => assigns;
        public void Process(Document document) => act?.Invoke(document);
    }

    [Fact]
    public void Create_rejects_a_stage_whose_requirements_come_later()
    {
        var language = new FakeStage("language", DocumentFields.Text, DocumentFields.Language);
        var extract = new FakeStage("extract", DocumentFields.Raw, DocumentFields.Text | DocumentFields.Title);
        var e = Assert.Throws<InvalidOperationException>(() => Pipeline.Create([language, extract]));
        Assert.Contains("language", e.Message, StringComparison.Ordinal);
        Assert.Contains("Text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_accepts_stages_in_order_and_reports_what_they_produce()
    {
        var pipeline = Pipeline.Create([
            new FakeStage("extract", DocumentFields.Raw, DocumentFields.Text | DocumentFields.Title, d => d.Text = "hello"),
            new FakeStage("language", DocumentFields.Text, DocumentFields.Language, d => d.Language = new LanguageTag("en")),
        ]);
        Assert.Equal(DocumentFields.Raw | DocumentFields.Text | DocumentFields.Title | DocumentFields.Language, pipeline.Produces);
        var doc = pipeline.Process(new RawDocument("x.txt", [1]));
        Assert.Equal("hello", doc.Text);
        Assert.Equal("en", doc.Language.ToString());
        Assert.True(doc.Assigned.HasFlag(DocumentFields.Language));
    }

    [Theory]
    [InlineData("bg", "bg")]
    [InlineData("sr-Latn", "sr-Latn")]
    [InlineData("zh_hans", "zh-Hans")]
    [InlineData("EN", "en")]
    [InlineData("", "und")]
    [InlineData("x", "und")]
    [InlineData("123", "und")]
    public void LanguageTag_parses_and_prints(string input, string expected) =>
        Assert.Equal(expected, LanguageTag.Parse(input).ToString());

    [Fact]
    public void FeatureVector_round_trips_and_rejects_garbage()
    {
        var counts = new Dictionary<ulong, float>
        {
            [FeatureVector.Key(FeatureKind.Name, "btn")] = 2,
            [FeatureVector.Key(FeatureKind.Place, "C:Europe/Moscow")] = 1.5f,
        };
        var v = FeatureVector.FromCounts(counts);
        var back = FeatureVector.FromBytes(v.ToBytes());
        Assert.Equal(v.Keys.ToArray(), back.Keys.ToArray());
        Assert.Equal(v.Values.ToArray(), back.Values.ToArray());
        Assert.Equal(FeatureKind.Name, FeatureVector.KindOf(FeatureVector.Key(FeatureKind.Name, "btn")));
        Assert.Equal(0, FeatureVector.FromBytes([1, 2, 3]).Count);
        Assert.Equal(0, FeatureVector.FromBytes([255, 255, 255, 127, 0, 0]).Count);
    }

    [Fact]
    public void Database_path_comes_from_flag_then_environment_then_default()
    {
        Assert.Equal("x.db", TidingsOptions.ResolveDatabasePath("x.db"));
        var old = Environment.GetEnvironmentVariable(TidingsOptions.DatabaseEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(TidingsOptions.DatabaseEnvironmentVariable, "/tmp/env.db");
            Assert.Equal("/tmp/env.db", TidingsOptions.ResolveDatabasePath(null));
            Environment.SetEnvironmentVariable(TidingsOptions.DatabaseEnvironmentVariable, null);
            Assert.Equal("tidings.db", TidingsOptions.ResolveDatabasePath(null));
        }
        finally
        {
            Environment.SetEnvironmentVariable(TidingsOptions.DatabaseEnvironmentVariable, old);
        }
    }
}

public class WhitespaceTests
{
    [Theory]
    [InlineData("  a \t\n b\u00A0\u00A0c  ", false, "a b c")]
    [InlineData("a\u0007b\u001b c", true, "ab c")]
    [InlineData("a\u0007b", false, "a\u0007b")]
    [InlineData("", false, "")]
    public void Collapse_folds_runs_trims_and_optionally_drops_controls(string input, bool dropControl, string expected) =>
        Assert.Equal(expected, Whitespace.Collapse(input, dropControl));
}
