using System.Diagnostics;
using Tidings.Cli.Commands;
using Tidings.Composition;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.LanguageId;
using Tidings.Storage;

namespace Tidings.Fuzz;

/// <summary>What a fuzz run found.</summary>
internal sealed record FuzzReport(int Cases, int Crashes, int Hangs, TimeSpan Slowest, string SlowestCase, int GoodCases, int GoodStored,
    long PeakWorkingSet, IReadOnlyList<string> Problems, IReadOnlyDictionary<string, int> Outcomes);

/// <summary>Runs fuzz cases through every reader (PageSource: files, .gz), <c>extract</c> (the extractor), <c>detect</c>
/// (its input reading and the detector) and <c>ingest</c> (the whole pipeline into a store, the good pages beside the
/// bad ones). A crash is any exception other than the documented rejection; a hang is a case slower than the limit.</summary>
internal static class FuzzRunner
{
    internal static async Task<FuzzReport> RunAsync(FuzzCases generator, int from, int count, string workDir, TimeSpan hangLimit, int ingestBatch = 500,
        Action<string>? log = null)
    {
        var extractor = Extractor.Create();
        var unlimited = Extractor.Create(new ExtractionOptions
        {
            MaxMarkupChars = int.MaxValue, MaxNodes = int.MaxValue, MaxDepth = int.MaxValue, MaxJsonLdChars = int.MaxValue,
            MaxTitleChars = int.MaxValue, MaxTextChars = int.MaxValue,
        });
        var detector = LanguageDetector.Create();
        var problems = new List<string>();
        var outcomes = new Dictionary<string, int>(StringComparer.Ordinal);
        int crashes = 0, hangs = 0, good = 0, goodStored = 0;
        var slowest = TimeSpan.Zero;
        string slowestCase = "";
        Directory.CreateDirectory(workDir);
        await using var store = await Stores.OpenAsync(Path.Combine(workDir, "fuzz.db"), StoreAccess.ReadWrite).ConfigureAwait(false);
        var ingestor = await Ingestor.CreateAsync(store, Ingestor.StandardPipeline()).ConfigureAwait(false);
        var pending = new List<(FuzzCase Case, string Path)>();

        void Count(string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

        async Task FlushAsync()
        {
            if (pending.Count == 0)
                return;
            var watch = Stopwatch.StartNew();
            IngestReport report;
            try
            {
                report = await ingestor.IngestPathsAsync(pending.Select(p => p.Path)).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // a crash is what the fuzz run counts
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashes++;
                problems.Add($"ingest of cases {pending[0].Case.Number}..{pending[^1].Case.Number}: {e.GetType().Name}: {e.Message}");
                ingestor = await Ingestor.CreateAsync(store, Ingestor.StandardPipeline()).ConfigureAwait(false);
                pending.Clear();
                return;
            }
            if (watch.Elapsed > hangLimit * Math.Max(1, pending.Count / 50))
                problems.Add($"ingest of {pending.Count} cases took {watch.Elapsed}");
            var failed = report.Failures.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
            foreach (var (c, path) in pending)
            {
                if (failed.Contains(path))
                {
                    var reason = report.Failures.First(f => f.Path == path).Reason;
                    if (reason.StartsWith("internal error", StringComparison.Ordinal))
                    {
                        crashes++;
                        problems.Add($"{c.Name}: ingest: {reason}");
                    }
                    if (c.Good)
                        problems.Add($"{c.Name}: a good page was not stored: {reason}");
                }
                else if (c.Good)
                {
                    goodStored++;
                }
                File.Delete(path);
            }
            pending.Clear();
        }

        for (int n = from; n < from + count; n++)
        {
            var c = generator.Make(n);
            var path = Path.Combine(workDir, c.Name);
            await File.WriteAllBytesAsync(path, c.Bytes).ConfigureAwait(false);
            if (c.Good)
                good++;
            var watch = Stopwatch.StartNew();
            try
            {
                // every reader: the file as the ingest reader reads it
                var page = PageSource.ReadOne(path);
                if (page.Document is { } raw)
                {
                    try
                    {
                        var a = extractor.Extract(raw);
                        Count(a.Text.Length == 0 ? "extract:empty" : a.Warnings.Count > 0 ? "extract:cut" : "extract:ok");
                        if (a.Text.Length == 0 && a.Warnings.Count > 0 && unlimited.Extract(raw).Text.Length > 0)
                            problems.Add($"{c.Name}: emptied by a limit: {string.Join("; ", a.Warnings)}");
                    }
                    catch (DocumentRejectedException)
                    {
                        Count("extract:rejected");
                    }
                }
                else
                {
                    Count("read:error");
                }
                // detect: its own reading (folders, .gz, binary, HTML) and the detector
                var input = DetectCommand.ReadText(path);
                if (input.Text is { } text)
                {
                    var r = detector.DetectDocument(text);
                    Count(r.Tag.IsUndetermined ? "detect:und" : "detect:ok");
                }
                else
                {
                    Count($"detect:exit{input.Exit}");
                }
            }
#pragma warning disable CA1031 // a crash is what the fuzz run counts
            catch (Exception e)
#pragma warning restore CA1031
            {
                crashes++;
                problems.Add($"{c.Name}: {e.GetType().Name}: {e.Message}");
            }
            watch.Stop();
            if (watch.Elapsed > slowest)
            {
                slowest = watch.Elapsed;
                slowestCase = c.Name;
            }
            if (watch.Elapsed > hangLimit)
            {
                hangs++;
                problems.Add($"{c.Name}: took {watch.Elapsed}");
            }
            pending.Add((c, path));
            if (pending.Count >= ingestBatch)
            {
                await FlushAsync().ConfigureAwait(false);
                log?.Invoke($"{n + 1 - from} cases, {crashes} crashes, {hangs} hangs, slowest {slowest.TotalSeconds:F2} s ({slowestCase}), peak {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB");
            }
        }
        await FlushAsync().ConfigureAwait(false);
        return new FuzzReport(count, crashes, hangs, slowest, slowestCase, good, goodStored, Process.GetCurrentProcess().PeakWorkingSet64, problems, outcomes);
    }
}
