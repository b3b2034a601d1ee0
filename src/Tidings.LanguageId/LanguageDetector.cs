using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Tidings.Core;

namespace Tidings.LanguageId;

/// <summary>Tells the language of a text. First the script (Unicode ranges); scripts used by one language answer at once;
/// for the others a naive-Bayes model over character n-grams (orders 3–5; 1–5 for Han) and whole words decides among the script's
/// languages. Also the pipeline stage that assigns the language of a document. Thread-safe.</summary>
public sealed class LanguageDetector : IStage
{
    /// <summary>Longest text read in full; longer texts are read as <see cref="SampleWindows"/> evenly spaced windows.</summary>
    internal const int MaxChars = 24_000;
    internal const int SampleWindows = 12;
    /// <summary>Fewer letters than this gives <c>und</c>.</summary>
    internal const int MinLetters = 3;
    /// <summary>Character n-grams of orders <see cref="MinOrder"/>..5 are read (with whole words); unigrams and bigrams
    /// were measured to add noise rather than evidence once words and longer n-grams are there. Han is the exception
    /// (<see cref="HanMinOrder"/>): single characters tell simplified from traditional Chinese.</summary>
    internal const int MinOrder = 3;
    internal const int HanMinOrder = 1;
    /// <summary>Temperature of the softmax that turns cost differences (nats) into a confidence.</summary>
    internal const double Sharpness = 0.1;
    /// <summary>Below this confidence the answer is <c>und</c> (the guesses stay in the alternatives).</summary>
    internal const double MinConfidence = 0.1;

    /// <summary>Weight of a Latin letter against a letter of another script when choosing the script.</summary>
    internal const double LatinWeight = 0.4;

    /// <summary>Texts up to twice this many characters are read in full; longer ones are read in rounds of about
    /// <see cref="EarlyStopEvery"/> characters spread over the text, and reading stops once at least this many characters
    /// were read and the best language leads by <see cref="EarlyStopMargin"/> nats.</summary>
    internal const int EarlyStopAfter = 600;
    internal const int EarlyStopEvery = 320;
    internal const double EarlyStopMargin = 60;

    /// <summary>Paragraphs of a document longer than twice this are read in rounds of about this many characters spread
    /// over up to 8 parts of the paragraph (so a quote at its end is read before anything is decided), and reading stops
    /// once the best language leads by <see cref="EarlyStopMargin"/> nats (the confidence is above 0.99 either way).</summary>
    internal const int EagerChunk = 64;

    /// <summary>Lines shorter than this are joined with the next one before their language is told.</summary>
    internal const int MinParagraph = 60;

    private const int MaxWord = 64;

    private static readonly (Script Script, string Tag)[] SingleLanguageScripts =
    [
        (Script.Grek, "el"), (Script.Armn, "hy"), (Script.Geor, "ka"), (Script.Thai, "th"), (Script.Laoo, "lo"),
        (Script.Khmr, "km"), (Script.Mymr, "my"), (Script.Sinh, "si"), (Script.Gujr, "gu"), (Script.Guru, "pa"),
        (Script.Taml, "ta"), (Script.Telu, "te"), (Script.Knda, "kn"), (Script.Mlym, "ml"), (Script.Orya, "or"),
        (Script.Thaa, "dv"), (Script.Tibt, "bo"), (Script.Hang, "ko"), (Script.Kana, "ja"),
    ];

    private readonly LidModel _model;

    private LanguageDetector(LidModel model) => _model = model;

    /// <summary>A detector with the bundled models (loaded once per process, shared).</summary>
    public static LanguageDetector Create() => new(LidModel.Shared);

    internal static LanguageDetector Create(LidModel model) => new(model);

    /// <summary>Every language tag the detector can answer.</summary>
    public IReadOnlyList<string> SupportedLanguages =>
        [.. _model.Models.SelectMany(m => m.Tags).Concat(SingleLanguageScripts.Select(s => s.Tag)).Append("ja").Distinct().Order(StringComparer.Ordinal)];

