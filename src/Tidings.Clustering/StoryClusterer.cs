using Tidings.Core;

namespace Tidings.Clustering;

/// <summary>Settings of the streaming clusterer.</summary>
public sealed record ClusteringOptions
{
    /// <summary>An article joins the most similar story when the similarity reaches this; else it starts a new story.</summary>
    public double Threshold { get; init; } = 0.19;

    /// <summary>An article with a publication date joins no story whose members' publication dates are all further
    /// than this from it. Articles without a date (and stories without dated members) are not gated.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(10);

    /// <summary>Relative weight of each feature kind; language-neutral kinds weigh more because they are what
    /// articles in different languages share.</summary>
    public IReadOnlyDictionary<FeatureKind, double> KindWeights { get; init; } = new Dictionary<FeatureKind, double>
    {
        [FeatureKind.Word] = 1.0,
        [FeatureKind.Name] = 1.5,
        [FeatureKind.Place] = 1.2,
        [FeatureKind.Number] = 1.5,
        [FeatureKind.Date] = 1.2,
        [FeatureKind.Token] = 1.5,
    };
}

/// <summary>Where an article went.</summary>
public readonly record struct Assignment(long StoryId, bool NewStory, double Similarity);

/// <summary>Single-pass streaming clustering (in the manner of Miranda et al. 2018): each article is compared with
/// every open story's centroid and joins the best one above the threshold, or opens a new story. Similarity is the
/// larger of the cosine over all features and the cosine over the language-neutral ones (names, places, numbers,
/// dates, Latin tokens), so that a Bulgarian and a Vietnamese report meet on what they share. Weights are sublinear
/// term frequency times smoothed IDF from the documents seen so far, times a per-kind weight.</summary>
public sealed class StoryClusterer
{
    private readonly ClusteringOptions _options;
    private readonly List<MutableStory> _stories = [];
    private readonly Dictionary<ulong, int> _df;
    private readonly Dictionary<ulong, int> _dfDelta = [];
    private readonly HashSet<MutableStory> _dirty = [];
    private readonly double[] _kindWeight = new double[256];
    private readonly Dictionary<ulong, List<MutableStory>> _postings = [];
    private int _documents;
    private long _nextId;

    /// <summary>Story norms depend on IDF, which drifts as documents arrive; they are recomputed when the document
    /// count has grown by 5% since the last epoch (and whenever the story itself changes).</summary>
    private int _epoch;
    private int _epochDocuments;

    /// <summary>A feature carried by more stories than this is too common to find candidates by (it still counts in
    /// the similarity of candidates found through rarer features).</summary>
    internal const int MaxPostings = 2000;

    private StoryClusterer(ClusterState state, ClusteringOptions options)
    {
        _options = options;
        _df = new Dictionary<ulong, int>(state.DocumentFrequencies);
        _documents = state.DocumentCount;
        foreach (var s in state.Stories)
        {
            var story = new MutableStory(s);
            _stories.Add(story);
            Index(story, story.Centroid.Keys);
        }
        _nextId = _stories.Count == 0 ? 1 : _stories.Max(s => s.Id) + 1;
        for (int i = 0; i < _kindWeight.Length; i++)
            _kindWeight[i] = 1.0;
        foreach (var (kind, w) in options.KindWeights)
            _kindWeight[(int)kind] = w;
    }

    /// <summary>A clusterer that resumes from a stored state (or <see cref="ClusterState.Empty"/>).</summary>
    public static StoryClusterer Create(ClusterState? state = null, ClusteringOptions? options = null) =>
        new(state ?? ClusterState.Empty, options ?? new ClusteringOptions());

    public int StoryCount => _stories.Count;

    private static bool IsNeutral(FeatureKind kind) => kind != FeatureKind.Word;

    private double Idf(ulong key) => Math.Log((_documents + 1.0) / (_df.GetValueOrDefault(key) + 1.0)) + 1.0;

    /// <summary>Assigns an article to a story and updates that story.</summary>
    public Assignment Add(Article article, FeatureVector features)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(features);
        var keys = features.Keys;
        _documents++;
        foreach (var k in keys)
        {
            _df[k] = _df.GetValueOrDefault(k) + 1;
            _dfDelta[k] = _dfDelta.GetValueOrDefault(k) + 1;
        }

