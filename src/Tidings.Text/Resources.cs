using System.IO.Compression;

namespace Tidings.Text;

/// <summary>Reads the gzip'd data files embedded in this assembly (their sources, licences and sizes: docs/text-analysis.md, "Lexicons").</summary>
internal static class Resources
{
    internal static bool Exists(string name) =>
        typeof(Resources).Assembly.GetManifestResourceInfo("Tidings.Text.Data." + name) is not null;

    /// <summary>The embedded file as it is stored (the caller disposes it).</summary>
    internal static Stream Open(string name)
    {
        var asm = typeof(Resources).Assembly;
        return asm.GetManifestResourceStream("Tidings.Text.Data." + name)
            ?? throw new InvalidOperationException($"embedded data file '{name}' is missing from {asm.GetName().Name}");
    }

    /// <summary>The non-empty lines of an embedded gzip'd text file.</summary>
    internal static IEnumerable<string> Lines(string name) => GzipLines(Open(name));

    /// <summary>The lines of an embedded plain UTF-8 text file that are neither empty nor comments (#).</summary>
    internal static IEnumerable<string> TextLines(string name)
    {
        using var reader = new StreamReader(Open(name));
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0 && line[0] != '#')
                yield return line;
        }
    }

    /// <summary>The non-empty lines of a gzip'd UTF-8 stream, which is disposed at the end.</summary>
    internal static IEnumerable<string> GzipLines(Stream stream)
    {
        using var gz = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gz, bufferSize: 1 << 16);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0)
                yield return line;
        }
    }
}

/// <summary>Stopword lists per language (stopwords-iso).</summary>
internal static class Stopwords
{
    private static readonly Lazy<Dictionary<string, HashSet<string>>> Lists = new(() =>
    {
        var d = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var line in Resources.Lines("stopwords.tsv.gz"))
        {
            var parts = line.Split('\t');
            d[parts[0]] = new HashSet<string>(parts.Skip(1), StringComparer.Ordinal);
        }
        return d;
    });

    private static readonly HashSet<string> None = [];

    /// <summary>The stopwords of a language (lower case), or an empty set.</summary>
    internal static HashSet<string> For(string language) => Lists.Value.TryGetValue(language, out var s) ? s : None;
}

/// <summary>The function words of a language: Lucene's stop sets (Lucene.Net.Analysis.Common, mostly Snowball's lists),
/// far shorter than stopwords-iso's, which also hold content words (ru война, мир; es acuerdo; en year, problem). A
/// stopword that is no function word is still looked up in the concept lexicon. A language without a Lucene set has
/// only stopwords-iso's, all of them function words.</summary>
internal static class FunctionWords
{
    private static readonly Dictionary<string, Func<Lucene.Net.Analysis.Util.CharArraySet>> Sets = new(StringComparer.Ordinal)
    {
        ["en"] = () => Lucene.Net.Analysis.En.EnglishAnalyzer.DefaultStopSet,
        ["de"] = () => Lucene.Net.Analysis.De.GermanAnalyzer.DefaultStopSet,
        ["fr"] = () => Lucene.Net.Analysis.Fr.FrenchAnalyzer.DefaultStopSet,
        ["es"] = () => Lucene.Net.Analysis.Es.SpanishAnalyzer.DefaultStopSet,
        ["it"] = () => Lucene.Net.Analysis.It.ItalianAnalyzer.DefaultStopSet,
        ["pt"] = () => Lucene.Net.Analysis.Pt.PortugueseAnalyzer.DefaultStopSet,
        ["nl"] = () => Lucene.Net.Analysis.Nl.DutchAnalyzer.DefaultStopSet,
        ["sv"] = () => Lucene.Net.Analysis.Sv.SwedishAnalyzer.DefaultStopSet,
        ["da"] = () => Lucene.Net.Analysis.Da.DanishAnalyzer.DefaultStopSet,
        ["no"] = () => Lucene.Net.Analysis.No.NorwegianAnalyzer.DefaultStopSet,
        ["nb"] = () => Lucene.Net.Analysis.No.NorwegianAnalyzer.DefaultStopSet,
        ["fi"] = () => Lucene.Net.Analysis.Fi.FinnishAnalyzer.DefaultStopSet,
        ["hu"] = () => Lucene.Net.Analysis.Hu.HungarianAnalyzer.DefaultStopSet,
        ["ru"] = () => Lucene.Net.Analysis.Ru.RussianAnalyzer.DefaultStopSet,
        ["tr"] = () => Lucene.Net.Analysis.Tr.TurkishAnalyzer.DefaultStopSet,
        ["ro"] = () => Lucene.Net.Analysis.Ro.RomanianAnalyzer.DefaultStopSet,
        ["ca"] = () => Lucene.Net.Analysis.Ca.CatalanAnalyzer.DefaultStopSet,
        ["ar"] = () => Lucene.Net.Analysis.Ar.ArabicAnalyzer.DefaultStopSet,
        ["bg"] = () => Lucene.Net.Analysis.Bg.BulgarianAnalyzer.DefaultStopSet,
        ["cs"] = () => Lucene.Net.Analysis.Cz.CzechAnalyzer.DefaultStopSet,
        ["el"] = () => Lucene.Net.Analysis.El.GreekAnalyzer.DefaultStopSet,
        ["hi"] = () => Lucene.Net.Analysis.Hi.HindiAnalyzer.DefaultStopSet,
        ["id"] = () => Lucene.Net.Analysis.Id.IndonesianAnalyzer.DefaultStopSet,
    };

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lucene.Net.Analysis.Util.CharArraySet?> Loaded = new(StringComparer.Ordinal);

    /// <summary>Whether Lucene has a function-word list for the language.</summary>
    internal static bool HasList(string language) => Loaded.GetOrAdd(language, static l => Sets.TryGetValue(l, out var f) ? f() : null) is not null;

    /// <summary>Whether a folded word is a function word of the language (every stopword of a language Lucene has
    /// no set for).</summary>
    internal static bool Contains(string language, string folded)
    {
        var set = Loaded.GetOrAdd(language, static l => Sets.TryGetValue(l, out var f) ? f() : null);
        return set is null || set.Contains(folded);
    }
}
