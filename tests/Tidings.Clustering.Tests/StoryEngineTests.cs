using Tidings.Clustering;
using Tidings.Core;

namespace Tidings.Clustering.Tests;

public class StoryEngineTests
{
    private static readonly DateTimeOffset T0 = new(2025, 5, 4, 8, 0, 0, TimeSpan.Zero);

    private static FeatureVector V(params (FeatureKind Kind, string Text, float Weight)[] f) =>
        FeatureVector.FromCounts(f.ToDictionary(x => FeatureVector.Key(x.Kind, x.Text), x => x.Weight));

    private static Article A(string id, string lang, DateTimeOffset? t = null, string text = "", PageKind kind = PageKind.Unknown) =>
        new() { Id = id, Title = "T " + id, Text = text, Language = new LanguageTag(lang), Published = t ?? T0, PageKind = kind };

    private const string Wire =
        "The magnitude 6.1 earthquake struck near Arequipa in southern Peru early on Sunday, killing five people and injuring 120 others, " +
        "the national civil defence institute said in a statement. Several colonial churches in the old town were damaged and forty " +
        "aftershocks were recorded by noon, while schools stayed closed and rescue teams searched the outlying villages. " +
        "The quake hit at a depth of thirty-five kilometres shortly after three in the morning, when most residents were asleep, and " +
        "the shaking was felt as far away as the coastal city of Mollendo and the border town of Tacna. The regional governor asked " +
        "families whose homes had cracked walls to spend the night in tents set up in the main square, and the army sent water, " +
        "blankets and field kitchens. Engineers will inspect the bridges on the southern highway before heavy lorries may use them " +
        "again, the transport ministry said, adding that the airport had reopened after a check of its runway.";

    private static readonly FeatureVector QuakeEn = V((FeatureKind.Word, "en:earthquake", 3), (FeatureKind.Word, "en:church", 1), (FeatureKind.Name, "4:rkp", 2),
        (FeatureKind.Place, "C:America/Lima", 1), (FeatureKind.Number, "6.1", 2), (FeatureKind.Number, "120", 1), (FeatureKind.Date, "05-04", 1));
    private static readonly FeatureVector QuakeRu = V((FeatureKind.Word, "ru:землет", 3), (FeatureKind.Name, "4:rkp", 1), (FeatureKind.Place, "C:America/Lima", 1),
        (FeatureKind.Number, "6.1", 1), (FeatureKind.Number, "120", 1), (FeatureKind.Date, "05-04", 1));

    [Fact]
    public void BCubed_is_one_for_the_gold_grouping_and_penalises_merges_and_splits()
    {
        var gold = new[] { ("a", 1L), ("a", 1L), ("b", 2L), ("b", 2L) };
        Assert.Equal(1, BCubed.Of<string, long>(gold).F1, 9);
        var merged = BCubed.Of<string, long>([("a", 1L), ("a", 1L), ("b", 1L), ("b", 1L)]);
        Assert.Equal(0.5, merged.Precision, 9);
        Assert.Equal(1, merged.Recall, 9);
        var split = BCubed.Of<string, long>([("a", 1L), ("a", 2L), ("b", 3L), ("b", 4L)]);
        Assert.Equal(1, split.Precision, 9);
        Assert.Equal(0.5, split.Recall, 9);
    }

    [Fact]
    public void SimHash_tells_a_lightly_edited_copy_from_another_text()
    {
        ulong a = SimHash.Of(Wire);
        ulong copy = SimHash.Of("AREQUIPA (Wire) — " + Wire.Replace("forty", "40", StringComparison.Ordinal) + " Read more on our site.");
        ulong other = SimHash.Of("The central bank raised its policy rate from 0.25 to 0.5 percent on Friday, the highest level in seventeen years, " +
            "as eight of nine board members voted for the increase and the governor told reporters wages were rising fast enough.");
        Assert.NotEqual(0UL, a);
        Assert.True(SimHash.Distance(a, copy) <= new ClusteringOptions().CopyDistance, $"copy differs in {SimHash.Distance(a, copy)} bits");
        Assert.True(SimHash.Distance(a, other) > 12, $"another text differs in only {SimHash.Distance(a, other)} bits");
        Assert.Equal(0UL, SimHash.Of("too short to fingerprint"));
    }

