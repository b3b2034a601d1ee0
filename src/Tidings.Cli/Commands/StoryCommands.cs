using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tidings.Core;
using Tidings.Ingest;
using Tidings.Storage;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings ingest</c>, <c>stories</c>, <c>show</c> and <c>demo</c>.</summary>
internal static class StoryCommands
{
    private static Option<string?> DbOption() => new("--db") { Description = $"Database file (default: ${TidingsOptions.DatabaseEnvironmentVariable}, else ./{TidingsOptions.DefaultDatabasePath})." };

    internal static void Register(RootCommand root)
    {
        {
            var db = DbOption();
            var paths = new Argument<string[]>("path") { Description = "Files or folders of .txt and .html pages (.gz too).", Arity = ArgumentArity.OneOrMore };
            var cmd = new Command("ingest", "Read pages, extract the articles, tell their language and group them into stories.");
            cmd.Arguments.Add(paths);
            cmd.Options.Add(db);
            cmd.SetAction(pr => Ingest(pr.GetValue(paths)!, TidingsOptions.ResolveDatabasePath(pr.GetValue(db))));
            root.Subcommands.Add(cmd);
        }
        {
            var db = DbOption();
            var json = new Option<bool>("--json") { Description = "Print a JSON array of stories." };
            var lang = new Option<string?>("--lang") { Description = "Only stories with an article in this language (e.g. bg)." };
            var limit = new Option<int>("--limit") { Description = "How many stories at most (0 = all).", DefaultValueFactory = _ => 50 };
            var cmd = new Command("stories", "List the stories, biggest and newest first.");
            cmd.Options.Add(db);
            cmd.Options.Add(json);
            cmd.Options.Add(lang);
            cmd.Options.Add(limit);
            cmd.SetAction(pr => Stories(TidingsOptions.ResolveDatabasePath(pr.GetValue(db)), pr.GetValue(json), pr.GetValue(lang), pr.GetValue(limit)));
            root.Subcommands.Add(cmd);
        }
        {
            var db = DbOption();
            var json = new Option<bool>("--json") { Description = "Print the story as JSON." };
            var id = new Argument<long>("story-id") { Description = "A story id from `tidings stories`." };
            var cmd = new Command("show", "Show one story: its articles grouped by language.");
            cmd.Arguments.Add(id);
            cmd.Options.Add(db);
            cmd.Options.Add(json);
            cmd.SetAction(pr => Show(TidingsOptions.ResolveDatabasePath(pr.GetValue(db)), pr.GetValue(id), pr.GetValue(json)));
            root.Subcommands.Add(cmd);
        }
        {
            var json = new Option<bool>("--json") { Description = "Print the stories as JSON." };
            var cmd = new Command("demo", "Ingest the bundled sample corpus into a temporary database and print the stories.");
            cmd.Options.Add(json);
            cmd.SetAction(pr => Demo(pr.GetValue(json)));
            root.Subcommands.Add(cmd);
        }
    }

