using System.Runtime.InteropServices;
using Tidings.Core;

namespace Tidings.Clustering;

/// <summary>Settings of the story engine.</summary>
public sealed record ClusteringOptions
{
    /// <summary>An article joins the best candidate story when the scorer's probability reaches this (default: the
    /// threshold chosen on the development pairs when the weights were fitted).</summary>
    public double? Threshold { get; init; }

    /// <summary>Time gate: an article is compared only with stories whose time range (publication dates when both
    /// sides have them, else the times the articles were seen) comes within this of its own time.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(7);

    /// <summary>A story whose last article is older than this before the newest article seen leaves the active set:
    /// it stays stored and searchable but takes no new articles.</summary>
    public TimeSpan ActiveWindow { get; init; } = TimeSpan.FromDays(7);

    /// <summary>At most this many candidate stories are scored per article (those sharing most of its rare keys).</summary>
    public int MaxCandidates { get; init; } = 48;

    /// <summary>Most keys a story's profile keeps (language-neutral keys first): bounds memory per story.</summary>
    public int ProfileSize { get; init; } = 128;

    /// <summary>Two texts whose SimHash fingerprints differ in at most this many of 64 bits are copies (unrelated texts
    /// differ in about 32 ± 4; a wire story with another site's first and last lines in about 6).</summary>
    public int CopyDistance { get; init; } = 8;

    /// <summary>Evidence gate: a join needs a shared language-neutral key (name, place, date, number, token) that is
    /// rare: outside the story and the article, at most max(2, this × √N) of the N articles seen carry it.</summary>
    public double RareKeyFactor { get; init; } = 0.6;

    /// <summary>A late join (a one-report story merged into the story an article just joined) needs the probability
    /// to clear the threshold by this much: it moves an article already placed, so it asks a little more than a join.</summary>
    public double LateJoinMargin { get; init; } = 0.01;

    /// <summary>Only the one-report stories the joining article itself scored at least this probability against are tried
    /// for a late join (the others have little in common with what the story gained). On the samples and the trap set,
    /// every late join that cleared the threshold had scored 0.60 or more against the article.</summary>
    public double LateJoinCandidate { get; init; } = 0.3;
}

/// <summary>Why an article went where it went: the scorer's inputs and each one's contribution to the logit.</summary>
public sealed record JoinEvidence
{
    /// <summary>"joined", "copy", "new story", or "not a report" (a page kind that joins only as a copy).</summary>
    public required string Decision { get; init; }
    public double Probability { get; init; }
    public double Threshold { get; init; }
    public double Bias { get; init; }
    public IReadOnlyList<(string Feature, double Value, double Contribution)> Features { get; init; } = [];
    /// <summary>Shared language-neutral keys, rarest first (up to 12), and shared words (up to 8).</summary>
    public IReadOnlyList<ulong> SharedKeys { get; init; } = [];
    /// <summary>The best candidate's SimHash distance, when both have fingerprints.</summary>
    public int? CopyDistance { get; init; }
    /// <summary>Why the best candidate was not joined, when it was not.</summary>
    public string? Refusal { get; init; }