    public string Name => "language";
    public DocumentFields Requires => DocumentFields.Text | DocumentFields.Title;
    public DocumentFields Assigns => DocumentFields.Language;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var result = Detect(document.Title + "\n" + document.Text);
        document.Language = result.Tag;
        document.LanguageConfidence = result.Confidence;
    }

    /// <summary>Detects the language of a text; <c>und</c> when it has too few letters or none of a supported script.
    /// Texts longer than <see cref="MaxChars"/> are sampled, so the cost is bounded whatever the input size.</summary>
    public LanguageResult Detect(ReadOnlySpan<char> text)
    {
        if (text.Length <= MaxChars)
            return DetectCore(text);
        // Evenly spaced windows, each cut at whitespace so no word is split.
        int window = MaxChars / SampleWindows;
        var buffer = new char[MaxChars + SampleWindows];
        int used = 0;
        long step = (text.Length - window) / (SampleWindows - 1);
        for (int w = 0; w < SampleWindows; w++)
        {
            var part = text.Slice((int)(w * step), window);
            int a = part.IndexOfAny(' ', '\n');
            int b = part.LastIndexOfAny(' ', '\n');
            if (a >= 0 && b > a)
                part = part[a..b];
            part.CopyTo(buffer.AsSpan(used));
            used += part.Length;
            buffer[used++] = '\n';
        }
        return DetectCore(buffer.AsSpan(0, used));
    }

    /// <summary>Main language of a document, as <see cref="Detect"/> tells it for the whole text, plus
    /// <see cref="LanguageResult.Segments"/>: the paragraphs with their own language when they are not all the same
    /// (a Vietnamese page quoting an English tweet stays vi, with the quote as an en segment).</summary>
    public LanguageResult DetectDocument(ReadOnlySpan<char> text)
    {
        var main = Detect(text);
        var segments = DetectParagraphs(text);
        return segments.Count > 1 ? main with { Segments = segments } : main;
    }

    /// <summary>Language per paragraph: each line is told on its own (lines shorter than <see cref="MinParagraph"/> are joined
    /// with the next); neighbours with the same language are merged. Reads at most twice <see cref="MaxChars"/>.</summary>
    public IReadOnlyList<LanguageSegment> DetectParagraphs(ReadOnlySpan<char> text)
    {
        var result = new List<LanguageSegment>();
        int start = 0;
        int budget = MaxChars * 2; // bounded work on huge input
        while (start < text.Length && budget > 0)
        {
            // one line, or several when they are short (a heading, a caption)
            int end = start;
            while (end < text.Length)
            {
                int nl = text[end..].IndexOf('\n');
                end = nl < 0 ? text.Length : end + nl + 1;
                if (text[start..end].Trim().Length >= MinParagraph)
                    break;
            }
            var para = text[start..end];
            if (para.Length > MaxChars)
                para = para[..MaxChars];
            budget -= para.Length;
            if (!para.Trim().IsEmpty)
                result.Add(new LanguageSegment(start, end - start, DetectCore(para, eager: true)));
            start = end;
        }
        // Merge neighbours with the same language.
        for (int i = result.Count - 1; i > 0; i--)
        {
            if (result[i].Result.Tag == result[i - 1].Result.Tag)
            {
                var a = result[i - 1];
                var b = result[i];
                double conf = ((a.Result.Confidence * a.Length) + (b.Result.Confidence * b.Length)) / (a.Length + b.Length);
                result[i - 1] = new LanguageSegment(a.Start, b.Start + b.Length - a.Start, a.Result with { Confidence = Math.Round(conf, 3) });
                result.RemoveAt(i);
            }
        }
        return result;
    }

    /// <param name="eager">Read in rounds of about <see cref="EagerChunk"/> characters and stop once the answer is decided
    /// (see <see cref="Score"/>): for the paragraphs of a document.</param>
    private LanguageResult DetectCore(ReadOnlySpan<char> text, bool eager = false)
    {
        Span<int> scriptCounts = stackalloc int[(int)Script.Count];
        scriptCounts.Clear();
        int letters = 0;
        // Long texts: count scripts in 8 spread windows of 250 characters.
        int windows = text.Length > 2000 ? 8 : 1;
        int windowLength = windows == 1 ? text.Length : 250;
        for (int w = 0; w < windows; w++)
        {
            int start = windows == 1 ? 0 : (int)((long)(text.Length - windowLength) * w / (windows - 1));
            foreach (char c in text.Slice(start, windowLength))
            {
                var s = Scripts.Of(c);
                if (s != Script.None)
                {
                    scriptCounts[(int)s]++;
                    letters++;
                }
            }
        }
        if (letters < MinLetters)
            return LanguageResult.Undetermined();
        // Japanese is written with kana among Han characters: count them together.
        int kana = scriptCounts[(int)Script.Kana];
        int han = scriptCounts[(int)Script.Hani];
        if (kana > 0 && kana * 10 >= han)
        {
            scriptCounts[(int)Script.Kana] += han;
            scriptCounts[(int)Script.Hani] = 0;
        }
        // Latin letters count less: names, URLs and boilerplate in Latin are common in text of other scripts,
        // the reverse is rare. Han characters count more: one of them is a word.
        int best = 1;
        double bestWeight = scriptCounts[1] * LatinWeight;
        for (int i = 2; i < scriptCounts.Length; i++)
        {
            double w = scriptCounts[i] * (i == (int)Script.Hani || i == (int)Script.Kana ? 2.0 : 1.0);
            if (w > bestWeight)
            {
                best = i;
                bestWeight = w;
            }
        }
        var script = (Script)best;
        double share = (double)scriptCounts[best] / letters;
        var model = _model.For(script);
        if (model is null)
        {
            foreach (var (s, tag) in SingleLanguageScripts)
            {
                if (s == script)
                {
                    string code = script == Script.Kana ? "Jpan" : script == Script.Hang ? "Kore" : Scripts.Code(script);
                    return new LanguageResult(new LanguageTag(tag), code, Math.Round(Math.Min(0.99, 0.5 + (0.49 * share * Math.Min(1, scriptCounts[best] / 10.0))), 3), []);
                }
            }
            return LanguageResult.Undetermined(Scripts.Code(script));
        }
        return Classify(model, text, share, eager);
    }

    private static LanguageResult Classify(ScriptModel m, ReadOnlySpan<char> text, double share, bool eager)
    {
        Span<double> costs = stackalloc double[m.Count];
        int features = Score(m, text, costs, eager);
        if (features == 0)
            return LanguageResult.Undetermined(Scripts.Code(m.Script));
        Orthography.Apply(m.Script, m.Tags, text, costs);
        int best = 0;
        for (int i = 1; i < costs.Length; i++)
        {
            if (costs[i] < costs[best])
                best = i;
        }
        // Softmax over cost differences (nats), sharpened less than naive Bayes would: n-grams are not independent.
        Span<double> p = stackalloc double[m.Count];
        double sum = 0;
        for (int i = 0; i < costs.Length; i++)
        {
            double d = (costs[i] - costs[best]) * Sharpness;
            p[i] = d > 30 ? 0 : Math.Exp(-d); // e^-30: nothing a confidence rounded to 3 places can show
            sum += p[i];
        }
        var alt = new List<LanguageGuess>(4);
        Span<bool> taken = stackalloc bool[m.Count];
        taken[best] = true;
        for (int k = 0; k < 4; k++)
        {
            int j = -1;
            for (int i = 0; i < costs.Length; i++)
            {
                if (!taken[i] && (j < 0 || costs[i] < costs[j]))
                    j = i;
            }
            if (j < 0 || p[j] / sum < 0.001)
                break;
            taken[j] = true;
            alt.Add(new LanguageGuess(m.LanguageTags[j], Math.Round(p[j] / sum, 3)));
        }
        double conf = p[best] / sum * (0.5 + (0.5 * share));
        if (conf < MinConfidence)
        {
            // Too mixed or too short to tell: und, with the guesses as alternatives.
            alt.Insert(0, new LanguageGuess(m.LanguageTags[best], Math.Round(conf, 3)));
            return new LanguageResult(LanguageTag.Undetermined, Scripts.Code(m.Script), 0, alt);
        }
        return new LanguageResult(m.LanguageTags[best], m.ScriptCodes[best], Math.Round(conf, 3), alt);
    }

    /// <summary>Sums each language's cost (nats) over the text's features; returns how many features were read.
    /// Texts longer than twice <see cref="EarlyStopAfter"/> are read in rounds from
    /// up to 16 evenly spread parts (about <see cref="EarlyStopAfter"/> characters a round), and reading stops once the best language leads by <see cref="EarlyStopMargin"/> nats,
    /// so boilerplate at the top of a page cannot decide alone.</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    internal static int Score(ScriptModel m, ReadOnlySpan<char> text, Span<double> costs, bool eager = false)
    {
        // One counter per possible language byte: empty slot entries (language 255) land in a counter nobody reads.
        Span<int> acc = stackalloc int[AccSize];
        acc.Clear();
        Span<int> kinds = stackalloc int[ScriptModel.Kinds];
        kinds.Clear();
        int features = 0;
        // Eager (a paragraph): rounds of about EagerChunk characters from up to 8 parts, checked after every round.
        int stopAfter = eager ? EagerChunk : EarlyStopAfter;
        if (text.Length <= stopAfter * 2)
        {
            features = Feed(m, text, acc, kinds);
            Totals(m, acc, kinds, costs);
            return features;
        }
        int parts = eager ? Math.Clamp(text.Length / 40, 2, 8) : Math.Clamp(text.Length / 400, 2, 16);
        int chunk = eager ? Math.Max(EagerChunk / parts, 12) : Math.Max(EarlyStopEvery / parts, 40);
        Span<int> cursor = stackalloc int[parts + 1];
        for (int p = 0; p <= parts; p++)
            cursor[p] = p == parts ? text.Length : WordEnd(text, (int)((long)text.Length * p / parts));
        Span<int> ends = stackalloc int[parts];
        for (int p = 0; p < parts; p++)
            ends[p] = cursor[p + 1];
        int read = 0;
        bool more = true;
        while (more)
        {
            more = false;
            for (int p = 0; p < parts; p++)
            {
                if (cursor[p] >= ends[p])
                    continue;
                int end = Math.Min(ends[p], WordEnd(text, Math.Min(ends[p], cursor[p] + chunk)));
                features += Feed(m, text[cursor[p]..end], acc, kinds);
                read += end - cursor[p];
                cursor[p] = end;
                more |= end < ends[p];
            }
            if (read >= stopAfter || !more)
            {
                Totals(m, acc, kinds, costs);
                if (Decided(costs[..m.Count]))
                    return features;
            }
        }
        Totals(m, acc, kinds, costs);
        return features;
    }

    /// <summary>The first position at or after <paramref name="pos"/> that is not inside a word.</summary>
    private static int WordEnd(ReadOnlySpan<char> text, int pos)
    {
        while (pos < text.Length && Scripts.IsWordChar(text[pos]))
            pos++;
        return pos;
    }

    private const int AccSize = 256;

    /// <summary>Adds the features of every word of the model's script in <paramref name="text"/>.</summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    private static int Feed(ScriptModel m, ReadOnlySpan<char> text, Span<int> acc, Span<int> kinds)
    {
        // Dense rows are summed in shorts (SIMD) and folded into the int accumulator every DenseFlush rows.
        Span<short> dacc = stackalloc short[m.DenseStride];
        dacc.Clear();
        Span<uint> keys = stackalloc uint[Sink.Batch];
        Span<int> rows = stackalloc int[Sink.Batch];
        var sink = new Sink(m, acc, dacc, keys, rows);
        Span<char> buf = stackalloc char[MaxWord + 2];
        int features = 0;
        int minOrder = m.Script == Script.Hani ? HanMinOrder : MinOrder;
        int i = 0;
        while (i < text.Length)
        {
            if (!Scripts.IsWordChar(text[i]))
            {
                i++;
                continue;
            }
            int s = i;
            while (i < text.Length && Scripts.IsWordChar(text[i]))
                i++;
            var word = text[s..i];
            var ws = Scripts.Of(word[0]);
            if (ws != m.Script && !(m.Script == Script.Hani && ws == Script.Kana))
                continue;
            if (word.Length > MaxWord)
                word = word[..MaxWord];
            buf[0] = ' ';
            for (int k = 0; k < word.Length; k++)
                buf[k + 1] = Scripts.ToLower(word[k]);
            buf[word.Length + 1] = ' ';
            int len = word.Length + 2;
            var padded = buf[..len];

            if (word.Length <= 24)
            {
                kinds[0]++;
                sink.Add(FeatureHash.Key(FeatureHash.Of(FeatureHash.WordSeed, padded[1..^1])));
            }
            for (int a = 0; a < len; a++)
            {
                ulong h = FeatureHash.GramSeed;
                int maxN = Math.Min(5, len - a);
                for (int n = 1; n <= maxN; n++)
                {
                    h = FeatureHash.Step(h, padded[a + n - 1]);
                    if (n < minOrder || (n == 1 && padded[a] == ' '))
                        continue;
                    features++;
                    kinds[n]++;
                    sink.Add(FeatureHash.Key(h));
                }
            }
        }
        sink.Flush();
        return features;
    }

    /// <summary>Looks features up and adds their entries to the per-language sums. Keys are gathered in batches of
    /// <see cref="Batch"/>; the table slots of a batch are prefetched before any is read, and the dense rows the batch
    /// needs are prefetched before any is added, so the cache misses of a batch overlap instead of following one another
    /// (the Latin table is 16 MB; this more than doubled the speed).</summary>
    private unsafe ref struct Sink
    {
        internal const int Batch = 128;
        private readonly Slot[] _slots;
        private readonly int _shift;
        private readonly int _mask;
        private readonly short[] _dense;
        private readonly ushort[] _overflow;
        private readonly int _stride;
        private readonly Span<int> _acc;
        private readonly Span<short> _dacc;
        private readonly Span<uint> _keys;
        private readonly Span<int> _rows;
        private int _count;
        private int _pendingDense;

        internal Sink(ScriptModel m, Span<int> acc, Span<short> dacc, Span<uint> keys, Span<int> rows)
        {
            _slots = m.Slots;
            _shift = m.Shift;
            _mask = m.Mask;
            _dense = m.Dense;
            _overflow = m.Overflow;
            _stride = m.DenseStride;
            _acc = acc;
            _dacc = dacc;
            _keys = keys;
            _rows = rows;
            _count = 0;
            _pendingDense = 0;
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        internal void Add(uint key)
        {
            _keys[_count++] = key;
            if (_count == Batch)
                Drain();
        }

        private void Drain()
        {
            var keys = _keys[.._count];
            _count = 0;
            bool prefetch = System.Runtime.Intrinsics.X86.Sse.IsSupported;
            int rows = 0;
            fixed (Slot* slots = _slots)
            fixed (short* dense = _dense)
            {
                if (prefetch)
                {
                    foreach (uint key in keys)
                        System.Runtime.Intrinsics.X86.Sse.Prefetch0(slots + (int)((key * 0x9E3779B1u) >> _shift));
                }
                foreach (uint key in keys)
                {
                    int row = Resolve(slots, key);
                    if (row < 0)
                        continue;
                    _rows[rows++] = row;
                    if (prefetch)
                    {
                        byte* p = (byte*)(dense + (row * _stride));
                        int bytes = _stride * sizeof(short);
                        for (int o = 0; o < bytes; o += 64)
                            System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + o);
                        System.Runtime.Intrinsics.X86.Sse.Prefetch0(p + bytes - 1);
                    }
                }
            }
            var dacc = MemoryMarshal.Cast<short, Vector<short>>(_dacc);
            foreach (int row in _rows[..rows])
            {
                AddDense(dacc, _dense.AsSpan(row * _stride, _stride));
                if (++_pendingDense == DenseFlush)
                {
                    FlushDense(_dacc, _acc);
                    _pendingDense = 0;
                }
            }
        }

        /// <summary>Adds the entries of an inline or overflow feature; for a dense feature returns its row (else −1).</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        private readonly int Resolve(Slot* slots, uint key)
        {
            int i = (int)((key * 0x9E3779B1u) >> _shift);
            while (true)
            {
                uint k = slots[i].Key;
                if (k == key)
                    break;
                if (k == 0)
                    return -1;
                i = (i + 1) & _mask;
            }
            Slot* s = slots + i;
            int tag = s->E0 >> 8;
            if (tag < Slot.OverflowTag)
            {
                // Language bytes are < 256 and the accumulator has 256 counters: no bounds checks needed.
                ref int acc = ref MemoryMarshal.GetReference(_acc);
                Unsafe.Add(ref acc, tag) += (sbyte)s->E0;
                Unsafe.Add(ref acc, s->E1 >> 8) += (sbyte)s->E1;
                Unsafe.Add(ref acc, s->E2 >> 8) += (sbyte)s->E2;
                Unsafe.Add(ref acc, s->E3 >> 8) += (sbyte)s->E3;
                Unsafe.Add(ref acc, s->E4 >> 8) += (sbyte)s->E4;
                Unsafe.Add(ref acc, s->E5 >> 8) += (sbyte)s->E5;
                return -1;
            }
            if (tag == Slot.DenseTag)
                return s->Index;
            foreach (ushort x in _overflow.AsSpan(s->Index, s->E3))
                _acc[x >> 8] += (sbyte)x;
            return -1;
        }

        internal void Flush()
        {
            Drain();
            FlushDense(_dacc, _acc);
            _pendingDense = 0;
        }
    }

    private const int DenseFlush = 120; // 120 × 255 fits a short

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void AddDense(Span<Vector<short>> acc, ReadOnlySpan<short> row)
    {
        var rv = MemoryMarshal.Cast<short, Vector<short>>(row);
        for (int j = 0; j < rv.Length; j++)
            acc[j] += rv[j];
    }

    private static void FlushDense(Span<short> dacc, Span<int> acc)
    {
        for (int l = 0; l < dacc.Length; l++)
            acc[l] += dacc[l];
        dacc.Clear();
    }

    private static void Totals(ScriptModel m, ReadOnlySpan<int> acc, ReadOnlySpan<int> kinds, Span<double> costs)
    {
        var floors = m.Floors;
        int n = m.Count;
        for (int l = 0; l < n; l++)
        {
            double c = acc[l];
            for (int k = 0; k < ScriptModel.Kinds; k++)
                c += (double)kinds[k] * floors[(k * n) + l];
            costs[l] = c / LidModel.Scale;
        }
    }

    /// <summary>True when the best language leads the second by more than <see cref="EarlyStopMargin"/> nats.</summary>
    private static bool Decided(ReadOnlySpan<double> costs)
    {
        double a = double.MaxValue, b = double.MaxValue;
        foreach (double c in costs)
        {
            if (c < a)
            {
                b = a;
                a = c;
            }
            else if (c < b)
            {
                b = c;
            }
        }
        return b - a > EarlyStopMargin;
    }
}
