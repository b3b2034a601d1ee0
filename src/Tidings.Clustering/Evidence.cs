using Tidings.Core;

namespace Tidings.Clustering;

/// <summary>One side of a comparison (an article, or a story's profile) weighed under the current statistics:
/// sorted keys, their sublinear term weights (unit length for an article; the sum of the members' for a story) and
/// their IDF, plus the sums the evidence features need. Built once per article, and per story once per IDF epoch.</summary>
internal sealed class Side
{
    public ulong[] Keys = [];
    public float[] W = [];
    public float[] Idf = [];
    public ulong[] TitleKeys = [];
    public float[] TitleW = [];
    public float[] TitleIdf = [];

    /// <summary>Squared norms of W × IDF over words, over the language-neutral kinds, and of the title vector.</summary>
    public double NormWord, NormNeutral, NormConcept, NormTitle;

    /// <summary>Sum of IDF over the keys of each kind (a set, as the overlaps count it).</summary>
    public readonly double[] IdfSum = new double[8];

    /// <summary>Sum of IDF over the headline keys (what <c>title_in_body</c> divides by).</summary>
    public double TitleIdfSum;

    public string Language = "und";

    /// <summary>A story's languages (null for an article: <see cref="Language"/> is its own).</summary>
    /// <summary>A story's base languages (zh, not zh-Hans), sorted; null for an article.</summary>
    public string[]? Languages;

    public bool Speaks(string language) => language != "und" && (Languages is { } l ? Array.IndexOf(l, language) >= 0 : Language == language);

    public float[]? Dense;

    public int Epoch = -1;

    /// <summary>Recomputes IDF and the sums from the keys and weights. An article keeps its IDF per key (the
    /// evidence reads the article's, the freshest); a story's profile keeps only the sums (<paramref name="keepIdf"/>
    /// false), which saves 4 bytes per profile key and per title key in every active story.</summary>
    public void Weigh(Frequencies idf, int epoch, bool keepIdf = true)
    {
        if (keepIdf && Idf.Length != Keys.Length)
            Idf = new float[Keys.Length];
        if (keepIdf && TitleIdf.Length != TitleKeys.Length)
            TitleIdf = new float[TitleKeys.Length];
        if (!keepIdf)
            Idf = TitleIdf = [];
        Array.Clear(IdfSum);
        double normWord = 0, normNeutral = 0, normConcept = 0, normTitle = 0, titleIdfSum = 0;
        var keys = Keys;
        var w = W;
        // the IDFs first, all keys looked up together; a story's profile (not kept) in a buffer
        Span<float> gs = keepIdf ? Idf : keys.Length <= 256 ? stackalloc float[256] : new float[keys.Length];
        gs = gs[..keys.Length];
        idf.Idf(keys, gs);
        for (int i = 0; i < keys.Length; i++)
        {
            float g = gs[i];
            var kind = FeatureVector.KindOf(keys[i]);
            double wg = w[i] * g;
            if (kind == FeatureKind.Word)
                normWord += wg * wg;
            else if (kind == FeatureKind.Concept)
                normConcept += wg * wg;
            else
                normNeutral += wg * wg;
            if ((int)kind < IdfSum.Length)
                IdfSum[(int)kind] += g;
        }
        Span<float> tg = keepIdf ? TitleIdf : TitleKeys.Length <= 64 ? stackalloc float[64] : new float[TitleKeys.Length];
        tg = tg[..TitleKeys.Length];
        idf.Idf(TitleKeys, tg);
        for (int i = 0; i < TitleKeys.Length; i++)
        {
            float g = tg[i];
            double wg = TitleW[i] * g;
            normTitle += wg * wg;
            titleIdfSum += g;
        }
        (NormWord, NormNeutral, NormConcept, NormTitle, TitleIdfSum) = (normWord, normNeutral, normConcept, normTitle, titleIdfSum);
        Epoch = epoch;
    }

    /// <summary>Sublinear term weights 1 + ln(tf), scaled to unit length.</summary>
    public static float[] Unit(ReadOnlySpan<float> values)
    {
        var w = new float[values.Length];
        double norm = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double x = 1 + Math.Log(Math.Max(1.0, values[i]));
            w[i] = (float)x;
            norm += x * x;
        }
        norm = Math.Sqrt(norm);
        if (norm > 0)
        {
            for (int i = 0; i < w.Length; i++)
                w[i] = (float)(w[i] / norm);
        }
        return w;
    }

    public static Side Of(FeatureVector features, FeatureVector? title, string language)
    {
        var s = new Side
        {
            Keys = features.Keys.ToArray(),
            W = Unit(features.Values),
            Language = language,
        };
        if (title is { Count: > 0 })
        {
            s.TitleKeys = title.Keys.ToArray();
            s.TitleW = Unit(title.Values);
        }
        return s;
    }
}

