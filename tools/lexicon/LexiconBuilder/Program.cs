using System.Globalization;
using System.IO.Compression;
using System.Text;
using Tidings.Text;

// LexiconBuilder RAW_TSV OUT_DIR: concepts.tsv.gz, names.tsv.gz, zh-words.txt.gz and from them lexicons.bin, the
// binary form Tidings.Text embeds (see docs/text-analysis.md).
// LexiconBuilder --binary DIR: lexicons.bin from the TSV files already in DIR (no download needed).
if (args is ["--binary", var dataDir])
    return WriteBinary(dataDir);
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: LexiconBuilder RAW_TSV OUT_DIR | LexiconBuilder --binary DIR");
    return 2;
}
var (raw, outDir) = (args[0], args[1]);
var concepts = new Dictionary<(string Lang, string Stem), Dictionary<string, double>>();
var names = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
var zhWords = new Dictionary<string, bool>(StringComparer.Ordinal);
var englishStem = new Dictionary<string, string>(StringComparer.Ordinal);
string En(string w)
{
    if (!englishStem.TryGetValue(w, out var s))
        englishStem[w] = s = LexiconBuild.Stem(w, "en");
    return s;
}
long lines = 0;
foreach (var line in File.ReadLines(raw, Encoding.UTF8))
{
    lines++;
    var f = line.Split('\t');
    if (f.Length < 6)
        continue;
    var (lang, foreign, english, kind) = (f[0], f[1], f[2], f[3]);
    double weight = double.Parse(f[4], CultureInfo.InvariantCulture);
    if (lang == "zh-word")
    {
        zhWords[foreign] = zhWords.GetValueOrDefault(foreign) || kind == "n";
        continue;
    }
    if (kind == "n")
    {
        var form = lang == "zh" ? foreign : LexiconBuild.Bare(foreign);
        if (form.Length < 2 || form == english)
            continue;
        if (!names.TryGetValue(form, out var c))
            names[form] = c = new Dictionary<string, double>(StringComparer.Ordinal);
        c[english] = c.GetValueOrDefault(english) + 1;
        continue;
    }
    var stem = lang == "zh" ? foreign : LexiconBuild.Stem(LexiconBuild.Fold(foreign), lang);
    if (stem.Length < 2)
        continue;
    var key = (lang, stem);
    if (!concepts.TryGetValue(key, out var senses))
        concepts[key] = senses = new Dictionary<string, double>(StringComparer.Ordinal);
    var e = En(english);
    senses[e] = senses.GetValueOrDefault(e) + weight;
}
// a concept counts only when words of several languages lead to it: rarer ones are mostly noise of one dictionary
const int MinLanguages = 3;
// a word keeps its best sense, and others only when nearly as well attested
const double SecondSense = 0.6;
const int MaxSenses = 2;
var support = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
foreach (var ((lang, _), senses) in concepts)
{
    foreach (var e in senses.Keys)
    {
        if (!support.TryGetValue(e, out var s))
            support[e] = s = [];
        s.Add(lang);
    }
}
Directory.CreateDirectory(outDir);
int written = 0;
var perLanguage = new SortedDictionary<string, int>(StringComparer.Ordinal);
using (var w = Writer(Path.Combine(outDir, "concepts.tsv.gz")))
{
    foreach (var ((lang, stem), senses) in concepts.OrderBy(x => x.Key.Lang, StringComparer.Ordinal).ThenBy(x => x.Key.Stem, StringComparer.Ordinal))
    {
        var kept = senses.Where(x => support[x.Key].Count >= MinLanguages).OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).ToList();
        if (kept.Count == 0)
            continue;
        double max = kept[0].Value;
        var top = kept.Where(x => x.Value >= SecondSense * max).Take(MaxSenses).Select(x => x.Key);
        w.Write($"{lang}\t{stem}\t{string.Join('|', top)}\n");
        written++;
        perLanguage[lang] = perLanguage.GetValueOrDefault(lang) + 1;
    }
}
int nameCount = 0;
using (var w = Writer(Path.Combine(outDir, "names.tsv.gz")))
{
    foreach (var (form, c) in names.OrderBy(x => x.Key, StringComparer.Ordinal))
    {
        var best = c.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).First().Key;
        if (LexiconBuild.SameSkeleton(form, best))
            continue; // the skeleton already bridges it
        w.Write($"{form}\t{best}\n");
        nameCount++;
    }
}
using (var w = Writer(Path.Combine(outDir, "zh-words.txt.gz")))
{
    foreach (var (word, isName) in zhWords.OrderBy(x => x.Key, StringComparer.Ordinal))
        w.Write(isName ? $"{word}\tn\n" : $"{word}\n");
}
Console.Error.WriteLine($"{lines} raw lines: {written} concept entries ({string.Join(", ", perLanguage.Select(x => $"{x.Key} {x.Value}"))}), {nameCount} names, {zhWords.Count} Chinese words");
return WriteBinary(outDir);

static int WriteBinary(string dir)
{
    var watch = System.Diagnostics.Stopwatch.StartNew();
    var tables = LexiconTables.ReadTsv(dir);
    var path = Path.Combine(dir, LexiconFile.ResourceName);
    using (var file = File.Create(path))
        LexiconFile.Write(tables, file);
    Console.Error.WriteLine($"{path}: {tables.ConceptEntries} concept entries in {tables.Concepts.Count} languages, {tables.Names.Count} names, " +
        $"{tables.Chinese.Count} Chinese words; {new FileInfo(path).Length} bytes in {watch.Elapsed.TotalSeconds:F1} s");
    return 0;
}

static StreamWriter Writer(string path)
{
    // fixed gzip header (no name, no time) so that a rebuild writes the same bytes
    var gz = new GZipStream(File.Create(path), CompressionLevel.SmallestSize);
    return new StreamWriter(gz, new UTF8Encoding(false));
}
