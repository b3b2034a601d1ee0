using System.Globalization;
using System.IO.Compression;
using System.Text;
using Tidings.Core;

namespace Tidings.Ingest.Reading;

/// <summary>WARC/1.0 and WARC/1.1 files, plain, gzip (one member per record, as crawlers write them, or one
/// member for all) or zstd. Response records become documents: the HTTP status line and headers are parsed for the
/// status, content type, charset, date and content/transfer encoding; the payload is an HTML or text page. Request,
/// metadata, revisit and warcinfo records are passed over. A broken header, a truncated record or a corrupt gzip
/// member is a bad record at its offset, and reading goes on at the next record (next gzip member, or next
/// "WARC/1." line in a plain file). In a .warc.gz with a member per record, offsets are compressed-file offsets:
/// provenance and resume point at the member.</summary>
internal sealed class WarcReader : IDocumentReader
{
    public string Format => "warc";

    private const int MaxHeaderBytes = 256 * 1024;

    public IEnumerable<SourceItem> Read(ReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool gz = context.Compression == Compression.Gzip;
        bool seekable = context.CanSeek && context.Compression != Compression.Zstd;
        long start = seekable ? context.Start.Offset : 0;
        if (start < 0)
        {
            start = 0;
            seekable = false;
        }
        var raw = context.OpenRaw(start);
        GzipMembers? members = gz ? new GzipMembers(raw, start) { StopAtMemberEnd = true, MaxMemberCompressedBytes = context.Limits.MaxCompressedBytes } : null;
        Stream source = members ?? (context.Compression == Compression.Zstd ? new ZstdSharp.DecompressionStream(raw) : raw);
        using var bytes = new WarcBytes(source, members, start);
        long records = seekable ? context.Start.Records : 0;
        long skipRecords = seekable ? 0 : context.Start.Records;
        long responses = 0;
        while (true)
        {
            var step = Next(bytes, context, ref records);
            if (step.End)
                yield break;
            if (step.Item is null)
                continue;
            if (records <= skipRecords)
                continue;
            if (step.Item.Kind == ItemKind.Document && ++responses > context.Limits.MaxRecordsPerFile)
            {
                yield return SourceItem.Skip(step.Item.Where, new ReadPosition(-1, long.MaxValue), $"more than {context.Limits.MaxRecordsPerFile:N0} records in one file (--max-records); the rest of the file is skipped");
                yield break;
            }
            yield return step.Item;
        }
    }

    private readonly record struct Step(SourceItem? Item, bool End);

    private static Step Next(WarcBytes bytes, ReadContext context, ref long records)
    {
        long offset;
        try
        {
            if (!bytes.AtRecordStart(out offset))
                return new Step(null, true);
        }
        catch (Exception e) when (e is InvalidDataException or LimitExceededException)
        {
            // a corrupt member between records
            var where = context.Where(bytes.LastMemberStart);
            if (context.Follow && bytes.Members is { } && e.Message.StartsWith("truncated", StringComparison.Ordinal))
                return new Step(null, true);
            records++;
            var item = SourceItem.Bad(where, new ReadPosition(-1, records), e.Message);
            if (!bytes.Resync())
                bytes.Finish();
            return new Step(item, false);
        }
        try
        {
            return ReadRecord(bytes, context, offset, ref records);
        }
        catch (Exception e) when (e is InvalidDataException or LimitExceededException or ZstdSharp.ZstdException or EndOfStreamException)
        {
            if (context.Follow && (e is EndOfStreamException || e.Message.StartsWith("truncated", StringComparison.Ordinal)))
                return new Step(null, true); // still being written: read it when it is complete
            records++;
            var where = context.Where(offset >= 0 ? offset : bytes.LastMemberStart);
            string message = e is EndOfStreamException ? "truncated WARC record (file ends inside it)" : e.Message;
            var item = e is LimitExceededException ? SourceItem.Skip(where, new ReadPosition(-1, records), message) : SourceItem.Bad(where, new ReadPosition(-1, records), message);
            if (!bytes.Resync())
                bytes.Finish();
            return new Step(item, false);
        }
    }

