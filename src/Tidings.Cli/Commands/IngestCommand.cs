using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tidings.Clustering.Embeddings;
using Tidings.Composition;
using Tidings.Core;
using Tidings.Ingest;
using Tidings.Storage;

namespace Tidings.Cli.Commands;

/// <summary><c>tidings ingest PATH... [--watch] [--strict] [limits]</c>.</summary>
internal static class IngestCommand
{
    internal static void Register(RootCommand root, Func<Option<string?>> dbOption)
    {
        var defaults = new IngestLimits();
        var db = dbOption();
        var paths = new Argument<string[]>("path")
        {
            Description = "Files, folders, globs or - (JSONL on standard input): HTML and text pages, JSONL, news-please JSON, RSS/Atom feeds, WARC; .gz and .zst too.",
            Arity = ArgumentArity.OneOrMore,
        };
        var watch = new Option<bool>("--watch") { Description = "Keep running: ingest files as they appear or grow (once complete). Ctrl-C ends it." };
        var strict = new Option<bool>("--strict") { Description = "Stop with exit code 2 at the first bad record or failed document." };
        var noResume = new Option<bool>("--no-resume") { Description = "Read every input from its start, ignoring stored checkpoints." };
        var maxCompressed = new Option<long>("--max-compressed-bytes") { Description = "Largest compressed size of one document.", DefaultValueFactory = _ => defaults.MaxCompressedBytes };
        var maxDocument = new Option<long>("--max-document-bytes") { Description = "Largest decompressed size of one document (gzip bombs stop here).", DefaultValueFactory = _ => defaults.MaxDocumentBytes };
        var maxTitle = new Option<int>("--max-title-chars") { Description = "Longer titles are cut.", DefaultValueFactory = _ => defaults.MaxTitleChars };
        var maxText = new Option<int>("--max-text-chars") { Description = "Longer article texts are cut.", DefaultValueFactory = _ => defaults.MaxTextChars };
        var maxRecords = new Option<long>("--max-records") { Description = "Most documents read from one file.", DefaultValueFactory = _ => defaults.MaxRecordsPerFile };
        var inFlight = new Option<long>("--max-bytes-in-flight") { Description = "Most bytes of read documents held between reading and commit (bounds memory; one larger document still passes).", DefaultValueFactory = _ => new IngestRequest { Paths = [] }.MaxBytesInFlight };
        var batch = new Option<int>("--batch-size") { Description = "Most documents per transaction (default 256); a batch also commits every 2 s.", DefaultValueFactory = _ => new TidingsOptions().BatchSize };
        var cmd = new Command("ingest", "Read pages, feeds, JSON and WARC files, extract the articles, tell their language and group them into stories. Several ingest processes may write to one database at once.");
        cmd.Arguments.Add(paths);
        foreach (var o in new Option[] { db, watch, strict, noResume, batch, inFlight, maxCompressed, maxDocument, maxTitle, maxText, maxRecords })
            cmd.Options.Add(o);
        var embedder = new EmbedderFlags();
        embedder.AddTo(cmd);
        cmd.SetAction((pr, ct) =>
        {
            var limits = new IngestLimits
            {
                MaxCompressedBytes = Math.Max(1, pr.GetValue(maxCompressed)),
                MaxDocumentBytes = Math.Max(1, pr.GetValue(maxDocument)),
                MaxTitleChars = Math.Max(1, pr.GetValue(maxTitle)),
                MaxTextChars = Math.Max(1, pr.GetValue(maxText)),
                MaxRecordsPerFile = Math.Max(1, pr.GetValue(maxRecords)),
            };
            var request = new IngestRequest
            {
                Paths = pr.GetValue(paths)!,
                Limits = limits,
                Watch = pr.GetValue(watch),
                Strict = pr.GetValue(strict),
                Resume = !pr.GetValue(noResume),
                BatchSize = Math.Max(1, pr.GetValue(batch)),
                MaxBytesInFlight = Math.Max(1, pr.GetValue(inFlight)),
            };
            var embedderOptions = embedder.Resolve(pr, out bool ok);
            return ok ? IngestAsync(request, pr.GetValue(db), embedderOptions, ct) : Task.FromResult(2);
        });
        root.Subcommands.Add(cmd);
    }

    private static async Task<int> IngestAsync(IngestRequest request, string? db, EmbedderOptions? embedder, CancellationToken ct)
    {
        TidingsEngine engine;
        try
        {
            engine = await TidingsEngine.OpenAsync(new EngineOptions { Database = db, Access = StoreAccess.ReadWrite, Embedder = embedder }, ct).ConfigureAwait(false);
        }
        catch (StoreException e)
        {
            Console.Error.WriteLine($"tidings: {Safe.Terminal(e.Message)}");
            return 1;
        }
        await using (engine.ConfigureAwait(false))
        {
            try
            {
                var report = await RunAsync(engine, request, quiet: false, ct).ConfigureAwait(false);
                if (report.StoppedBy is not null)
                    return 2;
                return report.New + report.Duplicate > 0 || report.Failed == 0 ? 0 : 1;
            }
            catch (StoreException e)
            {
                Console.Error.WriteLine($"tidings: {Safe.Terminal(e.Message)}");
                return 1;
            }
            catch (EmbedderException e)
            {
                // the batch in hand was not committed; earlier batches were, with their checkpoints
                Console.Error.WriteLine($"tidings: {Safe.Terminal(e.Message)}");
                Console.Error.WriteLine("tidings: stopped: the batch in hand was not stored (no article goes in without its embedding); the next run resumes after the last stored batch");
                return 1;
            }
            catch (OperationCanceledException)
            {
                Console.Error.WriteLine("tidings: interrupted; what was read is committed and the next run resumes from there");
                return 130;
            }
        }
    }

