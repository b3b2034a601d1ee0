using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tidings.Core;
using Tidings.Composition;
using Tidings.Ingest;
using Tidings.Storage;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings ingest</c>, <c>stories</c>, <c>show</c>, <c>search</c>, <c>migrate</c> and <c>demo</c>.</summary>
internal static class StoryCommands
{
    private static Option<string?> DbOption() => new("--db")
    {
        Description = $"Database: a file path, sqlite:PATH, postgres://user:pass@host/db or an Npgsql connection string (default: ${TidingsOptions.DatabaseEnvironmentVariable}, else ./{TidingsOptions.DefaultDatabasePath}).",
    };

    internal static void Register(RootCommand root)
    {
        IngestCommand.Register(root, DbOption);
        {
            var db = DbOption();
            var json = new Option<bool>("--json") { Description = "Print a JSON array of stories." };
            var lang = Args.Language("--lang", "Only stories with an article in this language: bg, sr-Latn; zh matches zh-Hans and zh-Hant.");
            var limit = Args.Count("--limit", "How many stories at most (0 = all).", 50);
            var newest = new Option<bool>("--newest") { Description = "Most recently seen first (default: biggest first)." };
            var cmd = new Command("stories", "List the stories, biggest and newest first.");
            cmd.Options.Add(db);
            cmd.Options.Add(json);
            cmd.Options.Add(lang);
            cmd.Options.Add(limit);
            cmd.Options.Add(newest);
            cmd.SetAction((pr, ct) => StoriesAsync(pr.GetValue(db), pr.GetValue(json), pr.GetValue(lang), pr.GetValue(limit), pr.GetValue(newest), ct));
            root.Subcommands.Add(cmd);
        }
        {
            var db = DbOption();
            var json = new Option<bool>("--json") { Description = "Print the story as JSON." };
            var why = new Option<bool>("--why") { Description = "For each article, the evidence that put it in the story: the decision, the probability against the threshold, each feature's contribution and the shared names, places, dates and words." };
            var lang = new Option<string?>("--lang") { Description = "Show the title and key mentions in this language (ISO 639 code) where a report in it has them." };
            var id = Args.StoryId();
            var cmd = new Command("show", "Show one story: its card (title, reports and copies, sources, times, key mentions) and its articles grouped by language.");
            cmd.Arguments.Add(id);
            cmd.Options.Add(db);
            cmd.Options.Add(json);
            cmd.Options.Add(why);
            cmd.Options.Add(lang);
            cmd.SetAction((pr, ct) => ShowAsync(pr.GetValue(db), pr.GetValue(id), pr.GetValue(json), pr.GetValue(why), pr.GetValue(lang), ct));
            root.Subcommands.Add(cmd);
        }
        {
            var db = DbOption();
            var json = new Option<bool>("--json") { Description = "Print the hits as JSON." };
            var limit = Args.Count("--limit", "How many articles at most.", 20, allowZero: false);
            var words = new Argument<string[]>("words") { Description = "Words the articles must contain (any language; case and accents do not matter).", Arity = ArgumentArity.OneOrMore };
            var cmd = new Command("search", "Full-text search over article titles and text.");
            cmd.Arguments.Add(words);
            cmd.Options.Add(db);
            cmd.Options.Add(json);
            cmd.Options.Add(limit);
            cmd.SetAction((pr, ct) => SearchAsync(pr.GetValue(db), string.Join(' ', pr.GetValue(words)!), pr.GetValue(limit), pr.GetValue(json), ct));
            root.Subcommands.Add(cmd);
        }
        {
            var db = DbOption();
            var cmd = new Command("migrate", "Create the database or bring its schema up to this program's version (ingest does this too).");
            cmd.Options.Add(db);
            cmd.SetAction((pr, ct) => MigrateAsync(pr.GetValue(db), ct));
            root.Subcommands.Add(cmd);
        }
        {
            var json = new Option<bool>("--json") { Description = "Print the stories as JSON." };
            var cmd = new Command("demo", "Ingest the bundled sample corpus into a temporary database and print the stories.");
            cmd.Options.Add(json);
            cmd.SetAction((pr, ct) => DemoAsync(pr.GetValue(json), ct));
            root.Subcommands.Add(cmd);
        }
    }

    /// <summary>Opens the engine, or prints why not (the store's message, with a hint) and returns null.</summary>
    private static async Task<TidingsEngine?> OpenAsync(string? db, StoreAccess access, CancellationToken ct, int? batchSize = null)
    {
        try
        {
            var options = new EngineOptions { Database = db, Access = access };
            if (batchSize is { } b)
                options = options with { Tidings = options.Tidings with { BatchSize = b } };
            return await TidingsEngine.OpenAsync(options, ct).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            var hint = e.Message.StartsWith("no database", StringComparison.Ordinal) ? " (run `tidings ingest PATH` first, or pass --db)" : "";
            Console.Error.WriteLine($"tidings: {Safe.Terminal(e.Message)}{hint}");
            return null;
        }
    }