    private static Step ReadRecord(WarcBytes bytes, ReadContext context, long offset, ref long records)
    {
        var version = bytes.ReadLine(MaxHeaderBytes);
        if (version is null)
            throw new EndOfStreamException();
        if (!version.StartsWith("WARC/", StringComparison.Ordinal))
        {
            records++;
            var where = context.Where(offset >= 0 ? offset : bytes.LastMemberStart);
            var item = SourceItem.Bad(where, new ReadPosition(-1, records), $"broken WARC header (expected WARC/1.0 or WARC/1.1, found '{Printable(version)}')");
            if (!bytes.Resync())
                bytes.Finish();
            return new Step(item, false);
        }
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        int headerBytes = version.Length;
        while (true)
        {
            var line = bytes.ReadLine(MaxHeaderBytes) ?? throw new EndOfStreamException();
            headerBytes += line.Length;
            if (headerBytes > MaxHeaderBytes)
                throw new InvalidDataException("broken WARC header (over 256 KB of header lines)");
            if (line.Length == 0)
                break;
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                throw new InvalidDataException($"broken WARC header line '{Printable(line)}'");
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        if (!headers.TryGetValue("Content-Length", out var lengthText) || !long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out long length))
            throw new InvalidDataException("broken WARC header (no valid Content-Length)");
        headers.TryGetValue("WARC-Type", out var type);
        headers.TryGetValue("WARC-Record-ID", out var id);
        headers.TryGetValue("WARC-Target-URI", out var uri);
        uri = uri?.Trim('<', '>');
        records++;
        var whereRecord = context.Where(offset >= 0 ? offset : bytes.LastMemberStart, 0, id, uri);
        bool wanted = type is "response" or "resource";
        if (!wanted || length > context.Limits.MaxDocumentBytes)
        {
            bytes.Skip(length);
            long nextSkip = bytes.EndRecord();
            if (!wanted)
                return new Step(null, false);
            return new Step(SourceItem.Skip(whereRecord, new ReadPosition(nextSkip, records), $"WARC record of {length:N0} bytes is over the limit of {context.Limits.MaxDocumentBytes:N0} bytes per document (--max-document-bytes)"), false);
        }
        var block = bytes.ReadExactly((int)length);
        long next = bytes.EndRecord();
        var after = new ReadPosition(next, records);
        var fetched = headers.TryGetValue("WARC-Date", out var wd) && DateTimeOffset.TryParse(wd, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var wdate) ? wdate : (DateTimeOffset?)null;
        headers.TryGetValue("Content-Type", out var recordType);
        if (type == "resource")
            return Payload(block, recordType, null, fetched, context, whereRecord, after, uri);
        if (recordType is not null && !recordType.StartsWith("application/http", StringComparison.OrdinalIgnoreCase))
            return new Step(SourceItem.Skip(whereRecord, after, $"response record of type {Printable(recordType)}, not HTTP"), false);
        return Http(block, fetched, context, whereRecord, after, uri);
    }

