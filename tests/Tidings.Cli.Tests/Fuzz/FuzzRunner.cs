using System.Diagnostics;
using Tidings.Cli.Commands;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.Ingest;
using Tidings.LanguageId;
using Tidings.Storage;

namespace Tidings.Fuzz;

/// <summary>What a fuzz run found. <see cref="PeakIngestBytes"/> is the peak resident memory of the ingest (the
/// <c>tidings ingest</c> processes when the batches run in their own process; 0 when they run in this one);
/// <see cref="PeakWorkingSet"/> is this process's (the generator, the per-case checks and an in-process ingest).</summary>
internal sealed record FuzzReport(int Cases, int Crashes, int Hangs, TimeSpan Slowest, string SlowestCase, int GoodCases, int GoodStored,
    long PeakWorkingSet, IReadOnlyList<string> Problems, IReadOnlyDictionary<string, int> Outcomes)
{
    public long PeakIngestBytes { get; init; }
    public int Batches { get; init; }
    public TimeSpan SlowestBatch { get; init; }
    public int GoodDocuments { get; init; }
}

/// <summary>What ingesting one batch folder did: crashes are internal errors and abnormal ends (an unhandled exception,
/// a kill), <see cref="TimedOut"/> a batch that did not finish in its time.</summary>
internal sealed record FuzzBatchResult(IReadOnlyList<string> Crashes, bool TimedOut, long PeakBytes = 0);

/// <summary>Runs fuzz cases, a batch at a time. Every case goes through its reader (<c>PageSource</c> for pages, and
/// the crawler readers when <c>records</c> is given), <c>extract</c>, <c>detect</c> (its own input reading and the
/// detector), timed one by one; then the whole batch folder, good files beside bad ones, goes through the real ingest
/// (<c>ingestBatch</c>: in this process, or <c>tidings ingest</c> as its own process) into one database, and every
/// document of every good file must be in it afterwards. A crash is any exception but the documented rejection, an
/// internal error of a stage, or an abnormal end of the ingest; a hang is a case slower than the limit.</summary>
internal static class FuzzRunner
{
    /// <param name="ingestBatch">Ingests a folder into the database at the given path.</param>
    /// <param name="records">The raw pages a crawler file (WARC, JSONL, feed) holds, read by the ingest readers; null
    /// to leave crawler files to the batch ingest alone.</param>
    internal static async Task<FuzzReport> RunAsync(FuzzCases generator, int from, int count, string workDir, TimeSpan hangLimit,
        Func<string, string, Task<FuzzBatchResult>> ingestBatch, int batchSize = 500, Func<string, IEnumerable<RawDocument?>>? records = null,
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
        int crashes = 0, hangs = 0, good = 0, goodStored = 0, goodDocuments = 0, batches = 0;
        long peakIngest = 0;
        var slowest = TimeSpan.Zero;
        var slowestBatch = TimeSpan.Zero;
        string slowestCase = "";
        Directory.CreateDirectory(workDir);
        string db = Path.Combine(workDir, "fuzz.db");
        var expected = new Dictionary<int, IReadOnlyList<string>>();

        void Count(string outcome) => outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;

        void Problem(string p)
        {
            problems.Add(p);
            log?.Invoke("problem: " + p);
        }

        void Extract(FuzzCase c, RawDocument raw)
        {
            try
            {
                var a = extractor.Extract(raw);
                Count(a.Text.Length == 0 ? "extract:empty" : a.Warnings.Count > 0 ? "extract:cut" : "extract:ok");
                if (a.Text.Length == 0 && a.Warnings.Count > 0 && unlimited.Extract(raw).Text.Length > 0)
                    Problem($"{c.Name}: emptied by a limit: {string.Join("; ", a.Warnings)}");
            }
            catch (DocumentRejectedException)
            {
                Count("extract:rejected");
            }
        }

        for (int start = from; start < from + count; start += batchSize)
        {
            string dir = Path.Combine(workDir, $"batch{start:D7}");
            Directory.CreateDirectory(dir);
            var cases = new List<FuzzCase>();
            for (int n = start; n < Math.Min(from + count, start + batchSize); n++)
            {
                var c = generator.Make(n);
                cases.Add(c);
                var path = Path.Combine(dir, c.Name);
                await File.WriteAllBytesAsync(path, c.Bytes).ConfigureAwait(false);
                var watch = Stopwatch.StartNew();
                try
                {
                    if (PageSource.IsPageFile(path))
                    {
                        var page = PageSource.ReadOne(path);
                        if (page.Document is { } raw)
                            Extract(c, raw);
                        else
                            Count("read:error");
                    }
                    else if (records is not null)
                    {
                        int k = 0;
                        foreach (var raw in records(path))
                        {
                            k++;
                            if (raw is not null)
                                Extract(c, raw);
                        }
                        Count(k == 0 ? "records:none" : "records:some");
                    }
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
                    Problem($"{c.Name}: {e.GetType().Name}: {e.Message}");
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
                    Problem($"{c.Name}: took {watch.Elapsed}");
                }
            }

            // the whole folder through the real ingest: good files beside the bad ones
            var batchWatch = Stopwatch.StartNew();
            var result = await ingestBatch(dir, db).ConfigureAwait(false);
            batchWatch.Stop();
            batches++;
            if (batchWatch.Elapsed > slowestBatch)
                slowestBatch = batchWatch.Elapsed;
            peakIngest = Math.Max(peakIngest, result.PeakBytes);
            foreach (var crash in result.Crashes)
            {
                crashes++;
                Problem($"ingest of cases {start}..{start + cases.Count - 1}: {crash}");
            }
            if (result.TimedOut)
            {
                hangs++;
                Problem($"ingest of cases {start}..{start + cases.Count - 1} timed out after {batchWatch.Elapsed}");
            }

            // every document of every good file is in the database
            var goods = cases.Where(c => c.Good).ToList();
            if (goods.Count > 0)
            {
                foreach (var c in goods)
                {
                    if (!expected.ContainsKey(c.Seed))
                        expected[c.Seed] = await ReferenceIdsAsync(generator.Seeds[c.Seed], Path.Combine(workDir, "reference")).ConfigureAwait(false);
                }
                await using var store = await Stores.OpenAsync(db, StoreAccess.ReadOnly).ConfigureAwait(false);
                foreach (var c in goods)
                {
                    good++;
                    var ids = expected[c.Seed];
                    var known = await store.KnownAsync([.. ids]).ConfigureAwait(false);
                    if (ids.Count > 0 && known.Count == ids.Count)
                    {
                        goodStored++;
                        goodDocuments += ids.Count;
                    }
                    else
                    {
                        Problem($"{c.Name}: a good file: {known.Count} of its {ids.Count} documents stored");
                    }
                }
            }
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
            log?.Invoke($"{start + cases.Count - from} cases, {crashes} crashes, {hangs} hangs, slowest {slowest.TotalSeconds:F2} s ({slowestCase}), batch {batchWatch.Elapsed.TotalSeconds:F1} s, " +
                $"ingest peak {peakIngest / (1024 * 1024)} MB, this process peak {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB, good {goodStored}/{good}");
        }
        return new FuzzReport(count, crashes, hangs, slowest, slowestCase, good, goodStored, Process.GetCurrentProcess().PeakWorkingSet64, problems, outcomes)
        {
            PeakIngestBytes = peakIngest,
            Batches = batches,
            SlowestBatch = slowestBatch,
            GoodDocuments = goodDocuments,
        };
    }