    private static async Task<int> StoriesAsync(string? db, bool json, string? lang, int limit, bool newest, CancellationToken ct)
    {
        var engine = await OpenAsync(db, StoreAccess.ReadOnly, ct).ConfigureAwait(false);
        if (engine is null)
            return 1;
        await using (engine.ConfigureAwait(false))
        {
            var query = new StoryQuery
            {
                Language = string.IsNullOrWhiteSpace(lang) ? null : LanguageTag.Parse(lang).ToString(),
                Limit = limit,
                Order = newest ? StoryOrder.Newest : StoryOrder.Biggest,
            };
            var page = await engine.Stories.ListStoriesAsync(query, ct).ConfigureAwait(false);
            int total = page.Stories.Count;
            if (page.NextCursor is not null)
                total = (await engine.Stories.ListStoriesAsync(query with { Limit = 0, Cursor = null }, ct).ConfigureAwait(false)).Stories.Count;
            PrintStories(page.Stories, json, total, query.Language);
            return 0;
        }
    }

    private static async Task<int> MigrateAsync(string? db, CancellationToken ct)
    {
        var engine = await OpenAsync(db, StoreAccess.ReadWrite, ct).ConfigureAwait(false);
        if (engine is null)
            return 1;
        await using (engine.ConfigureAwait(false))
        {
            Console.WriteLine($"{Safe.Terminal(engine.Store.Location)}: {engine.Store.Kind} database at schema version {engine.Store.SchemaVersion}");
            return 0;
        }
    }

    private static async Task<int> SearchAsync(string? db, string words, int limit, bool json, CancellationToken ct)
    {
        var engine = await OpenAsync(db, StoreAccess.ReadOnly, ct).ConfigureAwait(false);
        if (engine is null)
            return 1;
        await using (engine.ConfigureAwait(false))
        {
            var hits = await engine.Stories.SearchAsync(words, limit, ct).ConfigureAwait(false);
            if (json)
            {
                var array = hits.Select(h => new Dictionary<string, object?>
                {
                    ["id"] = h.Article.Id,
                    ["story"] = h.Article.StoryId,
                    ["title"] = h.Article.Title,
                    ["language"] = h.Article.Language.ToString(),
                    ["url"] = h.Article.Url,
                    ["path"] = h.Article.Path,
                    ["score"] = Math.Round(h.Score, 4),
                });
                Console.Out.WriteLine(JsonSerializer.Serialize(array, Safe.Json));
                return 0;
            }
            if (hits.Count == 0)
            {
                Console.WriteLine("no articles found");
                return 0;
            }
            var console = Safe.Console();
            foreach (var h in hits)
            {
                console.MarkupLine($"[bold]{Safe.Markup(Clip(h.Article.Title, 90))}[/]  [dim]{Safe.Markup(h.Article.Language.ToString())}, story {h.Article.StoryId}[/]");
                console.MarkupLine($"    [dim]{Safe.Markup(h.Article.Url ?? h.Article.Path ?? "")}[/]");
            }
            return 0;
        }
    }

    private static string Iso(DateTimeOffset t) => t.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    internal static void PrintStories(IReadOnlyList<Story> stories, bool json, int? total = null, string? language = null)
    {
        if (json)
        {
            var array = stories.Select(s => new Dictionary<string, object?>
            {
                ["id"] = s.Id,
                ["title"] = s.Title,
                ["languages"] = s.Languages,
                ["articles"] = s.ArticleCount,
                ["reports"] = s.Reports,
                ["copies"] = s.Copies,
                ["first_published"] = s.FirstPublished is { } fp ? Iso(fp) : null,
                ["last_published"] = s.LastPublished is { } lp ? Iso(lp) : null,
                ["first_seen"] = Iso(s.FirstSeen),
                ["last_seen"] = Iso(s.LastSeen),
            });
            Console.Out.WriteLine(JsonSerializer.Serialize(array, Safe.Json));
            return;
        }
        if (stories.Count == 0)
        {
            Console.WriteLine(language is null ? "no stories" : $"no stories in {Safe.Terminal(language)}");
            return;
        }
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("id").AddColumn("title").AddColumn("languages").AddColumn(new TableColumn("articles").RightAligned())
            .AddColumn("published").AddColumn("last seen");
        foreach (var s in stories)
        {
            // publication dates (when the event was reported) apart from arrival (when Tidings took the last one in)
            string published = s.FirstPublished is { } fp && s.LastPublished is { } lp
                ? (Iso(fp)[..10] == Iso(lp)[..10] ? Iso(fp)[..10] : Iso(fp)[..10] + " to " + Iso(lp)[..10])
                : "-";
            string articles = s.Copies > 0
                ? string.Create(CultureInfo.InvariantCulture, $"{s.ArticleCount} ({s.Copies} cop{(s.Copies == 1 ? "y" : "ies")})")
                : s.ArticleCount.ToString(CultureInfo.InvariantCulture);
            table.AddRow(s.Id.ToString(CultureInfo.InvariantCulture), Safe.Markup(Clip(s.Title, 70)), Safe.Markup(string.Join(' ', s.Languages)),
                articles, published, Iso(s.LastSeen)[..10]);
        }
        Safe.Console().Write(table);
        int all = total ?? stories.Count;
        Console.WriteLine(all == stories.Count ? Safe.Count(all, "story", "stories") : $"{stories.Count} of {Safe.Count(all, "story", "stories")} (--limit 0 shows all)");
    }

