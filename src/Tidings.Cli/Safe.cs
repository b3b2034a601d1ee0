using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;

namespace Tidings.Cli;

/// <summary>Article text is untrusted: everything shown on a terminal or written as JSON goes through here.</summary>
internal static class Safe
{
    /// <summary>JSON options that keep every script readable but escape HTML-sensitive and control characters.</summary>
    internal static readonly JsonSerializerOptions Json = new()
    {
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
        WriteIndented = false,
    };

    internal static readonly JsonWriterOptions Writer = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    /// <summary>Drops control characters (ANSI escapes, bells, carriage returns) so text cannot drive the terminal;
    /// keeps newlines only when asked.</summary>
    internal static string Terminal(string? text, bool keepNewlines = false)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (c == '\n' && keepNewlines)
                sb.Append(c);
            else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068')
                sb.Append(c is '\t' or '\n' or '\r' ? ' ' : '\uFFFD');
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A Spectre console on the current standard output (so that redirection, and tests, see its output).</summary>
    internal static Spectre.Console.IAnsiConsole Console() =>
        Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(System.Console.Out) });

    /// <summary>Terminal-safe text, escaped for Spectre.Console markup.</summary>
    internal static string Markup(string? text) => Spectre.Console.Markup.Escape(Terminal(text));
}
