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
// evidence of each English word (stemmed) per foreign stem, and per foreign word (folded, unstemmed) with its stem
var concepts = new Dictionary<(string Lang, string Stem), Dictionary<string, double>>();
var words = new Dictionary<(string Lang, string Word), (string Stem, Dictionary<string, double> Senses)>();
var names = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
var zhWords = new Dictionary<string, bool>(StringComparer.Ordinal);
var englishStem = new Dictionary<string, string>(StringComparer.Ordinal);
var stemOf = new Dictionary<(string Lang, string Folded), string>();
string En(string w)
{
    if (!englishStem.TryGetValue(w, out var s))
        englishStem[w] = s = LexiconBuild.Stem(w, "en");
    return s;
}
var apertiumLanguages = new HashSet<string>(StringComparer.Ordinal);
var otherLanguages = new HashSet<string>(StringComparer.Ordinal);
// words linked to another language's lemma (kind v, english column LANG:WORD): Apertium's uk-ru, be-ru, mk-bg, ro-es, nb-da, nb-sv
var viaRows = new List<(string Lang, string Word, string Target)>();
long lines = 0;
foreach (var line in File.ReadLines(raw, Encoding.UTF8))
{
    lines++;
    var f = line.Split('\t');
    if (f.Length < 6)
        continue;
    var (lang, foreign, english, kind) = (f[0], f[1], f[2], f[3]);
    (f[5].StartsWith("apertium-", StringComparison.Ordinal) ? apertiumLanguages : otherLanguages).Add(lang);
    if (kind == "v")
    {
        viaRows.Add((lang, foreign, english));
        continue;
    }
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
    var folded = lang == "zh" ? foreign : LexiconBuild.Fold(foreign, lang);
    if (!stemOf.TryGetValue((lang, folded), out var stem))
        stemOf[(lang, folded)] = stem = lang == "zh" ? foreign : LexiconBuild.Stem(folded, lang);
    if (stem.Length < 2)
        continue;
    var key = (lang, stem);
    if (!concepts.TryGetValue(key, out var senses))
        concepts[key] = senses = new Dictionary<string, double>(StringComparer.Ordinal);
    var e = En(english);
    senses[e] = senses.GetValueOrDefault(e) + weight;
    if (lang != "zh")
    {
        if (!words.TryGetValue((lang, folded), out var word))
            words[(lang, folded)] = word = (stem, new Dictionary<string, double>(StringComparer.Ordinal));
        word.Senses[e] = word.Senses.GetValueOrDefault(e) + weight;
    }
}
stemOf.Clear();
Console.Error.WriteLine($"{lines} raw lines read: {concepts.Count} stems, {words.Count} words");
// a concept counts only when words of several languages lead to it: rarer ones are mostly noise of one dictionary
const int MinLanguages = 3;
// a word keeps its best sense, and others only when nearly as well attested
const double SecondSense = 0.6;
const int MaxSenses = 2;
// English synonyms: the rarer word joins the other when at least this share of the foreign words whose best sense it
// is also give the other, in at least MinLanguages languages, and synonymy goes both ways: at least SynonymBack of the
// foreign words whose best sense is the other give the rarer one (else a word only overlaps a wider one: citizen and
// nation, crisis and emergency, emission and issue)
const double SynonymShare = 0.5;
const double SynonymBack = 0.1;
// languages only Apertium's dictionaries give (uk, be, mk, ca, gl, eu, is, ro, nb) take the concept inventory as the
// FreeDict and CC-CEDICT languages make it: they count in no concept's support and no synonym link, so adding them
// changes no other language's concepts
var followers = new HashSet<string>(apertiumLanguages.Except(otherLanguages), StringComparer.Ordinal);
Console.Error.WriteLine($"languages from Apertium alone: {string.Join(" ", followers.Order(StringComparer.Ordinal))}");
var support = Support(concepts, followers);

// senses ranked by dictionary evidence times the number of languages that lead to the English word: an English
// headword lists its translations in no order of the foreign word's senses (barış is listed under peacetime too)
List<(string Sense, double Score)> Ranked(Dictionary<string, double> senses, Dictionary<string, int> languages) =>
    senses.Where(x => languages.GetValueOrDefault(x.Key) >= MinLanguages)
        .Select(x => (Sense: x.Key, Score: x.Value * languages[x.Key]))
        .OrderByDescending(x => x.Score).ThenBy(x => x.Sense, StringComparer.Ordinal).ToList();

