using System.Globalization;

namespace Tidings.Ingest;

/// <summary>Where a document came from: the input file, the byte offset of its record (in the compressed file for a
/// WARC.gz with one gzip member per record), the line for JSONL, and a WARC record's id and target URI.</summary>
public sealed record Provenance(string File, long Offset, long Line = 0, string? RecordId = null, string? TargetUri = null)
{
    /// <summary>"file:line" for line-based inputs (and items of a feed or JSON array), "file@offset" for records,
    /// the file alone for a one-document file.</summary>
    public override string ToString() =>
        Line > 0 ? string.Create(CultureInfo.InvariantCulture, $"{File}:{Line}")
        : Offset < 0 || (Offset == 0 && RecordId is null) ? File
        : string.Create(CultureInfo.InvariantCulture, $"{File}@{Offset}");
}

