using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Tidings.Tests;

/// <summary>Writes WARC files for the tests: warcinfo, request, response, metadata and revisit records, plain or
/// with one gzip member per record (as crawlers write them). Records the compressed offset of each record.</summary>
internal sealed class WarcWriter : IDisposable
{
    private readonly Stream _out;
    private readonly bool _gzip;
    private int _n;

    public WarcWriter(string path, bool gzip, string version = "WARC/1.1")
    {
        _out = File.Create(path);
        _gzip = gzip;
        Version = version;
    }

    public string Version { get; }
    public List<long> Offsets { get; } = [];

    public static string Page(string title, string body) =>
        $"<!doctype html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body><nav><a href=/>Home</a> <a href=/world>World</a></nav>" +
        $"<article><h1>{title}</h1>{string.Concat(body.Split('\n').Select(p => $"<p>{p}</p>"))}</article><footer>© News</footer></body></html>";

    public string Response(string uri, string html, string contentType = "text/html; charset=utf-8", int status = 200, string? extraHttpHeaders = null, byte[]? rawBody = null)
    {
        var body = rawBody ?? Encoding.UTF8.GetBytes(html);
        var http = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} OK\r\nContent-Type: {contentType}\r\nDate: Tue, 01 Dec 2026 10:00:00 GMT\r\n{extraHttpHeaders}Content-Length: {body.Length}\r\n\r\n");
        var block = http.Concat(body).ToArray();
        return Record("response", uri, "application/http; msgtype=response", block);
    }

    public string Request(string uri) => Record("request", uri, "application/http; msgtype=request", Encoding.ASCII.GetBytes($"GET {new Uri(uri).PathAndQuery} HTTP/1.1\r\nHost: {new Uri(uri).Host}\r\n\r\n"));

    public string Metadata(string uri) => Record("metadata", uri, "application/warc-fields", Encoding.ASCII.GetBytes("fetchTimeMs: 120\r\n"));

    public string Revisit(string uri) => Record("revisit", uri, "application/http; msgtype=response", Encoding.ASCII.GetBytes("HTTP/1.1 304 Not Modified\r\n\r\n"));

    public string Info() => Record("warcinfo", null, "application/warc-fields", Encoding.ASCII.GetBytes("software: tidings-tests\r\n"));

    public string Record(string type, string? uri, string contentType, byte[] block)
    {
        string id = $"<urn:uuid:00000000-0000-0000-0000-{++_n:D12}>";
        var head = new StringBuilder();
        head.Append(Version).Append("\r\n");
        head.Append("WARC-Type: ").Append(type).Append("\r\n");
        head.Append("WARC-Record-ID: ").Append(id).Append("\r\n");
        head.Append("WARC-Date: 2026-12-01T10:00:00Z\r\n");
        if (uri is not null)
            head.Append("WARC-Target-URI: ").Append(uri).Append("\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {block.Length}\r\n\r\n");
        var record = Encoding.UTF8.GetBytes(head.ToString()).Concat(block).Concat("\r\n\r\n"u8.ToArray()).ToArray();
        WriteRaw(record);
        return id;
    }

    /// <summary>Writes bytes as one record (one gzip member when gzip).</summary>
    public void WriteRaw(byte[] record)
    {
        Offsets.Add(_out.Position);
        if (_gzip)
        {
            using var gz = new GZipStream(_out, CompressionLevel.Fastest, leaveOpen: true);
            gz.Write(record);
        }
        else
        {
            _out.Write(record);
        }
        _out.Flush();
    }

    /// <summary>Raw bytes, outside any gzip member (to write broken members).</summary>
    public void WriteBytes(byte[] bytes)
    {
        Offsets.Add(_out.Position);
        _out.Write(bytes);
    }

    public void Dispose() => _out.Dispose();
}
