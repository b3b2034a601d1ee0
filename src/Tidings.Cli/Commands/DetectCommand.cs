using System.CommandLine;
using System.Text;
using System.Text.Json;
using Tidings.LanguageId;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings detect</c> and <c>tidings eval lid</c>.</summary>
internal static class DetectCommand
{
    internal static void Register(RootCommand root, Command eval)
    {
        var path = new Argument<string>("path") { Description = "A text file, or - for standard input." };
        var lines = new Option<bool>("--lines") { Description = "Each input line is one text; prints one tag per line, in order." };
        var json = new Option<bool>("--json") { Description = "JSON: language, script, confidence, alternatives." };
        var cmd = new Command("detect", "Tell the language of a text.");
        cmd.Arguments.Add(path);
        cmd.Options.Add(lines);
        cmd.Options.Add(json);
        cmd.SetAction(pr => Run(pr.GetValue(path)!, pr.GetValue(lines), pr.GetValue(json)));
        root.Subcommands.Add(cmd);
    }

    private static int Run(string path, bool lines, bool json)
    {
        TextReader reader;
        try
        {
            reader = path == "-" ? new StreamReader(Console.OpenStandardInput(), Encoding.UTF8) : new StreamReader(path, Encoding.UTF8, true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: {(e is FileNotFoundException ? "no such file" : e.Message)}");
            return 1;
        }
        var detector = LanguageDetector.Create();
        using (reader)
        {
            if (lines)
            {
                string? line;
                while ((line = reader.ReadLine()) is not null)
                    Print(detector.Detect(line), json);
            }
            else
            {
                Print(detector.Detect(reader.ReadToEnd()), json);
            }
        }
        return 0;
    }

    private static void Print(LanguageResult r, bool json)
    {
        if (!json)
        {
            Console.Out.WriteLine(r.Tag.ToString());
            return;
        }
        var obj = new
        {
            language = r.Tag.ToString(),
            script = r.Script,
            confidence = r.Confidence,
            alternatives = r.Alternatives.Select(a => new { language = a.Tag.ToString(), confidence = a.Confidence }),
        };
        Console.Out.WriteLine(JsonSerializer.Serialize(obj, Safe.Json));
    }
}
