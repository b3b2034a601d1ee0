using System.Globalization;
using System.Text.Json;
using Tidings.Core;
using Tidings.Text;

namespace Tidings.Cli.Commands;

/// <summary>A key mention of a story: a name or place, how many of the story's reports mention it, and the form to
/// show (the requested language's where a report in it has one, else the most frequent).</summary>
internal sealed record CardMention(string Text, string Kind, string Key, int Reports);

/// <summary>One feature's part in a join decision, as the store keeps it.</summary>
internal sealed record WhyFeature(string Name, double Value, double Contribution);

/// <summary>Why an article is in its story: the decision, the probability against the threshold, each feature's
/// contribution to the logit, and the shared keys made readable.</summary>
internal sealed record Why(string Decision, double Probability, double Threshold, IReadOnlyList<WhyFeature> Features,
    IReadOnlyList<(string Key, string Text)> Shared, int? CopyDistance, string? Refusal);

/// <summary>What `tidings show` prints about a story besides what the store keeps on it (reports and copies, the
/// publication and arrival ranges): the title in a requested language, languages and sources with counts, key
/// mentions, and per article the evidence that put it there. Mentions and readable shared keys come from analysing the stored articles again (the text analysis
/// is a pure function of the page), at most <see cref="MaxAnalyzed"/> of them, most central first.</summary>
internal sealed class StoryCard
{
    internal const int MaxAnalyzed = 60;
    internal const int MaxMentions = 8;

    private StoryCard() { }

    public required string Title { get; init; }
    public required IReadOnlyList<(string Name, int Count)> Sources { get; init; }
    public required IReadOnlyList<(string Language, int Count)> Languages { get; init; }
    public required IReadOnlyList<CardMention> Mentions { get; init; }
    public required IReadOnlyDictionary<string, Why?> Evidence { get; init; }

    internal static StoryCard Build(Story story, IReadOnlyList<Article> articles, string? language, FeatureExtractor features)
    {
        var lang = string.IsNullOrWhiteSpace(language) ? null : LanguageTag.Parse(language).Language;
        // the title: the most central report's in the requested language when there is one, else the story's
        var title = story.Title;
        if (lang is not null)
        {
            var inLanguage = articles.Where(a => !a.IsCopy && a.Language.Language == lang && a.Title.Length > 0)
                .OrderByDescending(a => a.Centrality).FirstOrDefault();
            if (inLanguage is not null)
                title = inLanguage.Title;
        }
        // without a requested language, mentions are shown as the title's article writes them
        lang ??= articles.FirstOrDefault(a => a.Title == title)?.Language.Language;
        var analyzed = articles.OrderBy(a => a.IsCopy).ThenByDescending(a => a.Centrality).Take(MaxAnalyzed)
            .Select(a => (Article: a, Analysis: features.Inspect(a.Title, a.Text, a.Language.Language, a.Published)))
            .ToList();

        // key mentions: names and places by the number of reports (copies repeat a report) that carry them
        var mentions = new Dictionary<(string Kind, string Key), (HashSet<string> Reports, Dictionary<string, int> Forms, Dictionary<string, int> FormsInLanguage, int Count)>();
        foreach (var (article, analysis) in analyzed)
        {
            foreach (var k in analysis.Keys)
            {
                if (k.Kind is not ("name" or "place"))
                    continue;
                if (!mentions.TryGetValue((k.Kind, k.Key), out var m))
                    mentions[(k.Kind, k.Key)] = m = ([], new(StringComparer.Ordinal), new(StringComparer.Ordinal), 0);
                if (!article.IsCopy)
                    m.Reports.Add(article.Id);
                foreach (var o in k.Occurrences)
                {
                    m.Forms[o.Text] = m.Forms.GetValueOrDefault(o.Text) + 1;
                    if (lang is not null && article.Language.Language == lang)
                        m.FormsInLanguage[o.Text] = m.FormsInLanguage.GetValueOrDefault(o.Text) + 1;
                }
                mentions[(k.Kind, k.Key)] = m with { Count = m.Count + k.Occurrences.Count };
            }
        }
        static string Top(Dictionary<string, int> forms) =>
            forms.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).First().Key;
        var top = mentions
            .OrderByDescending(m => m.Value.Reports.Count).ThenByDescending(m => m.Value.Count).ThenBy(m => m.Key.Key, StringComparer.Ordinal)
            .Take(MaxMentions)
            .Select(m => new CardMention(Top(m.Value.FormsInLanguage.Count > 0 ? m.Value.FormsInLanguage : m.Value.Forms), m.Key.Kind, m.Key.Key, m.Value.Reports.Count))
            .ToList();

        var forms = analyzed.ToDictionary(x => x.Article.Id, x => x.Analysis.Forms, StringComparer.Ordinal);
        var evidence = articles.ToDictionary(a => a.Id, a => ParseWhy(a.Evidence, forms.GetValueOrDefault(a.Id)), StringComparer.Ordinal);
        return new StoryCard
        {
            Title = title,
            Sources = articles.GroupBy(a => a.Source ?? "", StringComparer.OrdinalIgnoreCase).Where(g => g.Key.Length > 0)
                .Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList(),
            Languages = articles.GroupBy(a => a.Language.ToString(), StringComparer.Ordinal)
                .Select(g => (g.Key, g.Count())).OrderByDescending(g => g.Item2).ThenBy(g => g.Key, StringComparer.Ordinal).ToList(),
            Mentions = top,
            Evidence = evidence,
        };
    }

    /// <summary>The stored evidence (JSON written by the story engine), with shared keys turned back into the
    /// article's words where its analysis has them; null when the article has none or it does not parse.</summary>
    internal static Why? ParseWhy(string? json, IReadOnlyDictionary<ulong, string>? forms)
    {
        if (string.IsNullOrEmpty(json))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                return null;
            var list = new List<WhyFeature>();
            if (root.TryGetProperty("features", out var fs) && fs.ValueKind == JsonValueKind.Array)
            {
                foreach (var f in fs.EnumerateArray())
                {
                    if (f.ValueKind == JsonValueKind.Object && f.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String)
                        list.Add(new WhyFeature(n.GetString()!, Number(f, "value"), Number(f, "contribution")));
                }
            }
            var shared = new List<(string, string)>();
            if (root.TryGetProperty("shared_keys", out var ks) && ks.ValueKind == JsonValueKind.Array)
            {
                foreach (var k in ks.EnumerateArray())
                {
                    if (k.ValueKind != JsonValueKind.String)
                        continue;
                    var hex = k.GetString()!;
                    string text = ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var key) && forms?.TryGetValue(key, out var form) == true
                        ? form : "#" + hex;
                    shared.Add((hex, text));
                }
            }
            return new Why(
                root.TryGetProperty("decision", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString()! : "?",
                Number(root, "probability"), Number(root, "threshold"), list, shared,
                root.TryGetProperty("copy_distance", out var c) && c.TryGetInt32(out int cd) ? cd : null,
                root.TryGetProperty("refusal", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static double Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double x) ? x : 0;
}
