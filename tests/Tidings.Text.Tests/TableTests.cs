using System.Globalization;
using System.Text.Json;
using Tidings.Tests;
using Xunit.Abstractions;

namespace Tidings.Text.Tests;

/// <summary>Table-driven quality of the cross-language keys, on tables written for this repository (Data/): one name
/// in many scripts must get one key, different names of similar shape must not, and common news words in ten
/// languages must reach their English word's concept. The rates are printed; the pinned floors are in eval/floors.json (text_tables), beside the issue's targets.</summary>
public sealed class TableTests(ITestOutputHelper output)
{
    private static readonly FeatureExtractor Extractor = FeatureExtractor.Create();

    private static IEnumerable<string[]> Rows(string file) =>
        File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Data", file))
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split('\t'));

    private static string Pct(double x) => x.ToString("P1", CultureInfo.InvariantCulture);

    /// <summary>A pinned rate from eval/floors.json ("text_tables"): floors only go up, ceilings only down.</summary>
    private static double Pinned(string name)
    {
        using var floors = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("eval", "floors.json")));
        return floors.RootElement.GetProperty("text_tables").GetProperty(name).GetDouble();
    }

    [Fact]
    public void One_name_in_any_script_gets_one_key()
    {
        var rows = Rows("names-same.tsv").ToList();
        Assert.True(rows.Count >= 300, $"{rows.Count} pairs");
        var scripts = rows.Select(r => Scripts.OfWord(r[1])).Distinct().ToList();
        Assert.True(scripts.Count >= 15, $"{scripts.Count} scripts: {string.Join(", ", scripts)}");
        var failures = new List<string>();
        var perScript = new Dictionary<Script, (int Ok, int All)>();
        foreach (var r in rows)
        {
            var a = Extractor.KeysOfName(r[1], r[0]);
            var b = Extractor.KeysOfName(r[2], "en");
            bool ok = a.Intersect(b).Any();
            var s = Scripts.OfWord(r[1]);
            var (o, n) = perScript.GetValueOrDefault(s);
            perScript[s] = (o + (ok ? 1 : 0), n + 1);
            if (!ok)
                failures.Add($"{r[0]} {r[1]} → {string.Join(",", a)} ≠ {r[2]} → {string.Join(",", b)}");
        }
        double rate = 1 - ((double)failures.Count / rows.Count);
        output.WriteLine($"name key agreement {Pct(rate)} ({rows.Count - failures.Count}/{rows.Count}, {scripts.Count} scripts)");
        foreach (var (s, (o, n)) in perScript.OrderBy(p => p.Key.ToString(), StringComparer.Ordinal))
            output.WriteLine($"  {s,-12} {o}/{n}");
        foreach (var f in failures)
            output.WriteLine("  differ: " + f);
        Assert.True(rate >= Pinned("name_agreement"), $"agreement {Pct(rate)} (floor {Pct(Pinned("name_agreement"))}, target {Pct(Pinned("name_agreement_target"))}); differ: {string.Join("; ", failures)}");
    }

    [Fact]
    public void Different_names_of_similar_shape_get_different_keys()
    {
        var rows = Rows("names-different.tsv").ToList();
        Assert.True(rows.Count >= 300, $"{rows.Count} pairs");
        var same = new List<string>();
        foreach (var r in rows)
        {
            var a = Extractor.KeysOfName(r[1], r[0]);
            var b = Extractor.KeysOfName(r[2], "en");
            if (a.Intersect(b).Any())
                same.Add($"{r[1]} = {r[2]} ({string.Join(",", a.Intersect(b))})");
        }
        double rate = (double)same.Count / rows.Count;
        output.WriteLine($"false agreement {Pct(rate)} ({same.Count}/{rows.Count})");
        foreach (var f in same)
            output.WriteLine("  same: " + f);
        Assert.True(rate <= Pinned("name_false_agreement_ceiling"), $"false agreement {Pct(rate)} (ceiling {Pct(Pinned("name_false_agreement_ceiling"))}, target {Pct(Pinned("name_false_agreement_target"))}): {string.Join("; ", same)}");
    }

    private static HashSet<string> ConceptsOf(string phrase, string language) =>
        Extractor.Explain(phrase, language).Where(f => f.Kind == Core.FeatureKind.Concept).Select(f => f.Text).ToHashSet(StringComparer.Ordinal);

    [Fact]
    public void Common_news_words_reach_the_english_concept_and_rarely_another()
    {
        var (reach, collide, collisions) = ConceptTable("news-words.tsv", 200, 10);
        Assert.True(reach >= Pinned("concept_reach"), $"reach {Pct(reach)} (floor {Pct(Pinned("concept_reach"))}, target {Pct(Pinned("concept_reach_target"))})");
        Assert.True(collide <= Pinned("concept_collision_ceiling"), $"collisions {Pct(collide)} (ceiling {Pct(Pinned("concept_collision_ceiling"))}): {string.Join("; ", collisions.Take(40))}");
    }

    /// <summary>Languages FreeDict lacks, whose concepts come from Apertium's bilingual dictionaries (tools/lexicon):
    /// Ukrainian through Russian's entries, Romanian through Spanish's, Norwegian through Danish's and Swedish's, Catalan
    /// directly to English.</summary>
    [Fact]
    public void News_words_of_the_apertium_languages_reach_the_english_concept()
    {
        var (reach, collide, collisions) = ConceptTable("news-words-apertium.tsv", 40, 4);
        Assert.True(reach >= Pinned("apertium_concept_reach"), $"reach {Pct(reach)} (floor {Pct(Pinned("apertium_concept_reach"))})");
        Assert.True(collide <= Pinned("apertium_concept_collision_ceiling"), $"collisions {Pct(collide)} (ceiling {Pct(Pinned("apertium_concept_collision_ceiling"))}): {string.Join("; ", collisions.Take(40))}");
    }

    /// <summary>Reach and collisions of a table of news words (the English word, then the word in other languages):
    /// the share of foreign words with a concept of their English word's, and the share with a concept of another
    /// row's English word (rows news-words-related.tsv relates excepted); both printed with the misses.</summary>
    private (double Reach, double Collide, List<string> Collisions) ConceptTable(string file, int minRows, int minLanguages)
    {
        var table = Rows(file).ToList();
        var header = table[0];
        var rows = table.Skip(1).ToList();
        Assert.True(rows.Count >= minRows, $"{rows.Count} words");
        Assert.True(header.Length - 1 >= minLanguages, $"{header.Length - 1} languages");
        var related = Rows("news-words-related.tsv").Select(r => r.ToHashSet(StringComparer.Ordinal)).ToList();
        bool Related(string x, string y) => x == y || related.Any(g => g.Contains(x) && g.Contains(y));
        var english = rows.Select(r => (Word: r[0], Keys: ConceptsOf(r[0], "en"))).ToList();
        int total = 0, reached = 0, collided = 0;
        var perLanguage = new Dictionary<string, (int Ok, int All)>(StringComparer.Ordinal);
        var misses = new List<string>();
        var collisions = new List<string>();
        for (int i = 0; i < rows.Count; i++)
        {
            for (int c = 1; c < header.Length; c++)
            {
                var lang = header[c];
                var word = rows[i][c];
                var keys = ConceptsOf(word, lang);
                total++;
                bool ok = keys.Overlaps(english[i].Keys);
                if (ok)
                    reached++;
                else
                    misses.Add($"{lang}:{word} [{string.Join(",", keys)}] ≠ {english[i].Word} [{string.Join(",", english[i].Keys)}]");
                var (o, n) = perLanguage.GetValueOrDefault(lang);
                perLanguage[lang] = (o + (ok ? 1 : 0), n + 1);
                var own = english[i];
                var other = english.Where(e => !Related(e.Word, own.Word) && keys.Intersect(e.Keys).Except(own.Keys).Any()).Select(e => e.Word).ToList();
                if (other.Count > 0)
                {
                    collided++;
                    collisions.Add($"{lang}:{word} ({english[i].Word}) → {string.Join(",", other)}");
                }
            }
        }
        double reach = (double)reached / total, collide = (double)collided / total;
        output.WriteLine($"concept reach {Pct(reach)} ({reached}/{total}), collisions {Pct(collide)} ({collided}/{total}); English words without a concept: " +
            string.Join(", ", english.Where(e => e.Keys.Count == 0).Select(e => e.Word)));
        // English words of unrelated rows that share a concept (synonyms joined by the lexicon): a foreign word reaching
        // both is no collision above, so they are listed
        var merged = english.SelectMany((a, i) => english.Skip(i + 1).Where(b => !Related(a.Word, b.Word) && a.Keys.Overlaps(b.Keys)).Select(b => $"{a.Word}={b.Word}")).ToList();
        output.WriteLine($"English words of unrelated rows sharing a concept: {merged.Count} ({string.Join(", ", merged)})");
        foreach (var (l, (o, n)) in perLanguage)
            output.WriteLine($"  {l} {o}/{n}");
        foreach (var m in misses)
            output.WriteLine("  miss: " + m);
        foreach (var m in collisions)
            output.WriteLine("  collision: " + m);
        return (reach, collide, collisions);
    }
}
