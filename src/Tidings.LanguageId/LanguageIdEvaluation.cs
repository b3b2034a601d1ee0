using Tidings.Core;

namespace Tidings.LanguageId;

/// <summary>Accuracy of the detector on a folder of <c>&lt;code&gt;.txt</c> files, one sentence a line. A prediction is
/// right when its base language equals the file's code ("sr-Latn" and "sr" both count for sr.txt, "zh-Hant" for zh.txt):
/// the files name languages, not scripts.</summary>
public sealed class LanguageIdEvaluation
{
    private LanguageIdEvaluation(IReadOnlyList<LanguageScore> languages, IReadOnlyList<Confusion> confusions, IReadOnlyList<CalibrationBucket> calibration)
    {
        Calibration = calibration;
        Languages = languages;
        Confusions = confusions;
    }

    /// <summary>Per language, in file-name order.</summary>
    public IReadOnlyList<LanguageScore> Languages { get; }

    /// <summary>Wrong answers, most frequent first.</summary>
    public IReadOnlyList<Confusion> Confusions { get; }

    /// <summary>Texts by confidence (tenths) and how many of them were right: a calibrated detector is right about as
    /// often as it says.</summary>
    public IReadOnlyList<CalibrationBucket> Calibration { get; }

    /// <summary>Mean of the per-language accuracies (macro average).</summary>
    public double Mean => Languages.Count == 0 ? 0 : Languages.Average(l => l.Accuracy);

    public LanguageScore Worst => Languages.MinBy(l => l.Accuracy) ?? new LanguageScore("und", 0, 0);

    /// <summary>Runs the evaluation. <paramref name="sentencesPerText"/> &gt; 1 joins that many consecutive lines
    /// (with a space) into one text, to measure documents.</summary>
    public static LanguageIdEvaluation Run(LanguageDetector detector, string directory, int sentencesPerText = 1, int maxTextsPerLanguage = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(detector);
        var files = Directory.GetFiles(directory, "*.txt").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
            throw new FileNotFoundException($"No <code>.txt files in {directory}.");
        var scores = new LanguageScore[files.Length];
        var wrong = new Dictionary<string, int>[files.Length];
        var calibration = new int[10, 2];
        Parallel.For(0, files.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, f =>
        {
            string code = Path.GetFileNameWithoutExtension(files[f]);
            var expected = LanguageTag.Parse(code).Language;
            var lines = File.ReadLines(files[f]).Where(l => l.Trim().Length > 0).ToArray();
            int n = 0, ok = 0;
            var errors = new Dictionary<string, int>();
            for (int i = 0; i + sentencesPerText <= lines.Length && n < maxTextsPerLanguage; i += sentencesPerText)
            {
                string text = sentencesPerText == 1 ? lines[i] : string.Join(' ', lines, i, sentencesPerText);
                var result = detector.Detect(text);
                var got = result.Tag;
                n++;
                bool right = got.Language == expected;
                if (right)
                    ok++;
                else
                    errors[got.ToString()] = errors.GetValueOrDefault(got.ToString()) + 1;
                int bucket = Math.Min(9, (int)(result.Confidence * 10));
                Interlocked.Increment(ref calibration[bucket, 0]);
                if (right)
                    Interlocked.Increment(ref calibration[bucket, 1]);
            }
            scores[f] = new LanguageScore(code, n, ok);
            wrong[f] = errors;
        });
        var confusions = new List<Confusion>();
        for (int f = 0; f < files.Length; f++)
        {
            foreach (var (got, count) in wrong[f])
                confusions.Add(new Confusion(scores[f].Code, got, count));
        }
        var buckets = Enumerable.Range(0, 10).Select(b => new CalibrationBucket(b / 10.0, (b + 1) / 10.0, calibration[b, 0], calibration[b, 1])).ToArray();
        return new LanguageIdEvaluation(scores, [.. confusions.OrderByDescending(c => c.Count).ThenBy(c => c.Expected, StringComparer.Ordinal)], buckets);
    }
}

/// <summary>Accuracy on one language's file.</summary>
public sealed record LanguageScore(string Code, int Texts, int Correct)
{
    public double Accuracy => Texts == 0 ? 0 : (double)Correct / Texts;
}

/// <summary>How often texts of <paramref name="Expected"/> were called <paramref name="Got"/>.</summary>
public sealed record Confusion(string Expected, string Got, int Count);

/// <summary>Texts whose confidence was in [<paramref name="From"/>, <paramref name="To"/>) and how many were right.</summary>
public sealed record CalibrationBucket(double From, double To, int Texts, int Correct)
{
    public double Accuracy => Texts == 0 ? 0 : (double)Correct / Texts;
}
