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
            else if (c is '\u00AD' or '\u200B' or '\u2060' or '\uFEFF' or '\u180E')
                continue; // soft hyphen and zero-width spaces: invisible, but counted as a column by the table layout
            else if (char.IsControl(c) || c is '\u2028' or '\u2029' or '\u202E' or '\u202D' or '\u2066' or '\u2067' or '\u2068')
                sb.Append(c is '\t' or '\n' or '\r' ? ' ' : '\uFFFD');
            else
                sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A Spectre console on the current standard output (so that redirection, and tests, see its output). Colour
    /// and styling only on a terminal: never when the output is a pipe or a file, with NO_COLOR set (no-color.org) or
    /// with TERM=dumb.</summary>
    internal static Spectre.Console.IAnsiConsole Console()
    {
        bool plain = !Styled;
        return Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings
        {
            Out = new Spectre.Console.AnsiConsoleOutput(System.Console.Out),
            Ansi = plain ? Spectre.Console.AnsiSupport.No : Spectre.Console.AnsiSupport.Detect,
            ColorSystem = plain ? Spectre.Console.ColorSystemSupport.NoColors : Spectre.Console.ColorSystemSupport.Detect,
            Interactive = plain ? Spectre.Console.InteractionSupport.No : Spectre.Console.InteractionSupport.Detect,
        });
    }

    /// <summary>Whether standard output may carry colour and styling escape codes.</summary>
    internal static bool Styled =>
        StyledFor(System.Console.IsOutputRedirected, Environment.GetEnvironmentVariable("NO_COLOR"), Environment.GetEnvironmentVariable("TERM"));

    /// <summary>Styling on a terminal only, never with a non-empty NO_COLOR, never on TERM=dumb.</summary>
    internal static bool StyledFor(bool redirected, string? noColor, string? term) =>
        !redirected && string.IsNullOrEmpty(noColor) && !string.Equals(term, "dumb", StringComparison.Ordinal);

    /// <summary>"1 article", "2 articles".</summary>
    internal static string Count(long n, string singular, string? plural = null) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{n} {(n == 1 ? singular : plural ?? singular + "s")}");

    /// <summary>Terminal-safe text, escaped for Spectre.Console markup.</summary>
    internal static string Markup(string? text) => Spectre.Console.Markup.Escape(Terminal(text));
}
