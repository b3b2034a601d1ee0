using Tidings.Core;

namespace Tidings.Storage.Tests;

/// <summary>The store contract: every test here runs unchanged against each implementation (a subclass says how to
/// make an empty database location and how to run raw SQL on it).</summary>
public abstract class StoreContract : IAsyncLifetime
{
    /// <summary>A fresh location nobody has opened yet (a file path that does not exist, a database that is empty).</summary>
    protected abstract Task<string> NewLocationAsync();

    /// <summary>Runs SQL on <paramref name="location"/> directly, not through the store.</summary>
    protected abstract Task ExecuteRawAsync(string location, string sql);

    /// <summary>A location that names no database at all (read-only must fail and must not create it).</summary>
    protected abstract string MissingLocation();

    /// <summary>True when <see cref="MissingLocation"/> still names nothing.</summary>
    protected abstract Task<bool> StillMissingAsync(string location);

    protected string Location { get; private set; } = "";

    public virtual async Task InitializeAsync() => Location = await NewLocationAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected Task<IStore> OpenAsync(StoreAccess access = StoreAccess.ReadWrite) => Stores.OpenAsync(Location, access);

    protected static readonly DateTimeOffset T0 = new(2025, 3, 14, 10, 0, 0, TimeSpan.Zero);

    protected static Article MakeArticle(string id, long story, string lang, DateTimeOffset? published = null, string? title = null, string? text = null) => new()
    {
        Id = id,
        Title = title ?? "Title " + id,
        Text = text ?? "Text " + id,
        Language = new LanguageTag(lang),
        Path = "/x/" + id + ".txt",
        Url = "https://example.org/" + id,
        Published = published,
        IngestedAt = T0,
        StoryId = story,
    };

    protected static StoryState MakeStory(long id, int size, DateTimeOffset last, params string[] langs) =>
        new(id, "Story " + id, FeatureVector.FromCounts(new Dictionary<ulong, float> { [(ulong)id] = 1, [999UL] = 0.5f }), size, last.AddDays(-1), last, langs)
        {
            PublishedFrom = last.AddDays(-1),
            PublishedTo = last,
        };

    protected static StoredArticle Stored(Article a) => new(a, FeatureVector.FromCounts(new Dictionary<ulong, float> { [7UL] = 2 }));

    protected static async Task<long> CommitAsync(IStore store, IReadOnlyList<StoredArticle> articles, IReadOnlyList<StoryState> stories,
        IReadOnlyDictionary<ulong, int>? df = null, IReadOnlyDictionary<string, string>? checkpoints = null)
    {
        await using var session = await store.BeginWriteAsync();
        return await session.CommitAsync(new WriteBatch(articles, stories, df ?? new Dictionary<ulong, int>())
        {
            Checkpoints = checkpoints ?? new Dictionary<string, string>(),
        });
    }

    [Fact]
    public async Task A_new_store_is_empty_at_the_current_schema_version_and_reopens()
    {
        await using (var store = await OpenAsync())
        {
            Assert.Equal(Stores.SchemaVersion, store.SchemaVersion);
            Assert.Equal(0L, await store.CountArticlesAsync());
            Assert.Empty((await store.ListStoriesAsync(new StoryQuery())).Stories);
            var state = await store.LoadActiveStateAsync(TimeSpan.FromDays(30));
            Assert.Empty(state.Stories);
            Assert.Equal(1L, state.NextStoryId);
            Assert.Equal(0L, state.Sequence);
        }
        await using var again = await OpenAsync(StoreAccess.ReadOnly);
        Assert.Equal(Stores.SchemaVersion, again.SchemaVersion);
        Assert.Null(await again.GetStoryAsync(1));
    }