// English synonyms linked into one concept, one step (a word that another joins joins nothing; no chains)
var bestOf = new Dictionary<string, int>(StringComparer.Ordinal);
var givesAlso = new Dictionary<(string Rare, string Other), (int Words, HashSet<string> Languages)>();
foreach (var ((lang, _), senses) in concepts)
{
    if (followers.Contains(lang))
        continue;
    var ranked = Ranked(senses, support);
    if (ranked.Count == 0)
        continue;
    var best = ranked[0].Sense;
    bestOf[best] = bestOf.GetValueOrDefault(best) + 1;
    foreach (var (other, _) in ranked.Skip(1))
    {
        if (!givesAlso.TryGetValue((best, other), out var g))
            givesAlso[(best, other)] = g = (0, []);
        g.Languages.Add(lang);
        givesAlso[(best, other)] = (g.Words + 1, g.Languages);
    }
}
var link = new Dictionary<string, string>(StringComparer.Ordinal);
var joined = new HashSet<string>(StringComparer.Ordinal);
foreach (var ((rare, other), (n, langs)) in givesAlso
    .Where(x => x.Value.Languages.Count >= MinLanguages && x.Value.Words >= SynonymShare * bestOf[x.Key.Rare]
        && bestOf.GetValueOrDefault(x.Key.Other) > bestOf[x.Key.Rare]
        && givesAlso.TryGetValue((x.Key.Other, x.Key.Rare), out var back) && back.Words >= SynonymBack * bestOf[x.Key.Other])
    .OrderByDescending(x => (double)x.Value.Words / bestOf[x.Key.Rare]).ThenByDescending(x => x.Value.Words)
    .ThenBy(x => x.Key.Rare, StringComparer.Ordinal).ThenBy(x => x.Key.Other, StringComparer.Ordinal))
{
    if (link.ContainsKey(rare) || joined.Contains(rare) || link.ContainsKey(other))
        continue;
    link[rare] = other;
    joined.Add(other);
}
Console.Error.WriteLine($"{link.Count} English words join a synonym: " +
    string.Join(", ", link.OrderBy(x => x.Key, StringComparer.Ordinal).Take(60).Select(x => $"{x.Key}>{x.Value}")));
// LEXICON_LINKS=FILE: every link with its evidence (rarer, other, words whose best sense is the rarer, those of them
// giving the other, their languages, words whose best sense is the other, those of them giving the rarer, languages)
if (Environment.GetEnvironmentVariable("LEXICON_LINKS") is { } linksFile)
{
    File.WriteAllLines(linksFile, link.OrderBy(x => x.Key, StringComparer.Ordinal).Select(x =>
    {
        var (to, back) = (givesAlso[(x.Key, x.Value)], givesAlso[(x.Value, x.Key)]);
        return $"{x.Key}\t{x.Value}\t{bestOf[x.Key]}\t{to.Words}\t{string.Join(",", to.Languages.Order())}\t{bestOf[x.Value]}\t{back.Words}\t{back.Languages.Count}";
    }));
}
Dictionary<string, double> Linked(Dictionary<string, double> senses)
{
    if (!senses.Keys.Any(link.ContainsKey))
        return senses;
    var d = new Dictionary<string, double>(StringComparer.Ordinal);
    foreach (var (e, w) in senses)
    {
        var to = link.GetValueOrDefault(e, e);
        d[to] = d.GetValueOrDefault(to) + w;
    }
    return d;
}
foreach (var k in concepts.Keys.ToList())
    concepts[k] = Linked(concepts[k]);
support = Support(concepts, followers);