    /// <summary>Runs the ingest with a progress display on stderr (a bar on a terminal, a line every 5 s otherwise)
    /// and prints the problems and the counts.</summary>
    internal static async Task<IngestReport> RunAsync(TidingsEngine engine, IngestRequest request, bool quiet, CancellationToken ct)
    {
        var ingestor = await engine.CreateIngestorAsync(ct).ConfigureAwait(false);
        IngestReport report;
        if (quiet)
        {
            report = await ingestor.IngestAsync(request, null, ct).ConfigureAwait(false);
        }
        else if (!Console.IsErrorRedirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            report = await console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("ingesting", maxValue: 1);
                    var progress = new SyncProgress(p =>
                    {
                        task.MaxValue = Math.Max(1, p.BytesTotal);
                        task.Value = Math.Min(task.MaxValue, p.BytesDone);
                        task.Description = Safe.Markup(Line(p, withEta: false));
                    });
                    return await ingestor.IngestAsync(request, progress, ct).ConfigureAwait(false);
                }).ConfigureAwait(false);
        }
        else
        {
            long last = 0;
            var progress = new SyncProgress(p =>
            {
                if (p.Elapsed.Ticks - last < TimeSpan.FromSeconds(5).Ticks)
                    return;
                last = p.Elapsed.Ticks;
                Console.Error.WriteLine($"tidings: {Safe.Terminal(Line(p, withEta: true))}");
            });
            report = await ingestor.IngestAsync(request, progress, ct).ConfigureAwait(false);
        }
        Print(report, quiet);
        return report;
    }

    internal static string Line(IngestProgress p, bool withEta)
    {
        double seconds = Math.Max(0.001, p.Elapsed.TotalSeconds);
        double rate = p.Done / seconds;
        var line = string.Create(CultureInfo.InvariantCulture, $"{p.Done:N0} documents ({p.New:N0} new, {p.Failed:N0} failed), {rate:F0} pages/s");
        if (p.BytesTotal > 0)
        {
            double fraction = Math.Clamp((double)p.BytesDone / p.BytesTotal, 0, 1);
            line += string.Create(CultureInfo.InvariantCulture, $", {fraction:P0} of {p.BytesTotal / 1e6:N0} MB");
            if (withEta && fraction > 0.001)
            {
                var eta = TimeSpan.FromSeconds(seconds * (1 - fraction) / fraction);
                line += string.Create(CultureInfo.InvariantCulture, $", ETA {(int)eta.TotalHours:D2}:{eta.Minutes:D2}:{eta.Seconds:D2}");
            }
        }
        return line;
    }

    private static void Print(IngestReport report, bool quiet)
    {
        foreach (var n in report.Notes)
            Console.Error.WriteLine($"skipped: {Safe.Terminal(n.Path)}: {Safe.Terminal(n.Reason)}");
        foreach (var w in report.Warnings)
            Console.Error.WriteLine($"warning: {Safe.Terminal(w.Path)}: {Safe.Terminal(w.Reason)}");
        foreach (var f in report.Failures)
            Console.Error.WriteLine($"failed: {Safe.Terminal(f.Path)}: {Safe.Terminal(f.Reason)}");
        // skips can be many (every image and 404 of a crawl): the first few, then counts by reason
        foreach (var s in report.Skips.Take(20))
            Console.Error.WriteLine($"skipped: {Safe.Terminal(s.Path)}: {Safe.Terminal(s.Reason)}");
        if (report.Skipped > 20)
        {
            foreach (var g in report.Skips.Skip(20).GroupBy(s => ReasonKind(s.Reason)).OrderByDescending(g => g.Count()).Take(10))
                Console.Error.WriteLine($"skipped: {g.Count():N0} more: {Safe.Terminal(g.Key)}");
        }
        if (report.StoppedBy is not null)
            Console.Error.WriteLine($"tidings: stopped at the first bad record (--strict): {Safe.Terminal(report.StoppedBy)}");
        if (!quiet)
        {
            double rate = report.Found / Math.Max(0.001, report.Elapsed.TotalSeconds);
            var (stages, clustering, store) = report.Timings;
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"tidings: {report.Elapsed.TotalSeconds:F1} s; time in the stages {stages.TotalSeconds:F1} s (on {Environment.ProcessorCount} cores, overlapping), clustering {clustering.TotalSeconds:F1} s, store {store.TotalSeconds:F1} s"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"new: {report.New}, duplicate: {report.Duplicate}, failed: {report.Failed}, skipped: {report.Skipped} (found: {report.Found}), new stories: {report.StoriesCreated}{(report.Resumed > 0 ? $", resumed inputs: {report.Resumed}" : "")}, {rate:F0} documents/s"));
        }
    }

    /// <summary>A skip reason without its numbers, to group like skips.</summary>
    private static string ReasonKind(string reason) => new(reason.Where(c => !char.IsAsciiDigit(c) && c != ',').ToArray());

    private sealed class SyncProgress(Action<IngestProgress> report) : IProgress<IngestProgress>
    {
        public void Report(IngestProgress value) => report(value);
    }
}
