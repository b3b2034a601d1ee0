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
    }

    private static int Run(string[] paths, bool json)
    {
        var extractor = Extractor.Create();
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
                    w.WriteString("language", article.DeclaredLanguage);
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
