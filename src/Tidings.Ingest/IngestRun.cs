using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using Tidings.Core;
using Tidings.Ingest.Reading;

namespace Tidings.Ingest;

/// <summary>What to ingest and how.</summary>
public sealed record IngestRequest
{
    /// <summary>Files, folders, globs; "-" is standard input (JSONL).</summary>
    public required IReadOnlyList<string> Paths { get; init; }

    public IngestLimits Limits { get; init; } = new();

    /// <summary>Stop at the first bad record or failed document (what was committed before it stays).</summary>
    public bool Strict { get; init; }

    /// <summary>Keep running: ingest files that appear or grow, until cancelled.</summary>
    public bool Watch { get; init; }

    /// <summary>A batch is committed when it holds this many documents…</summary>
    public int BatchSize { get; init; } = 256;

    /// <summary>Most bytes of read documents held at once between reading and commit (markup or given text; one
    /// document is always let through, however large). Bounds memory by bytes, not only by document count.</summary>
    public long MaxBytesInFlight { get; init; } = 64L * 1024 * 1024;

    /// <summary>…or when this long has passed since the last commit.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Under --watch: how often the paths are looked at again.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Under --watch: a file is read once its size and time stayed the same this long and no process has it
    /// open for writing.</summary>
    public TimeSpan QuietPeriod { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Resume each input from the checkpoint committed with the last batch that read it.</summary>
    public bool Resume { get; init; } = true;

    /// <summary>Standard input, for "-" (default: the process's).</summary>
    public Stream? StandardInput { get; init; }
}

/// <summary>One document after the per-document stages, in input order.</summary>
internal sealed record Processed(SourceItem Item, Document? Document, string? Error, string? CheckpointKey, string? Checkpoint, long BytesBase, long Cost);

/// <summary>How a committed batch went: per document new or duplicate, and the stories it created.</summary>
internal sealed record BatchOutcome(int New, int Duplicate, int StoriesCreated);

/// <summary>Reads inputs, runs the per-document stages on every core and hands the results, in input order, to one
/// writer that commits batches by size and time together with each input's checkpoint.</summary>
internal sealed class IngestRun
{
    private readonly IngestRequest _request;
    private readonly Pipeline _extracting;
    private readonly Pipeline _given;
    private readonly Func<IReadOnlyList<Processed>, IReadOnlyDictionary<string, string>, CancellationToken, Task<BatchOutcome>> _commit;
    private readonly Func<string, CancellationToken, Task<string?>> _checkpoint;
    private readonly IProgress<IngestProgress>? _progress;

    private int _new, _duplicate, _stories, _done;
    private long _bytesDone, _bytesTotal, _bytesBase;
    private readonly List<IngestFailure> _failures = [];
    private readonly List<IngestFailure> _skips = [];
    private readonly List<IngestFailure> _notes = [];
    private readonly List<IngestFailure> _warnings = [];
    private int _resumed;
    private string? _stoppedBy;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Stopwatch _writeTime = new();
    private long _stageTicks; // wall time of the batches in the stages

    public IngestRun(IngestRequest request, Pipeline pipeline, Func<IReadOnlyList<Processed>, IReadOnlyDictionary<string, string>, CancellationToken, Task<BatchOutcome>> commit,
        Func<string, CancellationToken, Task<string?>> checkpoint, IProgress<IngestProgress>? progress)
    {
        _request = request;
        _commit = commit;
        _checkpoint = checkpoint;
        _progress = progress;
        // the caller's stages, with the limits after the one that assigns the text; reader-given documents skip
        // the stages before it
        var stages = pipeline.Stages.ToList();
        int text = stages.FindIndex(s => (s.Assigns & DocumentFields.Text) != 0);
        var limit = new LimitStage(request.Limits);
        _extracting = Pipeline.Create([.. stages.Take(text + 1), limit, .. stages.Skip(text + 1)]);
        _given = Pipeline.Create([new GivenFieldsStage(request.Limits), .. stages.Skip(text + 1)]);
    }

    /// <summary>Wall time in the stages (each batch on every core), and in committing.</summary>
    public (TimeSpan Stages, TimeSpan Write) Timings => (TimeSpan.FromTicks(Interlocked.Read(ref _stageTicks)), _writeTime.Elapsed);

