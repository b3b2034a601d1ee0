namespace Tidings.Ingest;

/// <summary>A document that could not be ingested (or was skipped), where it is and why.</summary>
public sealed record IngestFailure(string Path, string Reason)
{
    /// <summary>File, offset or line, WARC record id and URI, when known.</summary>
    public Provenance? Where { get; init; }
}

/// <summary>What an ingest run did. The counts add up: <see cref="New"/> + <see cref="Duplicate"/> +
/// <see cref="Failed"/> + <see cref="Skipped"/> = <see cref="Found"/>.</summary>
public sealed record IngestReport(int New, int Duplicate, IReadOnlyList<IngestFailure> Failures, int StoriesCreated)
{
    public int Failed => Failures.Count;

    /// <summary>Documents deliberately not read: over a limit, not a page (HTTP 404, an image), a FIFO.</summary>
    public IReadOnlyList<IngestFailure> Skips { get; init; } = [];

    public int Skipped => Skips.Count;

    /// <summary>Every document (and record, line, item, special file) the run met.</summary>
    public int Found => New + Duplicate + Failed + Skipped;

    /// <summary>What the walk passed over that is not a document: symlink loops, folders reached twice.</summary>
    public IReadOnlyList<IngestFailure> Notes { get; init; } = [];

    /// <summary>Inputs that continued from a stored checkpoint instead of their beginning.</summary>
    public int Resumed { get; init; }

    /// <summary>Under --strict: the bad record that stopped the run.</summary>
    public string? StoppedBy { get; init; }

    public TimeSpan Elapsed { get; init; }

    /// <summary>Time in the per-document stages (summed over the worker threads), in clustering (with catching up on other writers),
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
