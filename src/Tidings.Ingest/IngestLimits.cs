namespace Tidings.Ingest;

/// <summary>Limits applied while reading every input, before extraction. A document over a byte limit is not read
/// (reported as skipped with the limit named); over-long titles and texts are cut.</summary>
public sealed record IngestLimits
{
    /// <summary>Largest compressed size of one document (a gzip member of a WARC record, or a whole .gz page).</summary>
    public long MaxCompressedBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Largest decompressed size of one document: a page, a JSON line, a WARC record, a feed. A gzip bomb
    /// stops here.</summary>
    public long MaxDocumentBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Longest title kept, in characters; longer ones are cut.</summary>
    public int MaxTitleChars { get; init; } = 1_000;

    /// <summary>Longest article text kept, in characters; longer ones are cut.</summary>
    public int MaxTextChars { get; init; } = 1_000_000;

    /// <summary>Most documents read from one input file; the rest of the file is skipped with a message.</summary>
    public long MaxRecordsPerFile { get; init; } = 10_000_000;
}
