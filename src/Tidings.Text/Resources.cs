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
