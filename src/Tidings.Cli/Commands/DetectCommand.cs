using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.LanguageId;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings detect</c> and <c>tidings eval lid</c>.</summary>
internal static class DetectCommand
{
    /// <summary>Largest input <c>detect</c> reads; the detector samples long texts anyway.</summary>
    private const long MaxInputChars = 256L * 1024 * 1024;

    internal static void Register(RootCommand root, Command eval)
    {
        var path = new Argument<string>("path") { Description = "A text or HTML file (.gz too), or - for standard input." };
        var lines = new Option<bool>("--lines") { Description = "Each input line is one text; prints one tag per line, in order." };
        var json = new Option<bool>("--json") { Description = "JSON: language, script, confidence, alternatives (and paragraphs that differ)." };
        var cmd = new Command("detect", "Tell the language of a text.");
        cmd.Arguments.Add(path);
        cmd.Options.Add(lines);
        cmd.Options.Add(json);
        cmd.SetAction(pr => Run(pr.GetValue(path)!, pr.GetValue(lines), pr.GetValue(json)));
        root.Subcommands.Add(cmd);

        var dir = new Argument<string>("dir") { Description = "A folder of <code>.txt files, one sentence a line (e.g. ../shared/data/lid-dev)." };
        var docs = new Option<int>("--sentences") { Description = "Join this many lines into one text (documents); default 1.", DefaultValueFactory = _ => 1 };
        var lid = new Command("lid", "Language identification accuracy per language, the mean, and the worst confusions.");
        lid.Arguments.Add(dir);
        lid.Options.Add(docs);
        lid.SetAction(pr => Eval(pr.GetValue(dir)!, Math.Max(1, pr.GetValue(docs))));
        eval.Subcommands.Add(lid);
    }

    private static int Run(string path, bool lines, bool json)
    {
        var input = ReadText(path);
        if (input.Error is { } error)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(path)}: {error}");
            return input.Exit;
        }
        var detector = LanguageDetector.Create();
        if (lines)
        {
            foreach (var line in input.Text!.Split('\n'))
                Print(detector.Detect(line.TrimEnd('\r')), json);
        }
        else
        {
            Print(detector.DetectDocument(input.Text), json);
        }
        return 0;
    }

    /// <summary>What <c>detect</c> reads, or why it cannot (with the exit code: 2 for a wrong argument, 1 for input that
    /// is not text). Read like <c>ingest</c> reads: a .gz is decompressed, the bytes decoded (UTF-8, UTF-16, legacy
    /// encodings), binary refused; an HTML page is reduced to its article (title and text), so markup does not vote.</summary>
    internal static (string? Text, string? Error, int Exit) ReadText(string path)
    {
        if (path != "-" && Directory.Exists(path))
            return (null, "is a folder; detect reads one text (a file, or - for standard input)", 2);
        var page = PageSource.ReadOne(path);
        if (page.Document is not { } raw)
            return (null, page.Error, 1);
        if (raw.Content.Length > MaxInputChars)
            return (null, $"input larger than {MaxInputChars / (1024 * 1024)} MiB; use --lines or split it", 1);
        string text;
        ContentKind kind;
        try
        {
            text = Extractor.Decode(raw, out kind);
        }
        catch (DocumentRejectedException e)
        {
            return (null, e.Message == "empty file" ? "empty input, no text to detect" : e.Message, 1);
        }
        if (kind == ContentKind.Html)
        {
            var article = Extractor.Create().Extract(text, isHtml: true);
            text = article.Title.Length == 0 ? article.Text : article.Title + "\n" + article.Text;
            if (text.Trim().Length == 0)
                return (null, "an HTML page without article text", 1);
        }
        if (text.Trim().Length == 0)
            return (null, "empty input, no text to detect", 1);
        return (text, null, 0);
    }

    private static void Print(LanguageResult r, bool json)
    {
        if (!json)
        {
            Console.Out.WriteLine(r.Tag.ToString());
            return;
        }
        var obj = new Dictionary<string, object>
        {
            ["language"] = r.Tag.ToString(),
            ["script"] = r.Script,
            ["confidence"] = r.Confidence,
            ["alternatives"] = r.Alternatives.Select(a => new { language = a.Tag.ToString(), confidence = a.Confidence }).ToArray(),
        };
        if (r.Segments.Count > 1)
        {
            obj["paragraphs"] = r.Segments.Select(s => new { start = s.Start, length = s.Length, language = s.Result.Tag.ToString(), confidence = s.Result.Confidence }).ToArray();
        }
        Console.Out.WriteLine(JsonSerializer.Serialize(obj, Safe.Json));
    }

    private static int Eval(string dir, int sentences)
    {
        if (!Directory.Exists(dir))
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(dir)}: no such folder");
            return 1;
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var ev = LanguageIdEvaluation.Run(LanguageDetector.Create(), dir, sentences);
        var inv = CultureInfo.InvariantCulture;
        foreach (var l in ev.Languages)
            Console.Out.WriteLine(string.Format(inv, "{0,-8} {1,7:P2}  ({2}/{3})", l.Code, l.Accuracy, l.Correct, l.Texts));
        Console.Out.WriteLine(string.Format(inv, "mean     {0,7:P2}  over {1} languages; worst {2} {3:P2}; {4:F1} s", ev.Mean, ev.Languages.Count, ev.Worst.Code, ev.Worst.Accuracy, sw.Elapsed.TotalSeconds));
        Console.Out.WriteLine("calibration (confidence: texts, accuracy):");
        foreach (var b in ev.Calibration.Where(b => b.Texts > 0))
            Console.Out.WriteLine(string.Format(inv, "  [{0:F1}, {1:F1}): {2,6} {3,7:P2}", b.From, b.To, b.Texts, b.Accuracy));
        Console.Out.WriteLine("worst confusions (expected -> got: count):");
        foreach (var c in ev.Confusions.Take(20))
            Console.Out.WriteLine(string.Format(inv, "  {0} -> {1}: {2}", c.Expected, c.Got, c.Count));
        return 0;
    }
}