    [Fact]
    public void A_near_copy_joins_as_a_copy_and_is_counted_apart_from_reports()
    {
        var c = StoryClusterer.Create();
        var first = c.Add(A("1", "en", text: Wire), QuakeEn);
        var copy = c.Add(A("2", "en", text: Wire + " Copyright the agency."), QuakeEn);
        Assert.True(copy.IsCopy);
        Assert.Equal(first.StoryId, copy.StoryId);
        Assert.Equal("copy", copy.Evidence!.Decision);
        var state = Assert.Single(c.TakeChangedStories());
        Assert.Equal(1, state.Reports);
        Assert.Equal(1, state.Copies);
    }

    [Fact]
    public void A_page_that_is_not_a_report_joins_nothing_unless_it_is_a_copy()
    {
        var c = StoryClusterer.Create();
        var report = c.Add(A("1", "en", text: Wire), QuakeEn);
        var listing = c.Add(A("2", "en", kind: PageKind.Listing), QuakeEn);
        Assert.True(listing.NewStory);
        Assert.Equal("not a report", listing.Evidence!.Decision);
        var product = c.Add(A("3", "en", text: Wire, kind: PageKind.Product), QuakeEn);
        Assert.Equal(report.StoryId, product.StoryId);
        Assert.True(product.IsCopy);
        // and a report does not join the listing's story
        var again = c.Add(A("4", "ru"), QuakeRu);
        Assert.Equal(report.StoryId, again.StoryId);
    }

