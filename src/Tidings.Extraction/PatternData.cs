using System.Text;
using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>The phrase and name lists the extractor matches, kept as data files embedded in the assembly
/// (Data/phrases/*.txt one per language, Data/class-names.txt): each line one alternative of a regular expression under
/// a <c>[list]</c> heading. The lists of all files are joined into one expression per list.</summary>
internal static class PatternData
{
    private static readonly Lazy<Dictionary<string, List<string>>> PhraseLists = new(() => Load("phrases/"));
    private static readonly Lazy<Dictionary<string, List<string>>> NameLists = new(() => Load("class-names.txt"));

    /// <summary>The alternatives of a phrase list, over every language file.</summary>
    internal static IReadOnlyList<string> Phrases(string list) => Get(PhraseLists.Value, list, "phrases");

    /// <summary>The alternatives of a class/id name list.</summary>
    internal static IReadOnlyList<string> Names(string list) => Get(NameLists.Value, list, "class-names.txt");

    /// <summary>The languages (file names without extension) that have phrase files.</summary>
    internal static IReadOnlyList<string> PhraseFiles() =>
        [.. typeof(PatternData).Assembly.GetManifestResourceNames().Where(n => n.StartsWith("phrases/", StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal))
            .Select(n => n["phrases/".Length..^".txt".Length]).Order(StringComparer.Ordinal)];

    /// <summary><paramref name="before"/> (?:alternatives) <paramref name="after"/>, compiled.</summary>
    internal static Regex Build(IReadOnlyList<string> alternatives, string before, string after, RegexOptions options) =>
        new(before + "(?:" + string.Join('|', alternatives) + ")" + after, options | RegexOptions.Compiled | RegexOptions.CultureInvariant);

    private static IReadOnlyList<string> Get(Dictionary<string, List<string>> lists, string list, string where) =>
        lists.TryGetValue(list, out var l) ? l : throw new InvalidOperationException($"list [{list}] is missing from the embedded {where}");

    /// <summary>Reads every embedded resource whose name starts with <paramref name="prefix"/>, in ordinal name order.</summary>
    internal static Dictionary<string, List<string>> Load(string prefix)
    {
        var asm = typeof(PatternData).Assembly;
        var lists = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var names = asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
            throw new InvalidOperationException($"no embedded data files '{prefix}*' in {asm.GetName().Name}");
        foreach (var name in names)
        {
            using var stream = asm.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            Parse(reader.ReadToEnd(), name, lists);
        }
        return lists;
    }

    /// <summary>Adds the lists of one file; a line outside a list, or a list heading without a name, is an error.</summary>
    internal static void Parse(string content, string source, Dictionary<string, List<string>> lists)
    {
        List<string>? current = null;
        int number = 0;
        foreach (var raw in content.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
                continue;
            if (line[0] == '[' && line[^1] == ']' && line.Length > 2)
            {
                var list = line[1..^1];
                if (!lists.TryGetValue(list, out current))
                    lists[list] = current = [];
                continue;
            }
            if (current is null)
                throw new InvalidOperationException($"{source}:{number}: a phrase before any [list] heading");
            if (!current.Contains(line, StringComparer.Ordinal))
                current.Add(line);
        }
    }
}
