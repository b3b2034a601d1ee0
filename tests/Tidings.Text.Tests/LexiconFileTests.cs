using Tidings.Tests;

namespace Tidings.Text.Tests;

/// <summary>The embedded binary lexicon (lexicons.bin) answers exactly as the TSV files it is built from: every
/// entry, and words that are not entries. Fails when the TSVs were regenerated without the binary
/// (<c>dotnet run -c Release --project tools/lexicon/LexiconBuilder -- --binary src/Tidings.Text/Data</c>).</summary>
public class LexiconFileTests
{
    private static readonly Lazy<LexiconTables> Tsv = new(() => LexiconTables.ReadTsv(RepoPaths.InRepo("src", "Tidings.Text", "Data")));

    private static Lexicons Binary => Lexicons.Default;

    [Fact]
    public void Every_concept_entry_answers_as_in_the_tsv()
    {
        var tsv = Tsv.Value;
        Assert.Equal(tsv.ConceptEntries, Binary.ConceptEntries);
        int checkedEntries = 0;
        foreach (var (lang, entries) in tsv.Concepts)
        {
            Assert.True(Binary.HasConcepts(lang), lang);
            foreach (var (stem, senses) in entries)
            {
                var got = Binary.Concepts(lang, stem);
                if (!got.AsSpan().SequenceEqual(senses))
                    Assert.Fail($"{lang} {stem}: binary [{string.Join('|', got)}], tsv [{string.Join('|', senses)}]");
                // a word's own entry ('=' and the folded word) answers for the word before its stem
                if (stem[0] == Lexicons.WordMark && !Binary.Concepts(lang, stem.AsSpan(1), "").AsSpan().SequenceEqual(senses))
                    Assert.Fail($"{lang} word {stem}: binary [{string.Join('|', Binary.Concepts(lang, stem.AsSpan(1), ""))}], tsv [{string.Join('|', senses)}]");
                checkedEntries++;
            }
        }
        Assert.True(checkedEntries > 600_000, $"only {checkedEntries} concept entries");
    }

    [Fact]
    public void Words_that_are_no_entry_have_no_concept()
    {
        var tsv = Tsv.Value;
        var ids = tsv.Concepts.Values.SelectMany(d => d.Values).SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
        // English entries only join a word to its synonym's concept; any other English word is its own concept if it is one
        string[] NoEntry(string lang, string word) => lang == "en" && ids.Contains(word) ? [word] : [];
        foreach (var (lang, entries) in tsv.Concepts)
        {
            foreach (var stem in entries.Keys.Take(2000))
            {
                foreach (var other in new[] { stem + "q", "x" + stem, stem[..^1] })
                {
                    var expected = entries.TryGetValue(other, out var s) ? s : NoEntry(lang, other);
                    Assert.Equal(expected, Binary.Concepts(lang, other));
                }
            }
            // a stem of one language is not an entry of a language that lacks it
            foreach (var stem in entries.Keys.Take(200))
            {
                foreach (var (otherLang, otherEntries) in tsv.Concepts)
                {
                    if (!otherEntries.ContainsKey(stem))
                        Assert.Equal(NoEntry(otherLang, stem), Binary.Concepts(otherLang, stem));
                }
            }
        }
        Assert.False(Binary.HasConcepts("xx"));
        Assert.Empty(Binary.Concepts("xx", "earthquak"));
    }

    [Fact]
    public void English_words_and_cognates_meet_the_concept_ids_of_the_tsv()
    {
        var tsv = Tsv.Value;
        var ids = tsv.Concepts.Values.SelectMany(d => d.Values).SelectMany(s => s).ToHashSet(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            Assert.Equal([id], Binary.Concepts("en", id));
            Assert.Empty(Binary.Concepts("en", id + "zq"));
        }
        // the reference: the old lookup over the id set
        string? Cognate(string bare)
        {
            if (bare.Length < 5)
                return null;
            int shortest = Math.Max(5, (int)Math.Ceiling(bare.Length * 0.6));
            for (int n = bare.Length; n >= shortest; n--)
            {
                if (ids.Contains(bare[..n]))
                    return bare[..n];
            }
            return null;
        }
        int found = 0;
        foreach (var word in tsv.Concepts.Values.SelectMany(d => d.Keys).Where((_, i) => i % 7 == 0).Concat(ids.Select(i => i + "ione")).Concat(["presidente", "victima", "corruption", "x", ""]))
        {
            var expected = Cognate(word);
            Assert.Equal(expected, Binary.Cognate(word));
            found += expected is null ? 0 : 1;
        }
        Assert.True(found > 1000, $"only {found} cognates in the sample");
    }

    [Fact]
    public void Every_name_and_chinese_word_answers_as_in_the_tsv()
    {
        var tsv = Tsv.Value;
        Assert.Equal(tsv.Names.Count, Binary.NameEntries);
        foreach (var (form, canonical) in tsv.Names)
        {
            Assert.Equal(canonical, Binary.Canonical(form));
            if (!tsv.Names.ContainsKey(form + "x"))
                Assert.Null(Binary.Canonical(form + "x"));
        }
        Assert.Equal(tsv.Chinese.Count, Binary.ChineseWords);
        Assert.Equal(tsv.Chinese.Keys.Max(w => w.Length), Binary.MaxChineseWord);
        foreach (var (word, kind) in tsv.Chinese)
        {
            Assert.Equal(kind, Binary.ChineseWord(word));
            var longer = word + "的了";
            Assert.Equal(tsv.Chinese.GetValueOrDefault(longer), Binary.ChineseWord(longer));
        }
        Assert.Equal(ChineseWordKind.None, Binary.ChineseWord(""));
    }

    [Fact]
    public void A_file_written_from_tables_reads_back_and_refuses_garbage()
    {
        var t = new LexiconTables();
        t.Concepts["de"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["erdbeb"] = ["earthquak"], ["bank"] = ["bank", "bench"] };
        t.Concepts["fr"] = new Dictionary<string, string[]>(StringComparer.Ordinal) { ["séism"] = ["earthquak"] };
        t.Names["москва"] = "moscow";
        t.Chinese["普京"] = ChineseWordKind.Name;
        t.Chinese["地震"] = ChineseWordKind.Word;
        using var ms = new MemoryStream();
        LexiconFile.Write(t, ms);
        ms.Position = 0;
        var c = LexiconFile.Read(ms);
        Assert.Equal(["de", "fr"], c.Languages);
        Assert.Equal(3, c.ConceptKeys.Length);
        Assert.Equal(3, c.IdKeys.Length);
        Assert.Equal(2, c.MaxChineseWord);
        Assert.Throws<InvalidDataException>(() => LexiconFile.Read(new MemoryStream([1, 2, 3, 4, 5, 6, 7, 8, 9])));
    }
}
