using System.Globalization;
using System.Text;
using System.Text.Json;
using Tidings.Core;

namespace Tidings.Ingest.Reading;

/// <summary>Maps one JSON object (a JSONL line, a news-please file, an element of a dump) to a document. Field names
/// of common crawl tools are understood: news-please's title, maintext, date_publish, language, url, source_domain,
/// and the generic url, title, text or html, date or published, source.</summary>
internal static class JsonRecords
{
    private static readonly string[] UrlFields = ["url", "link", "canonical_url", "source_url", "uri"];
    private static readonly string[] TitleFields = ["title", "headline", "title_page", "title_rss"];
    private static readonly string[] TextFields = ["maintext", "text", "content", "body", "article", "article_text", "description"];
    private static readonly string[] HtmlFields = ["html", "raw_html", "content_html", "page"];
    private static readonly string[] DateFields = ["date_publish", "published", "date", "published_at", "publish_date", "datePublished", "pubDate", "date_modify"];
    private static readonly string[] SiteFields = ["source_domain", "source", "site", "sitename", "domain"];
    private static readonly string[] AuthorFields = ["authors", "author", "byline"];

    /// <summary>The document an object describes, or the reason it cannot be one.</summary>
    public static (GivenArticle? Given, RawDocument? Raw, string? Problem) Map(JsonElement e, string source)
    {
        try
        {
            return MapFields(e, source);
        }
        catch (InvalidOperationException ex)
        {
            // a string that is not valid UTF-8 (the parser checks the structure, not the bytes inside strings)
            return (null, null, $"malformed JSON: {ex.Message}");
        }
    }

    private static (GivenArticle? Given, RawDocument? Raw, string? Problem) MapFields(JsonElement e, string source)
    {
        if (e.ValueKind != JsonValueKind.Object)
            return (null, null, $"not a JSON object but {e.ValueKind.ToString().ToLowerInvariant()}");
        string? url = First(e, UrlFields);
        string? title = First(e, TitleFields);
        string? text = First(e, TextFields);
        string? html = First(e, HtmlFields);
        if (string.IsNullOrWhiteSpace(text) && string.IsNullOrWhiteSpace(html))
        {
            return string.IsNullOrWhiteSpace(title)
                ? (null, null, "no title, text or html field")
                : (null, null, "a title but no text or html field");
        }
        var published = ParseDate(First(e, DateFields));
        if (string.IsNullOrWhiteSpace(text))
        {
            var raw = new RawDocument(source, Encoding.UTF8.GetBytes(html!), ContentKind.Html, url, "utf-8");
            return (null, raw, null);
        }
        return (new GivenArticle(title ?? "", text!)
        {
            Url = url,
            Published = published,
            Site = First(e, SiteFields),
            Author = First(e, AuthorFields),
        }, null, null);
    }

    private static string? First(JsonElement e, string[] names)
    {
        foreach (var name in names)
        {
            if (!e.TryGetProperty(name, out var v))
                continue;
            switch (v.ValueKind)
            {
                case JsonValueKind.String:
                    var s = v.GetString();
                    if (!string.IsNullOrWhiteSpace(s))
                        return s;
                    break;
                case JsonValueKind.Array:
                    var parts = v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()).Where(x => !string.IsNullOrWhiteSpace(x)).ToList();
                    if (parts.Count > 0)
                        return string.Join(", ", parts);
                    break;
                case JsonValueKind.Number:
                    if (names == DateFields && v.TryGetInt64(out long unix))
                        return unix > 100_000_000_000 ? DateTimeOffset.FromUnixTimeMilliseconds(unix).ToString("O", CultureInfo.InvariantCulture) : DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(unix, 0, 253_402_300_799)).ToString("O", CultureInfo.InvariantCulture);
                    break;
            }
        }
        return null;
    }

    internal static DateTimeOffset? ParseDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return null;
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var d))
            return d;
        return null;
    }

    internal static readonly JsonDocumentOptions Options = new() { MaxDepth = 64, AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip };
}

