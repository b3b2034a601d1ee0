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
            new FakeStage("extract", DocumentFields.Raw, DocumentFields.Text | DocumentFields.Title, d => (d.Text, d.Title) = ("hello", "")),
            new FakeStage("language", DocumentFields.Text, DocumentFields.Language, d => d.Language = new LanguageTag("en")),
        ]);
        Assert.Equal(DocumentFields.Raw | DocumentFields.Text | DocumentFields.Title | DocumentFields.Language, pipeline.Produces);
        var doc = pipeline.Process(new RawDocument("x.txt", [1]));
        Assert.Equal("hello", doc.Text);
        Assert.Equal("en", doc.Language.ToString());
        Assert.True(doc.Assigned.HasFlag(DocumentFields.Language));
    }

    [Fact]
    public void A_stage_reading_a_field_it_does_not_require_is_caught_when_it_runs()
    {
        var pipeline = Pipeline.Create([
            new FakeStage("extract", DocumentFields.Raw, DocumentFields.Text | DocumentFields.Title, d => (d.Text, d.Title) = ("t", "h")),
            new FakeStage("language", DocumentFields.None, DocumentFields.Language, d => d.Language = new LanguageTag(d.Text.Length > 0 ? "en" : "und")),
        ], checkAccess: true);
        var e = Assert.Throws<StageContractException>(() => pipeline.Process(new RawDocument("x.txt", [1])));
        Assert.Contains("'language' read Text", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stage_leaving_a_declared_field_unassigned_or_assigning_an_undeclared_one_is_caught()
    {
        var lazy = Pipeline.Create([new FakeStage("extract", DocumentFields.Raw, DocumentFields.Text | DocumentFields.Title, d => d.Text = "t")], checkAccess: true);
        var e = Assert.Throws<StageContractException>(() => lazy.Process(new RawDocument("x.txt", [1])));
        Assert.Contains("'extract' declares that it assigns Title but did not", e.Message, StringComparison.Ordinal);

        var eager = Pipeline.Create([new FakeStage("extract", DocumentFields.Raw, DocumentFields.Text, d => (d.Text, d.Id) = ("t", "x"))], checkAccess: true);
        e = Assert.Throws<StageContractException>(() => eager.Process(new RawDocument("x.txt", [1])));
        Assert.Contains("assigned Id, which it does not declare", e.Message, StringComparison.Ordinal);

        // without the check (release builds) the same stages run
        Assert.Equal("t", Pipeline.Create(lazy.Stages, checkAccess: false).Process(new RawDocument("x.txt", [1])).Text);
    }

    [Fact]
    public void The_access_check_is_on_in_debug_builds_and_records_what_each_stage_read()
    {
        var language = new FakeStage("language", DocumentFields.Text, DocumentFields.Language, d => d.Language = new LanguageTag(d.Text));
        var pipeline = Pipeline.Create([new FakeStage("extract", DocumentFields.Raw, DocumentFields.Text, d => d.Text = "en"), language]);
#if DEBUG
        Assert.True(pipeline.ChecksAccess);
#endif
        pipeline.Process(new RawDocument("x.txt", [1]));
        Assert.Equal(pipeline.ChecksAccess ? DocumentFields.Text : DocumentFields.None, pipeline.ObservedReads(language));
    }

    private sealed class CountingBatchStage : IBatchStage
    {
        public int Seen { get; private set; }
        public string Name => "count";
        public DocumentFields Requires => DocumentFields.Text;
        public DocumentFields Assigns => DocumentFields.Id;
        public void Learn(IReadOnlyList<Document> batch) => Seen += batch.Count(d => d.Text.Length > 0);
        public void Process(Document document) => document.Id = Seen.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_batch_stage_learns_from_every_surviving_document_before_processing_any()
    {
        var count = new CountingBatchStage();
        var pipeline = Pipeline.Create([
            new FakeStage("extract", DocumentFields.Raw, DocumentFields.Text, d => d.Text = d.Raw.Content[0] == 0 ? throw new DocumentRejectedException("empty") : "t"),
            count,
        ]);
        var docs = new[] { new byte[] { 1 }, [0], [2], [3] }.Select(b => new Document(new RawDocument("x", b))).ToList();
        var errors = pipeline.ProcessBatch(docs);
        Assert.IsType<DocumentRejectedException>(errors[1]);
        Assert.Equal(["3", "", "3", "3"], docs.Select((d, i) => errors[i] is null ? d.Id : ""));
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