    /// <summary>The ids of the documents a seed file gives when it is ingested alone into an empty database.</summary>
    private static async Task<IReadOnlyList<string>> ReferenceIdsAsync(FuzzSeed seed, string dir)
    {
        Directory.CreateDirectory(dir);
        string file = Path.Combine(dir, seed.Name), db = Path.Combine(dir, seed.Name + ".db");
        await File.WriteAllTextAsync(file, seed.Text).ConfigureAwait(false);
        var ids = new List<string>();
        await using (var store = await Stores.OpenAsync(db, StoreAccess.ReadWrite).ConfigureAwait(false))
        {
            var ingestor = await Ingestor.CreateAsync(store, Ingestor.StandardPipeline()).ConfigureAwait(false);
            await ingestor.IngestPathsAsync([file]).ConfigureAwait(false);
            foreach (var s in (await store.ListStoriesAsync(new StoryQuery { Limit = 0 }).ConfigureAwait(false)).Stories)
                ids.AddRange((await store.GetArticlesAsync(s.Id).ConfigureAwait(false)).Select(a => a.Id));
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(file);
        File.Delete(db);
        return ids;
    }

    /// <summary>Ingests a batch folder in this process, through the same ingestor call the CLI makes.</summary>
    internal static async Task<FuzzBatchResult> IngestInProcessAsync(string dir, string db)
    {
        var crashes = new List<string>();
        try
        {
            await using var store = await Stores.OpenAsync(db, StoreAccess.ReadWrite).ConfigureAwait(false);
            var ingestor = await Ingestor.CreateAsync(store, Ingestor.StandardPipeline()).ConfigureAwait(false);
            var report = await ingestor.IngestPathsAsync([dir]).ConfigureAwait(false);
            crashes.AddRange(report.Failures.Where(f => f.Reason.StartsWith("internal error", StringComparison.Ordinal)).Select(f => $"{f.Path}: {f.Reason}"));
            if (report.Found == 0)
                crashes.Add("the batch folder gave no documents at all");
        }
#pragma warning disable CA1031 // a crash is what the fuzz run counts
        catch (Exception e)
#pragma warning restore CA1031
        {
            crashes.Add($"{e.GetType().Name}: {e.Message}");
        }
        return new FuzzBatchResult(crashes, false);
    }
}
