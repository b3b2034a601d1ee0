using Tidings.Core;
using ZstdSharp;

namespace Tidings.Ingest.Reading;

internal enum Compression
{
    None,
    Gzip,
    Zstd,
}

/// <summary>The formats a reader exists for.</summary>
internal enum InputFormat
{
    Unknown,
    Page,
    Jsonl,
    Json,
    Feed,
    Warc,
}

/// <summary>What the reader of one input gets: the input, the limits, where to start, and how to open the bytes.</summary>
internal sealed class ReadContext
{
    private readonly Stream? _stdin;

    public ReadContext(InputFile input, IngestLimits limits, ReadPosition start, bool follow, Compression compression, Stream? stdin = null)
    {
        Input = input;
        Limits = limits;
        Start = start;
        Follow = follow;
        Compression = compression;
        _stdin = stdin;
    }

    public InputFile Input { get; }
    public IngestLimits Limits { get; }
    public ReadPosition Start { get; }

    /// <summary>True under --watch: an incomplete record at the end (a file still being written) is left for later,
    /// not reported as bad.</summary>
    public bool Follow { get; }

    public Compression Compression { get; }
    public bool CanSeek => !Input.IsStandardInput;

    /// <summary>The raw (still compressed) bytes from <paramref name="offset"/>.</summary>
    public Stream OpenRaw(long offset = 0)
    {
        if (Input.IsStandardInput)
            return _stdin ?? throw new InvalidOperationException("standard input already used");
        var file = NativeFiles.OpenRegular(Input.RawPath);
        if (offset > 0)
            file.Position = offset;
        return file;
    }

    /// <summary>The decompressed bytes (multi-member gzip and zstd transparent).</summary>
    public Stream OpenDecompressed() => Inputs.Decompress(OpenRaw(), Compression, Limits);

    public Provenance Where(long offset, long line = 0, string? id = null, string? uri = null) => new(Input.Display, offset, line, id, uri);
}

/// <summary>Opens inputs, tells their compression and format (by name and by content) and picks the reader.</summary>
internal static class Inputs
{
    public static Stream Decompress(Stream raw, Compression compression, IngestLimits limits) => compression switch
    {
        Compression.Gzip => new GzipMembers(raw, raw.CanSeek ? raw.Position : 0),
        Compression.Zstd => new DecompressionStream(raw),
        _ => raw,
    };

    public static Compression CompressionOf(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 2 && head[0] == 0x1f && head[1] == 0x8b)
            return Compression.Gzip;
        if (head.Length >= 4 && head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
            return Compression.Zstd;
        return Compression.None;
    }

    public static InputFormat FormatOfName(string name)
    {
        var inner = InputWalker.StripCompression(name);
        string ext = Path.GetExtension(inner).ToLowerInvariant();
        return ext switch
        {
            ".warc" or ".arc" => InputFormat.Warc,
            ".jsonl" or ".ndjson" => InputFormat.Jsonl,
            ".json" => InputFormat.Json,
            ".rss" or ".atom" or ".xml" => InputFormat.Feed,
            ".html" or ".htm" or ".xhtml" or ".txt" or ".text" => InputFormat.Page,
            _ => InputFormat.Unknown,
        };
    }

    /// <summary>The format the first decompressed bytes show.</summary>
    public static InputFormat FormatOfContent(ReadOnlySpan<byte> head, string name)
    {
        if (head.StartsWith("\xEF\xBB\xBF"u8))
            head = head[3..];
        int i = 0;
        while (i < head.Length && head[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            i++;
        var s = head[i..];
        if (s.StartsWith("WARC/"u8))
            return InputFormat.Warc;
        if (s.Length > 0 && s[0] == (byte)'[')
            return InputFormat.Json;
        if (s.Length > 0 && s[0] == (byte)'{')
        {
            // one object per line, or one (pretty-printed) object
            int nl = s.IndexOf((byte)'\n');
            if (nl > 0 && nl + 1 < s.Length && s[..nl].TrimEnd((byte)'\r').EndsWith("}"u8))
                return InputFormat.Jsonl;
            return InputFormat.Json;
        }
        var probe = s[..Math.Min(s.Length, 1024)];
        if (probe.StartsWith("<?xml"u8) || probe.StartsWith("<rss"u8) || probe.StartsWith("<feed"u8) || probe.StartsWith("<rdf"u8))
        {
            var lower = System.Text.Encoding.Latin1.GetString(probe).ToLowerInvariant();
            if (lower.Contains("<rss", StringComparison.Ordinal) || lower.Contains("<feed", StringComparison.Ordinal) || lower.Contains("<rdf", StringComparison.Ordinal) || !lower.Contains("<html", StringComparison.Ordinal))
                return InputFormat.Feed;
        }
        _ = name;
        return InputFormat.Page;
    }

    /// <summary>The reader for a format.</summary>
    public static IDocumentReader ReaderFor(InputFormat format) => format switch
    {
        InputFormat.Warc => new WarcReader(),
        InputFormat.Jsonl => new JsonLinesReader(),
        InputFormat.Json => new JsonFileReader(),
        InputFormat.Feed => new FeedFileReader(),
        _ => new PageReader(),
    };

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the stream holds more (over the limit).</summary>
    public static byte[]? ReadAtMost(Stream stream, long max)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[1 << 16];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (ms.Length + n > max)
                return null;
            ms.Write(buffer, 0, n);
        }
        return ms.ToArray();
    }

    public static ContentKind KindOfName(string name)
    {
        var inner = InputWalker.StripCompression(name);
        string ext = Path.GetExtension(inner).ToLowerInvariant();
        return ext switch
        {
            ".html" or ".htm" or ".xhtml" => ContentKind.Html,
            ".txt" or ".text" => ContentKind.Text,
            _ => ContentKind.Unknown,
        };
    }
}

/// <summary>Turns one input into documents. One reader per format; every reader returns bad records as items (with
/// where they are and why) instead of throwing, and goes on with the rest of the input where it can.</summary>
internal interface IDocumentReader
{
    string Format { get; }

    IEnumerable<SourceItem> Read(ReadContext context);
}
