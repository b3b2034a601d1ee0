using System.Text;
using System.Text.Json;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

/// <summary><c>tidings analyze</c>: the seeds' shared names meet by key, their shared date is found in both, and bad
/// input is answered in words.</summary>
[Collection("console")]
public sealed class AnalyzeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-analyze-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static JsonElement Analyze(string path, params string[] more)
    {
        var (code, output, err) = CliTests.Run(["analyze", "--json", path, .. more]);
        Assert.True(code == 0, $"analyze {path} exited {code}: {err}");
        return JsonDocument.Parse(output).RootElement;
    }

    /// <summary>Keys (kind:key) whose surface forms include the word (or an inflection of it: Лукашенко's).</summary>
    private static HashSet<string> KeysOf(JsonElement analysis, string word) =>
        analysis.GetProperty("keys").EnumerateArray()
            .Where(k => k.GetProperty("forms").EnumerateArray().Any(f => f.GetString()!.StartsWith(word, StringComparison.OrdinalIgnoreCase)))
            .Select(k => k.GetProperty("kind").GetString() + ":" + k.GetProperty("key").GetString())
            .ToHashSet();

    [Fact]
    public void Seed_pages_give_every_shared_entity_one_key_and_share_the_election_day()
    {
        var gold = JsonDocument.Parse(File.ReadAllText(RepoPaths.Shared("seeds", "gold.json"))).RootElement;
        var docs = gold.GetProperty("documents").EnumerateObject().Select(d => d.Name).OrderBy(n => n, StringComparer.Ordinal).ToArray();
        Assert.Equal(2, docs.Length);
        var a = Analyze(RepoPaths.Shared("seeds", docs[0]));
        var b = Analyze(RepoPaths.Shared("seeds", docs[1]));
        Assert.Equal(gold.GetProperty("documents").GetProperty(docs[0]).GetProperty("language").GetString(), a.GetProperty("language").GetString());
        Assert.Equal(gold.GetProperty("documents").GetProperty(docs[1]).GetProperty("language").GetString(), b.GetProperty("language").GetString());
        var pairs = gold.GetProperty("shared_entities").GetProperty("pairs").EnumerateArray().Select(p => (p[0].GetString()!, p[1].GetString()!)).ToList();
        Assert.NotEmpty(pairs);
        var missing = new List<string>();
        foreach (var (x, y) in pairs)
        {
            var ka = KeysOf(a, x);
            var kb = KeysOf(b, y);
            if (!ka.Overlaps(kb))
                missing.Add($"{x} [{string.Join(", ", ka)}] vs {y} [{string.Join(", ", kb)}]");
        }
        Assert.True(missing.Count == 0, "shared entities without a common key: " + string.Join("; ", missing));
        var day = gold.GetProperty("shared_dates").GetProperty("month_day").GetString()!;
        foreach (var page in new[] { a, b })
            Assert.Contains(day, page.GetProperty("dates").EnumerateArray().Select(d => d.GetProperty("value").GetString()));
    }

    [Fact]
    public void Every_occurrence_points_at_its_surface_form_in_the_text()
    {
        var path = Path.Combine(_dir, "page.txt");
        File.WriteAllText(path, "Erdbeben in der Türkei\n\nEin Erdbeben der Stärke 6,4 hat am 9. August die Stadt Izmir getroffen. " +
            "Präsident Erdoğan sagte, die Regierung stelle 1,5 Milliarden Dollar bereit. Erdoğan besuchte Izmir am Montag.\n", Encoding.UTF8);
        var r = Analyze(path, "--lang", "de");
        Assert.Equal("de", r.GetProperty("language").GetString());
        Assert.True(r.GetProperty("tokens").GetInt32() > 20);
        var keys = r.GetProperty("keys").EnumerateArray().ToList();
        var name = keys.Single(k => k.GetProperty("kind").GetString() == "name" && k.GetProperty("forms").EnumerateArray().Any(f => f.GetString() == "Erdoğan"));
        Assert.Equal(2, name.GetProperty("count").GetInt32());
        Assert.Contains(keys, k => k.GetProperty("kind").GetString() == "concept" && k.GetProperty("key").GetString() == "earthquak");
        var numbers = r.GetProperty("numbers").EnumerateArray().ToList();
        Assert.Contains(numbers, n => n.GetProperty("value").GetString() == "1500000000" && n.GetProperty("unit").GetString() == "USD");
        Assert.Contains(numbers, n => n.GetProperty("value").GetString() == "6.4");
        Assert.Contains(r.GetProperty("dates").EnumerateArray(), d => d.GetProperty("value").GetString() == "08-09");
        // offsets index the field they name
        var title = r.GetProperty("title").GetString()!;
        foreach (var k in keys)
        {
            foreach (var at in k.GetProperty("at").EnumerateArray())
            {
                int start = at.GetProperty("start").GetInt32(), length = at.GetProperty("length").GetInt32();
                var form = at.GetProperty("text").GetString()!;
                if (at.GetProperty("field").GetString() == "title")
                    Assert.Equal(form, title.Substring(start, length));
                else
                    Assert.Equal(length, form.Length);
            }
        }
    }

    [Fact]
    public void Plain_output_is_a_table_and_bad_input_is_answered_in_words()
    {
        var path = Path.Combine(_dir, "p.txt");
        File.WriteAllText(path, "Среща в Москва\n\nПрезидентите Путин и Лукашенко се срещнаха в Москва на 9 август, съобщи Кремъл.\u001b[31m Двамата говориха дълго.\n", Encoding.UTF8);
        var (code, table, err) = CliTests.Run("analyze", path);
        Assert.True(code == 0, err);
        Assert.Contains("C:Europe/Moscow", table, StringComparison.Ordinal);
        Assert.Contains("lksnk", table, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', table);

        var bin = Path.Combine(_dir, "b.txt");
        File.WriteAllBytes(bin, [0, 1, 2, 3, 0, 0, 255, 254, 0, 7, 0, 0, 0, 9]);
        var (binCode, _, binErr) = CliTests.Run("analyze", bin);
        Assert.Equal(1, binCode);
        Assert.Contains("b.txt", binErr, StringComparison.Ordinal);

        Assert.Equal(2, CliTests.Run("analyze", _dir).Code);
        Assert.Equal(1, CliTests.Run("analyze", Path.Combine(_dir, "missing.txt")).Code);
        Assert.Equal(2, CliTests.Run("analyze", path, "--published", "not a date").Code);
    }
}
