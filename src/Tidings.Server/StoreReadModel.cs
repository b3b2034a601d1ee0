using System.Collections.Concurrent;
using System.Diagnostics;
using Tidings.Core;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>The read side over the store contract (any store): story cards add per-language headlines and counts,
/// sources and a day timeline to each story, computed from its articles and kept until the story changes.</summary>
internal sealed class StoreReadModel : IReadModel
{
    private const int MaxCached = 20_000;
    private const int MaxRounds = 50;
    private readonly IStore _store;
    private readonly ConcurrentDictionary<long, (int Size, DateTimeOffset LastSeen, CardParts Parts)> _cards = new();

    private sealed record CardParts(IReadOnlyDictionary<string, string> Titles, IReadOnlyDictionary<string, int> Counts, IReadOnlyList<SourceCount> Sources, IReadOnlyList<DayCount> Timeline);

    /// <summary>How long a listing is served from memory at most: commits of other processes on the same database
    /// (which this server is not told of) show within this time.</summary>
    internal static readonly TimeSpan ListLifetime = TimeSpan.FromSeconds(1);

    private const int MaxListings = 512;
    private long _version;
    private readonly ConcurrentDictionary<StoryListQuery, Listing> _listings = new();

    /// <summary>One listing as computed for a version of the data; computed once however many readers ask at once.</summary>
    private sealed record Listing(long Version, long At, Lazy<Task<StoryListPage>> Page)
    {
        public bool ServesFor(long version, long now) =>
            Version == version && Stopwatch.GetElapsedTime(At, now) < ListLifetime && !(Page.IsValueCreated && (Page.Value.IsFaulted || Page.Value.IsCanceled));
    }

    public StoreReadModel(IStore store) => _store = store;

    public void Changed() => Interlocked.Increment(ref _version);

    /// <summary>Listings come from memory until this server commits (<see cref="Changed"/>) or, at the latest, after
    /// <see cref="ListLifetime"/>; readers asking for the same listing meanwhile share one computation, so a stream of
    /// reads costs the store one query per commit, not one per request.</summary>
    public async Task<StoryListPage> ListStoriesAsync(StoryListQuery query, CancellationToken cancellation)
    {
        long version = Volatile.Read(ref _version), now = Stopwatch.GetTimestamp();
        if (_listings.Count >= MaxListings)
            _listings.Clear();
        var listing = _listings.AddOrUpdate(query,
            static (q, s) => s.Self.NewListing(q, s.Version, s.Now),
            static (q, old, s) => old.ServesFor(s.Version, s.Now) ? old : s.Self.NewListing(q, s.Version, s.Now),
            (Self: this, Version: version, Now: now));
        return await listing.Page.Value.WaitAsync(cancellation).ConfigureAwait(false);
    }