/// <summary>The evidence that two sides report one story, as the scorer's input features. Every feature is in a
/// small fixed range; the names are the model file's and the docs' names.</summary>
internal static class Evidence
{
    public static readonly string[] Names =
    [
        "word_cos",        // same-language word cosine (TF-IDF over stems)
        "neutral_cos",     // cosine over the language-neutral keys (names, places, numbers, dates, tokens)
        "name_overlap",    // shared name keys, IDF-weighted, over the smaller side's
        "place_overlap",
        "date_agree",
        "date_conflict",   // both sides name calendar days and share none
        "number_overlap",
        "token_overlap",
        "title_cos",
        "time_gap",        // ln(1 + days between the article and the story's time range)
        "same_language",
        "rare_shared",     // the rarest shared neutral key's IDF over the largest possible IDF
        "sqrt_word_cos",
        "sqrt_neutral_cos",
        "cross_neutral",   // neutral_cos when the languages differ
        "dense_cos",       // cosine of the article's embedding and the story's mean embedding (missing without an embedder)
        "concept_cos",     // cross-lingual concept cosine (words mapped to bilingual-dictionary concepts)
        "sqrt_concept_cos",
        "title_in_body",   // IDF-weighted share of each side's headline keys that the other side carries (mean of both directions)
        "concept_coverage", // how much of the thinner side's content the concept lexicon reads (concept over word IDF sums)
    ];

    public const int Count = 20;
    public const int ConceptCos = 16;
    public const int SqrtConceptCos = 17;
    public const int ConceptCoverage = 19;
    public const int DateConflict = 5;
    public const int TimeGap = 9;
    public const int Dense = 15;

    /// <summary>One-sided features: evidence only above a floor (fitted: their mean where present); below it, or missing, they
    /// count as the floor. Concept overlap between reports of one event is low wherever a lexicon is thin or picks wrong
    /// senses (Arabic roots, Japanese, Greek), so little shared meaning is no evidence either way.</summary>
    public static readonly string[] OneSided = ["concept_cos", "sqrt_concept_cos"];

    /// <summary>The shared evidence behind a score, for `show --why` and the evidence gate.</summary>
    public struct Shared
    {
        /// <summary>The rarest shared neutral (name, place, date, token, number) key and its IDF.</summary>
        public ulong RarestKey;
        public double RarestIdf;
        public int SharedNeutral;
        public int SharedWords;
    }

    /// <summary>Fills <paramref name="x"/> with the features of article <paramref name="a"/> against
    /// <paramref name="b"/>; <paramref name="maxIdf"/> is the IDF of a key never seen before.</summary>
    public static Shared Compute(Side a, Side b, double maxIdf, Span<double> x, double? gapDays = null)
    {
        x.Clear();
        var shared = default(Shared);
        Span<double> sharedIdf = stackalloc double[8];
        sharedIdf.Clear();
        double dotWord = 0, dotNeutral = 0, dotConcept = 0;
        var ak = a.Keys;
        var bk = b.Keys;
        int i = 0, j = 0;
        while (i < ak.Length && j < bk.Length)
        {
            ulong ka = ak[i], kb = bk[j];
            if (ka < kb)
            {
                i++;
                continue;
            }
            if (ka > kb)
            {
                j++;
                continue;
            }
            // IDF is the article's (the freshest); the story's cached IDF may be an epoch old
            double g = a.Idf[i];
            double p = a.W[i] * g * b.W[j] * g;
            var kind = FeatureVector.KindOf(ka);
            if (kind == FeatureKind.Word)
            {
                dotWord += p;
                shared.SharedWords++;
            }
            else if (kind == FeatureKind.Concept)
            {
                dotConcept += p;
            }
            else
            {
                dotNeutral += p;
                shared.SharedNeutral++;
                if (g > shared.RarestIdf)
                {
                    shared.RarestIdf = g;
                    shared.RarestKey = ka;
                }
            }
            if ((int)kind < sharedIdf.Length)
                sharedIdf[(int)kind] += g;
            i++;
            j++;
        }
        double wordCos = dotWord > 0 ? Math.Min(1, dotWord / Math.Sqrt(a.NormWord * b.NormWord)) : 0;
        double neutralCos = dotNeutral > 0 ? Math.Min(1, dotNeutral / Math.Sqrt(a.NormNeutral * b.NormNeutral)) : 0;
        x[0] = wordCos;
        x[1] = neutralCos;
        x[2] = Overlap(sharedIdf, a, b, FeatureKind.Name);
        x[3] = Overlap(sharedIdf, a, b, FeatureKind.Place);
        x[4] = Overlap(sharedIdf, a, b, FeatureKind.Date);
        x[5] = a.IdfSum[(int)FeatureKind.Date] > 0 && b.IdfSum[(int)FeatureKind.Date] > 0 && sharedIdf[(int)FeatureKind.Date] == 0 ? 1 : 0;
        x[6] = Overlap(sharedIdf, a, b, FeatureKind.Number);
        x[7] = Overlap(sharedIdf, a, b, FeatureKind.Token);
        x[8] = TitleCos(a, b);
        x[9] = gapDays is { } days ? Math.Log(1 + Math.Min(Math.Max(0, days), 60)) : 0;
        bool sameLanguage = b.Speaks(a.Language);
        x[10] = sameLanguage ? 1 : 0;
        x[11] = maxIdf > 0 ? Math.Min(1, shared.RarestIdf / maxIdf) : 0;
        x[12] = Math.Sqrt(wordCos);
        x[13] = Math.Sqrt(neutralCos);
        x[14] = sameLanguage ? 0 : neutralCos;
        // missing (NaN: the model's mean, no contribution) unless both sides have embeddings of one dimension: no embedder
        // configured, or a story from before it was, is no evidence either way
        x[15] = a.Dense is { } da && b.Dense is { } db && da.Length == db.Length ? Math.Max(0, DenseCos(da, db)) : double.NaN;
        // concepts are missing (NaN) when a side has none (a language no lexicon covers, e.g. Hebrew); the scorer
        // reads them as one-sided evidence (OneSided): below the floor, none shared included, they count as the floor
        double conceptCos = a.NormConcept > 0 && b.NormConcept > 0
            ? Math.Min(1, dotConcept / Math.Sqrt(a.NormConcept * b.NormConcept)) : double.NaN;
        x[16] = conceptCos;
        x[17] = Math.Sqrt(conceptCos);
        x[18] = (TitleIn(a, b) + TitleIn(b, a)) / 2;
        x[19] = Math.Min(Coverage(a), Coverage(b));
        return shared;
    }

