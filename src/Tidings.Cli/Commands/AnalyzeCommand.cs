using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Tidings.Core;
using Tidings.Ingest;
using Tidings.Text;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings analyze FILE|- [--json]</c>: what the text analysis finds in one page, read and extracted as
/// <c>ingest</c> does (the same pipeline): language, token count, and every language-neutral key with its kind,
/// occurrences and surface forms.</summary>
internal static class AnalyzeCommand
{
    internal static void Register(RootCommand root)
    {
        var path = new Argument<string>("path") { Description = "A page (text, HTML, .gz), or - for standard input." };
        var json = new Option<bool>("--json") { Description = "JSON: language, tokens, keys (kind, key, value, count, forms, offsets), mentions, concepts, dates, numbers." };
        var lang = Args.Language("--lang", "Analyze as this language instead of the detected one.");
        var published = new Option<string?>("--published")
        {
            Description = "Publication date (yyyy-mm-dd): relative dates (yesterday, on Monday) resolve against it, and a date without a year gets one.",
            CustomParser = r =>
            {
                var token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
                if (DateTimeOffset.TryParse(token, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _))
                    return token;
                r.AddError($"--published needs a date such as 2020-08-31, not '{Safe.Terminal(token)}'");
                return null;
            },
        };
        var cmd = new Command("analyze", "Show what the text analysis finds in a page: names, places, concepts, dates and numbers with their language-neutral keys.");
        cmd.Arguments.Add(path);
        cmd.Options.Add(json);
        cmd.Options.Add(lang);
        cmd.Options.Add(published);
        cmd.SetAction(pr => Run(pr.GetValue(path)!, pr.GetValue(json), pr.GetValue(lang), pr.GetValue(published)));
        root.Subcommands.Add(cmd);
    }

    private static int Run(string path, bool json, string? lang, string? published)
    {
        if (path != "-" && Directory.Exists(path))
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: is a folder; analyze reads one page (a file, or - for standard input)");
            return 2;
        }
        var page = PageSource.ReadOne(path);
        if (page.Document is not { } raw)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: {page.Error}");
            return 1;
        }
        DateTimeOffset? date = published is null ? null : DateTimeOffset.Parse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        if (lang is not null || date is not null)
            raw = raw with { Hints = new DocumentHints { Language = lang is null ? null : LanguageTag.Parse(lang), Published = date } };
        var document = new Document(raw);
        var pipeline = Ingestor.StandardPipeline();
        try
        {
            pipeline.Process(document);
        }
        catch (DocumentRejectedException e)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: {e.Message}");
            return 1;
        }
        var features = pipeline.Stages.OfType<FeatureExtractor>().Single();
        var analysis = features.Inspect(document.Title, document.FeatureText, document.Language.Language, document.Published);
        if (json)
            PrintJson(path, document, analysis);
        else
            PrintTable(path, document, analysis);
        return 0;
    }

    private static void PrintJson(string path, Document document, TextAnalysis analysis)
    {
        static string Field(TextOccurrence o) => o.InTitle ? "title" : "text";
        var keys = analysis.Keys.Select(k => new Dictionary<string, object?>
        {
            ["kind"] = k.Kind,
            ["key"] = k.Key,
            ["value"] = k.Value,
            ["count"] = k.Occurrences.Count,
            ["forms"] = k.Forms,
            ["at"] = k.Occurrences.Select(o => new Dictionary<string, object> { ["field"] = Field(o), ["start"] = o.Start, ["length"] = o.Length, ["text"] = o.Text }).ToArray(),
        }).ToArray();
        var obj = new Dictionary<string, object?>
        {
            ["path"] = path,
            ["language"] = analysis.Language,
            ["title"] = document.Title,
            ["published"] = document.Published?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["tokens"] = analysis.Tokens,
            ["keys"] = keys,
            ["mentions"] = analysis.Keys.Where(k => k.Kind is "name" or "place")
                .Select(k => new Dictionary<string, object> { ["text"] = k.Forms[0], ["key"] = k.Key, ["kind"] = k.Kind, ["count"] = k.Occurrences.Count }).ToArray(),
            ["concepts"] = analysis.Keys.Where(k => k.Kind == "concept")
                .Select(k => new Dictionary<string, object> { ["text"] = k.Forms[0], ["key"] = k.Key, ["count"] = k.Occurrences.Count }).ToArray(),
            ["dates"] = analysis.Keys.Where(k => k.Kind == "date")
                .SelectMany(k => k.Occurrences.Select(o => new Dictionary<string, object?> { ["text"] = o.Text, ["value"] = k.Key, ["full"] = k.Value })).ToArray(),
            ["numbers"] = analysis.Keys.Where(k => k.Kind == "number")
                .SelectMany(k => k.Occurrences.Select(o => new Dictionary<string, object?> { ["text"] = o.Text, ["value"] = k.Key, ["unit"] = k.Value })).ToArray(),
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(obj, Safe.Json));
    }

    private static void PrintTable(string path, Document document, TextAnalysis analysis)
    {
        var inv = CultureInfo.InvariantCulture;
        Console.Out.WriteLine(Safe.Terminal(path));
        Console.Out.WriteLine(string.Format(inv, "language {0}, {1} tokens, {2} keys; title: {3}", analysis.Language, analysis.Tokens, analysis.Keys.Count, Safe.Terminal(document.Title)));
        Console.Out.WriteLine(string.Format(inv, "{0,-8} {1,-24} {2,-12} {3,5}  {4}", "kind", "key", "value", "count", "forms"));
        foreach (var kind in new[] { "name", "place", "date", "number", "concept", "token" })
        {
            foreach (var k in analysis.Keys.Where(k => k.Kind == kind))
            {
                var forms = string.Join(", ", k.Forms.Take(5).Select(f => Safe.Terminal(f)));
                if (k.Forms.Count > 5)
                    forms += ", …";
                Console.Out.WriteLine(string.Format(inv, "{0,-8} {1,-24} {2,-12} {3,5}  {4}", kind, Safe.Terminal(k.Key), Safe.Terminal(k.Value ?? ""), k.Occurrences.Count, forms));
            }
        }
    }
}
