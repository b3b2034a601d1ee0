using System.CommandLine;
using System.Text.Json;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.Ingest;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings extract</c> and <c>tidings eval extraction</c>.</summary>
internal static class ExtractCommand
{
    internal static void Register(RootCommand root, Command eval)
    {
        var paths = new Argument<string[]>("path") { Description = "Files or folders of .html/.txt pages (.gz too), or - for standard input.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per input file, one per line." };
        var cmd = new Command("extract", "Keep the article and drop the page furniture: prints the title line, then the body.");
        cmd.Arguments.Add(paths);
        cmd.Options.Add(json);
        cmd.SetAction(pr => Run(pr.GetValue(paths)!, pr.GetValue(json)));
        root.Subcommands.Add(cmd);

        var dataset = new Argument<string>("dataset") { Description = "Folder with evaldata.json and html/*.gz (the trafilatura evaluation format)." };
        var withTitle = new Option<bool>("--with-title") { Description = "Score the title line plus the body instead of the body alone." };
        var errors = new Option<bool>("--errors") { Description = "List, per page, the wanted snippets missed and the unwanted ones kept (to standard error)." };
        var evalCmd = new Command("extraction", "Precision, recall and F1 of extraction on a with/without-snippet dataset, and pages/s.");
        evalCmd.Arguments.Add(dataset);
        evalCmd.Options.Add(withTitle);
        evalCmd.Options.Add(errors);
        evalCmd.SetAction(pr => Evaluate(pr.GetValue(dataset)!, pr.GetValue(withTitle), pr.GetValue(errors)));
        eval.Subcommands.Add(evalCmd);
    }

    private static int Evaluate(string dataset, bool withTitle, bool errors)
    {
        if (!File.Exists(Path.Combine(dataset, "evaldata.json")))
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(dataset)}: no evaldata.json there");
            return 2;
        }
        var details = errors ? new List<PageScore>() : null;
        var score = ExtractionEvaluation.Run(dataset, Extractor.Create(), withTitle, details);
        if (details is not null)
        {
            foreach (var page in details.Where(d => d.MissedWith.Length > 0 || d.FoundWithout.Length > 0))
            {
                Console.Error.WriteLine($"{Safe.Terminal(page.File)} ({page.Text.Length} chars)");
                foreach (var m in page.MissedWith)
                    Console.Error.WriteLine($"  FN {Safe.Terminal(m)}");
                foreach (var f in page.FoundWithout)
                    Console.Error.WriteLine($"  FP {Safe.Terminal(f)}");
            }
        }
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Console.Out.WriteLine(string.Create(inv, $"pages      {score.Pages} ({score.Failed} rejected)"));
        Console.Out.WriteLine(string.Create(inv, $"scored     {(withTitle ? "title + body" : "body")}"));
        Console.Out.WriteLine(string.Create(inv, $"TP {score.TruePositives}  FN {score.FalseNegatives}  FP {score.FalsePositives}  TN {score.TrueNegatives}"));
        Console.Out.WriteLine(string.Create(inv, $"precision  {score.Precision:F4}"));
        Console.Out.WriteLine(string.Create(inv, $"recall     {score.Recall:F4}"));
        Console.Out.WriteLine(string.Create(inv, $"F1         {score.F1:F4}"));
        Console.Out.WriteLine(string.Create(inv, $"pages/s    {score.PagesPerSecond:F1} (one thread, extraction only)"));
        return 0;
    }

    private static int Run(string[] paths, bool json)
    {
        var extractor = Extractor.Create();
        var detector = new Lazy<Tidings.LanguageId.LanguageDetector>(Tidings.LanguageId.LanguageDetector.Create);
        int failures = 0;
        using var stdout = Console.OpenStandardOutput();
        foreach (var input in PageSource.Read(paths))
        {
            ExtractedArticle? article = null;
            string? error = input.Error;
            if (input.Document is { } raw)
            {
                try
                {
                    article = extractor.Extract(raw);
                }
                catch (DocumentRejectedException e)
                {
                    error = e.Message;
                }
            }
            if (article is null)
            {
                failures++;
                Console.Error.WriteLine($"tidings: {Safe.Terminal(input.Path)}: {error}");
                continue;
            }
            foreach (var w in article.Warnings)
                Console.Error.WriteLine($"tidings: warning: {Safe.Terminal(input.Path)}: {Safe.Terminal(w)}");
            if (json)
            {
                using (var w = new Utf8JsonWriter(stdout, Safe.Writer))
                {
                    w.WriteStartObject();
                    w.WriteString("path", input.Path);
                    w.WriteString("title", article.Title);
                    w.WriteString("text", article.Text);
                    w.WriteString("date", article.Published?.ToString("yyyy-MM-ddTHH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture));
                    w.WriteString("author", article.Author);
                    w.WriteString("site", article.Site);
                    w.WriteString("url", article.Url);
                    w.WriteString("language", detector.Value.Detect(article.Title + "\n" + article.Text).Tag.ToString());
                    w.WriteString("declared_language", article.DeclaredLanguage);
                    w.WriteEndObject();
                }
                stdout.WriteByte((byte)'\n');
                stdout.Flush();
            }
            else
            {
                Console.Out.WriteLine(Safe.Terminal(article.Title));
                Console.Out.WriteLine(Safe.Terminal(article.Text, keepNewlines: true));
                Console.Out.WriteLine();
                Console.Out.Flush();
            }
        }
        return failures == 0 ? 0 : 1;
    }
}