    // shared by every reader of the listing, so no single reader's cancellation stops it
    private Listing NewListing(StoryListQuery query, long version, long now) =>
        new(version, now, new Lazy<Task<StoryListPage>>(() => ComputeListAsync(query, CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication));

    private async Task<StoryListPage> ComputeListAsync(StoryListQuery query, CancellationToken cancellation)
    {
        if (query.Text is { } text)
            return await ListMatchingAsync(query, text, cancellation);
        var stories = new List<Story>();
        string? cursor = query.Cursor;
        for (int round = 0; round < MaxRounds && stories.Count < query.Limit; round++)
        {
            StoryPage page;
            try
            {
                page = await _store.ListStoriesAsync(new StoryQuery { Language = query.Language, Since = query.Since, Limit = query.Limit - stories.Count, Cursor = cursor }, cancellation);
            }
            catch (ArgumentException e)
            {
                throw new BadCursorException(e.Message);
            }
            stories.AddRange(page.Stories.Where(s => query.Until is not { } until || s.FirstSeen <= until));
            cursor = page.NextCursor;
            if (cursor is null)
                break;
        }
        return new StoryListPage(await CardsAsync(stories, cancellation), cursor);
    }

    /// <summary>Stories with an article matching <paramref name="text"/> (the store's full-text search), in list order,
    /// paged with a cursor of their own.</summary>
    private async Task<StoryListPage> ListMatchingAsync(StoryListQuery query, string text, CancellationToken cancellation)
    {
        ListCursor? after = null;
        if (query.Cursor is { } c)
            after = ListCursor.TryDecode(c, out var k) ? k : throw new BadCursorException("'cursor' is not one this server gave out for this search");
        var hits = await _store.SearchAsync(text, 1000, cancellation);
        var stories = new List<Story>();
        foreach (var id in hits.Select(h => h.Article.StoryId).OfType<long>().Distinct())
        {
            if (await _store.GetStoryAsync(id, cancellation) is { } s
                && (query.Language is null || s.Languages.Any(l => l == query.Language || l.StartsWith(query.Language + "-", StringComparison.Ordinal)))
                && (query.Since is not { } since || s.LastSeen >= since)
                && (query.Until is not { } until || s.FirstSeen <= until))
                stories.Add(s);
        }
        var ordered = stories.OrderByDescending(s => s.ArticleCount).ThenByDescending(s => s.LastSeen).ThenByDescending(s => s.Id)
            .Where(s => after is not { } a || s.ArticleCount < a.Size || (s.ArticleCount == a.Size && (s.LastSeen < a.LastSeen || (s.LastSeen == a.LastSeen && s.Id < a.Id))))
            .Take(query.Limit + 1).ToList();
        string? next = null;
        if (ordered.Count > query.Limit)
        {
            ordered.RemoveAt(ordered.Count - 1);
            var last = ordered[^1];
            next = new ListCursor(last.ArticleCount, last.LastSeen, last.Id).Encode();
        }
        return new StoryListPage(await CardsAsync(ordered, cancellation), next);
    }

    public async Task<IReadOnlyList<StoryCard>> CardsAsync(IReadOnlyCollection<long> storyIds, CancellationToken cancellation)
    {
        var stories = new List<Story>();
        foreach (var id in storyIds)
        {
            if (await _store.GetStoryAsync(id, cancellation) is { } s)
                stories.Add(s);
        }
        return await CardsAsync(stories, cancellation);
    }

    /// <summary>The cards of <paramref name="stories"/>: the parts of each story that changed since they were last
    /// computed come from one query for all of them (the articles' titles, languages, sources and times, never their
    /// text); the others from the cache.</summary>
    private async Task<IReadOnlyList<StoryCard>> CardsAsync(IReadOnlyList<Story> stories, CancellationToken cancellation)
    {
        var parts = new Dictionary<long, CardParts>();
        var stale = new List<Story>();
        foreach (var s in stories)
        {
            if (_cards.TryGetValue(s.Id, out var c) && c.Size == s.ArticleCount && c.LastSeen == s.LastSeen)
                parts[s.Id] = c.Parts;
            else if (!stale.Exists(t => t.Id == s.Id))
                stale.Add(s);
        }
        if (stale.Count > 0)
        {
            var heads = (await _store.GetArticleHeadsAsync(stale.ConvertAll(s => s.Id), cancellation)).ToLookup(a => a.StoryId);
            if (_cards.Count + stale.Count > MaxCached)
                _cards.Clear();
            foreach (var s in stale)
            {
                var p = Parts(heads[s.Id].ToList());
                parts[s.Id] = p;
                _cards[s.Id] = (s.ArticleCount, s.LastSeen, p);
            }
        }
        var cards = new List<StoryCard>(stories.Count);
        foreach (var s in stories)
            cards.Add(Card(s, parts[s.Id]));
        return cards;
    }

    private static CardParts Parts(IReadOnlyList<Article> articles)
    {
        var titles = new Dictionary<string, string>(StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var a in articles.OrderBy(a => a.SeenAt).ThenBy(a => a.Id, StringComparer.Ordinal))
        {
            var lang = a.Language.ToString();
            titles.TryAdd(lang, a.Title);
            counts[lang] = counts.GetValueOrDefault(lang) + 1;
        }
        var sources = articles.Select(a => a.Source).OfType<string>().GroupBy(s => s, StringComparer.Ordinal)
            .Select(g => new SourceCount(g.Key, g.Count())).OrderByDescending(s => s.Count).ThenBy(s => s.Name, StringComparer.Ordinal).ToList();
        var timeline = articles.GroupBy(a => a.SeenAt.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => new DayCount(g.Key, g.Count())).ToList();
        return new CardParts(titles, counts, sources, timeline);
    }

    private static StoryCard Card(Story s, CardParts p) => new()
    {
        Id = s.Id,
        Title = s.Title,
        Titles = p.Titles,
        Languages = s.Languages,
        LanguageCounts = p.Counts,
        Articles = s.ArticleCount,
        Reports = s.Reports,
        Copies = s.Copies,
        FirstPublished = s.FirstPublished,
        LastPublished = s.LastPublished,
        FirstSeen = s.FirstSeen,
        LastSeen = s.LastSeen,
        Sources = p.Sources,
        Timeline = p.Timeline,
    };

    private static ArticleView View(Article a, bool withText = false) => new()
    {
        Id = a.Id,
        Title = a.Title,
        Language = a.Language.ToString(),
        Url = a.Url,
        Site = a.Source,
        Author = a.Author,
        Published = a.Published,
        IngestedAt = a.IngestedAt,
        StoryId = a.StoryId,
        Text = withText ? a.Text : null,
    };

    public async Task<StoryDetail?> GetStoryAsync(long id, CancellationToken cancellation)
    {
        if (await _store.GetStoryAsync(id, cancellation) is not { } s)
            return null;
        var articles = await _store.GetArticleHeadsAsync([id], cancellation); // the page shows no text
        var card = Card(s, Parts(articles));
        var groups = articles.Select(a => View(a)).GroupBy(a => a.Language, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LanguageGroup(g.Key, g.OrderBy(a => a.Published ?? a.IngestedAt).ThenBy(a => a.Id, StringComparer.Ordinal).ToList())).ToList();
        return new StoryDetail(card, groups);
    }

    public async Task<ArticleView?> GetArticleAsync(string id, CancellationToken cancellation) =>
        await _store.GetArticleAsync(id, cancellation) is { } a ? View(a, withText: true) : null;

    public async Task<IReadOnlyDictionary<string, long?>> StoriesOfAsync(IReadOnlyCollection<string> ids, CancellationToken cancellation)
    {
        var result = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var id in ids)
        {
            if (await _store.GetArticleAsync(id, cancellation) is { } a)
                result[id] = a.StoryId;
        }
        return result;
    }

    public async Task<IReadOnlyList<SearchResult>> SearchAsync(string text, string? language, int limit, CancellationToken cancellation)
    {
        var hits = await _store.SearchAsync(text, language is null ? limit : Math.Min(1000, limit * 10), cancellation);
        return hits.Where(h => language is null || h.Article.Language.Language == language || h.Article.Language.ToString() == language)
            .Take(limit)
            .Select(h => new SearchResult(View(h.Article), Snippets.Around(h.Article.Text, text))).ToList();
    }

    public async Task<long> CountArticlesAsync(CancellationToken cancellation) => await _store.CountArticlesAsync(cancellation);
}