/// <summary>JSONL / NDJSON: one object per line. Plain files resume at a byte offset, compressed ones by line count.
/// A malformed line is a bad record (file:line) and the next line goes on.</summary>
internal sealed class JsonLinesReader : IDocumentReader
{
    public string Format => "jsonl";

    public IEnumerable<SourceItem> Read(ReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        bool seek = context.CanSeek && context.Compression == Compression.None;
        long offset = seek ? context.Start.Offset : 0;
        long line = seek ? context.Start.Records : 0;
        long records = 0;
        using (var stream = seek ? context.OpenRaw(offset) : context.OpenDecompressed())
        {
            var lines = new LineSplitter(stream, context.Limits.MaxDocumentBytes);
            while (true)
            {
                LineSplitter.Line next;
                string? error = null;
                try
                {
                    next = lines.Next();
                }
                catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException or EndOfStreamException)
                {
                    error = e.Message;
                    next = default;
                }
                if (error is not null)
                {
                    if (!context.Follow)
                        yield return SourceItem.Bad(context.Where(offset, line + 1), new ReadPosition(seek ? offset : -1, line), error);
                    yield break;
                }
                if (next.Bytes is null && !next.Oversized)
                    yield break; // end of input
                if (!next.Complete && context.Follow)
                    yield break; // the writer has not finished this line yet
                long start = offset;
                offset += next.Length;
                line++;
                if (!seek && line <= context.Start.Records)
                    continue; // resuming a compressed input: skip what was read
                var after = new ReadPosition(seek ? offset : -1, line);
                var where = context.Where(start, line);
                if (next.Oversized)
                {
                    yield return SourceItem.Skip(where, after, $"line over the limit of {context.Limits.MaxDocumentBytes:N0} bytes per document (--max-document-bytes)");
                    continue;
                }
                var bytes = next.Bytes!.AsSpan().TrimEnd("\r\n"u8);
                if (bytes.IsEmpty || bytes.IndexOfAnyExcept(" \t"u8) < 0)
                    continue;
                if (++records > context.Limits.MaxRecordsPerFile)
                {
                    yield return SourceItem.Skip(where, new ReadPosition(-1, long.MaxValue), $"more than {context.Limits.MaxRecordsPerFile:N0} records in one file (--max-records); the rest of the file is skipped");
                    yield break;
                }
                yield return Parse(bytes.ToArray(), where, after, context.Input.Display);
            }
        }
    }

    internal static SourceItem Parse(byte[] bytes, Provenance where, ReadPosition after, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(bytes, JsonRecords.Options);
            var (given, raw, problem) = JsonRecords.Map(doc.RootElement, source);
            if (problem is not null)
                return SourceItem.Bad(where, after, problem);
            return new SourceItem(ItemKind.Document, where, after) { Given = given, Raw = raw };
        }
        catch (JsonException e)
        {
            return SourceItem.Bad(where, after, $"malformed JSON: {e.Message}");
        }
    }
}

/// <summary>Splits a byte stream into lines (with their terminators), never holding more than the limit of one.</summary>
internal sealed class LineSplitter(Stream stream, long maxLine)
{
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _pos, _len;
    private bool _eof;

    /// <summary>Bytes null at the end of input (unless Oversized). Length counts every byte consumed.</summary>
    internal readonly record struct Line(byte[]? Bytes, long Length, bool Complete, bool Oversized);

    public Line Next()
    {
        MemoryStream? acc = null;
        long length = 0;
        bool oversized = false;
        while (true)
        {
            if (_pos >= _len)
            {
                if (_eof)
                    break;
                _len = stream.Read(_buffer, 0, _buffer.Length);
                _pos = 0;
                if (_len == 0)
                {
                    _eof = true;
                    break;
                }
            }
            int nl = _buffer.AsSpan(_pos, _len - _pos).IndexOf((byte)'\n');
            int take = nl >= 0 ? nl + 1 : _len - _pos;
            length += take;
            if (!oversized)
            {
                if (length > maxLine)
                {
                    oversized = true;
                    acc = null;
                }
                else
                {
                    acc ??= new MemoryStream();
                    acc.Write(_buffer, _pos, take);
                }
            }
            _pos += take;
            if (nl >= 0)
                return new Line(oversized ? null : acc!.ToArray(), length, true, oversized);
        }
        if (length == 0)
            return new Line(null, 0, true, false);
        return new Line(oversized ? null : acc!.ToArray(), length, false, oversized);
    }
}