    private static Step Http(byte[] block, DateTimeOffset? fetched, ReadContext context, Provenance where, ReadPosition after, string? uri)
    {
        var span = block.AsSpan();
        int end = span.IndexOf("\r\n\r\n"u8);
        int sep = 4;
        if (end < 0)
        {
            end = span.IndexOf("\n\n"u8);
            sep = 2;
        }
        if (end < 0)
            return new Step(SourceItem.Bad(where, after, "HTTP response without the blank line after its headers"), false);
        var head = Encoding.Latin1.GetString(span[..end]).Split('\n');
        var status = head[0].Trim();
        var parts = status.Split(' ', 3);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.OrdinalIgnoreCase) || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out int code))
            return new Step(SourceItem.Bad(where, after, $"broken HTTP status line '{Printable(status)}'"), false);
        string? contentType = null, encoding = null, transfer = null, date = null;
        foreach (var line in head.Skip(1))
        {
            int colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
                continue;
            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                contentType = value;
            else if (name.Equals("Content-Encoding", StringComparison.OrdinalIgnoreCase))
                encoding = value.ToLowerInvariant();
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                transfer = value.ToLowerInvariant();
            else if (name.Equals("Date", StringComparison.OrdinalIgnoreCase))
                date = value;
        }
        if (code < 200 || code >= 300)
            return new Step(SourceItem.Skip(where, after, $"HTTP status {code}, not a page"), false);
        byte[] body = block[(end + sep)..];
        try
        {
            if (transfer is not null && transfer.Contains("chunked", StringComparison.Ordinal))
                body = Dechunk(body);
            if (encoding is "gzip" or "x-gzip" or "deflate" or "br")
            {
                using Stream decoder = encoding switch
                {
                    "br" => new BrotliStream(new MemoryStream(body), CompressionMode.Decompress),
                    "deflate" => new ZLibStream(new MemoryStream(body), CompressionMode.Decompress),
                    _ => new GZipStream(new MemoryStream(body), CompressionMode.Decompress),
                };
                body = Inputs.ReadAtMost(decoder, context.Limits.MaxDocumentBytes)
                    ?? throw new LimitExceededException($"HTTP payload decompresses to over the limit of {context.Limits.MaxDocumentBytes:N0} bytes per document (--max-document-bytes)");
            }
        }
        catch (InvalidDataException e)
        {
            return new Step(SourceItem.Bad(where, after, $"corrupt {encoding ?? transfer} HTTP payload: {e.Message}"), false);
        }
        catch (LimitExceededException e)
        {
            return new Step(SourceItem.Skip(where, after, e.Message), false);
        }
        var fetchedAt = fetched ?? (date is not null && DateTimeOffset.TryParse(date, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null);
        return Payload(body, contentType, null, fetchedAt, context, where, after, uri);
    }

    private static Step Payload(byte[] body, string? contentType, string? charset, DateTimeOffset? fetched, ReadContext context, Provenance where, ReadPosition after, string? uri)
    {
        string mime = (contentType ?? "").Split(';')[0].Trim().ToLowerInvariant();
        foreach (var p in (contentType ?? "").Split(';').Skip(1))
        {
            var kv = p.Split('=', 2);
            if (kv.Length == 2 && kv[0].Trim().Equals("charset", StringComparison.OrdinalIgnoreCase))
                charset = kv[1].Trim().Trim('"', '\'');
        }
        var kind = mime switch
        {
            "text/html" or "application/xhtml+xml" => ContentKind.Html,
            "text/plain" => ContentKind.Text,
            "" => ContentKind.Unknown,
            _ => (ContentKind)(-1),
        };
        if ((int)kind < 0)
            return new Step(SourceItem.Skip(where, after, $"payload is {Printable(mime)}, not an HTML or text page"), false);
        if (body.Length == 0)
            return new Step(SourceItem.Bad(where, after, "empty HTTP payload"), false);
        var raw = new RawDocument(context.Input.Display, body, kind, uri, string.IsNullOrWhiteSpace(charset) ? null : charset);
        if (fetched is { } f)
            raw = raw with { FetchedAt = f };
        return new Step(new SourceItem(ItemKind.Document, where, after) { Raw = raw }, false);
    }

    private static byte[] Dechunk(byte[] body)
    {
        using var ms = new MemoryStream(body.Length);
        int pos = 0;
        while (pos < body.Length)
        {
            int nl = body.AsSpan(pos).IndexOf((byte)'\n');
            if (nl < 0)
                break;
            var sizeText = Encoding.ASCII.GetString(body, pos, nl).Split(';')[0].Trim();
            pos += nl + 1;
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int size) || size < 0)
                throw new InvalidDataException("broken chunk size");
            if (size == 0)
                break;
            size = Math.Min(size, body.Length - pos);
            ms.Write(body, pos, size);
            pos += size;
            while (pos < body.Length && body[pos] is (byte)'\r' or (byte)'\n')
                pos++;
        }
        return ms.ToArray();
    }

    private static string Printable(string s)
    {
        var cut = s.Length > 60 ? s[..60] + "…" : s;
        return new string(cut.Select(c => char.IsControl(c) ? '?' : c).ToArray());
    }
}

/// <summary>Buffered bytes of a WARC stream that know, for gzip, where each member starts, so a record starting a
/// member gets the member's compressed offset, and for plain files the byte offset.</summary>
internal sealed class WarcBytes : IDisposable
{
    private readonly Stream _source;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _pos, _len;
    private long _bufferOffset; // plain: file offset of _buffer[0]
    private bool _memberEnded, _eof;
    private long _currentMember;
    private bool _cleanSinceMemberStart = true;

    public WarcBytes(Stream source, GzipMembers? members, long start)
    {
        _source = source;
        Members = members;
        _bufferOffset = start;
        _currentMember = start;
    }

    public GzipMembers? Members { get; }

    /// <summary>Compressed offset of the member being read (gzip), else the current file offset.</summary>
    public long LastMemberStart => Members is null ? _bufferOffset + _pos : _currentMember;

    /// <summary>Skips blank lines; false at the end. The record's offset: its member's start when it is the first
    /// thing in its member (gzip), its byte offset (plain), or -1 (unknown: zstd, or several records in one member).</summary>
    public bool AtRecordStart(out long offset)
    {
        while (true)
        {
            while (_pos < _len && _buffer[_pos] is (byte)'\r' or (byte)'\n')
                _pos++;
            if (_pos < _len)
                break;
            if (Fill() == 0)
            {
                if (!AdvanceMember())
                {
                    offset = -1;
                    return false;
                }
            }
        }
        offset = Members is null ? (_source is FileStream ? _bufferOffset + _pos : -1) : (_cleanSinceMemberStart ? _currentMember : -1);
        return true;
    }

