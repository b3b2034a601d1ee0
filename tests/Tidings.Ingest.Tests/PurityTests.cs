using System.Text;
using Microsoft.Data.Sqlite;
using Tidings.Core;
using Tidings.Storage;
using Tidings.Tests;

namespace Tidings.Ingest.Tests;

/// <summary>Extraction is a pure function of the page: what else is ingested, and in which order, changes neither the
/// stored text nor the id; a site's repeated furniture is explicit state that only keeps pages out of each other's
/// stories.</summary>
public sealed class PurityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-purity-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>Three prose-like lines every page of the site carries (they read like sentences, so only their
    /// repetition across pages gives them away).</summary>
    internal static readonly string[] Furniture =
    [
        "The Harbour Courier is an independent newspaper published in Valletta by the Courier Media Group since 1952 for its readers.",
        "Our reporters in Rotterdam, Lisbon, Gdansk and Thessaloniki cover the ports, the shipping lines and the cities around them every day.",
        "Readers who want to send us news tips, photographs or corrections can write to the newsroom at any hour of the day or night.",
    ];

    internal static readonly (string Title, string Body)[] Reports =
    [
        ("Storm closes the harbour of Gdansk", "The harbour of Gdansk was closed on Monday after a storm with winds of 140 km/h damaged two container cranes, the port authority said. Ferries to Sweden were cancelled and about 300 passengers spent the night in the terminal."),
        ("Lisbon opens a new metro line", "Lisbon opened its new circular metro line on Tuesday, linking Cais do Sodré and Santos with the existing green line. The mayor said the 17 new trains would carry 60,000 passengers a day by next summer."),
        ("Rotterdam dock workers strike over pensions", "Dock workers in Rotterdam stopped work for 24 hours on Wednesday in a dispute over early retirement. Hundreds of ships waited outside the port while the union and the employers met in The Hague."),
        ("Thessaloniki festival honours a silent film pioneer", "The Thessaloniki film festival opened on Thursday with a restored print of a 1926 silent film by the Greek director Dimitris Gaziadis, accompanied live by an orchestra of forty musicians."),
        ("Valletta museum buys a Caravaggio drawing", "The national museum in Valletta announced on Friday that it had bought a chalk drawing attributed to Caravaggio at an auction in London for 1.2 million euros, with help from private donors."),
        ("Heat record in Seville", "Seville measured 46.2 degrees Celsius on Saturday afternoon, the highest temperature ever recorded in the city, the national weather service said, and warned that the heat would last until Tuesday."),
    ];

    private string WriteSite()
    {
        var site = Directory.CreateDirectory(Path.Combine(_dir, "courier")).FullName;
        for (int i = 0; i < Reports.Length; i++)
        {
            var (title, body) = Reports[i];
            var text = new StringBuilder().AppendLine(title).AppendLine(Furniture[0]).AppendLine(body).AppendLine(Furniture[1]).AppendLine(Furniture[2]).ToString();
            File.WriteAllText(Path.Combine(site, $"page{i}.txt"), text);
        }
        return site;
    }

    private static Task<IStore> Open(string path) => Stores.OpenAsync(path, StoreAccess.ReadWrite);

    private static async Task<IngestReport> Ingest(IStore store, params string[] paths) =>
        await (await Ingestor.CreateAsync(store, Ingestor.StandardPipeline())).IngestPathsAsync(paths);

    private static async Task<IReadOnlyList<Story>> Stories(IStore store) => (await store.ListStoriesAsync(new StoryQuery { Limit = 0 })).Stories;

    private static async Task<List<Article>> AllArticles(IStore store)
    {
        var all = new List<Article>();
        foreach (var s in await Stories(store))
            all.AddRange(await store.GetArticlesAsync(s.Id));
        return all;
    }

    [Fact]
    public async Task Pages_of_one_site_together_then_each_alone_store_nothing_twice_and_furniture_joins_no_stories()
    {
        var site = WriteSite();
        await using var store = await Open(Path.Combine(_dir, "t.db"));
        var together = await Ingest(store, site);
        Assert.Equal(Reports.Length, together.New);
        Assert.Empty(together.Failures);
        // six unrelated reports: the furniture they share must not group them
        Assert.Equal(Reports.Length, (await Stories(store)).Count);
        var stored = (await AllArticles(store)).ToDictionary(a => a.Path!, a => a.Text);
        // the stored text is extraction's, furniture included: the same page alone must give the same text and id
        Assert.All(stored.Values, t => Assert.Contains(Furniture[1], t, StringComparison.Ordinal));

        foreach (var file in Directory.GetFiles(site).Order(StringComparer.Ordinal))
        {
            // read again from its start (not resumed from its checkpoint, which would skip the whole page)
            var alone = await (await Ingestor.CreateAsync(store, Ingestor.StandardPipeline())).IngestAsync(new IngestRequest { Paths = [file], Resume = false });
            Assert.Equal(0, alone.New);
            Assert.Equal(1, alone.Duplicate);
        }
        Assert.Equal(Reports.Length, await store.CountArticlesAsync());
        Assert.Equal(Reports.Length, (await Stories(store)).Count);
    }

    [Fact]
    public void The_site_furniture_stage_marks_lines_repeated_on_three_other_pages_and_changes_neither_text_nor_id()
    {
        var site = WriteSite();
        var files = Directory.GetFiles(site).Order(StringComparer.Ordinal).ToArray();
        var pipeline = Ingestor.StandardPipeline();
        var docs = files.Select(f => new Document(PageSource.ReadOne(f).Document!)).ToList();
        Assert.All(pipeline.ProcessBatch(docs), Assert.Null);
        foreach (var d in docs)
        {
            Assert.Equal(Furniture.ToHashSet(), d.Furniture.ToHashSet());
            var alone = Ingestor.StandardPipeline().Process(PageSource.ReadOne(d.Raw.Source).Document!);
            Assert.Empty(alone.Furniture); // alone, nothing is known about the site
            Assert.Equal(alone.Text, d.Text);
            Assert.Equal(alone.Id, d.Id);
            Assert.DoesNotContain(Furniture[0], d.FeatureText, StringComparison.Ordinal);
            Assert.Contains(Furniture[0], alone.FeatureText, StringComparison.Ordinal);
        }

        // two pages are not enough to call a line furniture
        var two = docs.Take(2).Select(d => new Document(d.Raw)).ToList();
        Assert.All(Ingestor.StandardPipeline().ProcessBatch(two), Assert.Null);
        Assert.All(two, d => Assert.Empty(d.Furniture));
    }

    [Fact]
    public async Task Extraction_dev_html_in_three_orders_and_batchings_gives_byte_identical_texts()
    {
        var html = RepoPaths.Shared("data", "extraction-dev", "html");
        var files = PageSource.Expand([html]).ToArray();
        Assert.True(files.Length > 900, $"{files.Length} files");
        var pages = files.Select(PageSource.ReadOne).ToArray();
        Dictionary<string, string>? first = null;
        foreach (var (seed, batch) in new[] { (0, 256), (1, 97), (2, 1000) })
        {
            var order = seed == 0 ? pages : pages.OrderBy(p => HashCode.Combine(seed, p.Path)).ToArray();
            if (seed == 2)
                order = [.. pages.Reverse()];
            var dbPath = Path.Combine(_dir, $"order{seed}.db");
            await using var store = await Open(dbPath);
            var options = new TidingsOptions { BatchSize = batch };
            var report = await (await Ingestor.CreateAsync(store, Ingestor.StandardPipeline(), options)).IngestAsync(order, order.Length);
            Assert.True(report.New > 900, report.New.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // keyed by id: pages that are byte-for-byte copies are stored once, under whichever path came first
            var texts = (await AllArticles(store)).ToDictionary(a => a.Id, a => a.Title + "\n" + a.Text, StringComparer.Ordinal);
            if (first is null)
            {
                first = texts;
                continue;
            }
            Assert.Equal(first.Count, texts.Count);
            foreach (var (id, text) in first)
                Assert.True(texts.TryGetValue(id, out var other) && other == text, $"article {id} differs (or is missing) with order {seed}");
        }
    }
}