/// <summary>A JSON file: one news-please article (an object), or a dump (an array of them, streamed element by
/// element so a large dump is never held whole).</summary>
internal sealed class JsonFileReader : IDocumentReader
{
    public string Format => "json";

    public IEnumerable<SourceItem> Read(ReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var stream = context.OpenDecompressed();
        // peek: an array is streamed, anything else is one object
        var head = new byte[1];
        int first;
        do
        {
            first = stream.Read(head, 0, 1) == 1 ? head[0] : -1;
        }
        while (first is ' ' or '\t' or '\r' or '\n' or 0xEF or 0xBB or 0xBF);
        if (first == -1)
            yield break;
        var replay = new ConcatStream(head, stream);
        if (first == '[')
        {
            foreach (var item in ReadArray(replay, context))
                yield return item;
            yield break;
        }
        var after = new ReadPosition(-1, 1);
        if (context.Start.Records > 0)
            yield break;
        var bytes = Inputs.ReadAtMost(replay, context.Limits.MaxDocumentBytes);
        if (bytes is null)
        {
            yield return SourceItem.Skip(context.Where(0), after, $"over the limit of {context.Limits.MaxDocumentBytes:N0} bytes per document (--max-document-bytes)");
            yield break;
        }
        yield return JsonLinesReader.Parse(bytes, context.Where(0, 1), after, context.Input.Display);
    }

    private static IEnumerable<SourceItem> ReadArray(Stream stream, ReadContext context)
    {
        var options = new JsonSerializerOptions { MaxDepth = 64, AllowTrailingCommas = true, ReadCommentHandling = JsonCommentHandling.Skip };
        var e = JsonSerializer.DeserializeAsyncEnumerable<JsonElement>(stream, options).GetAsyncEnumerator();
        try
        {
            foreach (var item in Elements(e, context))
                yield return item;
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    private static IEnumerable<SourceItem> Elements(IAsyncEnumerator<JsonElement> e, ReadContext context)
    {
        long index = 0;
        while (true)
        {
            string? error = null;
            bool has;
            try
            {
                has = e.MoveNextAsync().AsTask().GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException or ZstdSharp.ZstdException or EndOfStreamException)
            {
                error = ex.Message;
                has = false;
            }
            if (error is not null)
            {
                yield return SourceItem.Bad(context.Where(-1, index + 1), new ReadPosition(-1, index + 1), $"malformed JSON array; the rest of the file is skipped: {error}");
                yield break;
            }
            if (!has)
                yield break;
            index++;
            if (index <= context.Start.Records)
                continue;
            var where = context.Where(-1, index);
            var after = new ReadPosition(-1, index);
            if (index > context.Limits.MaxRecordsPerFile)
            {
                yield return SourceItem.Skip(where, after, $"more than {context.Limits.MaxRecordsPerFile:N0} records in one file (--max-records); the rest of the file is skipped");
                yield break;
            }
            var (given, raw, problem) = JsonRecords.Map(e.Current, context.Input.Display);
            yield return problem is not null ? SourceItem.Bad(where, after, problem) : new SourceItem(ItemKind.Document, where, after) { Given = given, Raw = raw };
        }
    }
}

/// <summary>A few bytes already read, then the rest of a stream.</summary>
internal sealed class ConcatStream(byte[] head, Stream rest) : ForwardStream
{
    private int _pos;

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_pos < head.Length)
        {
            int n = Math.Min(count, head.Length - _pos);
            Array.Copy(head, _pos, buffer, offset, n);
            _pos += n;
            return n;
        }
        return rest.Read(buffer, offset, count);
    }

}
