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
        [FeatureKind.Concept] = 0.8,
    };
}

/// <summary>Where an article went.</summary>
public readonly record struct Assignment(long StoryId, bool NewStory, double Similarity);

/// <summary>Single-pass streaming clustering (in the manner of Miranda et al. 2018): each article is compared with
/// every open story's centroid and joins the best one above the threshold, or opens a new story. Similarity is the
/// larger of the cosine over all features and the cosine over the language-neutral ones (names, places, numbers,
/// dates, Latin tokens), so that a Bulgarian and a Vietnamese report meet on what they share. Weights are sublinear
/// term frequency times smoothed IDF from the documents seen so far, times a per-kind weight.</summary>
/// <remarks>Layout: an article's weights are computed once into arrays and compared with each candidate story's
/// centroid (one dictionary of sums per story: adding a member touches only the member's features, not the whole
/// centroid). Postings (which stories carry a feature) are singly linked lists in two flat int arrays, not one list
/// object per feature, so the garbage collector has few objects to trace.</remarks>
public sealed class StoryClusterer
{
    private readonly ClusteringOptions _options;
    private readonly List<MutableStory> _stories = [];
    private readonly Dictionary<long, int> _indexById = [];
    private readonly Dictionary<ulong, int> _df;
    private readonly Dictionary<ulong, int> _dfDelta = [];
    private readonly HashSet<MutableStory> _dirty = [];
    private readonly double[] _kindWeight = new double[256];

    /// <summary>Feature key → (first posting, number of postings); posting i names story <see cref="_postStory"/>[i] and
    /// links to <see cref="_postNext"/>[i] (−1 ends the list).</summary>
    private readonly Dictionary<ulong, (int Head, int Count)> _postings = [];
    private int[] _postStory = new int[1024];
    private int[] _postNext = new int[1024];
    private int _postUsed;