        if (_documents > (_epochDocuments * 1.05) + 10)
        {
            _epoch++;
            _epochDocuments = _documents;
        }
        var unit = Sublinear(features);
        var seen = article.SeenAt;
        MutableStory? best = null;
        double bestSim = 0;
        foreach (var story in Candidates(unit))
        {
            if (article.Published is { } published && story.PublishedFrom is { } from && story.PublishedTo is { } to
                && (published < from - _options.Window || published > to + _options.Window))
                continue;
            double sim = Similarity(unit, story);
            if (sim > bestSim)
            {
                bestSim = sim;
                best = story;
            }
        }

        bool isNew = best is null || bestSim < _options.Threshold;
        if (isNew)
        {
            best = new MutableStory(_nextId++, article.Title, seen);
            _stories.Add(best);
        }
        var newKeys = unit.Keys.Where(k => !best!.Centroid.ContainsKey(k)).ToList();
        best!.AddMember(unit, article, seen);
        Index(best, newKeys);
        _dirty.Add(best);
        return new Assignment(best.Id, isNew, isNew ? 0 : bestSim);
    }

    private void Index(MutableStory story, IEnumerable<ulong> keys)
    {
        foreach (var k in keys)
        {
            if (!_postings.TryGetValue(k, out var list))
                _postings[k] = list = [];
            list.Add(story);
        }
    }

    /// <summary>How many of an article's most weighty features are used to find candidate stories.</summary>
    internal const int CandidateKeys = 24;

    /// <summary>Stories that share one of the article's most weighty features (weight x IDF x kind weight), in
    /// creation order. A story sharing only common words could not reach the threshold anyway; this keeps the
    /// comparison count near-constant per article instead of growing with every story ever opened.</summary>
    private IEnumerable<MutableStory> Candidates(Dictionary<ulong, double> doc)
    {
        var keys = doc.Count <= CandidateKeys
            ? doc.Keys
            : doc.OrderByDescending(kv => kv.Value * Idf(kv.Key) * _kindWeight[(int)FeatureVector.KindOf(kv.Key)]).Take(CandidateKeys).Select(kv => kv.Key);
        var found = new HashSet<MutableStory>();
        foreach (var k in keys)
        {
            if (_postings.TryGetValue(k, out var list) && list.Count <= MaxPostings)
                found.UnionWith(list);
        }
        return found.OrderBy(s => s.Id);
    }

    /// <summary>The similarity of two articles' vectors under the current statistics, in [0, 1].</summary>
    public double Similarity(FeatureVector a, FeatureVector b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var story = new MutableStory(0, "", DateTimeOffset.UnixEpoch);
        story.AddMember(Sublinear(b), null, DateTimeOffset.UnixEpoch);
        return Similarity(Sublinear(a), story);
    }

    /// <summary>1 + ln(tf), scaled to unit L2 length, so that a long article does not outweigh a short one in a centroid.</summary>
    private static Dictionary<ulong, double> Sublinear(FeatureVector v)
    {
        var d = new Dictionary<ulong, double>(v.Count);
        double norm = 0;
        var keys = v.Keys;
        var values = v.Values;
        for (int i = 0; i < keys.Length; i++)
        {
            double w = 1 + Math.Log(Math.Max(1.0, values[i]));
            d[keys[i]] = w;
            norm += w * w;
        }
        norm = Math.Sqrt(norm);
        if (norm > 0)
        {
            foreach (var k in d.Keys)
                d[k] /= norm;
        }
        return d;
    }

    private double Similarity(Dictionary<ulong, double> doc, MutableStory story)
    {
        double dotAll = 0, dotNeutral = 0, docAll = 0, docNeutral = 0;
        foreach (var (k, v) in doc)
        {
            var kind = FeatureVector.KindOf(k);
            double g = Idf(k) * _kindWeight[(int)kind];
            double wd = v * g;
            docAll += wd * wd;
            bool neutral = IsNeutral(kind);
            if (neutral)
                docNeutral += wd * wd;
            if (story.Centroid.TryGetValue(k, out var c))
            {
                double p = wd * c * g;
                dotAll += p;
                if (neutral)
                    dotNeutral += p;
            }
        }
        if (dotAll <= 0)
            return 0;
        if (story.NormEpoch != _epoch)
        {
            double all = 0, neutralNorm = 0;
            foreach (var (k, c) in story.Centroid)
            {
                var kind = FeatureVector.KindOf(k);
                double wc = c * Idf(k) * _kindWeight[(int)kind];
                all += wc * wc;
                if (IsNeutral(kind))
                    neutralNorm += wc * wc;
            }
            story.NormAll = all;
            story.NormNeutral = neutralNorm;
            story.NormEpoch = _epoch;
        }
        double storyAll = story.NormAll, storyNeutral = story.NormNeutral;
        double full = dotAll / Math.Sqrt(docAll * storyAll);
        double neutralSim = docNeutral > 0 && storyNeutral > 0 ? dotNeutral / Math.Sqrt(docNeutral * storyNeutral) : 0;
        return Math.Max(full, neutralSim);
    }

    /// <summary>The stories changed since the last call, as they are now, for the store.</summary>
    public IReadOnlyList<StoryState> TakeChangedStories()
    {
        var list = _dirty.Select(s => s.ToState()).ToList();
        _dirty.Clear();
        return list;
    }

    /// <summary>Document-frequency increments since the last call, for the store.</summary>
    public IReadOnlyDictionary<ulong, int> TakeDocumentFrequencyDelta()
    {
        var copy = new Dictionary<ulong, int>(_dfDelta);
        _dfDelta.Clear();
        return copy;
    }

    private sealed class MutableStory
    {
        public MutableStory(long id, string title, DateTimeOffset seen)
        {
            Id = id;
            Title = title;
            FirstSeen = seen;
            LastSeen = seen;
        }

        public MutableStory(StoryState s)
        {
            Id = s.Id;
            Title = s.Title;
            Size = s.Size;
            FirstSeen = s.FirstSeen;
            LastSeen = s.LastSeen;
            PublishedFrom = s.PublishedFrom;
            PublishedTo = s.PublishedTo;
            foreach (var l in s.Languages)
                Languages.Add(l);
            var keys = s.Centroid.Keys;
            var values = s.Centroid.Values;
            for (int i = 0; i < keys.Length; i++)
                Centroid[keys[i]] = values[i];
        }

        public long Id { get; }
        public string Title { get; }
        public int Size { get; private set; }
        public DateTimeOffset FirstSeen { get; private set; }
        public DateTimeOffset LastSeen { get; private set; }
        public DateTimeOffset? PublishedFrom { get; private set; }
        public DateTimeOffset? PublishedTo { get; private set; }
        public SortedSet<string> Languages { get; } = new(StringComparer.Ordinal);

        /// <summary>Squared weighted norms of the centroid (all kinds, neutral kinds) and the epoch they were computed in.</summary>
        public double NormAll { get; set; }
        public double NormNeutral { get; set; }
        public int NormEpoch { get; set; } = -1;

        /// <summary>Mean of the members' unit vectors.</summary>
        public Dictionary<ulong, double> Centroid { get; } = [];

        public void AddMember(Dictionary<ulong, double> unit, Article? article, DateTimeOffset seen)
        {
            NormEpoch = -1;
            double keep = (double)Size / (Size + 1);
            foreach (var k in Centroid.Keys)
                Centroid[k] *= keep;
            foreach (var (k, v) in unit)
                Centroid[k] = Centroid.GetValueOrDefault(k) + (v / (Size + 1));
            Size++;
            if (seen < FirstSeen)
                FirstSeen = seen;
            if (seen > LastSeen)
                LastSeen = seen;
            if (article?.Published is { } p)
            {
                PublishedFrom = PublishedFrom is { } f && f < p ? f : p;
                PublishedTo = PublishedTo is { } t && t > p ? t : p;
            }
            if (article is not null && !article.Language.IsUndetermined)
                Languages.Add(article.Language.Language);
        }

        public StoryState ToState() =>
            new(Id, Title, FeatureVector.FromCounts(Centroid.ToDictionary(kv => kv.Key, kv => (float)kv.Value)), Size, FirstSeen, LastSeen, Languages.ToArray())
            {
                PublishedFrom = PublishedFrom,
                PublishedTo = PublishedTo,
            };
    }
}