    public async Task<IngestReport> RunAsync(CancellationToken cancellation)
    {
        var known = new Dictionary<string, (long Size, long Mtime)>(StringComparer.Ordinal);
        var inputs = Walk(countNotes: true);
        _bytesTotal = inputs.Sum(i => i.Size);
        await IngestInputsAsync(inputs, follow: false, known, cancellation).ConfigureAwait(false);
        if (_request.Watch && _stoppedBy is null)
            await WatchAsync(known, cancellation).ConfigureAwait(false);
        return Report();
    }

    /// <summary>The counts so far (after a cancelled --watch).</summary>
    public IngestReport LastReport => Report();

    private IngestReport Report() => new(_new, _duplicate, _failures.ToList(), _stories)
    {
        Skips = _skips.ToList(),
        Notes = _notes.ToList(),
        Warnings = _warnings.ToList(),
        Resumed = _resumed,
        StoppedBy = _stoppedBy,
        Elapsed = _clock.Elapsed,
        PeakBytesInFlight = _peakBytesInFlight,
    };

    private long _peakBytesInFlight;

    private sealed record Input(InputFile File, long Size, long Mtime);

    private List<Input> Walk(bool countNotes)
    {
        var inputs = new List<Input>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in InputWalker.Walk(_request.Paths))
        {
            switch (item)
            {
                case InputFile f:
                    if (!seen.Add(Key(f)))
                        break; // named twice, or a glob and a folder overlap
                    var st = f.IsStandardInput ? default : NativeFiles.Stat(f.RawPath, follow: true);
                    inputs.Add(new Input(f, st.Size, st.MtimeTicks));
                    break;
                case WalkNote n when countNotes:
                    var failure = new IngestFailure(n.Path, n.Message) { Where = new Provenance(n.Path, 0) };
                    if (n.Message.StartsWith("no such", StringComparison.Ordinal) || n.Message.StartsWith("no file", StringComparison.Ordinal))
                        _failures.Add(failure);
                    else if (n.Message.StartsWith("not a regular", StringComparison.Ordinal))
                        _skips.Add(failure);
                    else
                        _notes.Add(failure);
                    break;
            }
        }
        return inputs;
    }

    private static string Key(InputFile f) => f.IsStandardInput ? "-" : "file:" + (f.Display.StartsWith('/') ? f.Display : Path.GetFullPath(f.Display));