    /// <summary>How much of a side's content the concept lexicon reads: the IDF sum of its concept keys over that of its
    /// word keys (0 for a language no lexicon covers, about 0.2-0.5 for thin dictionaries, more for well-covered ones).</summary>
    internal static double Coverage(Side s)
    {
        double words = s.IdfSum[(int)FeatureKind.Word];
        return words > 0 ? s.IdfSum[(int)FeatureKind.Concept] / words : 0;
    }

    /// <summary>The IDF-weighted share of <paramref name="t"/>'s headline keys that <paramref name="body"/> carries
    /// anywhere (its keys or its headline's): a headline names the event, and a report of it names the same things.
    /// The IDF of a key found is the article's (a story's profile keeps only sums, <see cref="TitleIdfSum"/>).</summary>
    private static double TitleIn(Side t, Side body)
    {
        double total = t.TitleIdfSum, found = 0;
        bool own = t.TitleIdf.Length == t.TitleKeys.Length;
        int j = 0, h = 0;
        for (int i = 0; i < t.TitleKeys.Length; i++)
        {
            ulong k = t.TitleKeys[i];
            while (j < body.Keys.Length && body.Keys[j] < k)
                j++;
            while (h < body.TitleKeys.Length && body.TitleKeys[h] < k)
                h++;
            bool inKeys = j < body.Keys.Length && body.Keys[j] == k, inTitle = h < body.TitleKeys.Length && body.TitleKeys[h] == k;
            if (own && (inKeys || inTitle))
                found += t.TitleIdf[i];
            else if (inKeys && body.Idf.Length == body.Keys.Length)
                found += body.Idf[j];
            else if (inTitle && body.TitleIdf.Length == body.TitleKeys.Length)
                found += body.TitleIdf[h];
        }
        return total > 0 ? Math.Min(1, found / total) : 0;
    }

    private static double Overlap(ReadOnlySpan<double> shared, Side a, Side b, FeatureKind kind)
    {
        double min = Math.Min(a.IdfSum[(int)kind], b.IdfSum[(int)kind]);
        return min > 0 ? Math.Min(1, shared[(int)kind] / min) : 0;
    }

    private static double TitleCos(Side a, Side b)
    {
        if (a.NormTitle <= 0 || b.NormTitle <= 0)
            return 0;
        double dot = 0;
        int i = 0, j = 0;
        while (i < a.TitleKeys.Length && j < b.TitleKeys.Length)
        {
            if (a.TitleKeys[i] < b.TitleKeys[j])
                i++;
            else if (a.TitleKeys[i] > b.TitleKeys[j])
                j++;
            else
            {
                double g = a.TitleIdf[i];
                dot += a.TitleW[i] * g * b.TitleW[j] * g;
                i++;
                j++;
            }
        }
        return Math.Min(1, dot / Math.Sqrt(a.NormTitle * b.NormTitle));
    }

    internal static double DenseCos(float[] a, float[] b)
    {
        if (a.Length != b.Length || a.Length == 0)
            return 0;
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.Length; i++)
        {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na > 0 && nb > 0 ? dot / Math.Sqrt(na * nb) : 0;
    }
}