List<string> Top(Dictionary<string, double> senses)
{
    var ranked = Ranked(senses, support);
    if (ranked.Count == 0)
        return [];
    double max = ranked[0].Score;
    return ranked.Where(x => x.Score >= SecondSense * max).Take(MaxSenses).Select(x => x.Sense).ToList();
}
var kept = new Dictionary<(string Lang, string Key), List<string>>();
foreach (var (key, senses) in concepts)
{
    var top = Top(senses);
    if (top.Count > 0)
        kept[key] = top;
}
// a word gets its own entry, looked up before its stem's, when a sense of the stem is another word's (one its own
// evidence does not keep): es gobernador and gobernar share gobern (govern|governor), fr journaliste and journal share
// journal (journal|journalist), tr oyun (game) is stemmed oy (game|vote). A word whose own senses only add to the
// stem's keeps the stem's (es años: year|promotion from one pivot, año: year). Its key is the folded word after '='.
int wordEntries = 0;
foreach (var ((lang, word), (stem, senses)) in words)
{
    if (!kept.TryGetValue((lang, stem), out var stemSenses))
        continue;
    var own = Top(Linked(senses));
    if (own.Count == 0 || stemSenses.All(own.Contains))
        continue;
    kept[(lang, "=" + word)] = own;
    wordEntries++;
}
// a word linked to another language's lemma takes the concepts that language's lexicon gives the lemma (its own word
// entry, else its stem's); a stem keeps the senses most of its words give (the first sense counts twice), a word whose
// senses differ from its stem's gets its own entry
var viaVotes = new Dictionary<(string Lang, string Stem), Dictionary<string, int>>();
var viaWord = new Dictionary<(string Lang, string Word), (string Stem, List<string> Senses)>();
foreach (var (lang, word, target) in viaRows)
{
    int colon = target.IndexOf(':', StringComparison.Ordinal);
    if (colon <= 0)
        continue;
    var (toLang, toWord) = (target[..colon], LexiconBuild.Fold(target[(colon + 1)..], target[..colon]));
    if (!kept.TryGetValue((toLang, "=" + toWord), out var senses) && !kept.TryGetValue((toLang, LexiconBuild.Stem(toWord, toLang)), out senses))
        continue;
    var folded = LexiconBuild.Fold(word, lang);
    var stem = LexiconBuild.Stem(folded, lang);
    if (stem.Length < 2)
        continue;
    if (!viaVotes.TryGetValue((lang, stem), out var votes))
        viaVotes[(lang, stem)] = votes = new Dictionary<string, int>(StringComparer.Ordinal);
    for (int r = 0; r < senses.Count; r++)
        votes[senses[r]] = votes.GetValueOrDefault(senses[r]) + (r == 0 ? 2 : 1);
    viaWord.TryAdd((lang, folded), (stem, senses));
}
int viaEntries = 0;
foreach (var (key, votes) in viaVotes)
{
    if (kept.ContainsKey(key))
        continue;
    int max = votes.Values.Max();
    kept[key] = votes.Where(v => v.Value >= SecondSense * max).OrderByDescending(v => v.Value).ThenBy(v => v.Key, StringComparer.Ordinal)
        .Take(MaxSenses).Select(v => v.Key).ToList();
    viaEntries++;
}
foreach (var ((lang, word), (stem, senses)) in viaWord)
{
    if (kept.TryGetValue((lang, stem), out var stemSenses) && !stemSenses.SequenceEqual(senses) && !kept.ContainsKey((lang, "=" + word)))
    {
        kept[(lang, "=" + word)] = senses;
        viaEntries++;
    }
}
foreach (var (rare, other) in link)
    kept[("en", rare)] = [other];
Console.Error.WriteLine($"{wordEntries} word entries; {viaEntries} entries through another language's lemma ({viaRows.Count} links)");
Directory.CreateDirectory(outDir);
int written = 0;
var perLanguage = new SortedDictionary<string, int>(StringComparer.Ordinal);
using (var w = Writer(Path.Combine(outDir, "concepts.tsv.gz")))
{
    foreach (var ((lang, stem), top) in kept.OrderBy(x => x.Key.Lang, StringComparer.Ordinal).ThenBy(x => x.Key.Key, StringComparer.Ordinal))
    {
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

static Dictionary<string, int> Support(Dictionary<(string Lang, string Stem), Dictionary<string, double>> concepts, HashSet<string> followers)
{
    var languages = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
    foreach (var ((lang, _), senses) in concepts)
    {
        if (followers.Contains(lang))
            continue;
        foreach (var e in senses.Keys)
        {
            if (!languages.TryGetValue(e, out var s))
                languages[e] = s = [];
            s.Add(lang);
        }
    }
    return languages.ToDictionary(x => x.Key, x => x.Value.Count, StringComparer.Ordinal);
}

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