    /// <summary>The evidence as compact JSON (what the stores keep per article): decision, probability, threshold,
    /// bias, each feature's value and contribution, shared keys (hex), copy distance and refusal.</summary>
    public string ToJson()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512);
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("decision", Decision);
            w.WriteNumber("probability", Math.Round(Probability, 4));
            w.WriteNumber("threshold", Math.Round(Threshold, 4));
            w.WriteNumber("bias", Math.Round(Bias, 4));
            w.WriteStartArray("features");
            foreach (var (feature, value, contribution) in Features)
            {
                w.WriteStartObject();
                w.WriteString("name", feature);
                w.WriteNumber("value", double.IsFinite(value) ? value : 0);
                w.WriteNumber("contribution", double.IsFinite(contribution) ? contribution : 0);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartArray("shared_keys");
            foreach (var k in SharedKeys)
                w.WriteStringValue(k.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteEndArray();
            if (CopyDistance is { } d)
                w.WriteNumber("copy_distance", d);
            if (Refusal is { } r)
                w.WriteString("refusal", r);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}

/// <summary>Where an article went. <see cref="Similarity"/> is the scorer's probability for the story joined (0 for a
/// new story); <see cref="Centrality"/> is how close its headline is to the story's.</summary>
public readonly record struct Assignment(long StoryId, bool NewStory, double Similarity)
{
    public bool IsCopy { get; init; }
    public double Centrality { get; init; }
    public JoinEvidence? Evidence { get; init; }
}

/// <summary>The streaming story engine (single pass, in the manner of Miranda et al. 2018): each article's candidate
/// stories come from an inverted index over rare keys (bounded, never a scan of all stories); each candidate is
/// scored by a calibrated logistic model over evidence features (word and language-neutral cosines, rarity-weighted
/// name/place/date/number overlaps, date conflict, title similarity, time gap); the best candidate is joined when
/// its probability clears the threshold and they share a rare key, else the article opens a story. Near-copies
/// (SimHash) join as copies; pages that are not reports join nothing else. Stories leave the active set
/// <see cref="ClusteringOptions.ActiveWindow"/> after their last article.</summary>
public sealed class StoryClusterer
{
    private readonly ClusteringOptions _options;
    private readonly StoryScorer _scorer;
    private readonly double _threshold;
    private readonly double _crossThreshold;
    private readonly List<MutableStory?> _stories = []; // null once retired (the index keeps its place)
    private readonly Dictionary<long, int> _indexById = [];
    private FrequencyTable _df;
    private Dictionary<ulong, int> _dfDelta = [];
    private readonly Frequencies _freq;
    private readonly HashSet<MutableStory> _dirty = [];
    private readonly List<StoryState> _retiredDirty = [];

    /// <summary>Key → (first posting, number of postings); postings are singly linked in flat arrays with a free list.</summary>
    private readonly PostingHeads _postings = new();
    private int[] _postStory = new int[1024];
    private int[] _postNext = new int[1024];
    private int _postUsed;
    private int _postFree = -1;

    private int[] _stamp = new int[64];
    private int[] _hits = new int[64];
    private int _articleNo;
    private readonly List<int> _candidates = [];
    private ulong[] _orderNeutral = new ulong[256];
    private ulong[] _orderWords = new ulong[256];
    private ulong[] _ranked = new ulong[64];
    private readonly List<int> _order = new(CandidateKeys + CandidateWords);

    /// <summary>Indices of the active stories (swept for retiring now and then), and the two clocks: the newest
    /// publication date and the newest time seen.</summary>
    private readonly List<int> _activeList = [];
    private DateTimeOffset _newestPublished = DateTimeOffset.MinValue;
    private DateTimeOffset _newestSeen = DateTimeOffset.MinValue;
    private int _active;
    private int _sinceSweep;

    private long _nextId;
    private readonly Queue<MutableStory> _founders = new();
    private readonly List<(int Index, double P)> _scored = [];
    private readonly List<(string ArticleId, long StoryId, JoinEvidence Evidence)> _moves = [];
    private int _epoch;
    private int _epochDocuments;

    /// <summary>A key carried by more active stories than this is too common to find candidates by.</summary>
    internal const int MaxPostings = 400;

    /// <summary>How many of an article's rarest neutral keys, and of its weightiest words, look up candidates.</summary>
    internal const int CandidateKeys = 24;
    internal const int CandidateWords = 8;

    /// <summary>How many of a story's keys are posted in the index (neutral keys first, then its strongest words).</summary>
    internal const int IndexKeys = 24;

    internal const int TitleKeys = 16;
    internal const int MaxFingerprints = 16;

    /// <summary>One-report stories opened last whose report is kept for a late join (<see cref="LateJoins"/>).</summary>
    internal const int MaxFounders = 512;

    private StoryClusterer(ClusterState state, ClusteringOptions options, StoryScorer scorer)
    {
        _options = options;
        _scorer = scorer;
        _threshold = options.Threshold ?? scorer.Threshold;
        _crossThreshold = options.Threshold ?? scorer.CrossThreshold;
        _df = new FrequencyTable(state.DocumentFrequencies.Count);
        foreach (var (k, v) in state.DocumentFrequencies)
            _df[k] = v;
        _freq = new Frequencies(_df, state.DocumentCount);
        long maxId = 0;
        foreach (var s in state.Stories)
        {
            maxId = Math.Max(maxId, s.Id);
            if (s.PublishedTo is { } p && p > _newestPublished)
                _newestPublished = p;
            if (s.LastSeen > _newestSeen)
                _newestSeen = s.LastSeen;
        }
        foreach (var s in state.Stories.OrderBy(s => s.Id))
        {
            if (s.MergedInto is not null || IsOld(s.PublishedTo, s.LastSeen))
                continue; // stays stored; no longer takes articles
            AddStored(s);
        }
        _nextId = Math.Max(state.NextStoryId, maxId + 1);
    }

    private void AddStored(StoryState s)
    {
        var story = MutableStory.From(s, _stories.Count);
        _stories.Add(story);
        _indexById[story.Id] = story.Index;
        _activeList.Add(story.Index);
        _active++;
        PostStory(story);
    }

    /// <summary>Takes in what other writers committed (<see cref="ClusterState"/> as a change set: the stories they
    /// changed, whole; the current frequencies of the features they touched; the current document count and next free
    /// story id). Call it with nothing of this clusterer's own pending (after the last batch was taken and saved).</summary>
    public void CatchUp(ClusterState changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var s in changes.Stories)
        {
            if (s.MergedInto is not null)
            {
                if (_indexById.Remove(s.Id, out int gone) && _stories[gone] is { } merged)
                    Drop(merged);
                continue;
            }
            if (_indexById.TryGetValue(s.Id, out int index) && _stories[index] is { } old)
            {
                UnpostStory(old);
                _dirty.Remove(old);
                var updated = MutableStory.From(s, index);
                _stories[index] = updated;
                PostStory(updated);
            }
            else if (!_indexById.ContainsKey(s.Id))
            {
                AddStored(s);
            }
            if (s.PublishedTo is { } p && p > _newestPublished)
                _newestPublished = p;
            if (s.LastSeen > _newestSeen)
                _newestSeen = s.LastSeen;
        }
        foreach (var (k, df) in changes.DocumentFrequencies)
            _df[k] = df;
        _freq.Documents = changes.DocumentCount;
        _nextId = Math.Max(_nextId, changes.NextStoryId);
    }

    /// <summary>A clusterer that resumes from a stored state (or <see cref="ClusterState.Empty"/>).</summary>
    public static StoryClusterer Create(ClusterState? state = null, ClusteringOptions? options = null) =>
        new(state ?? ClusterState.Empty, options ?? new ClusteringOptions(), StoryScorer.Default);

    internal static StoryClusterer Create(ClusterState state, ClusteringOptions options, StoryScorer scorer) => new(state, options, scorer);

    /// <summary>Stories opened since this clusterer started, plus the active stories it resumed.</summary>
    public int StoryCount => _stories.Count;

    /// <summary>Stories still taking articles.</summary>
    public int ActiveStories => _active;

    /// <summary>Keys whose document frequency is held, and the bytes the frequency tables take (the vocabulary's
    /// statistics: they grow with the distinct keys seen, not with the stories; for the benchmark's breakdown).</summary>
    internal (int Keys, long Bytes) FrequencyFootprint => (_df.Count, _df.Bytes + ((long)_dfDelta.EnsureCapacity(0) * 28));

    /// <summary>The threshold in force.</summary>
    public double Threshold => _threshold;

    /// <summary>Cached frequencies beyond this many are dropped between batches (the store has them all).</summary>
    internal const int MaxCachedFrequencies = 4_000_000;

    /// <summary>The keys of <paramref name="vectors"/> whose document frequency this clusterer does not hold. A
    /// clusterer resumed from a store holds the frequencies of its active stories' keys (and of what other writers
    /// touched since); the store keeps all the others, and a writer supplies the ones a batch needs
    /// (<see cref="SupplyFrequencies"/>) inside its write session, before <see cref="Add"/>. A clusterer that is never
    /// supplied treats every key it does not hold as new.</summary>
    public IReadOnlyCollection<ulong> MissingFrequencies(IEnumerable<FeatureVector> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        var missing = new HashSet<ulong>();
        foreach (var v in vectors)
        {
            foreach (var k in v.Keys)
            {
                if (!_df.ContainsKey(k))
                    missing.Add(k);
            }
        }
        return missing;
    }

    /// <summary>Takes the stored frequencies of the keys <see cref="MissingFrequencies"/> named (absent = never seen).
    /// Call it with nothing of this clusterer's own pending, after <see cref="CatchUp"/>.</summary>
    public void SupplyFrequencies(IReadOnlyCollection<ulong> keys, IReadOnlyDictionary<ulong, int> stored)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(stored);
        if (_dfDelta.Count > 0)
            throw new InvalidOperationException("frequencies are supplied between batches, not while a batch is pending");
        if (_df.Count + keys.Count > MaxCachedFrequencies)
            DropCachedFrequencies();
        foreach (var k in keys)
            _df[k] = stored.GetValueOrDefault(k);
    }

    /// <summary>Keeps only the frequencies of the active stories' keys (which story norms need); everything dropped is
    /// in the store and asked for again when an article needs it.</summary>
    private void DropCachedFrequencies()
    {
        var keep = new FrequencyTable();
        foreach (var s in _stories)
        {
            if (s is null)
                continue;
            foreach (var k in s.Side.Keys)
            {
                if (_df.TryGetValue(k, out int v))
                    keep[k] = v;
            }
            foreach (var k in s.Side.TitleKeys)
            {
                if (_df.TryGetValue(k, out int v))
                    keep[k] = v;
            }
        }
        _df = keep;
        _freq.Table = keep;
    }

    /// <summary>Assigns an article to a story and updates that story.</summary>
    public Assignment Add(Article article, FeatureVector features, FeatureVector? titleFeatures = null, float[]? embedding = null)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(features);
        int documents = ++_freq.Documents;
        foreach (var k in features.Keys)
        {
            _df.Increment(k);
            CollectionsMarshal.GetValueRefOrAddDefault(_dfDelta, k, out _)++;
        }
        if (documents > (_epochDocuments * 1.05) + 10)
        {
            _epoch++;
            _epochDocuments = documents;
        }
        if (article.Published is { } published && published > _newestPublished)
            _newestPublished = published;
        if (article.IngestedAt > _newestSeen)
            _newestSeen = article.IngestedAt;
        if (++_sinceSweep >= Math.Max(256, _active / 2))
        {
            _sinceSweep = 0;
            Retire();
        }

        var side = Side.Of(features, titleFeatures, article.Language.Language);
        side.Dense = embedding;
        side.Weigh(_freq, _epoch);
        ulong fingerprint = SimHash.Of(article.Text);
        bool report = article.PageKind is PageKind.Article or PageKind.Unknown;

        Span<double> x = stackalloc double[Evidence.Count];
        Span<double> bestX = stackalloc double[Evidence.Count];
        MutableStory? best = null, copyOf = null;
        double bestP = -1, bestNeed = 0, maxIdf = _freq.MaxIdf;
        int bestCopy = int.MaxValue;
        Evidence.Shared bestShared = default;
        _scored.Clear();
        foreach (int index in Candidates(side))
        {
            var story = _stories[index]!;
            double gap = story.Gap(article);
            if (gap > _options.Window.TotalDays)
                continue;
            int distance = fingerprint == 0 ? int.MaxValue : story.CopyDistance(fingerprint);
            if (distance <= _options.CopyDistance && distance < bestCopy)
            {
                bestCopy = distance;
                copyOf = story;
            }
            if (!report || !story.IsReport)
                continue;
            story.Profile(_freq, _epoch);
            var shared = Evidence.Compute(side, story.Side, maxIdf, x, gap);
            double p = _scorer.Probability(x);
            _scored.Add((index, p));
            // the margin over the threshold that applies (across languages the evidence is thinner)
            double need = story.Side.Speaks(side.Language) ? _threshold : _crossThreshold;
            if (p - need > bestP - bestNeed)
            {
                bestP = p;
                bestNeed = need;
                best = story;
                bestShared = shared;
                x.CopyTo(bestX);
            }
        }

        string decision;
        string? refusal = null;
        MutableStory target;
        bool isNew = false, isCopy = false;
        if (copyOf is not null)
        {
            target = copyOf;
            isCopy = true;
            decision = "copy";
            if (best != copyOf)
            {
                copyOf.Profile(_freq, _epoch);
                bestShared = Evidence.Compute(side, copyOf.Side, maxIdf, bestX, copyOf.Gap(article));
                bestP = _scorer.Probability(bestX);
            }
        }
        else if (!report)
        {
            target = Open(article);
            isNew = true;
            decision = "not a report";
        }
        else if (best is not null && bestP >= bestNeed && IsRare(bestShared, best))
        {
            target = best;
            decision = "joined";
        }
        else
        {
            if (best is not null)
            {
                refusal = bestP < bestNeed
                    ? $"best candidate story {best.Id} scored {bestP:F3} < {bestNeed:F3}"
                    : $"best candidate story {best.Id} scored {bestP:F3} but shares no rare name, place, date or number";
            }
            target = Open(article);
            isNew = true;
            decision = "new story";
        }

        // the shared keys as they stood when the decision was made (before the article joins the profile)
        List<ulong> sharedKeys = best is null && copyOf is null ? [] : SharedKeys(side, (isCopy ? copyOf : best)!.Side);
        double centrality = target.AddMember(side, titleFeatures, article, fingerprint, isCopy, report, _options.ProfileSize, _freq);
        if (!isCopy)
            RepostStory(target);
        _dirty.Add(target);
        if (isNew && report)
            KeepFounder(target, side, titleFeatures, article, fingerprint);
        else if (decision == "joined")
        {
            target.Founder = null;
            LateJoins(target, x);
        }

        var evidence = new JoinEvidence
        {
            Decision = decision,
            Probability = best is null && copyOf is null ? 0 : Math.Max(0, bestP),
            Threshold = bestNeed == 0 ? _threshold : bestNeed,
            Bias = _scorer.Bias,
            Features = best is null && copyOf is null ? [] : Describe(bestX),
            SharedKeys = sharedKeys,
            CopyDistance = bestCopy == int.MaxValue ? null : bestCopy,
            Refusal = refusal,
        };
        return new Assignment(target.Id, isNew, isNew ? 0 : Math.Max(0, bestP))
        {
            IsCopy = isCopy,
            Centrality = centrality,
            Evidence = evidence,
        };
    }

    /// <summary>Keeps a new story's one report (its weighed side and what <see cref="MutableStory.AddMember"/> needs) for
    /// a late join; only the <see cref="MaxFounders"/> newest are kept, so the memory stays bounded.</summary>
    private void KeepFounder(MutableStory story, Side side, FeatureVector? title, Article article, ulong fingerprint)
    {
        story.Founder = new Founder(side, title, article with { Text = "" }, fingerprint);
        _founders.Enqueue(story);
        while (_founders.Count > MaxFounders)
            _founders.Dequeue().Founder = null;
    }

    /// <summary>Late joins: after an article joined <paramref name="target"/>, each other candidate story that still
    /// holds only its first report (and that the article scored at least <see cref="ClusteringOptions.LateJoinCandidate"/>
    /// against) is scored against the grown story as that report would be if it arrived now, and
    /// merged into it when it clears the same threshold and evidence gate. A report that came before every other
    /// report of its event then ends in the event's story, as it would in time order. Only one-report stories move
    /// (never two grown stories), and only into a story an article has just joined.</summary>
    private void LateJoins(MutableStory target, Span<double> x)
    {
        double maxIdf = _freq.MaxIdf;
        // the profile weighed here is not kept: the next article weighs it with its own counts, as without late joins
        int epochBefore = target.Side.Epoch;
        foreach (var (index, pa) in _scored)
        {
            if (pa < _options.LateJoinCandidate || _stories[index] is not { Founder: { } founder, Reports: 1, Size: 1, IsReport: true } story || story == target)
                continue;
            double gap = target.Gap(founder.Article);
            if (gap > _options.Window.TotalDays)
                continue;
            if (founder.Side.Epoch != _epoch)
                founder.Side.Weigh(_freq, _epoch);
            target.Profile(_freq, _epoch);
            var shared = Evidence.Compute(founder.Side, target.Side, maxIdf, x, gap);
            double p = _scorer.Probability(x);
            double need = target.Side.Speaks(founder.Side.Language) ? _threshold : _crossThreshold;
            if (p < need + _options.LateJoinMargin || !IsRare(shared, target))
                continue;
            var evidence = new JoinEvidence
            {
                Decision = "joined later",
                Probability = p,
                Threshold = need,
                Bias = _scorer.Bias,
                Features = Describe(x),
                SharedKeys = SharedKeys(founder.Side, target.Side),
            };
            target.AddMember(founder.Side, founder.Title, founder.Article, founder.Fingerprint, false, true, _options.ProfileSize, _freq);
            RepostStory(target);
            story.MergedInto = target.Id;
            _dirty.Add(story);
            Drop(story);
            _moves.Add((founder.Article.Id, target.Id, evidence));
            epochBefore = -1;
        }
        target.Side.Epoch = epochBefore;
    }

    /// <summary>Takes a story out of the active set and the index (it stays stored).</summary>
    private void Drop(MutableStory story)
    {
        UnpostStory(story);
        story.Founder = null;
        _stories[story.Index] = null;
        _active--; // its place in the active list is skipped at the next sweep
    }

    /// <summary>Articles moved to another story since the last call (late joins), with the evidence, for the store.</summary>
    public IReadOnlyList<(string ArticleId, long StoryId, JoinEvidence Evidence)> TakeMoves()
    {
        var list = _moves.ToList();
        _moves.Clear();
        return list;
    }

    private sealed record Founder(Side Side, FeatureVector? Title, Article Article, ulong Fingerprint);

    /// <summary>The evidence gate: the rarest shared neutral key is carried by few articles outside the story.</summary>
    private bool IsRare(in Evidence.Shared shared, MutableStory story)
    {
        if (shared.SharedNeutral == 0)
            return false;
        int outside = _df.Get(shared.RarestKey) - 1 - story.Reports;
        return outside <= Math.Max(2, _options.RareKeyFactor * Math.Sqrt(_freq.Documents));
    }

    private List<(string, double, double)> Describe(ReadOnlySpan<double> x)
    {
        var c = _scorer.Contributions(x);
        var list = new List<(string, double, double)>(Evidence.Count);
        for (int i = 0; i < Evidence.Count; i++)
            list.Add((Evidence.Names[i], Math.Round(x[i], 4), Math.Round(c[i], 4)));
        return list;
    }

    private static List<ulong> SharedKeys(Side a, Side b)
    {
        var neutral = new List<(ulong Key, float Idf)>();
        var words = new List<(ulong Key, float Idf)>();
        int i = 0, j = 0;
        while (i < a.Keys.Length && j < b.Keys.Length)
        {
            if (a.Keys[i] < b.Keys[j])
                i++;
            else if (a.Keys[i] > b.Keys[j])
                j++;
            else
            {
                (FeatureVector.KindOf(a.Keys[i]) is FeatureKind.Word or FeatureKind.Concept ? words : neutral).Add((a.Keys[i], a.Idf[i]));
                i++;
                j++;
            }
        }
        return [.. neutral.OrderByDescending(k => k.Idf).ThenBy(k => k.Key).Take(12).Select(k => k.Key),
            .. words.OrderByDescending(k => k.Idf).ThenBy(k => k.Key).Take(8).Select(k => k.Key)];
    }

    private MutableStory Open(Article article)
    {
        var story = new MutableStory(_nextId++, article.Title, _stories.Count, article.IngestedAt);
        _stories.Add(story);
        _indexById[story.Id] = story.Index;
        _activeList.Add(story.Index);
        _active++;
        return story;
    }

    /// <summary>The similarity (same-story probability) of two articles' vectors under the current statistics.</summary>
    public double Similarity(FeatureVector a, FeatureVector b) => Similarity(a, null, "und", b, null, "und");

    /// <summary>The same-story probability of two articles, with their titles' features and languages.</summary>
    public double Similarity(FeatureVector a, FeatureVector? titleA, string languageA, FeatureVector b, FeatureVector? titleB, string languageB)
    {
        Span<double> x = stackalloc double[Evidence.Count];
        PairFeatures(a, titleA, languageA, b, titleB, languageB, x);
        return _scorer.Probability(x);
    }

    /// <summary>The evidence features of two articles, the second treated as a one-member story (as the engine sees it).
    /// Returns whether the pair passes the evidence gate (a shared rare neutral key, as a join needs).</summary>
    internal bool PairFeatures(FeatureVector a, FeatureVector? titleA, string languageA, FeatureVector b, FeatureVector? titleB, string languageB, Span<double> x,
        float[]? denseA = null, float[]? denseB = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var sa = Side.Of(a, titleA, languageA);
        sa.Dense = denseA;
        sa.Weigh(_freq, _epoch);
        var story = new MutableStory(0, "", -1, DateTimeOffset.UnixEpoch);
        var sb = Side.Of(b, titleB, languageB);
        sb.Weigh(_freq, _epoch);
        story.AddMember(sb, titleB, null, 0, false, true, _options.ProfileSize, _freq);
        story.Side.Dense = denseB;
        story.Profile(_freq, _epoch);
        var shared = Evidence.Compute(sa, story.Side, _freq.MaxIdf, x);
        return IsRare(shared, story);
    }

    /// <summary>A story is old when its last publication date is older than the active window before the newest
    /// publication date seen (or it has none) and its last article came in longer ago than that before the newest
    /// arrival: by both clocks, nothing has happened for a week.</summary>
    private bool IsOld(DateTimeOffset? lastPublished, DateTimeOffset lastSeen) =>
        (lastPublished is not { } p || p < _newestPublished - _options.ActiveWindow) && lastSeen < _newestSeen - _options.ActiveWindow;

    /// <summary>Retires the old stories (swept every max(256, active/2) articles: constant amortized cost).</summary>
    private void Retire()
    {
        int kept = 0;
        for (int i = 0; i < _activeList.Count; i++)
        {
            int index = _activeList[i];
            if (_stories[index] is not { } story)
                continue; // merged into another story
            if (!IsOld(story.PublishedTo, story.LastSeen))
            {
                _activeList[kept++] = index;
                continue;
            }
            UnpostStory(story);
            story.Founder = null;
            if (_dirty.Remove(story))
                _retiredDirty.Add(story.ToState());
            _stories[index] = null;
            _active--;
        }
        _activeList.RemoveRange(kept, _activeList.Count - kept);
    }

    private void PostStory(MutableStory story)
    {
        story.Posted = story.IndexKeys(IndexKeys);
        foreach (var k in story.Posted)
            Post(k, story.Index);
    }

    private void RepostStory(MutableStory story)
    {
        var keys = story.IndexKeys(IndexKeys);
        var old = story.Posted;
        foreach (var k in keys)
        {
            if (Array.BinarySearch(old, k) < 0)
                Post(k, story.Index);
        }
        foreach (var k in old)
        {
            if (Array.BinarySearch(keys, k) < 0)
                Unpost(k, story.Index);
        }
        story.Posted = keys;
    }

    private void UnpostStory(MutableStory story)
    {
        foreach (var k in story.Posted)
            Unpost(k, story.Index);
        story.Posted = [];
    }

    private void Post(ulong key, int story)
    {
        int slot;
        if (_postFree >= 0)
        {
            slot = _postFree;
            _postFree = _postNext[slot];
        }
        else
        {
            if (_postUsed == _postStory.Length)
            {
                Array.Resize(ref _postStory, _postStory.Length * 2);
                Array.Resize(ref _postNext, _postNext.Length * 2);
            }
            slot = _postUsed++;
        }
        _postStory[slot] = story;
        _postNext[slot] = _postings.Push(key, slot);
    }

    private void Unpost(ulong key, int story)
    {
        if (!_postings.TryGetValue(key, out int head, out int count))
            return;
        int prev = -1;
        for (int p = head; p >= 0; prev = p, p = _postNext[p])
        {
            if (_postStory[p] != story)
                continue;
            int next = _postNext[p];
            if (prev < 0)
                head = next;
            else
                _postNext[prev] = next;
            _postNext[p] = _postFree;
            _postFree = p;
            _postings.Set(key, head, count - 1); // a key left without postings leaves the index
            break;
        }
    }

    /// <summary>Active stories sharing one of the article's weightiest keys; when more than
    /// <see cref="ClusteringOptions.MaxCandidates"/>, those sharing most of them (ties: older first). Returned in
    /// creation order.</summary>
    private List<int> Candidates(Side doc)
    {
        _candidates.Clear();
        _articleNo++;
        if (_stamp.Length < _stories.Count + 1)
        {
            Array.Resize(ref _stamp, Math.Max(_stories.Count + 1, _stamp.Length * 2));
            Array.Resize(ref _hits, _stamp.Length);
        }
        int n = doc.Keys.Length;
        // the rarest neutral keys (they find reports in other languages), then the strongest words: each list sorted
        // by one integer (the score's float bits inverted, then the key's position), so highest first, ties in order
        if (_orderNeutral.Length < n)
        {
            _orderNeutral = new ulong[Math.Max(n, 2 * _orderNeutral.Length)];
            _orderWords = new ulong[_orderNeutral.Length];
        }
        int nn = 0, nw = 0;
        var idf = doc.Idf;
        var w = doc.W;
        for (int i = 0; i < n; i++)
        {
            if (FeatureVector.KindOf(doc.Keys[i]) is FeatureKind.Word or FeatureKind.Concept)
                _orderWords[nw++] = Order(w[i] * idf[i], i);
            else
                _orderNeutral[nn++] = Order(idf[i], i);
        }
        var neutralOrder = _orderNeutral.AsSpan(0, nn);
        var wordOrder = _orderWords.AsSpan(0, nw);
        neutralOrder.Sort();
        wordOrder.Sort();
        var order = _order;
        order.Clear();
        // keys no story carries (seen only in this article) find nothing: the budget goes to keys that are posted
        int taken = 0;
        foreach (ulong o in neutralOrder)
        {
            if (taken == CandidateKeys)
                break;
            int i = (int)(uint)o;
            if (_postings.ContainsKey(doc.Keys[i]))
            {
                order.Add(i);
                taken++;
            }
        }
        taken = 0;
        foreach (ulong o in wordOrder)
        {
            if (taken == CandidateWords)
                break;
            int i = (int)(uint)o;
            if (_postings.ContainsKey(doc.Keys[i]))
            {
                order.Add(i);
                taken++;
            }
        }
        foreach (int i in order)
        {
            if (!_postings.TryGetValue(doc.Keys[i], out int head, out int count) || count > MaxPostings)
                continue;
            for (int p = head; p >= 0; p = _postNext[p])
            {
                int s = _postStory[p];
                if (_stamp[s] != _articleNo)
                {
                    _stamp[s] = _articleNo;
                    _hits[s] = 0;
                    _candidates.Add(s);
                }
                _hits[s]++;
            }
        }
        if (_candidates.Count > _options.MaxCandidates)
        {
            // most hits first, ties older (lower index) first: one integer per candidate, sorted
            if (_ranked.Length < _candidates.Count)
                _ranked = new ulong[2 * _candidates.Count];
            var ranked = _ranked.AsSpan(0, _candidates.Count);
            for (int c = 0; c < ranked.Length; c++)
                ranked[c] = ((ulong)(uint)(int.MaxValue - _hits[_candidates[c]]) << 32) | (uint)_candidates[c];
            ranked.Sort();
            for (int c = 0; c < _options.MaxCandidates; c++)
                _candidates[c] = (int)(uint)ranked[c];
            _candidates.RemoveRange(_options.MaxCandidates, _candidates.Count - _options.MaxCandidates);
        }
        _candidates.Sort();
        return _candidates;
    }

    /// <summary>Sorts ascending as the score descending (a positive float's bits order as the float does), then the
    /// position ascending.</summary>
    private static ulong Order(float score, int position) =>
        ((ulong)~(uint)BitConverter.SingleToInt32Bits(score) << 32) | (uint)position;

    /// <summary>The stories changed since the last call (including those retired since), as they are now, for the store.</summary>
    public IReadOnlyList<StoryState> TakeChangedStories()
    {
        var list = _retiredDirty.Concat(_dirty.OrderBy(s => s.Index).Select(s => s.ToState())).ToList();
        _dirty.Clear();
        _retiredDirty.Clear();
        return list;
    }

    /// <summary>Document-frequency increments since the last call, for the store (handed over, not copied: the next
    /// batch starts a new map, so none of a batch's size is held between batches).</summary>
    public IReadOnlyDictionary<ulong, int> TakeDocumentFrequencyDelta()
    {
        var taken = _dfDelta;
        _dfDelta = [];
        return taken;
    }

    private sealed class MutableStory
    {
        public MutableStory(long id, string title, int index, DateTimeOffset seen)
        {
            Id = id;
            Title = title;
            Index = index;
            FirstSeen = LastSeen = seen;
            Side.Languages = [];
        }

        public static MutableStory From(StoryState s, int index)
        {
            var story = new MutableStory(s.Id, s.Title, index, s.FirstSeen)
            {
                LastSeen = s.LastSeen,
                PublishedFrom = s.PublishedFrom,
                PublishedTo = s.PublishedTo,
                Size = s.Size,
                Reports = s.Reports == 0 && s.Copies == 0 ? s.Size : s.Reports,
                Copies = s.Copies,
                IsReport = s.IsReport,
                CentralTitle = s.CentralTitle,
                DenseMembers = s.Dense is null ? 0 : Math.Max(1, s.DenseMembers),
            };
            story.Side.Dense = s.Dense;
            foreach (var l in s.Languages)
                story.AddLanguage(l);
            int n = Math.Max(1, story.Reports);
            story.Side.Keys = s.Centroid.Keys.ToArray();
            story.Side.W = s.Centroid.Values.ToArray().Select(v => v * n).ToArray();
            story.Side.TitleKeys = s.TitleVector.Keys.ToArray();
            story.Side.TitleW = s.TitleVector.Values.ToArray().Select(v => v * n).ToArray();
            story.Fingerprints = s.Fingerprints.Count <= MaxFingerprints ? [.. s.Fingerprints] : [.. s.Fingerprints.Skip(s.Fingerprints.Count - MaxFingerprints)];
            return story;
        }

        public long Id { get; }
        public int Index { get; }
        public string Title { get; private set; }
        public int Size { get; private set; }
        public int Reports { get; private set; }
        public int Copies { get; private set; }
        public bool IsReport { get; private set; } = true;
        public DateTimeOffset FirstSeen { get; private set; }
        public DateTimeOffset LastSeen { get; private set; }
        public DateTimeOffset? PublishedFrom { get; private set; }
        public DateTimeOffset? PublishedTo { get; private set; }
        /// <summary>The members' language tags as they show them (zh-Hans, sr-Latn), sorted; the profile's side holds
        /// their base languages (zh, sr), which the same-language test compares. Arrays, replaced on change: a story
        /// has one or two languages, and a set would cost a hundred bytes more per story.</summary>
        public string[] Languages { get; private set; } = [];
        public ulong[] Fingerprints { get; private set; } = [];

        /// <summary>Reports whose embedding is in the dense centroid (<see cref="Side"/>.Dense).</summary>
        public int DenseMembers { get; private set; }

        public void AddLanguage(string tag)
        {
            if (Array.IndexOf(Languages, tag) < 0)
                Languages = Insert(Languages, tag);
            int dash = tag.IndexOf('-', StringComparison.Ordinal);
            string language = dash > 0 ? tag[..dash] : tag;
            var bases = Side.Languages ?? [];
            if (Array.IndexOf(bases, language) < 0)
                Side.Languages = Insert(bases, language);
        }

        private static string[] Insert(string[] sorted, string item)
        {
            int at = 0;
            while (at < sorted.Length && string.CompareOrdinal(sorted[at], item) < 0)
                at++;
            return [.. sorted.AsSpan(0, at), item, .. sorted.AsSpan(at)];
        }
        public FeatureVector CentralTitle { get; private set; } = FeatureVector.Empty;
        public ulong[] Posted { get; set; } = [];

        /// <summary>The first report, kept while the story has only it (and among the newest such), for a late join.</summary>
        public Founder? Founder { get; set; }

        /// <summary>The story this one was merged into (then it has no members).</summary>
        public long? MergedInto { get; set; }

        /// <summary>The profile as a comparison side: sums of the members' unit weights (cut to the strongest keys).</summary>
        public Side Side { get; } = new();

        /// <summary>Days between the article's time and this story's range: publication dates when both have them,
        /// else the times the article and the story's members were seen (0 inside the range).</summary>
        public double Gap(Article article)
        {
            DateTimeOffset t, from, to;
            if (article.Published is { } p && PublishedFrom is { } pf && PublishedTo is { } pt)
                (t, from, to) = (p, pf, pt);
            else
                (t, from, to) = (article.IngestedAt, FirstSeen, LastSeen);
            return t < from ? (from - t).TotalDays : t > to ? (t - to).TotalDays : 0;
        }

        public int CopyDistance(ulong fingerprint)
        {
            int best = int.MaxValue;
            foreach (var f in Fingerprints)
                best = Math.Min(best, SimHash.Distance(f, fingerprint));
            return best;
        }

        public void Profile(Frequencies idf, int epoch)
        {
            if (Side.Epoch != epoch)
                Side.Weigh(idf, epoch, keepIdf: false);
        }

        /// <summary>Adds a member; returns its centrality (cosine of its headline to the story's headline profile).</summary>
        public double AddMember(Side member, FeatureVector? title, Article? article, ulong fingerprint,
            bool copy, bool report, int profileSize, Frequencies idf)
        {
            Size++;
            if (article is not null)
            {
                if (Size == 1)
                    FirstSeen = LastSeen = article.IngestedAt;
                if (article.IngestedAt < FirstSeen)
                    FirstSeen = article.IngestedAt;
                if (article.IngestedAt > LastSeen)
                    LastSeen = article.IngestedAt;
                if (article.Published is { } p)
                {
                    PublishedFrom = PublishedFrom is { } f && f < p ? f : p;
                    PublishedTo = PublishedTo is { } t && t > p ? t : p;
                }
                if (!article.Language.IsUndetermined)
                    AddLanguage(article.Language.ToString()); // the whole tag (zh-Hans, sr-Latn), as articles show it
            }
            else if (member.Language != "und")
            {
                AddLanguage(member.Language);
            }
            if (Size == 1)
                IsReport = report;
            if (copy)
            {
                Copies++;
                return 0;
            }
            Reports++;
            if (fingerprint != 0)
            {
                Fingerprints = Fingerprints.Length < MaxFingerprints ? [.. Fingerprints, fingerprint] : [.. Fingerprints.AsSpan(1), fingerprint];
            }
            if (member.Dense is { Length: > 0 } dense)
                AddDense(dense);
            (Side.Keys, Side.W) = Merge(Side.Keys, Side.W, member.Keys, member.W, profileSize, neutralFirst: true);
            (Side.TitleKeys, Side.TitleW) = Merge(Side.TitleKeys, Side.TitleW, member.TitleKeys, member.TitleW, TitleKeys, neutralFirst: false);
            Side.Epoch = -1;
            // centrality: the member whose headline is closest to the story's headline profile names the story
            var titleVec = title ?? FeatureVector.Empty;
            double mine = TitleCos(titleVec.Keys, titleVec.Values, idf);
            double current = TitleCos(CentralTitle.Keys, CentralTitle.Values, idf);
            if (article is not null && (Reports == 1 || mine > current + 1e-9) && article.Title.Length > 0)
            {
                Title = article.Title;
                CentralTitle = titleVec;
            }
            return Reports == 1 ? 1 : mine;
        }

        /// <summary>The dense centroid: the running mean of the reports' unit-length embeddings. An embedding of another
        /// dimension (the model was changed) starts the mean again from it.</summary>
        private void AddDense(float[] embedding)
        {
            double norm = 0;
            foreach (float v in embedding)
                norm += v * v;
            if (!(norm > 0) || !double.IsFinite(norm))
                return;
            float scale = (float)(1 / Math.Sqrt(norm));
            if (Side.Dense is not { } mean || mean.Length != embedding.Length)
            {
                Side.Dense = embedding.Select(v => v * scale).ToArray();
                DenseMembers = 1;
                return;
            }
            var updated = new float[mean.Length]; // a new array: a stored state may share the old one
            float share = 1f / ++DenseMembers;
            for (int i = 0; i < updated.Length; i++)
                updated[i] = mean[i] + ((embedding[i] * scale) - mean[i]) * share;
            Side.Dense = updated;
        }

        private double TitleCos(ReadOnlySpan<ulong> keys, ReadOnlySpan<float> values, Frequencies idf)
        {
            if (keys.Length == 0)
                return 0;
            double dot = 0, na = 0, nb = 0;
            var sk = Side.TitleKeys;
            var sw = Side.TitleW;
            for (int j = 0; j < sk.Length; j++)
            {
                double g = idf.Idf(sk[j]);
                nb += sw[j] * g * sw[j] * g;
            }
            int i = 0, k = 0;
            for (; i < keys.Length; i++)
            {
                double g = idf.Idf(keys[i]);
                double w = 1 + Math.Log(Math.Max(1.0, values[i]));
                na += w * g * w * g;
                while (k < sk.Length && sk[k] < keys[i])
                    k++;
                if (k < sk.Length && sk[k] == keys[i])
                    dot += w * g * sw[k] * g;
            }
            return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : 0;
        }

        /// <summary>Adds two sorted weight vectors and keeps the <paramref name="limit"/> strongest keys (neutral
        /// keys count three times as much when <paramref name="neutralFirst"/>), still sorted by key.</summary>
        private static (ulong[], float[]) Merge(ulong[] ak, float[] aw, ulong[] bk, float[] bw, int limit, bool neutralFirst)
        {
            var keys = new List<ulong>(ak.Length + bk.Length);
            var w = new List<float>(ak.Length + bk.Length);
            int i = 0, j = 0;
            while (i < ak.Length || j < bk.Length)
            {
                if (j >= bk.Length || (i < ak.Length && ak[i] < bk[j]))
                {
                    keys.Add(ak[i]);
                    w.Add(aw[i++]);
                }
                else if (i >= ak.Length || bk[j] < ak[i])
                {
                    keys.Add(bk[j]);
                    w.Add(bw[j++]);
                }
                else
                {
                    keys.Add(ak[i]);
                    w.Add(aw[i++] + bw[j++]);
                }
            }
            if (keys.Count <= limit)
                return (keys.ToArray(), w.ToArray());
            var order = Enumerable.Range(0, keys.Count)
                .OrderByDescending(x => w[x] * (neutralFirst && IsNeutral(keys[x]) ? 3f : 1f))
                .ThenBy(x => keys[x])
                .Take(limit)
                .OrderBy(x => keys[x])
                .ToArray();
            return (order.Select(x => keys[x]).ToArray(), order.Select(x => w[x]).ToArray());
        }

        /// <summary>The keys this story is found by: its neutral keys, then its strongest words; sorted.</summary>
        public ulong[] IndexKeys(int count)
        {
            var keys = Side.Keys;
            var w = Side.W;
            if (keys.Length <= count)
                return keys.ToArray();
            var order = Enumerable.Range(0, keys.Length)
                .OrderByDescending(x => w[x] * (IsNeutral(keys[x]) ? 3f : 1f))
                .ThenBy(x => keys[x])
                .Take(count)
                .Select(x => keys[x])
                .ToArray();
            Array.Sort(order);
            return order;
        }

        private static bool IsNeutral(ulong key) => FeatureVector.KindOf(key) is not (FeatureKind.Word or FeatureKind.Concept);

        public StoryState ToState()
        {
            if (MergedInto is { } into)
                return new(Id, Title, FeatureVector.Empty, 0, FirstSeen, LastSeen, Languages) { MergedInto = into, IsReport = IsReport };
            int n = Math.Max(1, Reports);
            return new(Id, Title, FeatureVector.FromCounts(Pairs(Side.Keys, Side.W, n)), Size, FirstSeen, LastSeen, Languages)
            {
                PublishedFrom = PublishedFrom,
                PublishedTo = PublishedTo,
                Reports = Reports,
                Copies = Copies,
                TitleVector = FeatureVector.FromCounts(Pairs(Side.TitleKeys, Side.TitleW, n)),
                CentralTitle = CentralTitle,
                Fingerprints = Fingerprints,
                IsReport = IsReport,
                Dense = Side.Dense,
                DenseMembers = Side.Dense is null ? 0 : DenseMembers,
            };
        }

        private static Dictionary<ulong, float> Pairs(ulong[] keys, float[] w, int n)
        {
            var d = new Dictionary<ulong, float>(keys.Length);
            for (int i = 0; i < keys.Length; i++)
                d[keys[i]] = w[i] / n;
            return d;
        }
    }
}