    [Fact]
    public void Shared_topic_words_alone_never_join_two_articles()
    {
        var words = V((FeatureKind.Word, "en:muffin", 3), (FeatureKind.Word, "en:flour", 2), (FeatureKind.Word, "en:butter", 2), (FeatureKind.Word, "en:sugar", 2));
        // with the shipped threshold: two recipes of identical words stay apart
        var c = StoryClusterer.Create();
        var a = c.Add(A("1", "en"), words);
        var b = c.Add(A("2", "en"), words);
        Assert.True(b.NewStory);
        Assert.NotEqual(a.StoryId, b.StoryId);
        Assert.NotNull(b.Evidence!.Refusal);
        // and whatever the score: with a threshold every candidate clears, the evidence gate alone refuses them
        // (no shared name, place, date or number), so no refit of the weights can let topic words join
        var lax = StoryClusterer.Create(options: new ClusteringOptions { Threshold = 0.0 });
        var a2 = lax.Add(A("1", "en"), words);
        var b2 = lax.Add(A("2", "en"), words);
        Assert.True(b2.NewStory);
        Assert.NotEqual(a2.StoryId, b2.StoryId);
        Assert.True(b2.Evidence!.Probability >= lax.Threshold);
        Assert.Contains("shares no rare", b2.Evidence.Refusal ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public void Stories_age_out_of_the_active_window_but_keep_separate_published_and_seen_times()
    {
        var c = StoryClusterer.Create(options: new ClusteringOptions { ActiveWindow = TimeSpan.FromDays(7) });
        var seen = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var first = c.Add(A("1", "en", T0) with { IngestedAt = seen }, QuakeEn);
        var state = Assert.Single(c.TakeChangedStories());
        Assert.Equal(T0, state.PublishedFrom);
        Assert.Equal(seen, state.FirstSeen);
        // 300 unrelated articles over the next weeks, then the quake story is no longer active
        for (int i = 0; i < 300; i++)
            c.Add(A("x" + i, "en", T0.AddDays(10 + (i / 30))) with { IngestedAt = seen.AddDays(10 + (i / 30)) }, V((FeatureKind.Name, "4:x" + i, 1)));
        Assert.True(c.ActiveStories < c.StoryCount, "no story was retired");
        var late = c.Add(A("2", "ru", T0.AddDays(20)) with { IngestedAt = seen.AddDays(20) }, QuakeRu);
        Assert.NotEqual(first.StoryId, late.StoryId);
    }

    [Fact]
    public void The_same_input_in_the_same_order_gives_the_same_assignments()
    {
        static List<long> Run()
        {
            var c = StoryClusterer.Create();
            return new[] { QuakeEn, QuakeRu, QuakeEn, QuakeRu }.Select((v, i) => c.Add(A(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i % 2 == 0 ? "en" : "ru"), v).StoryId).ToList();
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void The_scorer_explains_a_join_with_each_feature_and_the_shared_keys()
    {
        var c = StoryClusterer.Create();
        c.Add(A("1", "en"), QuakeEn);
        var b = c.Add(A("2", "ru"), QuakeRu);
        Assert.False(b.NewStory);
        var e = b.Evidence!;
        Assert.Equal("joined", e.Decision);
        Assert.Contains(e.Features, f => f.Feature == "place_overlap" && f.Value > 0);
        Assert.Contains(FeatureVector.Key(FeatureKind.Place, "C:America/Lima"), e.SharedKeys);
        double logit = e.Bias + e.Features.Sum(f => f.Contribution);
        Assert.Equal(e.Probability, 1 / (1 + Math.Exp(-logit)), 2);
    }

    [Fact]
    public void A_headline_whose_keys_the_other_report_carries_raises_the_score()
    {
        // the same two bodies; the Russian report's headline names the place and the magnitude, or only a word of its own
        var c = StoryClusterer.Create();
        var namingTitle = V((FeatureKind.Place, "C:America/Lima", 1), (FeatureKind.Number, "6.1", 1), (FeatureKind.Word, "ru:землет", 1));
        var otherTitle = V((FeatureKind.Word, "ru:сегодня", 1));
        var enTitle = V((FeatureKind.Word, "en:earthquake", 1), (FeatureKind.Place, "C:America/Lima", 1));
        int k = Array.IndexOf(Evidence.Names, "title_in_body");
        var x = new double[Evidence.Count];
        c.PairFeatures(QuakeRu, namingTitle, "ru", QuakeEn, enTitle, "en", x);
        double naming = x[k];
        c.PairFeatures(QuakeRu, otherTitle, "ru", QuakeEn, enTitle, "en", x);
        double other = x[k];
        Assert.InRange(naming, 0, 1);
        Assert.True(naming > other, $"title_in_body {naming:F3} with a headline naming the event, {other:F3} without");
        Assert.True(c.Similarity(QuakeRu, namingTitle, "ru", QuakeEn, enTitle, "en") > c.Similarity(QuakeRu, otherTitle, "ru", QuakeEn, enTitle, "en"),
            "a headline whose place and number the other report carries did not raise the probability");
    }

    [Fact]
    public void Concepts_are_no_evidence_where_a_lexicon_reads_a_side_thinly_and_count_both_ways_where_it_reads_both()
    {
        // a cross-language pair with fair neutral evidence; only the concept similarity and the concept coverage vary
        var scorer = StoryScorer.Default;
        Assert.True(scorer.ConceptCoverageGate > 0, "the shipped scorer has a concept coverage gate");
        int cos = Array.IndexOf(Evidence.Names, "concept_cos"), sqrt = Array.IndexOf(Evidence.Names, "sqrt_concept_cos");
        double P(double c, double coverage)
        {
            var x = new double[Evidence.Count];
            x[Array.IndexOf(Evidence.Names, "neutral_cos")] = 0.3;
            x[Array.IndexOf(Evidence.Names, "sqrt_neutral_cos")] = Math.Sqrt(0.3);
            x[Array.IndexOf(Evidence.Names, "cross_neutral")] = 0.3;
            x[Array.IndexOf(Evidence.Names, "place_overlap")] = 1;
            x[Evidence.ConceptCoverage] = coverage;
            x[cos] = c;
            x[sqrt] = Math.Sqrt(c);
            return scorer.Probability(x);
        }
        // a side the lexicon reads thinly (a Hebrew or Greek report): whatever is shared, the concepts say nothing
        double thin = scorer.ConceptCoverageGate / 2;
        foreach (var c in new[] { 0, 0.03, 0.3, 1.0 })
            Assert.Equal(P(double.NaN, thin), P(c, thin), 12);
        // both sides well read: sharing no concept counts against, sharing more raises the probability (up to 0.5: the
        // fitted cosine/square-root pair bends down above that, a range few pairs reach)
        double well = scorer.ConceptCoverageGate + 0.2;
        double previous = P(0, well);
        foreach (var c in new[] { 0.01, 0.03, 0.07, 0.15, 0.3, 0.5 })
        {
            double p = P(c, well);
            Assert.True(p >= previous - 1e-12, $"concept cosine {c}: {p:F4} below a smaller cosine's {previous:F4}");
            previous = p;
        }
        Assert.True(P(0, well) < P(double.NaN, well), "sharing no concept between well-read sides is no evidence against");
        Assert.True(P(0.5, well) > P(double.NaN, well), "sharing half the concepts adds no evidence");
    }
}