    private static string Clip(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";

    private static async Task<int> ShowAsync(string? db, long id, bool json, bool why, string? lang, CancellationToken ct)
    {
        var engine = await OpenAsync(db, StoreAccess.ReadOnly, ct).ConfigureAwait(false);
        if (engine is null)
            return 1;
        await using (engine.ConfigureAwait(false))
            return await ShowAsync(engine.Stories, id, json, why, lang, ct).ConfigureAwait(false);
    }

    private static async Task<int> ShowAsync(IStoryQueries store, long id, bool json, bool why, string? lang, CancellationToken ct)
    {
        var story = await store.GetStoryAsync(id, ct).ConfigureAwait(false);
        if (story is null)
        {
            Console.Error.WriteLine($"tidings: no story {id}");
            return 1;
        }
        var articles = await store.GetArticlesAsync(id, ct).ConfigureAwait(false);
        var card = StoryCard.Build(story, articles, lang, Tidings.Text.FeatureExtractor.Create());
        if (json)
        {
            static object? WhyJson(Why? w) => w is null ? null : new Dictionary<string, object?>
            {
                ["decision"] = w.Decision,
                ["probability"] = w.Probability,
                ["threshold"] = w.Threshold,
                ["features"] = w.Features.Select(f => new Dictionary<string, object> { ["name"] = f.Name, ["value"] = f.Value, ["contribution"] = f.Contribution }),
                ["shared"] = w.Shared.Select(k => new Dictionary<string, object> { ["key"] = k.Key, ["text"] = k.Text }),
                ["copy_distance"] = w.CopyDistance,
                ["refusal"] = w.Refusal,
            };
            var obj = new Dictionary<string, object?>
            {
                ["id"] = story.Id,
                ["title"] = card.Title,
                ["languages"] = story.Languages,
                ["language_counts"] = card.Languages.ToDictionary(l => l.Language, l => l.Count, StringComparer.Ordinal),
                ["reports"] = story.Reports,
                ["copies"] = story.Copies,
                ["sources"] = card.Sources.Select(s => new Dictionary<string, object> { ["name"] = s.Name, ["count"] = s.Count }),
                ["first_published"] = story.FirstPublished is { } fp ? Iso(fp) : null,
                ["last_published"] = story.LastPublished is { } lp ? Iso(lp) : null,
                ["first_seen"] = Iso(story.FirstSeen),
                ["last_seen"] = Iso(story.LastSeen),
                ["mentions"] = card.Mentions.Select(m => new Dictionary<string, object> { ["text"] = m.Text, ["kind"] = m.Kind, ["key"] = m.Key, ["reports"] = m.Reports }),
                ["articles"] = articles.Select(a =>
                {
                    var item = new Dictionary<string, object?>
                    {
                        ["id"] = a.Id,
                        ["path"] = a.Path,
                        ["url"] = a.Url,
                        ["site"] = a.Source,
                        ["title"] = a.Title,
                        ["language"] = a.Language.ToString(),
                        ["published"] = a.Published is { } p ? Iso(p) : null,
                        ["is_copy"] = a.IsCopy,
                        ["centrality"] = Math.Round(a.Centrality, 4),
                    };
                    if (why)
                        item["why"] = WhyJson(card.Evidence.GetValueOrDefault(a.Id));
                    return item;
                }),
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(obj, Safe.Json));
            return 0;
        }
        var inv = CultureInfo.InvariantCulture;
        var console = Safe.Console();
        console.MarkupLine($"[bold]Story {story.Id}[/]: {Safe.Markup(card.Title)}");
        console.MarkupLine(Safe.Markup(string.Format(inv, "{0}{1} in {2}", Safe.Count(story.Reports, "report"),
            story.Copies > 0 ? " + " + Safe.Count(story.Copies, "copy", "copies") : "",
            string.Join(", ", card.Languages.Select(l => l.Count > 1 ? $"{l.Language} ({l.Count})" : l.Language)))));
        if (story.FirstPublished is { } first && story.LastPublished is { } last)
            console.MarkupLine($"published {Iso(first)} to {Iso(last)}; seen {Iso(story.FirstSeen)} to {Iso(story.LastSeen)}");
        else
            console.MarkupLine($"seen {Iso(story.FirstSeen)} to {Iso(story.LastSeen)} (no publication dates)");
        if (card.Sources.Count > 0)
            console.MarkupLine("sources: " + Safe.Markup(string.Join(", ", card.Sources.Take(12).Select(s => s.Count > 1 ? $"{s.Name} ({s.Count})" : s.Name)) + (card.Sources.Count > 12 ? ", …" : "")));
        if (card.Mentions.Count > 0)
            console.MarkupLine("key mentions: " + Safe.Markup(string.Join(", ", card.Mentions.Select(m => m.Reports > 1 ? $"{m.Text} ({m.Reports})" : m.Text))));
        foreach (var group in articles.GroupBy(a => a.Language.ToString()))
        {
            console.WriteLine();
            console.MarkupLine($"[underline]{Safe.Markup(group.Key)}[/]");
            foreach (var a in group)
            {
                console.MarkupLine($"  {Safe.Markup(a.Title)}{(a.IsCopy ? " [dim](copy)[/]" : "")}");
                console.MarkupLine($"    [dim]{Safe.Markup(a.Url ?? a.Path)}{(a.Published is { } p ? "  " + Iso(p) : "")}[/]");
                if (why)
                    console.MarkupLine("    " + Safe.Markup(WhyLine(card.Evidence.GetValueOrDefault(a.Id))));
            }
        }
        return 0;
    }

    /// <summary>One line of evidence: decision, probability against the threshold, the features that moved the logit
    /// most, and the shared keys as the article writes them.</summary>
    internal static string WhyLine(Why? w)
    {
        if (w is null)
            return "why: no evidence stored (ingested before the story engine kept it)";
        var inv = CultureInfo.InvariantCulture;
        var parts = new List<string>
        {
            w.Decision == "new story" || w.Decision == "not a report"
                ? string.Format(inv, "{0}{1}", w.Decision, w.Probability > 0 ? string.Format(inv, " (best candidate p {0:0.000} < {1:0.000})", w.Probability, w.Threshold) : "")
                : string.Format(inv, "{0}: p {1:0.000} {2} {3:0.000}", w.Decision, w.Probability, w.Probability >= w.Threshold ? ">=" : "<", w.Threshold),
        };
        var moved = w.Features.Where(f => Math.Abs(f.Contribution) >= 0.05).OrderByDescending(f => Math.Abs(f.Contribution)).Take(6)
            .Select(f => string.Format(inv, "{0} {1:+0.00;-0.00}", f.Name, f.Contribution)).ToList();
        if (moved.Count > 0)
            parts.Add(string.Join(", ", moved));
        if (w.Shared.Count > 0)
            parts.Add("shared: " + string.Join(", ", w.Shared.Select(k => k.Text).Distinct(StringComparer.Ordinal).Take(10)));
        if (w.CopyDistance is { } d)
            parts.Add(string.Format(inv, "copy distance {0}", d));
        if (w.Refusal is { } r)
            parts.Add(r);
        return "why: " + string.Join("; ", parts);
    }

    private static async Task<int> DemoAsync(bool json, CancellationToken ct)
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
            await using (var engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = dbPath }, ct).ConfigureAwait(false))
            {
                if (!json)
                    Console.WriteLine($"Ingesting the sample corpus ({Safe.Terminal(samples)}) into {dbPath}");
                await IngestCommand.RunAsync(engine, new IngestRequest { Paths = [samples] }, quiet: json, ct).ConfigureAwait(false);
                var stories = await engine.Stories.ListStoriesAsync(new StoryQuery { Limit = 0 }, ct).ConfigureAwait(false);
                PrintStories(stories.Stories, json);
                if (!json)
                    Console.WriteLine(await Samples.CheckAgainstGoldAsync(engine.Stories, samples, ct).ConfigureAwait(false));
            }
            return 0;
        }
        finally
        {
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