    private static SqliteStore? OpenStore(string path, bool mustExist)
    {
        if (mustExist && !File.Exists(path))
        {
            Console.Error.WriteLine($"tidings: no database at '{Safe.Terminal(path)}' (run `tidings ingest PATH` first, or pass --db)");
            return null;
        }
        try
        {
            return SqliteStore.Open(path);
        }
        catch (StoreException e)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(e.Message)}");
            return null;
        }
    }

    private static int Ingest(string[] paths, string dbPath)
    {
        using var store = OpenStore(dbPath, mustExist: false);
        if (store is null)
            return 1;
        var report = RunIngest(store, paths);
        return report.New + report.Duplicate > 0 || report.Failed == 0 ? 0 : 1;
    }

    internal static IngestReport RunIngest(IStore store, IEnumerable<string> paths, bool quiet = false)
    {
        var ingestor = Ingestor.Create(store);
        var files = PageSource.Expand(paths).ToList();
        IngestReport report;
        if (!Console.IsOutputRedirected && !quiet && files.Count > 1)
        {
            report = Safe.Console().Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("ingesting", maxValue: files.Count);
                    return ingestor.Ingest(files.Select(PageSource.ReadOne), files.Count, new SyncProgress(p => task.Value = p.Done));
                });
        }
        else
        {
            report = ingestor.Ingest(files.Select(PageSource.ReadOne), files.Count);
        }
        foreach (var f in report.Failures)
            Console.Error.WriteLine($"failed: {Safe.Terminal(f.Path)}: {Safe.Terminal(f.Reason)}");
        if (!quiet)
            Console.WriteLine($"new: {report.New}, duplicate: {report.Duplicate}, failed: {report.Failed}, new stories: {report.StoriesCreated}");
        return report;
    }

    private sealed class SyncProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }

    private static int Stories(string dbPath, bool json, string? lang, int limit)
    {
        using var store = OpenStore(dbPath, mustExist: true);
        if (store is null)
            return 1;
        PrintStories(store.ListStories(string.IsNullOrWhiteSpace(lang) ? null : lang.Trim().ToLowerInvariant(), limit), json);
        return 0;
    }

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    internal static void PrintStories(IReadOnlyList<Story> stories, bool json)
    {
        if (json)
        {
            var array = stories.Select(s => new Dictionary<string, object>
            {
                ["id"] = s.Id,
                ["title"] = s.Title,
                ["languages"] = s.Languages,
                ["articles"] = s.ArticleCount,
                ["first_seen"] = Iso(s.FirstSeen),
                ["last_seen"] = Iso(s.LastSeen),
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(array, Safe.Json));
            return;
        }
        if (stories.Count == 0)
        {
            Console.WriteLine("no stories");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("id").AddColumn("title").AddColumn("languages").AddColumn(new TableColumn("articles").RightAligned())
            .AddColumn("first seen").AddColumn("last seen");
        foreach (var s in stories)
        {
            table.AddRow(s.Id.ToString(CultureInfo.InvariantCulture), Safe.Markup(Clip(s.Title, 70)), Safe.Markup(string.Join(' ', s.Languages)),
                s.ArticleCount.ToString(CultureInfo.InvariantCulture), Iso(s.FirstSeen)[..10], Iso(s.LastSeen)[..10]);
        }
        Safe.Console().Write(table);
    }

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private static int Show(string dbPath, long id, bool json)
    {
        using var store = OpenStore(dbPath, mustExist: true);
        if (store is null)
            return 1;
        var story = store.GetStory(id);
        if (story is null)
        {
            Console.Error.WriteLine($"tidings: no story {id}");
            return 1;
        }
        var articles = store.GetArticles(id);
        if (json)
        {
            var obj = new Dictionary<string, object>
            {
                ["id"] = story.Id,
                ["title"] = story.Title,
                ["languages"] = story.Languages,
                ["articles"] = articles.Select(a => new Dictionary<string, object?>
                {
                    ["id"] = a.Id,
                    ["path"] = a.Path,
                    ["url"] = a.Url,
                    ["title"] = a.Title,
                    ["language"] = a.Language.ToString(),
                    ["published"] = a.Published is { } p ? Iso(p) : null,
                }),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(obj, Safe.Json));
            return 0;
        }
        var console = Safe.Console();
        console.MarkupLine($"[bold]Story {story.Id}[/]: {Safe.Markup(story.Title)}");
        console.MarkupLine($"{story.ArticleCount} articles in {Safe.Markup(string.Join(", ", story.Languages))}, {Iso(story.FirstSeen)} to {Iso(story.LastSeen)}");
        foreach (var group in articles.GroupBy(a => a.Language.ToString()))
        {
            console.WriteLine();
            console.MarkupLine($"[underline]{Safe.Markup(group.Key)}[/]");
            foreach (var a in group)
            {
                console.MarkupLine($"  {Safe.Markup(a.Title)}");
                console.MarkupLine($"    [dim]{Safe.Markup(a.Url ?? a.Path)}{(a.Published is { } p ? "  " + Iso(p) : "")}[/]");
            }
        }
        return 0;
    }

    private static int Demo(bool json)
    {
        var samples = Samples.Locate();
        if (samples is null)
        {
            Console.Error.WriteLine("tidings: cannot find the sample corpus (samples/ beside the program or in the repository)");
            return 1;
        }
        var dir = Directory.CreateTempSubdirectory("tidings-demo-");
        try
        {
            var dbPath = Path.Combine(dir.FullName, "demo.db");
            using (var store = SqliteStore.Open(dbPath))
            {
                if (!json)
                    Console.WriteLine($"Ingesting the sample corpus ({Safe.Terminal(samples)}) into {dbPath}");
                RunIngest(store, [samples], quiet: json);
                var stories = store.ListStories(limit: 0);
                PrintStories(stories, json);
                if (!json)
                {
                    var check = Samples.CheckAgainstGold(store, samples);
                    Console.WriteLine(check);
                }
            }
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                dir.Delete(recursive: true);
            }
            catch (IOException)
            {
                // a temp folder left behind is harmless
            }
        }
    }
}