    [Fact]
    public async Task Saves_articles_stories_and_frequencies_and_reads_them_back()
    {
        await using (var store = await OpenAsync())
        {
            await CommitAsync(store,
                [Stored(MakeArticle("a", 1, "bg", T0)), Stored(MakeArticle("b", 1, "vi")), Stored(MakeArticle("c", 2, "en"))],
                [MakeStory(1, 2, T0, "bg", "vi"), MakeStory(2, 1, T0.AddDays(1), "en")],
                new Dictionary<ulong, int> { [42UL] = 2, [ulong.MaxValue] = 1, [1UL] = 2, [999UL] = 3 });
            await CommitAsync(store, [], [], new Dictionary<ulong, int> { [42UL] = 1 });
        }
        await using var reopened = await OpenAsync(StoreAccess.ReadOnly);
        Assert.Equal(3L, await reopened.CountArticlesAsync());
        Assert.Equal(["a", "c"], (await reopened.KnownAsync(["a", "zzz", "c"])).Order(StringComparer.Ordinal));
        Assert.Empty(await reopened.KnownAsync([]));
        var stories = (await reopened.ListStoriesAsync(new StoryQuery())).Stories;
        Assert.Equal([1L, 2L], stories.Select(s => s.Id));
        Assert.Equal(["bg", "vi"], stories[0].Languages);
        Assert.Equal(2, stories[0].ArticleCount);
        Assert.Equal(T0, stories[0].LastSeen);
        Assert.Equal([2L, 1L], (await reopened.ListStoriesAsync(new StoryQuery { Order = StoryOrder.Newest })).Stories.Select(s => s.Id));
        Assert.Equal([1L], (await reopened.ListStoriesAsync(new StoryQuery { Language = "vi" })).Stories.Select(s => s.Id));
        Assert.Empty((await reopened.ListStoriesAsync(new StoryQuery { Language = "de" })).Stories);
        Assert.Equal([2L], (await reopened.ListStoriesAsync(new StoryQuery { Since = T0.AddHours(1) })).Stories.Select(s => s.Id));
        Assert.Equal([1L], (await reopened.ListStoriesAsync(new StoryQuery { MinArticles = 2 })).Stories.Select(s => s.Id));
        var story = await reopened.GetStoryAsync(2);
        Assert.NotNull(story);
        Assert.Equal("Story 2", story.Title);
        var articles = await reopened.GetArticlesAsync(1);
        Assert.Equal(["a", "b"], articles.Select(a => a.Id));
        Assert.Equal(T0, articles[0].Published);
        Assert.Null(articles[1].Published);
        Assert.Equal("https://example.org/a", articles[0].Url);
        Assert.Equal(1L, articles[0].StoryId);
        Assert.Equal(new LanguageTag("bg"), articles[0].Language);
        var one = await reopened.GetArticleAsync("c");
        Assert.NotNull(one);
        Assert.Equal(("Title c", "Text c", 2L, "https://example.org/c"), (one.Title, one.Text, one.StoryId!.Value, one.Url));
        Assert.Null(await reopened.GetArticleAsync("zzz"));
        Assert.Null(await reopened.GetArticleAsync(""));
        var state = await reopened.LoadActiveStateAsync(TimeSpan.FromDays(30));
        Assert.Equal(3, state.DocumentCount);
        // only the active stories' centroid keys (1, 2, 999; 2 was never counted) come with the state; the rest is
        // asked for by key
        Assert.Equal(new Dictionary<ulong, int> { [1UL] = 2, [999UL] = 3 }, state.DocumentFrequencies.OrderBy(kv => kv.Key).ToDictionary());
        var df = await reopened.FrequenciesAsync([42UL, ulong.MaxValue, 7UL]);
        Assert.Equal(new Dictionary<ulong, int> { [42UL] = 3, [ulong.MaxValue] = 1 }, df.OrderBy(kv => kv.Key).ToDictionary());
        Assert.Empty(await reopened.FrequenciesAsync([]));
        Assert.Equal(2, state.Stories.Count);
        Assert.Equal(2, state.Stories[0].Centroid.Count);
        Assert.Equal(T0.AddDays(-1), state.Stories[0].PublishedFrom);
        Assert.Equal(3L, state.NextStoryId);
        Assert.Equal(2L, state.Sequence);
    }

