using System.Globalization;

namespace Tidings.Ingest;

/// <summary>Where a document came from: the input file, the byte offset of its record (in the compressed file for a
/// WARC.gz with one gzip member per record), the line for JSONL, and a WARC record's id and target URI.</summary>
public sealed record Provenance(string File, long Offset, long Line = 0, string? RecordId = null, string? TargetUri = null)
{
    /// <summary>"file:line" for line-based inputs, "file@offset" for the others.</summary>
    public override string ToString() =>
        Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}") : string.Create(CultureInfo.InvariantCulture, $"{File}@{Offset}");
}

