using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Clustering;
using Tidings.Ingest;
using Tidings.Tests;

namespace Tidings.Composition.Tests;

/// <summary>The seeds (a Bulgarian and a Vietnamese report of one meeting) must form one story with nothing else
/// while the sample corpus, the trap set (other events of the same actors and places) and 1,000 distractor pages
/// (extraction-dev's HTML: a thousand unrelated sites, menus and sidebars included) stream in around them; the
/// sample and trap stories must stay whole and apart meanwhile.</summary>
public sealed class DistractorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-distractors-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Full path → gold story ("corpus/story") from a samples-format gold.json.</summary>
    private static Dictionary<string, string> Gold(string dir)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "gold.json")));
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var doc in json.RootElement.GetProperty("documents").EnumerateObject())
            gold[Path.GetFullPath(Path.Combine(dir, doc.Name))] = Path.GetFileName(dir) + "/" + doc.Value.GetProperty("story").GetString();
        return gold;
    }

    [Theory]
    [InlineData(false)] // arrival order: distractors, then the labelled pages interleaved with more distractors
    [InlineData(true)]  // publication-time order, as `eval clustering` ingests
    public async Task Seeds_form_one_story_with_nothing_else_among_samples_trap_and_1000_distractors(bool timeOrder)
    {
        var seeds = Directory.GetFiles(RepoPaths.Shared("seeds"), "*.txt").Select(Path.GetFullPath).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, seeds.Length);
        var distractors = Directory.GetFiles(RepoPaths.Shared("data", "extraction-dev", "html"))
            .Select(Path.GetFullPath).Order(StringComparer.Ordinal).Take(1000).ToArray();
        Assert.Equal(1000, distractors.Length);
        var gold = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var corpus in new[] { "samples", "samples-trap" })
        {
            foreach (var (path, slug) in Gold(RepoPaths.InRepo(corpus)))
                gold[path] = slug;
        }
        foreach (var seed in seeds)
            gold[seed] = "seeds/meeting";
        Assert.True(gold.Count >= 2 + 46 + 60, $"{gold.Count} labelled pages");

        // arrival order: 400 distractors, then the labelled pages one by one with a distractor after each, then the rest
        var labelled = gold.Keys.Order(StringComparer.Ordinal).ToList();
        var order = new List<string>(distractors.Take(400));
        int next = 400;
        foreach (var path in labelled)
        {
            order.Add(path);
            if (next < distractors.Length)
                order.Add(distractors[next++]);
        }
        order.AddRange(distractors.Skip(next));
        Assert.Equal(distractors.Length + labelled.Count, order.Count);

        await using var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = Path.Combine(_dir, $"d{timeOrder}.db") });
        var ingestor = await engine.CreateIngestorAsync();
        var story = new Dictionary<string, long>(StringComparer.Ordinal);
        var pathOf = new Dictionary<string, string>(StringComparer.Ordinal);
        ingestor.Assigned = (article, a) => story[pathOf[article.Id] = Path.GetFullPath(article.Path ?? "")] = a.StoryId;
        ingestor.Moved = (id, to) => story[pathOf[id]] = to; // a late join
        await ingestor.IngestAsync(order.Select(PageSource.ReadOne), order.Count, timeOrder: timeOrder);

        Assert.All(seeds, s => Assert.True(story.ContainsKey(s), $"seed {Path.GetFileName(s)} was not stored"));
        long seedStory = story[seeds[0]];
        Assert.Equal(seedStory, story[seeds[1]]);
        var with = story.Where(p => p.Value == seedStory).Select(p => Path.GetFileName(p.Key)).Order(StringComparer.Ordinal).ToArray();
        Assert.True(with.Length == 2, "the seeds' story also holds: " + string.Join(", ", with.Where(f => !seeds.Any(s => s.EndsWith(f, StringComparison.Ordinal)))));

        // the labelled stories meanwhile: whole and apart (BCubed over the labelled pages), and no distractor in them
        var items = gold.Where(g => story.ContainsKey(g.Key)).Select(g => (g.Value, story[g.Key])).ToList();
        Assert.Equal(gold.Count, items.Count);
        var score = BCubed.Of<string, long>(items);
        Assert.True(score.F1 >= 0.95, $"BCubed over samples, trap and seeds among distractors: P {score.Precision:F3} R {score.Recall:F3} F1 {score.F1:F3}");
        var labelledStories = items.Select(i => i.Item2).ToHashSet();
        var intruders = distractors.Where(d => story.TryGetValue(d, out long s) && labelledStories.Contains(s)).Select(Path.GetFileName).ToArray();
        Assert.True(intruders.Length == 0, "distractors in labelled stories: " + string.Join(", ", intruders));
    }
}
