using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Composition;
using Tidings.Storage;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

/// <summary>Runs the command tree in-process with the console captured. Console redirection is global, so these
/// tests share one collection and never run in parallel with each other.</summary>
[Collection("console")]
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-cli-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    internal static (int Code, string Out, string Err) Run(params string[] args)
    {
        var oldOut = Console.Out;
        var oldErr = Console.Error;
        var o = new StringWriter();
        var e = new StringWriter();
        Console.SetOut(o);
        Console.SetError(e);
        try
        {
            int code = Program.RunAsync(args).GetAwaiter().GetResult();
            return (code, o.ToString(), e.ToString());
        }
        finally
        {
            Console.SetOut(oldOut);
            Console.SetError(oldErr);
        }
    }

    private string Db => Path.Combine(_dir, "t.db");

    [Fact]
    public void Ingest_then_stories_json_lists_one_story_with_both_seed_pages()
    {
        var seeds = RepoPaths.Shared("seeds");
        var (code, output, _) = Run("ingest", seeds, "--db", Db);
        Assert.Equal(0, code);
        Assert.Contains("new: 2, duplicate: 0, failed: 0", output, StringComparison.Ordinal);

        var (code2, json, _) = Run("stories", "--db", Db, "--json");
        Assert.Equal(0, code2);
        using var doc = JsonDocument.Parse(json);
        var story = Assert.Single(doc.RootElement.EnumerateArray());
        Assert.Equal(["articles", "copies", "first_published", "first_seen", "id", "languages", "last_published", "last_seen", "reports", "title"], story.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2, story.GetProperty("articles").GetInt32());
        Assert.Equal(["bg", "vi"], story.GetProperty("languages").EnumerateArray().Select(l => l.GetString()));

        var id = story.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (code3, showJson, _) = Run("show", id, "--db", Db, "--json");
        Assert.Equal(0, code3);
        using var show = JsonDocument.Parse(showJson);
        Assert.Equal(["articles", "copies", "first_published", "first_seen", "id", "language_counts", "languages", "last_published", "last_seen", "mentions", "reports", "sources", "title"],
            show.RootElement.EnumerateObject().Select(p => p.Name).Order());
        var articles = show.RootElement.GetProperty("articles").EnumerateArray().ToList();
        Assert.Equal(2, articles.Count);
        Assert.Equal(["centrality", "id", "is_copy", "language", "path", "published", "site", "title", "url"], articles[0].EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal(2, show.RootElement.GetProperty("reports").GetInt32());
        Assert.Equal(0, show.RootElement.GetProperty("copies").GetInt32());

        // the second run resumes both files from their checkpoints (nothing left); --no-resume reads them again
        var (again, secondOutput, _) = Run("ingest", seeds, "--db", Db);
        Assert.Equal(0, again);
        Assert.Contains("new: 0, duplicate: 0, failed: 0, skipped: 0 (found: 0)", secondOutput, StringComparison.Ordinal);
        Assert.Contains("resumed inputs: 2", secondOutput, StringComparison.Ordinal);
        var (reread, thirdOutput, _) = Run("ingest", seeds, "--db", Db, "--no-resume");
        Assert.Equal(0, reread);
        Assert.Contains("new: 0, duplicate: 2, failed: 0", thirdOutput, StringComparison.Ordinal);

        Assert.Single(JsonDocument.Parse(Run("stories", "--db", Db, "--json", "--lang", "vi").Out).RootElement.EnumerateArray());
        Assert.Empty(JsonDocument.Parse(Run("stories", "--db", Db, "--json", "--lang", "de").Out).RootElement.EnumerateArray());
        var (showCode, plain, _) = Run("show", id, "--db", Db);
        Assert.Equal(0, showCode);
        Assert.Contains("bg", plain, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_why_explains_the_seeds_join_in_the_articles_own_words_and_the_card_names_both_leaders()
    {
        Assert.Equal(0, Run("ingest", RepoPaths.Shared("seeds"), "--db", Db).Code);
        var (code, json, err) = Run("show", "1", "--db", Db, "--json", "--why", "--lang", "vi");
        Assert.True(code == 0, err);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        // the title in the requested language, and the key mentions as the Vietnamese report writes them
        Assert.Contains("Lukashenko", root.GetProperty("title").GetString(), StringComparison.Ordinal);
        var mentions = root.GetProperty("mentions").EnumerateArray().ToList();
        Assert.Contains(mentions, m => m.GetProperty("text").GetString() == "Putin" && m.GetProperty("reports").GetInt32() == 2);
        Assert.Contains(mentions, m => m.GetProperty("text").GetString() == "Lukashenko" && m.GetProperty("reports").GetInt32() == 2);
        var whys = root.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("why")).ToList();
        Assert.Contains(whys, w => w.GetProperty("decision").GetString() == "new story");
        var joined = Assert.Single(whys, w => w.GetProperty("decision").GetString() == "joined");
        Assert.True(joined.GetProperty("probability").GetDouble() >= joined.GetProperty("threshold").GetDouble());
        var features = joined.GetProperty("features").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!, f => f.GetProperty("contribution").GetDouble());
        Assert.True(features["cross_neutral"] > 0, "the shared names and places carry a cross-language join");
        var shared = joined.GetProperty("shared").EnumerateArray().Select(k => k.GetProperty("text").GetString()).ToList();
        Assert.Contains("Putin", shared);
        // shared keys are what the story held before the join: no Vietnamese word the Bulgarian story never had
        Assert.DoesNotContain("Tổng", shared);
        Assert.DoesNotContain(shared, t => t!.StartsWith('#'));

        var (plainCode, plain, _) = Run("show", "1", "--db", Db, "--why");
        Assert.Equal(0, plainCode);
        Assert.Contains("2 reports in bg, vi", plain, StringComparison.Ordinal);
        Assert.Contains("why: new story", plain, StringComparison.Ordinal);
        Assert.Contains("why: joined: p ", plain, StringComparison.Ordinal);
        Assert.Contains("Путин (2)", plain, StringComparison.Ordinal); // mentions as the title's (Bulgarian) report writes them
    }

    [Fact]
    public void Why_lines_survive_missing_and_malformed_evidence()
    {
        Assert.Null(Tidings.Cli.Commands.StoryCard.ParseWhy(null, null));
        Assert.Null(Tidings.Cli.Commands.StoryCard.ParseWhy("{not json", null));
        Assert.Null(Tidings.Cli.Commands.StoryCard.ParseWhy("[1,2]", null));
        var odd = Tidings.Cli.Commands.StoryCard.ParseWhy("""{"decision":7,"features":[{"name":"x","value":"a"},3],"shared_keys":["zz",5,"00000000000000ff"]}""", new Dictionary<ulong, string> { [0xff] = "[red]Moskva[/]" });
        Assert.NotNull(odd);
        Assert.Equal("?", odd.Decision);
        Assert.Equal(["#zz", "[red]Moskva[/]"], odd.Shared.Select(k => k.Text));
        Assert.StartsWith("why: no evidence", Tidings.Cli.Commands.StoryCommands.WhyLine(null), StringComparison.Ordinal);
        Assert.Contains("shared: #zz, [red]Moskva[/]", Tidings.Cli.Commands.StoryCommands.WhyLine(odd), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_corpus_groups_exactly_as_its_gold()
    {
        var samples = RepoPaths.InRepo("samples");
        await using var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = Db });
        var report = await (await engine.CreateIngestorAsync()).IngestPathsAsync([samples]);
        Assert.Empty(report.Failures);
        var check = await Samples.CheckAgainstGoldAsync(engine.Stories, samples);
        Assert.True(check.GoldStories >= 10, check.ToString());
        // the floor in eval/floors.json (samples.whole_gold_stories_share): the share of gold stories that come out whole
        using var floors = JsonDocument.Parse(File.ReadAllText(RepoPaths.InRepo("eval", "floors.json")));
        double floor = floors.RootElement.GetProperty("samples").GetProperty("whole_gold_stories_share").GetDouble();
        Assert.True((double)check.WholeAndUnmixed / check.GoldStories >= floor, $"{check} (floor {floor})");
    }

    [Fact]
    public void Demo_runs_on_the_bundled_corpus_and_reports_the_gold_check()
    {
        var (code, output, err) = Run("demo");
        Assert.True(code == 0, err);
        Assert.Contains("gold stories are exactly one story", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_database_and_missing_story_give_clear_errors()
    {
        var (code, _, err) = Run("stories", "--db", Path.Combine(_dir, "nope.db"));
        Assert.Equal(1, code);
        Assert.Contains("no database", err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir, "nope.db")));
        await using ((await Stores.OpenAsync(Db, StoreAccess.ReadWrite)).ConfigureAwait(false)) { }
        var (code2, _, err2) = Run("show", "12345", "--db", Db);
        Assert.Equal(1, code2);
        Assert.Contains("no story 12345", err2, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_only_commands_refuse_another_applications_database_and_leave_it_byte_for_byte_unchanged()
    {
        var other = Path.Combine(_dir, "some-other-app.db");
        using (var c = new SqliteConnection($"Data Source={other};Pooling=False"))
        {
            c.Open();
            using var cmd = c.CreateCommand();
            cmd.CommandText = "CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices (total) VALUES (12.5)";
            cmd.ExecuteNonQuery();
        }
        var before = File.ReadAllBytes(other);
        foreach (var args in new[] { new[] { "stories", "--db", other }, ["show", "1", "--db", other], ["search", "x", "--db", other], ["ingest", RepoPaths.Shared("seeds"), "--db", other] })
        {
            var (code, _, err) = Run(args);
            Assert.Equal(1, code);
            Assert.Contains("not a Tidings database", err, StringComparison.Ordinal);
        }
        SqliteConnection.ClearAllPools();
        Assert.Equal(before, File.ReadAllBytes(other));
        Assert.Equal([Path.GetFileName(other)], Directory.GetFiles(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void Search_finds_an_ingested_article_and_migrate_reports_the_version()
    {
        Assert.Equal(0, Run("ingest", RepoPaths.Shared("seeds"), "--db", Db).Code);
        var (code, json, _) = Run("search", "--db", Db, "--json", "Lukashenko");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(json);
        Assert.NotEmpty(doc.RootElement.EnumerateArray());
        var (mcode, output, _) = Run("migrate", "--db", Db);
        Assert.Equal(0, mcode);
        Assert.Contains($"schema version {Stores.SchemaVersion}", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_corrupt_database_file_is_an_error_not_a_crash()
    {
        File.WriteAllText(Db, new string('z', 5000));
        var (code, _, err) = Run("stories", "--db", Db);
        Assert.Equal(1, code);
        Assert.Contains("cannot open database", err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ingest")]
    [InlineData("stories")]
    [InlineData("show")]
    [InlineData("extract")]
    [InlineData("detect")]
    [InlineData("demo")]
    [InlineData("search")]
    [InlineData("migrate")]
    public void Every_command_has_help(string command)
    {
        var (code, output, _) = Run(command, "--help");
        Assert.Equal(0, code);
        Assert.Contains("Usage", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Untrusted_text_cannot_drive_the_terminal_or_break_markup()
    {
        var hostile = "Title\u001b[2J\u0007 [red]x[/] \u202Egnp.exe";
        var safe = Safe.Terminal(hostile);
        Assert.DoesNotContain('\u001b', safe);
        Assert.DoesNotContain('\u0007', safe);
        Assert.DoesNotContain('\u202E', safe);
        Assert.Contains("[[red]]", Safe.Markup(hostile), StringComparison.Ordinal);
        var json = JsonSerializer.Serialize(new { t = "<script>alert(1)</script>\u001b" }, Safe.Json);
        Assert.DoesNotContain("<script>", json, StringComparison.Ordinal);
        Assert.Contains("\\u001B", json, StringComparison.OrdinalIgnoreCase);
        // soft hyphens and zero-width characters are invisible but would count as table columns: dropped for display
        Assert.Equal("Bundestag Wahl", Safe.Terminal("Bundes\u00ADtag\u200B Wahl\u2060\uFEFF"));
    }

    [Fact]
    public void Stories_table_escapes_hostile_titles()
    {
        var page = Path.Combine(_dir, "evil.txt");
        File.WriteAllText(page, "Evil [bold]title[/] \u001b[31m here\n\nA long enough body sentence about the storm in Gdansk that closed the harbour for two days, officials said.\n", Encoding.UTF8);
        Assert.Equal(0, Run("ingest", page, "--db", Db).Code);
        var (code, output, _) = Run("stories", "--db", Db);
        Assert.Equal(0, code);
        Assert.DoesNotContain('\u001b', output);
        Assert.Contains("[bold]", output, StringComparison.Ordinal);
    }
}
