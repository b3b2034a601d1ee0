using System.IO.Compression;
using Tidings.Core;

namespace Tidings.Ingest;

/// <summary>One input page read from disk or stdin, or the reason it could not be read.</summary>
public sealed record PageInput(string Path, RawDocument? Document, string? Error);

/// <summary>Finds and reads pages: files, folders (recursively) and "-" for standard input. Reads .txt, .html, .htm
/// and their .gz forms; a file that cannot be read becomes an error entry, never an exception.</summary>
public static class PageSource
{
    private static readonly string[] Extensions = [".txt", ".html", ".htm", ".xhtml", ".text"];

    /// <summary>Largest file read; the rest of a larger file is ignored.</summary>
    public const int MaxBytes = 64 * 1024 * 1024;

    /// <summary>Expands files and folders into the page files to read, in a stable order.</summary>
    public static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        foreach (var path in paths)
        {
            if (path == "-")
            {
                yield return path;
            }
            else if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                    .Where(IsPageFile)
                    .Order(StringComparer.Ordinal);
                foreach (var f in files)
                    yield return f;
            }
            else
            {
                yield return path; // a missing file is reported when it is read
            }
        }
    }

    /// <summary>True for the file names read as pages.</summary>
    public static bool IsPageFile(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        return Extensions.Any(e => name.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    public static ContentKind KindOf(string path)
    {
        var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        if (name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".htm", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".xhtml", StringComparison.OrdinalIgnoreCase))
            return ContentKind.Html;
        if (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".text", StringComparison.OrdinalIgnoreCase))
            return ContentKind.Text;
        return ContentKind.Unknown;
    }

    /// <summary>Reads every page named by <paramref name="paths"/>.</summary>
    public static IEnumerable<PageInput> Read(IEnumerable<string> paths) => Expand(paths).Select(ReadOne);

    /// <summary>Reads one file ("-" is standard input); .gz is decompressed. Errors are returned, not thrown.</summary>
    public static PageInput ReadOne(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            byte[] bytes;
            if (path == "-")
            {
                using var stdin = Console.OpenStandardInput();
                bytes = ReadCapped(stdin);
            }
            else
            {
                using var file = File.OpenRead(path);
                if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    using (var gz = new GZipStream(file, CompressionMode.Decompress, leaveOpen: true))
                        bytes = ReadCapped(gz);
                    if (bytes.Length < MaxBytes && !GzipComplete(file, bytes.Length))
                        throw new InvalidDataException("truncated gzip");
                }
                else
                {
                    bytes = ReadCapped(file);
                }
            }
            var kind = path == "-" ? ContentKind.Unknown : KindOf(path);
            return new PageInput(path, new RawDocument(path, bytes, kind), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or NotSupportedException)
        {
            return new PageInput(path, null, e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                InvalidDataException => "corrupt or truncated gzip data",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            });
        }
    }

    /// <summary>GZipStream stops quietly at a cut-off stream; the trailer's length field (size mod 2^32 of the last
    /// member) tells a complete file from a truncated one.</summary>
    private static bool GzipComplete(FileStream file, int decompressed)
    {
        if (file.Length < 18)
            return false;
        Span<byte> trailer = stackalloc byte[4];
        file.Seek(-4, SeekOrigin.End);
        file.ReadExactly(trailer);
        uint size = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        return size == (uint)decompressed;
    }

    private static byte[] ReadCapped(Stream stream)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            int take = (int)Math.Min(n, MaxBytes - ms.Length);
            ms.Write(buffer, 0, take);
            if (ms.Length >= MaxBytes)
                break;
        }
        return ms.ToArray();
    }
}