    [Fact]
    public async Task The_story_engine_fields_round_trip_through_writes_start_up_and_catch_up()
    {
        var title = FeatureVector.FromCounts(new Dictionary<ulong, float> { [5UL] = 0.5f, [ulong.MaxValue - 1] = 1 });
        var central = FeatureVector.FromCounts(new Dictionary<ulong, float> { [6UL] = 1 });
        var story = MakeStory(1, 3, T0, "de", "ja") with
        {
            Reports = 2,
            Copies = 1,
            IsReport = false,
            TitleVector = title,
            CentralTitle = central,
            Fingerprints = [0UL, 0xDEADBEEFCAFEF00DUL, ulong.MaxValue],
            Dense = [0.5f, -0.25f, 1e-7f, float.Epsilon],
            DenseMembers = 2,
        };
        const string why = "{\"decision\":\"copy\",\"probability\":0.93,\"note\":\"<b>&'\"}";
        await using var store = await OpenAsync();
        long before = (await store.LoadActiveStateAsync(TimeSpan.FromDays(30))).Sequence;
        await CommitAsync(store,
        [
            Stored(MakeArticle("r", 1, "de", T0) with { PageKind = PageKind.Article, Centrality = 0.75 }),
            Stored(MakeArticle("c", 1, "ja", T0) with { PageKind = PageKind.Forum, IsCopy = true, Centrality = 0.25, Evidence = why }),
        ], [story]);

        var listed = Assert.Single((await store.ListStoriesAsync(new StoryQuery())).Stories);
        Assert.Equal((3, 2, 1), (listed.ArticleCount, listed.Reports, listed.Copies));
        var articles = (await store.GetArticlesAsync(1)).ToDictionary(a => a.Id);
        Assert.Equal((PageKind.Article, false, 0.75, (string?)null), (articles["r"].PageKind, articles["r"].IsCopy, articles["r"].Centrality, articles["r"].Evidence));
        Assert.Equal((PageKind.Forum, true, 0.25, why), (articles["c"].PageKind, articles["c"].IsCopy, articles["c"].Centrality, articles["c"].Evidence));
        Assert.Equal(why, (await store.GetArticleAsync("c"))!.Evidence);

        AssertSameState(story, (await store.LoadActiveStateAsync(TimeSpan.FromDays(30))).Stories.Single());
        await using (var session = await store.BeginWriteAsync())
            AssertSameState(story, (await session.ChangesSinceAsync(before)).Stories.Single());
    }

    [Fact]
    public async Task Article_heads_of_several_stories_come_in_one_list_without_text_ordered_by_story()
    {
        await using var store = await OpenAsync();
        await CommitAsync(store,
        [
            Stored(MakeArticle("b2", 2, "vi", T0.AddHours(1), text: new string('x', 5000))),
            Stored(MakeArticle("a1", 1, "bg", T0) with { Site = "Site <A>", IsCopy = true }),
            Stored(MakeArticle("a2", 1, "bg", T0.AddHours(-1))),
            Stored(MakeArticle("c1", 3, "en", T0)),
        ], [MakeStory(1, 2, T0, "bg"), MakeStory(2, 1, T0.AddHours(1), "vi"), MakeStory(3, 1, T0, "en")]);

        var heads = await store.GetArticleHeadsAsync([2L, 1L, 99L]);
        Assert.Equal(["a2", "a1", "b2"], heads.Select(a => a.Id));
        Assert.All(heads, a => Assert.Equal("", a.Text));
        Assert.Equal([1L, 1L, 2L], heads.Select(a => a.StoryId!.Value));
        var a1 = heads[1];
        Assert.Equal(("Title a1", "Site <A>", true, new LanguageTag("bg"), "https://example.org/a1", (DateTimeOffset?)T0),
            (a1.Title, a1.Site, a1.IsCopy, a1.Language, a1.Url, a1.Published));
        Assert.Empty(await store.GetArticleHeadsAsync([]));
        Assert.Empty(await store.GetArticleHeadsAsync([42L]));
    }

    [Fact]
    public async Task A_story_without_an_embedding_keeps_no_dense_centroid_and_one_with_it_keeps_its_own()
    {
        await using var store = await OpenAsync();
        var plain = MakeStory(1, 1, T0, "en");
        var dense = MakeStory(2, 1, T0, "bg") with { Dense = [1f, 0f, -1f], DenseMembers = 1 };
        await CommitAsync(store, [Stored(MakeArticle("p", 1, "en", T0)), Stored(MakeArticle("d", 2, "bg", T0))], [plain, dense]);
        var stories = (await store.LoadActiveStateAsync(TimeSpan.FromDays(30))).Stories.OrderBy(s => s.Id).ToList();
        Assert.Equal(((float[]?)null, 0), (stories[0].Dense, stories[0].DenseMembers));
        Assert.Equal([1f, 0f, -1f], Assert.IsType<float[]>(stories[1].Dense));
        Assert.Equal(1, stories[1].DenseMembers);
        // a later write of the story replaces its centroid (a grown story, or a model of another dimension)
        await CommitAsync(store, [], [dense with { Dense = [0.5f, 0.5f], DenseMembers = 3 }]);
        var again = (await store.LoadActiveStateAsync(TimeSpan.FromDays(30))).Stories.Single(s => s.Id == 2);
        Assert.Equal([0.5f, 0.5f], Assert.IsType<float[]>(again.Dense));
        Assert.Equal(3, again.DenseMembers);
    }