    private bool AdvanceMember()
    {
        if (Members is null || !_memberEnded)
            return false;
        if (!Members.NextMember())
        {
            _eof = true;
            return false;
        }
        _memberEnded = false;
        _currentMember = Members.MemberStart;
        _cleanSinceMemberStart = true;
        return true;
    }

    /// <summary>Reads more bytes into the buffer; 0 at the end of the member (gzip) or input.</summary>
    private int Fill()
    {
        if (_memberEnded || _eof)
            return 0;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, _len - _pos);
            _bufferOffset += _pos;
            _len -= _pos;
            _pos = 0;
        }
        if (_len == _buffer.Length)
            return 0;
        int n = _source.Read(_buffer, _len, _buffer.Length - _len);
        if (n == 0)
        {
            if (Members is not null)
                _memberEnded = true;
            else
                _eof = true;
        }
        _len += n;
        return n;
    }

    /// <summary>Fills, crossing into the next gzip member when the current one ends inside a record.</summary>
    private bool More()
    {
        if (Fill() > 0)
            return true;
        return AdvanceMember() && (Fill() > 0 || More());
    }

    /// <summary>One header line (CRLF or LF), or null at the end of input.</summary>
    public string? ReadLine(int max)
    {
        _cleanSinceMemberStart = false;
        int scanned = 0;
        while (true)
        {
            int nl = _buffer.AsSpan(_pos + scanned, _len - _pos - scanned).IndexOf((byte)'\n');
            if (nl >= 0)
            {
                int end = _pos + scanned + nl;
                int lineEnd = end > _pos && _buffer[end - 1] == (byte)'\r' ? end - 1 : end;
                var s = Encoding.UTF8.GetString(_buffer, _pos, lineEnd - _pos);
                _pos = end + 1;
                return s;
            }
            scanned = _len - _pos; // relative to _pos, which a refill's compaction keeps
            if (scanned >= Math.Min(max, _buffer.Length))
                throw new InvalidDataException("broken WARC header (a header line over 64 KB)");
            if (!More())
            {
                if (_len - _pos == 0)
                    return null;
                throw new EndOfStreamException();
            }
        }
    }

    public byte[] ReadExactly(int length)
    {
        _cleanSinceMemberStart = false;
        var result = new byte[length];
        int done = 0;
        while (done < length)
        {
            if (_pos == _len && !More())
                throw new EndOfStreamException();
            int take = Math.Min(length - done, _len - _pos);
            Buffer.BlockCopy(_buffer, _pos, result, done, take);
            _pos += take;
            done += take;
        }
        return result;
    }

    public void Skip(long length)
    {
        _cleanSinceMemberStart = false;
        while (length > 0)
        {
            if (_pos == _len && !More())
                throw new EndOfStreamException();
            int take = (int)Math.Min(length, _len - _pos);
            _pos += take;
            length -= take;
        }
    }

    /// <summary>Consumes the CRLF CRLF after a block; returns where the next record starts when that is known (the
    /// next member's offset when this member ended with the record, the byte offset in a plain file), else -1.</summary>
    public long EndRecord()
    {
        int eaten = 0;
        while (eaten < 4)
        {
            if (_pos == _len && Fill() == 0)
                break;
            if (_buffer[_pos] is not ((byte)'\r' or (byte)'\n'))
                break;
            _pos++;
            eaten++;
        }
        if (Members is null)
            return _source is FileStream ? _bufferOffset + _pos : -1;
        if (_pos == _len && Fill() == 0 && _memberEnded)
            return Members.MemberStart;
        return -1;
    }

    /// <summary>After a bad record: next gzip member (gzip), or the next "WARC/1." line (plain). False when none.</summary>
    public bool Resync()
    {
        if (Members is not null)
        {
            _pos = _len = 0;
            _memberEnded = false;
            while (Members.SkipToNextMember())
            {
                _currentMember = Members.MemberStart;
                _cleanSinceMemberStart = true;
                return true;
            }
            _eof = true;
            return false;
        }
        while (true)
        {
            int i = _buffer.AsSpan(_pos, _len - _pos).IndexOf("\nWARC/1."u8);
            if (i >= 0)
            {
                _pos += i + 1;
                return true;
            }
            _pos = Math.Max(_pos, _len - 8);
            if (Fill() == 0)
                return false;
        }
    }

    public void Finish()
    {
        _pos = _len = 0;
        _eof = true;
        _memberEnded = false;
    }

    public void Dispose() => _source.Dispose();
}