    /// <summary>The checkpoint text: resume position, and the size and time of the file it was taken from.</summary>
    private static string Format(ReadPosition p, long size, long mtime) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Offset} {p.Records} {size} {mtime}");

    private static (ReadPosition Position, long Size, long Mtime)? Parse(string? s)
    {
        var parts = s?.Split(' ');
        if (parts is not { Length: 4 })
            return null;
        var n = parts.Select(p => long.TryParse(p, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : (long?)null).ToArray();
        if (n.Any(v => v is null))
            return null;
        return (new ReadPosition(n[0]!.Value, n[1]!.Value), n[2]!.Value, n[3]!.Value);
    }

    private async Task<ReadPosition> StartOf(Input input, CancellationToken cancellation)
    {
        if (!_request.Resume || input.File.IsStandardInput)
            return ReadPosition.Start;
        var saved = Parse(await _checkpoint(Key(input.File), cancellation).ConfigureAwait(false));
        if (saved is not { } cp)
            return ReadPosition.Start;
        if (input.Size < cp.Size)
            return ReadPosition.Start; // truncated or replaced: read it again (known pages count as duplicates)
        bool appendable = cp.Position.Offset >= 0 || cp.Position.Records > 1;
        if (!appendable && (input.Size != cp.Size || input.Mtime != cp.Mtime))
            return ReadPosition.Start; // a page file that changed
        _resumed++;
        return cp.Position;
    }

    /// <summary>Reads the inputs in order; cuts what was read into batches (by size, and by time: a batch never waits
    /// for more than the commit interval, and is kept small enough to be processed in about half of it); runs each
    /// batch through the stages on every core (<see cref="Pipeline.ProcessBatch"/>, so a batch stage such as the
    /// site furniture learns from the whole batch); hands the batches, in input order, to one writer that commits
    /// each with the checkpoints of the inputs it read. Reading, processing and writing overlap.</summary>
    private async Task IngestInputsAsync(List<Input> inputs, bool follow, Dictionary<string, (long Size, long Mtime)> known, CancellationToken cancellation)
    {
        var items = Channel.CreateBounded<Pending>(Math.Max(64, 2 * _request.BatchSize));
        var processed = Channel.CreateBounded<Processed[]>(1);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var starts = new Dictionary<Input, ReadPosition>();
        foreach (var input in inputs)
            starts[input] = await StartOf(input, cancellation).ConfigureAwait(false);
        var budget = new ByteBudget(Math.Max(1, _request.MaxBytesInFlight));

        var reader = Task.Run(async () =>
        {
            try
            {
                long bytesBase = _bytesBase;
                foreach (var input in inputs)
                {
                    string key = Key(input.File);
                    foreach (var item in DocumentSource.Read(input.File, _request.Limits, starts[input], follow, input.File.IsStandardInput ? _request.StandardInput : null))
                    {
                        stop.Token.ThrowIfCancellationRequested();
                        string? cp = input.File.IsStandardInput ? null : Format(item.After, input.Size, input.Mtime);
                        long cost = CostOf(item);
                        await budget.AcquireAsync(cost, stop.Token).ConfigureAwait(false);
                        await items.Writer.WriteAsync(new Pending(item, input.File.IsStandardInput ? null : key, cp, bytesBase, cost), stop.Token).ConfigureAwait(false);
                    }
                    bytesBase += input.Size;
                    known[key] = (input.Size, input.Mtime);
                }
            }
            finally
            {
                items.Writer.TryComplete();
            }
        }, CancellationToken.None);

        var processor = Task.Run(async () =>
        {
            try
            {
                await BatchAndProcessAsync(items.Reader, processed.Writer, budget, stop.Token).ConfigureAwait(false);
            }
            finally
            {
                processed.Writer.TryComplete();
            }
        }, CancellationToken.None);

        var batch = new List<Processed>();
        var checkpoints = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            await foreach (var chunk in processed.Reader.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
            {
                long chunkCost = chunk.Sum(p => p.Cost); // given back after the commit, even if --strict stops partway
                foreach (var p in chunk)
                {
                    if (_stoppedBy is not null)
                        break; // --strict stopped the run: nothing after the bad record is committed
                    var item = p.Item;
                    _done++;
                    long at = Math.Max(item.After.Offset, item.Where.Offset);
                    _bytesDone = Math.Max(_bytesDone, p.BytesBase + Math.Max(0, at));
                    if (p.Document is null)
                    {
                        var failure = new IngestFailure(item.Where.ToString(), p.Error ?? item.Problem ?? "unreadable") { Where = item.Where };
                        if (item.Kind == ItemKind.Skipped)
                        {
                            _skips.Add(failure);
                        }
                        else
                        {
                            _failures.Add(failure);
                            if (_request.Strict)
                            {
                                _stoppedBy = $"{failure.Path}: {failure.Reason}";
                                await stop.CancelAsync().ConfigureAwait(false);
                                break;
                            }
                        }
                    }
                    else
                    {
                        foreach (var w in p.Document.Warnings)
                            _warnings.Add(new IngestFailure(item.Where.ToString(), w) { Where = item.Where });
                        batch.Add(p);
                    }
                    if (p.CheckpointKey is not null)
                        checkpoints[p.CheckpointKey] = p.Checkpoint!;
                    Report(item);
                }
                // not cancelled by Ctrl-C: what was processed is committed, so the next run resumes after it
                await CommitAsync(batch, checkpoints, CancellationToken.None).ConfigureAwait(false);
                budget.Release(chunkCost);
            }
            await CommitAsync(batch, checkpoints, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            items.Writer.TryComplete();
            // let the reader and the processor see the end (they may wait to write into a full channel)
            while (processed.Reader.TryRead(out _))
            {
            }
            foreach (var task in new[] { reader, processor })
            {
                try
                {
                    await task.ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
            }
        }
        _bytesBase += inputs.Sum(i => i.Size);
        _peakBytesInFlight = Math.Max(_peakBytesInFlight, budget.Peak);
        cancellation.ThrowIfCancellationRequested();
    }

    /// <summary>One item read, with the checkpoint after it, the byte offset of its input in the run and what it holds
    /// of the byte budget.</summary>
    private sealed record Pending(SourceItem Item, string? Key, string? Checkpoint, long BytesBase, long Cost);

    /// <summary>What an item holds in memory, roughly: its markup bytes, or two bytes a character of given text.</summary>
    private static long CostOf(SourceItem item) =>
        1 + (item.Raw?.Content.LongLength ?? 0) + 2L * ((item.Given?.Text?.Length ?? 0) + (item.Given?.Title?.Length ?? 0));

    /// <summary>Cuts the items into batches and processes each (see <see cref="IngestInputsAsync"/>).</summary>
    private async Task BatchAndProcessAsync(ChannelReader<Pending> items, ChannelWriter<Processed[]> output, ByteBudget budget, CancellationToken cancellation)
    {
        var pending = new List<Pending>();
        long pendingBytes = 0;
        var sinceFlush = Stopwatch.StartNew();
        double rate = 0; // documents per second of processing, measured on the batches so far
        while (true)
        {
            int limit = _request.BatchSize;
            if (rate > 0)
                limit = (int)Math.Clamp(rate * _request.CommitInterval.TotalSeconds / 2, Math.Min(8, _request.BatchSize), _request.BatchSize);
            bool more = true;
            // a batch also goes when it holds a quarter of the byte budget, so that the reader (waiting for budget)
            // never waits for the commit interval; it always takes at least one item, however small the budget
            long batchBytes = Math.Max(1, budget.Capacity / 4);
            while (pending.Count < limit && pendingBytes < batchBytes)
            {
                if (items.TryRead(out var next))
                {
                    pending.Add(next);
                    pendingBytes += next.Cost;
                    continue;
                }
                var wait = _request.CommitInterval - sinceFlush.Elapsed;
                if (pending.Count > 0 && wait <= TimeSpan.Zero)
                    break;
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
                if (pending.Count > 0)
                    timeout.CancelAfter(wait);
                try
                {
                    if (!await items.WaitToReadAsync(timeout.Token).ConfigureAwait(false))
                    {
                        more = false;
                        break;
                    }
                }
                catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
                {
                    break; // the commit interval passed: what is here goes now
                }
            }
            if (pending.Count > 0)
            {
                long t0 = Stopwatch.GetTimestamp();
                var done = Process(pending, cancellation);
                var took = Stopwatch.GetElapsedTime(t0);
                Interlocked.Add(ref _stageTicks, took.Ticks);
                if (done.Length >= 8 && took > TimeSpan.Zero)
                    rate = done.Length / took.TotalSeconds;
                await output.WriteAsync(done, cancellation).ConfigureAwait(false);
                pending.Clear();
                pendingBytes = 0;
                sinceFlush.Restart();
            }
            if (!more)
                return;
        }
    }

    private long _lastReport;

    private void Report(SourceItem item)
    {
        if (_progress is null)
            return;
        long now = _clock.ElapsedMilliseconds;
        if (now - _lastReport < 100)
            return;
        _lastReport = now;
        _progress.Report(new IngestProgress(_done, 0, item.Where.File)
        {
            BytesDone = _bytesDone,
            BytesTotal = _bytesTotal,
            New = _new,
            Failed = _failures.Count,
            Elapsed = _clock.Elapsed,
        });
    }

    private async Task CommitAsync(List<Processed> batch, Dictionary<string, string> checkpoints, CancellationToken cancellation)
    {
        if (batch.Count == 0 && checkpoints.Count == 0)
            return;
        _writeTime.Start();
        var outcome = await _commit(batch, checkpoints, cancellation).ConfigureAwait(false);
        _writeTime.Stop();
        _new += outcome.New;
        _duplicate += outcome.Duplicate;
        _stories += outcome.StoriesCreated;
        batch.Clear();
        checkpoints.Clear();
    }

    /// <summary>Runs the stages on a batch: reader-given documents (JSONL, news-please, feeds) through the given-fields
    /// pipeline, pages through extraction, each as one <see cref="Pipeline.ProcessBatch"/>.</summary>
    private Processed[] Process(List<Pending> batch, CancellationToken cancellation)
    {
        var result = new Processed[batch.Count];
        var pages = new List<(int Index, Document Document)>();
        var given = new List<(int Index, Document Document)>();
        for (int i = 0; i < batch.Count; i++)
        {
            var (item, key, cp, bytesBase, cost) = batch[i];
            result[i] = new Processed(item, null, item.Problem, key, cp, bytesBase, cost);
            if (item.Kind != ItemKind.Document)
                continue;
            if (item.Given is { } g)
            {
                given.Add((i, new Document(new RawDocument(item.Where.File, [], ContentKind.Text, g.Url))
                {
                    Title = g.Title,
                    Text = g.Text,
                    Published = g.Published,
                    Url = g.Url,
                    Site = g.Site,
                    Author = g.Author,
                }));
            }
            else
            {
                pages.Add((i, new Document(item.Raw!)));
            }
        }
        Run(_extracting, pages, result, cancellation);
        Run(_given, given, result, cancellation);
        return result;
    }

    private static void Run(Pipeline pipeline, List<(int Index, Document Document)> documents, Processed[] result, CancellationToken cancellation)
    {
        if (documents.Count == 0)
            return;
        var errors = pipeline.ProcessBatch(documents.Select(d => d.Document).ToList(), cancellation);
        for (int k = 0; k < documents.Count; k++)
        {
            var (i, doc) = documents[k];
            result[i] = errors[k] switch
            {
                null when doc.Text.Length == 0 => result[i] with { Error = "no article text found" },
                null => result[i] with { Document = doc, Error = null },
                DocumentRejectedException e => result[i] with { Error = e.Message },
                var e => result[i] with { Error = $"internal error: {e.GetType().Name}: {e.Message}" },
            };
        }
    }

    /// <summary>--watch: look at the paths again and again; read files that are new or grew once they are complete.</summary>
    private async Task WatchAsync(Dictionary<string, (long Size, long Mtime)> known, CancellationToken cancellation)
    {
        var pending = new Dictionary<string, (long Size, long Mtime, long Since)>(StringComparer.Ordinal);
        while (!cancellation.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_request.PollInterval, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            var ready = new List<Input>();
            HashSet<string>? writing = null;
            foreach (var input in Walk(countNotes: false))
            {
                if (input.File.IsStandardInput)
                    continue;
                string key = Key(input.File);
                if (known.TryGetValue(key, out var k) && k.Size == input.Size && k.Mtime == input.Mtime)
                    continue;
                if (IsTemporaryName(input.File.Display))
                    continue;
                long now = _clock.ElapsedMilliseconds;
                if (!pending.TryGetValue(key, out var p) || p.Size != input.Size || p.Mtime != input.Mtime)
                {
                    pending[key] = (input.Size, input.Mtime, now);
                    continue;
                }
                if (now - p.Since < _request.QuietPeriod.TotalMilliseconds)
                    continue;
                writing ??= OpenForWriting.Paths();
                if (writing.Contains(key[5..]))
                    continue;
                pending.Remove(key);
                ready.Add(input);
            }
            if (ready.Count == 0)
                continue;
            _bytesTotal += ready.Sum(i => i.Size);
            try
            {
                await IngestInputsAsync(ready, follow: true, known, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            if (_stoppedBy is not null)
                break;
        }
    }

    private static bool IsTemporaryName(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith(".part", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase)
            || name.EndsWith(".crdownload", StringComparison.OrdinalIgnoreCase) || name.EndsWith('~');
    }
}

/// <summary>Files some process has open for writing, from /proc (Linux): a crawler still writing a file.</summary>
internal static class OpenForWriting
{
    public static HashSet<string> Paths()
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var proc in Directory.EnumerateDirectories("/proc"))
            {
                var pid = Path.GetFileName(proc);
                if (pid.Length == 0 || !char.IsAsciiDigit(pid[0]))
                    continue;
                try
                {
                    foreach (var fd in Directory.EnumerateFiles(Path.Combine(proc, "fd")))
                    {
                        try
                        {
                            var target = new FileInfo(fd).LinkTarget;
                            if (target is null || !target.StartsWith('/'))
                                continue;
                            var info = File.ReadAllText(Path.Combine(proc, "fdinfo", Path.GetFileName(fd)));
                            int at = info.IndexOf("flags:", StringComparison.Ordinal);
                            if (at < 0)
                                continue;
                            var flags = info[(at + 6)..].TrimStart().Split('\n')[0].Trim();
                            if ((Convert.ToInt32(flags, 8) & 3) != 0)
                                result.Add(target);
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
                        {
                        }
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return result;
    }
}