    private static void AssertSameState(StoryState expected, StoryState actual)
    {
        Assert.Equal((expected.Reports, expected.Copies, expected.IsReport), (actual.Reports, actual.Copies, actual.IsReport));
        Assert.Equal(expected.TitleVector.Keys.ToArray(), actual.TitleVector.Keys.ToArray());
        Assert.Equal(expected.TitleVector.Values.ToArray(), actual.TitleVector.Values.ToArray());
        Assert.Equal(expected.CentralTitle.Keys.ToArray(), actual.CentralTitle.Keys.ToArray());
        Assert.Equal(expected.Fingerprints, actual.Fingerprints);
        Assert.Equal(expected.Dense, actual.Dense);
        Assert.Equal(expected.DenseMembers, actual.DenseMembers);
        Assert.Equal((expected.PublishedFrom, expected.PublishedTo, expected.FirstSeen, expected.LastSeen), (actual.PublishedFrom, actual.PublishedTo, actual.FirstSeen, actual.LastSeen));
    }

    [Fact]
    public async Task Cursor_pages_through_every_story_once_in_order()
    {
        await using var store = await OpenAsync();
        var stories = Enumerable.Range(1, 23).Select(i => MakeStory(i, 1 + (i % 4), T0.AddHours(i % 5), "en")).ToList();
        await CommitAsync(store, [], stories);
        foreach (var order in new[] { StoryOrder.Biggest, StoryOrder.Newest })
        {
            var all = (await store.ListStoriesAsync(new StoryQuery { Order = order, Limit = 0 })).Stories.Select(s => s.Id).ToList();
            Assert.Equal(23, all.Count);
            var paged = new List<long>();
            string? cursor = null;
            int pages = 0;
            do
            {
                var page = await store.ListStoriesAsync(new StoryQuery { Order = order, Limit = 5, Cursor = cursor });
                Assert.True(page.Stories.Count <= 5);
                paged.AddRange(page.Stories.Select(s => s.Id));
                cursor = page.NextCursor;
                pages++;
            }
            while (cursor is not null);
            Assert.Equal(5, pages);
            Assert.Equal(all, paged);
        }
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListStoriesAsync(new StoryQuery { Cursor = "not a cursor" }));
        var biggest = await store.ListStoriesAsync(new StoryQuery { Limit = 2 });
        await Assert.ThrowsAsync<ArgumentException>(() => store.ListStoriesAsync(new StoryQuery { Order = StoryOrder.Newest, Cursor = biggest.NextCursor }));
    }

    [Fact]
    public async Task A_session_disposed_without_commit_writes_nothing()
    {
        await using var store = await OpenAsync();
        await using (var session = await store.BeginWriteAsync())
        {
            var changes = await session.ChangesSinceAsync(0);
            Assert.Empty(changes.Stories);
        }
        Assert.Equal(0L, await store.CountArticlesAsync());
        Assert.Equal(0L, (await store.LoadActiveStateAsync(TimeSpan.FromDays(1))).Sequence);
    }

    [Fact]
    public async Task Committing_a_known_article_fails_and_writes_nothing_of_the_batch()
    {
        await using var store = await OpenAsync();
        await CommitAsync(store, [Stored(MakeArticle("same", 1, "en"))], [MakeStory(1, 1, T0, "en")]);
        var e = await Assert.ThrowsAsync<StoreException>(() => CommitAsync(store,
            [Stored(MakeArticle("new", 2, "en")), Stored(MakeArticle("same", 2, "en"))], [MakeStory(2, 2, T0, "en")], new Dictionary<ulong, int> { [5UL] = 1 }));
        Assert.Contains("same", e.Message, StringComparison.Ordinal);
        Assert.Equal(1L, await store.CountArticlesAsync());
        Assert.Null(await store.GetStoryAsync(2));
        var state = await store.LoadActiveStateAsync(TimeSpan.FromDays(30));
        Assert.Empty(await store.FrequenciesAsync([5UL]));
        Assert.Equal(1, state.DocumentCount);
    }

    [Fact]
    public async Task A_merged_story_moves_its_article_leaves_listings_and_start_up_and_its_id_leads_to_the_story_it_joined()
    {
        await using (var store = await OpenAsync())
        {
            long s1 = await CommitAsync(store, [Stored(MakeArticle("a", 1, "ar")), Stored(MakeArticle("b", 2, "en"))], [MakeStory(1, 1, T0, "ar"), MakeStory(2, 1, T0, "en")]);
            // a later batch: "c" joins story 2, and story 1's one report joins it too (a late join)
            await using (var session = await store.BeginWriteAsync())
            {
                await session.CommitAsync(new WriteBatch([Stored(MakeArticle("c", 2, "de"))],
                    [MakeStory(1, 0, T0, "ar") with { MergedInto = 2 }, MakeStory(2, 3, T0, "ar", "de", "en")], new Dictionary<ulong, int>())
                {
                    Moves = [new ArticleMove("a", 2, "{\"decision\":\"joined later\"}")],
                });
            }
            var page = await store.ListStoriesAsync(new StoryQuery { Limit = 0 });
            Assert.Equal([2L], page.Stories.Select(s => s.Id));
            Assert.Equal(3, page.Stories[0].ArticleCount);
            Assert.Equal(2L, (await store.GetStoryAsync(1))!.Id); // the old id still finds the story
            Assert.Equal(["a", "b", "c"], (await store.GetArticlesAsync(2)).Select(a => a.Id).Order(StringComparer.Ordinal));
            Assert.Empty(await store.GetArticlesAsync(1));
            var moved = await store.GetArticleAsync("a");
            Assert.Equal(2L, moved!.StoryId);
            Assert.Contains("joined later", moved.Evidence, StringComparison.Ordinal);
            // other writers learn of the merge; start-up no longer loads the merged story
            await using (var session = await store.BeginWriteAsync())
            {
                var changes = await session.ChangesSinceAsync(s1);
                Assert.Equal(2L, changes.Stories.Single(s => s.Id == 1).MergedInto);
                Assert.Null(changes.Stories.Single(s => s.Id == 2).MergedInto);
            }
            var state = await store.LoadActiveStateAsync(TimeSpan.FromDays(7));
            Assert.Equal([2L], state.Stories.Select(s => s.Id));
            Assert.Equal(3L, state.NextStoryId);
        }
    }

    [Fact]
    public async Task Moving_an_article_that_is_not_stored_fails_and_writes_nothing_of_the_batch()
    {
        await using var store = await OpenAsync();
        await CommitAsync(store, [Stored(MakeArticle("a", 1, "en"))], [MakeStory(1, 1, T0, "en")]);
        await using (var session = await store.BeginWriteAsync())
        {
            await Assert.ThrowsAsync<StoreException>(() => session.CommitAsync(new WriteBatch([Stored(MakeArticle("b", 1, "en"))], [MakeStory(1, 2, T0, "en")], new Dictionary<ulong, int>())
            {
                Moves = [new ArticleMove("nowhere", 1, null)],
            }));
        }
        Assert.Null(await store.GetArticleAsync("b"));
        Assert.Equal(1, (await store.GetStoryAsync(1))!.ArticleCount);
    }

    [Fact]
    public async Task Changes_since_a_sequence_are_what_later_writers_committed()
    {
        await using var store = await OpenAsync();
        long s1 = await CommitAsync(store, [Stored(MakeArticle("a", 1, "en"))], [MakeStory(1, 1, T0, "en")], new Dictionary<ulong, int> { [1UL] = 1, [2UL] = 1 });
        long s2 = await CommitAsync(store, [Stored(MakeArticle("b", 1, "fr")), Stored(MakeArticle("c", 5, "de"))],
            [MakeStory(1, 2, T0, "en", "fr"), MakeStory(5, 1, T0, "de")], new Dictionary<ulong, int> { [2UL] = 1, [3UL] = 1 });
        Assert.True(s2 > s1);
        await using var session = await store.BeginWriteAsync();
        var changes = await session.ChangesSinceAsync(s1);
        Assert.Equal([1L, 5L], changes.Stories.Select(s => s.Id));
        Assert.Equal(2, changes.Stories[0].Size);
        Assert.Equal(new Dictionary<ulong, int> { [2UL] = 2, [3UL] = 1 }, changes.DocumentFrequencies.OrderBy(kv => kv.Key).ToDictionary());
        // inside the session: current values by key, unknown keys absent
        var inside = await session.FrequenciesAsync([1UL, 2UL, 3UL, 99UL]);
        Assert.Equal(new Dictionary<ulong, int> { [1UL] = 1, [2UL] = 2, [3UL] = 1 }, inside.OrderBy(kv => kv.Key).ToDictionary());
        Assert.Equal(3, changes.DocumentCount);
        Assert.Equal(6L, changes.NextStoryId);
        Assert.Equal(s2, changes.Sequence);
        Assert.Empty((await session.ChangesSinceAsync(s2)).Stories);
        Assert.Equal(["b"], await session.KnownAsync(["b", "x"]));
    }

    [Fact]
    public async Task Start_up_loads_only_the_stories_inside_the_active_window()
    {
        await using var store = await OpenAsync();
        await CommitAsync(store, [],
        [
            MakeStory(1, 1, T0.AddDays(-100), "en"), MakeStory(2, 1, T0.AddDays(-20), "en"), MakeStory(3, 1, T0, "en"),
            MakeStory(4, 1, DateTimeOffset.UtcNow.AddYears(50), "en"), // a mis-read future date is not "the newest"
        ]);
        var state = await store.LoadActiveStateAsync(TimeSpan.FromDays(30));
        Assert.Equal([2L, 3L, 4L], state.Stories.Select(s => s.Id));
        Assert.Equal(5L, state.NextStoryId); // inactive stories still hold their ids
        Assert.Equal([3L, 4L], (await store.LoadActiveStateAsync(TimeSpan.FromDays(1))).Stories.Select(s => s.Id));
    }

    [Fact]
    public async Task Start_up_loads_the_stories_active_by_either_clock()
    {
        await using var store = await OpenAsync();
        // 10: arrived long ago, published at the newest publication date (an archive ingested now meets it again);
        // 11: arrived now, published long ago; 12: old by both clocks; 13: arrived now, no publication date
        StoryState Two(long id, DateTimeOffset seen, DateTimeOffset? published) =>
            MakeStory(id, 1, seen, "en") with { PublishedFrom = published, PublishedTo = published };
        await CommitAsync(store, [],
        [
            Two(10, T0.AddDays(-60), T0.AddDays(-200)), Two(11, T0, T0.AddDays(-400)), Two(12, T0.AddDays(-60), T0.AddDays(-400)),
            Two(13, T0, null),
        ]);
        // by arrival alone 10 would be missing, by publication alone 11 and 13
        Assert.Equal([10L, 11L, 13L], (await store.LoadActiveStateAsync(TimeSpan.FromDays(7))).Stories.Select(s => s.Id));
        // the story queries give both clocks apart: publication range and arrival range
        var ten = await store.GetStoryAsync(10);
        Assert.NotNull(ten);
        Assert.Equal((T0.AddDays(-200), T0.AddDays(-200), T0.AddDays(-60)), (ten.FirstPublished, ten.LastPublished, ten.LastSeen));
        var thirteen = (await store.ListStoriesAsync(new StoryQuery())).Stories.Single(s => s.Id == 13);
        Assert.Equal(((DateTimeOffset?)null, (DateTimeOffset?)null, T0), (thirteen.FirstPublished, thirteen.LastPublished, thirteen.LastSeen));
    }

    [Fact]
    public async Task Checkpoints_are_stored_with_their_batch()
    {
        await using var store = await OpenAsync();
        Assert.Null(await store.GetCheckpointAsync("feed-a"));
        await CommitAsync(store, [Stored(MakeArticle("a", 1, "en"))], [MakeStory(1, 1, T0, "en")], checkpoints: new Dictionary<string, string> { ["feed-a"] = "offset:10" });
        await CommitAsync(store, [], [], checkpoints: new Dictionary<string, string> { ["feed-a"] = "offset:20", ["warc:x"] = "3" });
        Assert.Equal("offset:20", await store.GetCheckpointAsync("feed-a"));
        Assert.Equal("3", await store.GetCheckpointAsync("warc:x"));
        await Assert.ThrowsAsync<StoreException>(() => CommitAsync(store, [Stored(MakeArticle("a", 1, "en"))], [], checkpoints: new Dictionary<string, string> { ["feed-a"] = "offset:30" }));
        Assert.Equal("offset:20", await store.GetCheckpointAsync("feed-a"));
    }

    [Fact]
    public async Task Search_finds_words_in_any_language_without_case_or_accents()
    {
        await using var store = await OpenAsync();
        await CommitAsync(store,
        [
            Stored(MakeArticle("pt", 1, "pt", title: "Chuva forte em São Paulo", text: "A cidade de São Paulo teve inundações.")),
            Stored(MakeArticle("bg", 2, "bg", title: "Земетресение в Чили", text: "Силно земетресение разтърси Чили в неделя.")),
            Stored(MakeArticle("zh", 3, "zh", title: "智利发生强烈地震", text: "周日智利发生强烈地震。")),
            Stored(MakeArticle("vi", 4, "vi", title: "Động đất mạnh ở Chile", text: "Một trận động đất mạnh xảy ra ở Chile.")),
            Stored(MakeArticle("en", 5, "en", title: "Quotes \" and (brackets)", text: "NEAR AND OR NOT * - ^ : are just words here.")),
        ], [MakeStory(1, 1, T0, "pt"), MakeStory(2, 1, T0, "bg"), MakeStory(3, 1, T0, "zh"), MakeStory(4, 1, T0, "vi"), MakeStory(5, 1, T0, "en")]);
        async Task<string[]> Find(string q) => [.. (await store.SearchAsync(q)).Select(h => h.Article.Id).Order(StringComparer.Ordinal)];
        Assert.Equal(["pt"], await Find("sao paulo"));
        Assert.Equal(["pt"], await Find("SÃO"));
        Assert.Equal(["bg"], await Find("ЗЕМЕТРЕСЕНИЕ чили"));
        Assert.Equal(["zh"], await Find("地震"));
        Assert.Equal(["zh"], await Find("智利"));
        Assert.Empty(await Find("地利"));
        Assert.Equal(["vi"], await Find("dong dat"));
        Assert.Equal(["vi"], await Find("chile"));
        Assert.Empty(await Find("chile sao"));
        Assert.Empty(await Find(""));
        Assert.Empty(await Find("  \" * ( ) "));
        Assert.Equal(["en"], await Find("NEAR(\"and"));
        Assert.Equal(["en"], await Find("brackets)"));
        var hit = Assert.Single(await store.SearchAsync("paulo inundacoes"));
        Assert.Equal(1L, hit.Article.StoryId);
        Assert.Single(await store.SearchAsync("chile", limit: 1));
    }

    [Fact]
    public async Task A_second_writer_waits_for_the_first_to_finish()
    {
        await using var a = await OpenAsync();
        await using var b = await OpenAsync();
        var first = await a.BeginWriteAsync();
        var second = b.BeginWriteAsync();
        await Task.Delay(400);
        Assert.False(second.IsCompleted, "the second writer got the write turn while the first held it");
        await first.CommitAsync(new WriteBatch([Stored(MakeArticle("a", 1, "en"))], [MakeStory(1, 1, T0, "en")], new Dictionary<ulong, int>()));
        await using var s = await second.WaitAsync(TimeSpan.FromSeconds(30));
        var changes = await s.ChangesSinceAsync(0);
        Assert.Equal([1L], changes.Stories.Select(x => x.Id));
        Assert.Equal(["a"], await s.KnownAsync(["a"]));
    }

    [Fact]
    public async Task Concurrent_writers_never_reuse_a_story_id_and_keep_sizes_equal_to_articles()
    {
        const int writers = 4, batches = 15;
        var stores = new List<IStore>();
        for (int i = 0; i < writers; i++)
            stores.Add(await OpenAsync());
        try
        {
            // every writer: catch up, open one new story and add one article to the story it saw last
            var tasks = stores.Select((store, w) => Task.Run(async () =>
            {
                long seq = 0;
                var sizes = new Dictionary<long, int>();
                for (int b = 0; b < batches; b++)
                {
                    await using var session = await store.BeginWriteAsync();
                    var changes = await session.ChangesSinceAsync(seq);
                    foreach (var s in changes.Stories)
                        sizes[s.Id] = s.Size;
                    long id = changes.NextStoryId;
                    var articles = new List<StoredArticle> { Stored(MakeArticle($"w{w}b{b}", id, "en")) };
                    var stories = new List<StoryState> { MakeStory(id, 1, T0, "en") };
                    sizes[id] = 1;
                    if (sizes.Keys.Where(k => k != id).DefaultIfEmpty(0).Max() is var other and > 0)
                    {
                        sizes[other]++;
                        articles.Add(Stored(MakeArticle($"w{w}b{b}x", other, "en")));
                        stories.Add(MakeStory(other, sizes[other], T0, "en"));
                    }
                    seq = await session.CommitAsync(new WriteBatch(articles, stories, new Dictionary<ulong, int> { [1UL] = articles.Count }));
                }
            })).ToArray();
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            foreach (var s in stores)
                await s.DisposeAsync();
        }
        await using var check = await OpenAsync(StoreAccess.ReadOnly);
        var all = (await check.ListStoriesAsync(new StoryQuery { Limit = 0 })).Stories;
        Assert.Equal(writers * batches, all.Count);
        Assert.Equal(Enumerable.Range(1, writers * batches).Select(i => (long)i), all.Select(s => s.Id).Order());
        foreach (var s in all)
            Assert.Equal(s.ArticleCount, (await check.GetArticlesAsync(s.Id)).Count);
        var state = await check.LoadActiveStateAsync(TimeSpan.FromDays(30));
        Assert.Equal((int)await check.CountArticlesAsync(), state.DocumentCount);
        Assert.Equal(state.DocumentCount, (await check.FrequenciesAsync([1UL]))[1UL]);
        Assert.Equal((long)(writers * batches), state.Sequence);
    }

    [Fact]
    public async Task Cancelling_a_write_leaves_nothing_half_written()
    {
        await using var store = await OpenAsync();
        using var cts = new CancellationTokenSource();
        // cancelled while the store is reading the batch's articles (at the 1,000th of 2,000), not after a time that a
        // fast machine may beat
        var articles = new CancellingList<StoredArticle>(
            Enumerable.Range(0, 2000).Select(i => Stored(MakeArticle("a" + i, 1, "en", text: new string('x', 2000)))).ToList(), 1000, cts);
        await using (var session = await store.BeginWriteAsync())
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.CommitAsync(new WriteBatch(articles, [MakeStory(1, 2000, T0, "en")], new Dictionary<ulong, int>()), cts.Token));
        }
        Assert.True(cts.IsCancellationRequested, "the store never read the 1,000th article");
        Assert.Equal(0L, await store.CountArticlesAsync());
        Assert.Null(await store.GetStoryAsync(1));
        await CommitAsync(store, [Stored(MakeArticle("ok", 1, "en"))], [MakeStory(1, 1, T0, "en")]);
        Assert.Equal(1L, await store.CountArticlesAsync());
    }

    [Fact]
    public async Task Read_only_never_creates_a_database()
    {
        var missing = MissingLocation();
        var e = await Assert.ThrowsAsync<StoreException>(() => Stores.OpenAsync(missing, StoreAccess.ReadOnly));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
        Assert.True(await StillMissingAsync(missing));
    }

    [Fact]
    public async Task A_database_of_another_application_is_refused_both_ways()
    {
        await ExecuteRawAsync(Location, "CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)");
        var ro = await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadOnly));
        Assert.Contains("not a Tidings database", ro.Message, StringComparison.Ordinal);
        var rw = await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadWrite));
        Assert.Contains("not a Tidings database", rw.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_database_from_a_newer_version_is_refused()
    {
        await using (await OpenAsync()) { }
        await ExecuteRawAsync(Location, "INSERT INTO schema_version (version, applied_at) VALUES (999, '2999-01-01T00:00:00Z')");
        var e = await Assert.ThrowsAsync<StoreException>(() => OpenAsync());
        Assert.Contains("999", e.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<StoreException>(() => OpenAsync(StoreAccess.ReadOnly));
    }

    [Fact]
    public async Task Two_programs_opening_a_new_database_at_once_migrate_it_once()
    {
        var opens = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => OpenAsync())));
        foreach (var s in opens)
            await s.DisposeAsync();
        await using var store = await OpenAsync(StoreAccess.ReadOnly);
        Assert.Equal(Stores.SchemaVersion, store.SchemaVersion);
        await ExecuteRawAsync(Location, "INSERT INTO meta (key, value) VALUES ('probe', 'x')"); // the schema is usable
    }
}

/// <summary>A list that cancels a token when its item <paramref name="at"/> is read (by index or enumeration).</summary>
internal sealed class CancellingList<T>(IReadOnlyList<T> inner, int at, CancellationTokenSource cts) : IReadOnlyList<T>
{
    public T this[int index]
    {
        get
        {
            if (index == at)
                cts.Cancel();
            return inner[index];
        }
    }

    public int Count => inner.Count;

    public IEnumerator<T> GetEnumerator()
    {
        for (int i = 0; i < inner.Count; i++)
            yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
