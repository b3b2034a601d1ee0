namespace Tidings.Ingest;

/// <summary>A document that could not be ingested (or was skipped), where it is and why.</summary>
public sealed record IngestFailure(string Path, string Reason)
{
    /// <summary>File, offset or line, WARC record id and URI, when known.</summary>
    public Provenance? Where { get; init; }
}

/// <summary>What became of one page.</summary>
public enum IngestStatus
{
    New,
    Duplicate,
    Rejected,
}

/// <summary>One page's outcome, in input order: its content id, the story it joined (null for a page stored before
/// this run, whose story the store knows), whether that story was created by it, or why it was rejected.</summary>
public sealed record IngestOutcome(string Path, IngestStatus Status, string? Id, long? StoryId, bool NewStory, string? Reason);

/// <summary>What an ingest run did. The counts add up: <see cref="New"/> + <see cref="Duplicate"/> +
/// <see cref="Failed"/> + <see cref="Skipped"/> = <see cref="Found"/>.</summary>
public sealed record IngestReport(int New, int Duplicate, IReadOnlyList<IngestFailure> Failures, int StoriesCreated)
{
    public int Failed => Failures.Count;

    /// <summary>Documents deliberately not read: over a limit, not a page (HTTP 404, an image), a FIFO.</summary>
    public IReadOnlyList<IngestFailure> Skips { get; init; } = [];

    public int Skipped => Skips.Count;

    /// <summary>Documents that went in but over a limit (cut, with what was cut), with where they are.</summary>
    public IReadOnlyList<IngestFailure> Warnings { get; init; } = [];

    /// <summary>Every page's outcome, in input order (only for pages handed in already read,
    /// <see cref="Ingestor.IngestAsync(IEnumerable{PageInput}, int, IProgress{IngestProgress}?, CancellationToken)"/>:
    /// the HTTP server's per-document answers).</summary>
    public IReadOnlyList<IngestOutcome> Outcomes { get; init; } = [];

    /// <summary>Every document (and record, line, item, special file) the run met.</summary>
    public int Found => New + Duplicate + Failed + Skipped;

    /// <summary>What the walk passed over that is not a document: symlink loops, folders reached twice.</summary>
    public IReadOnlyList<IngestFailure> Notes { get; init; } = [];

    /// <summary>Inputs that continued from a stored checkpoint instead of their beginning.</summary>
    public int Resumed { get; init; }

    /// <summary>Under --strict: the bad record that stopped the run.</summary>
    public string? StoppedBy { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>The most bytes of read documents held at once between reading and commit (see
    /// <see cref="IngestRequest.MaxBytesInFlight"/>; a single larger document may exceed it).</summary>
    public long PeakBytesInFlight { get; init; }

    /// <summary>Wall time in the stages (each batch on every core, overlapping reading and writing), in clustering (with catching up on other writers),
    /// and in the store (waiting for the write turn, checking known ids, writing).</summary>
    public (TimeSpan Stages, TimeSpan Clustering, TimeSpan Store) Timings { get; init; }
}

/// <summary>Progress of an ingest run: documents handled so far, input bytes read of the total (for an ETA).</summary>
public readonly record struct IngestProgress(int Done, int Total, string Current)
{
    public long BytesDone { get; init; }
    public long BytesTotal { get; init; }
    public int New { get; init; }
    public int Failed { get; init; }
    public TimeSpan Elapsed { get; init; }
}