    /// <summary>Per story index: the last article that gathered it as a candidate (deduplicates without a set).</summary>
    private int[] _stamp = new int[64];
    private int _articleNo;
    private readonly List<int> _candidates = [];

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
            AddStored(s);
        _nextId = Math.Max(state.NextStoryId, _stories.Count == 0 ? 1 : _stories.Max(s => s.Id) + 1);
        for (int i = 0; i < _kindWeight.Length; i++)
            _kindWeight[i] = 1.0;
        foreach (var (kind, w) in options.KindWeights)
            _kindWeight[(int)kind] = w;
    }

    /// <summary>A clusterer that resumes from a stored state (or <see cref="ClusterState.Empty"/>).</summary>
    public static StoryClusterer Create(ClusterState? state = null, ClusteringOptions? options = null) =>
        new(state ?? ClusterState.Empty, options ?? new ClusteringOptions());

    public int StoryCount => _stories.Count;

    private void AddStored(StoryState s)
    {
        var story = new MutableStory(s, _stories.Count);
        _stories.Add(story);
        _indexById[story.Id] = story.Index;
        foreach (var k in story.Centroid.Keys)
            Post(k, story.Index);
    }

    /// <summary>Takes in what other writers committed (<see cref="ClusterState"/> as a change set: the stories they
    /// changed, whole; the current frequencies of the features they touched; the current document count and next free
    /// story id). Call it with nothing of this clusterer's own pending (after the last batch was taken and saved).</summary>
    public void CatchUp(ClusterState changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        foreach (var s in changes.Stories)
        {
            if (_indexById.TryGetValue(s.Id, out int index))
            {
                var old = _stories[index];
                var updated = new MutableStory(s, index);
                _stories[index] = updated;
                _dirty.Remove(old);
                foreach (var k in updated.Centroid.Keys)
                {
                    if (!old.Centroid.ContainsKey(k))
                        Post(k, index);
                }
            }
            else
            {
                AddStored(s);
            }
        }
        foreach (var (k, df) in changes.DocumentFrequencies)
            _df[k] = df;
        _documents = changes.DocumentCount;
        _nextId = Math.Max(_nextId, changes.NextStoryId);
    }

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
        var doc = Weigh(features);
        var seen = article.SeenAt;
        MutableStory? best = null;
        double bestSim = 0;
        foreach (int index in Candidates(doc))
        {
            var story = _stories[index];
            if (article.Published is { } published && story.PublishedFrom is { } from && story.PublishedTo is { } to
                && (published < from - _options.Window || published > to + _options.Window))
                continue;
            double sim = Similarity(doc, story);
            if (sim > bestSim)
            {
                bestSim = sim;
                best = story;
            }
        }

        bool isNew = best is null || bestSim < _options.Threshold;
        if (isNew)
        {
            best = new MutableStory(_nextId++, article.Title, seen, _stories.Count);
            _stories.Add(best);
            _indexById[best.Id] = best.Index;
        }
        for (int i = 0; i < doc.Keys.Length; i++)
        {
            if (!best!.Centroid.ContainsKey(doc.Keys[i]))
                Post(doc.Keys[i], best.Index);
        }
        best!.AddMember(doc.Keys, doc.Unit, article, seen);
        _dirty.Add(best);
        return new Assignment(best.Id, isNew, isNew ? 0 : bestSim);
    }

    private void Post(ulong key, int story)
    {
        if (_postUsed == _postStory.Length)
        {
            Array.Resize(ref _postStory, _postStory.Length * 2);
            Array.Resize(ref _postNext, _postNext.Length * 2);
        }
        ref var entry = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_postings, key, out bool exists);
        _postStory[_postUsed] = story;
        _postNext[_postUsed] = exists ? entry.Head : -1;
        entry = (_postUsed, exists ? entry.Count + 1 : 1);
        _postUsed++;
    }

    /// <summary>How many of an article's most weighty features are used to find candidate stories.</summary>
    internal const int CandidateKeys = 24;

    /// <summary>Stories that share one of the article's most weighty features (weight x IDF x kind weight), in
    /// creation order. A story sharing only common words could not reach the threshold anyway; this keeps the
    /// comparison count near-constant per article instead of growing with every story ever opened.</summary>
    private List<int> Candidates(in Doc doc)
    {
        _candidates.Clear();
        _articleNo++;
        if (_stamp.Length < _stories.Count)
            Array.Resize(ref _stamp, Math.Max(_stories.Count, _stamp.Length * 2));
        int n = doc.Keys.Length;
        Span<int> order = n <= 512 ? stackalloc int[n] : new int[n];
        for (int i = 0; i < n; i++)
            order[i] = i;
        if (n > CandidateKeys)
        {
            // weight x IDF x kind weight = Unit x G; ties broken by position, as a stable sort would
            var w = doc.Weighted;
            order.Sort((x, y) => w[y] != w[x] ? w[y].CompareTo(w[x]) : x.CompareTo(y));
            order = order[..CandidateKeys];
        }
        foreach (int i in order)
        {
            if (!_postings.TryGetValue(doc.Keys[i], out var list) || list.Count > MaxPostings)
                continue;
            for (int p = list.Head; p >= 0; p = _postNext[p])
            {
                int s = _postStory[p];
                if (_stamp[s] != _articleNo)
                {
                    _stamp[s] = _articleNo;
                    _candidates.Add(s);
                }
            }
        }
        _candidates.Sort(); // story index order is creation order
        return _candidates;
    }

    /// <summary>The similarity of two articles' vectors under the current statistics, in [0, 1].</summary>
    public double Similarity(FeatureVector a, FeatureVector b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var story = new MutableStory(0, "", DateTimeOffset.UnixEpoch, -1);
        var db = Weigh(b);
        story.AddMember(db.Keys, db.Unit, null, DateTimeOffset.UnixEpoch);
        return Similarity(Weigh(a), story);
    }

    /// <summary>An article's features weighed once: the unit vector of 1 + ln(tf) (so a long article does not outweigh
    /// a short one in a centroid), each feature's global weight G = IDF × kind weight, and the squared norms of
    /// Unit × G over all kinds and over the neutral kinds.</summary>
    private readonly struct Doc
    {
        public ulong[] Keys { get; init; }
        public double[] Unit { get; init; }
        public double[] G { get; init; }
        public double[] Weighted { get; init; }
        public bool[] Neutral { get; init; }
        public double NormAll { get; init; }
        public double NormNeutral { get; init; }
    }

    private Doc Weigh(FeatureVector v)
    {
        int n = v.Count;
        var keys = v.Keys.ToArray();
        var unit = new double[n];
        var g = new double[n];
        var weighted = new double[n];
        var neutral = new bool[n];
        var values = v.Values;
        double norm = 0;
        for (int i = 0; i < n; i++)
        {
            double w = 1 + Math.Log(Math.Max(1.0, values[i]));
            unit[i] = w;
            norm += w * w;
        }
        norm = Math.Sqrt(norm);
        double all = 0, neutralNorm = 0;
        for (int i = 0; i < n; i++)
        {
            if (norm > 0)
                unit[i] /= norm;
            var kind = FeatureVector.KindOf(keys[i]);
            g[i] = Idf(keys[i]) * _kindWeight[(int)kind];
            double wd = unit[i] * g[i];
            weighted[i] = wd;
            all += wd * wd;
            neutral[i] = IsNeutral(kind);
            if (neutral[i])
                neutralNorm += wd * wd;
        }
        return new Doc { Keys = keys, Unit = unit, G = g, Weighted = weighted, Neutral = neutral, NormAll = all, NormNeutral = neutralNorm };
    }

    private double Similarity(in Doc doc, MutableStory story)
    {
        double dotAll = 0, dotNeutral = 0;
        var centroid = story.Centroid;
        var keys = doc.Keys;
        for (int i = 0; i < keys.Length; i++)
        {
            if (centroid.TryGetValue(keys[i], out var c))
            {
                double p = doc.Weighted[i] * c * doc.G[i];
                dotAll += p;
                if (doc.Neutral[i])
                    dotNeutral += p;
            }
        }
        if (dotAll <= 0)
            return 0;
        if (story.NormEpoch != _epoch)
        {
            double all = 0, neutralNorm = 0;
            foreach (var (k, c) in centroid)
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
        // The centroid holds sums, not means: cosines do not change with scale.
        double full = dotAll / Math.Sqrt(doc.NormAll * story.NormAll);
        double neutralSim = doc.NormNeutral > 0 && story.NormNeutral > 0 ? dotNeutral / Math.Sqrt(doc.NormNeutral * story.NormNeutral) : 0;
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
        public MutableStory(long id, string title, DateTimeOffset seen, int index)
        {
            Id = id;
            Title = title;
            FirstSeen = seen;
            LastSeen = seen;
            Index = index;
        }

        public MutableStory(StoryState s, int index)
        {
            Id = s.Id;
            Index = index;
            Title = s.Title;
            Size = s.Size;
            FirstSeen = s.FirstSeen;
            LastSeen = s.LastSeen;
            PublishedFrom = s.PublishedFrom;
            PublishedTo = s.PublishedTo;
            foreach (var l in s.Languages)
                Languages.Add(l);
            // Stored centroids are means; kept here as sums.
            var keys = s.Centroid.Keys;
            var values = s.Centroid.Values;
            for (int i = 0; i < keys.Length; i++)
                Centroid[keys[i]] = values[i] * (double)Math.Max(1, s.Size);
        }

        public long Id { get; }
        /// <summary>Position in the clusterer's story list (creation order).</summary>
        public int Index { get; }
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

        /// <summary>Sum of the members' unit vectors (the centroid times <see cref="Size"/>).</summary>
        public Dictionary<ulong, double> Centroid { get; } = [];

        public void AddMember(ulong[] keys, double[] unit, Article? article, DateTimeOffset seen)
        {
            NormEpoch = -1;
            for (int i = 0; i < keys.Length; i++)
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(Centroid, keys[i], out _) += unit[i];
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
                Languages.Add(article.Language.ToString()); // the whole tag (zh-Hans, sr-Latn), as articles show it
        }

        public StoryState ToState() =>
            new(Id, Title, FeatureVector.FromCounts(Centroid.ToDictionary(kv => kv.Key, kv => (float)(kv.Value / Size))), Size, FirstSeen, LastSeen, Languages.ToArray())
            {
                PublishedFrom = PublishedFrom,
                PublishedTo = PublishedTo,
            };
    }
}
