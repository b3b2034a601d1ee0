using Microsoft.Extensions.FileSystemGlobbing;

namespace Tidings.Ingest.Reading;

/// <summary>One input to read: a file (by its raw path bytes) or standard input.</summary>
internal sealed record InputFile(byte[] RawPath, string Display)
{
    public static readonly InputFile StandardInput = new([], "-");

    public bool IsStandardInput => RawPath.Length == 0;

    /// <summary>True when the file was named on the command line (not found in a folder): it is read whatever its name.</summary>
    public bool Named { get; init; }
}

/// <summary>Something the walk met and did not read, with the reason (a symlink loop, a FIFO, a missing path).</summary>
internal sealed record WalkNote(string Path, string Message);

/// <summary>Expands command-line paths into the files to read: files as named, folders recursively (in byte order of
/// the names), globs (<c>*</c>, <c>?</c>, <c>**</c>, <c>[..]</c>) and "-" for standard input. Symlinks are followed,
/// but a directory already on the walk (a loop) or already walked (two links to one folder) is skipped with a note,
/// and so are FIFOs, sockets and devices. Names need not be valid UTF-8.</summary>
internal static class InputWalker
{
    /// <summary>Extensions read when found in a folder (each also with .gz, .zst or .zstd after it).</summary>
    private static readonly string[] FolderExtensions =
        [".txt", ".text", ".html", ".htm", ".xhtml", ".jsonl", ".ndjson", ".json", ".warc", ".rss", ".atom", ".xml"];

    private static readonly string[] CompressionExtensions = [".gz", ".zst", ".zstd"];

    public static string StripCompression(string name)
    {
        foreach (var c in CompressionExtensions)
            if (name.EndsWith(c, StringComparison.OrdinalIgnoreCase))
                return name[..^c.Length];
        return name;
    }

    /// <summary>True for the names a folder walk reads: a known extension (maybe compressed), or any compressed file
    /// (a crawler's <c>site.de.emden-21416.gz</c>; its content tells what it is).</summary>
    public static bool IsFolderCandidate(string name)
    {
        if (name.StartsWith('.'))
            return false;
        var inner = StripCompression(name);
        if (inner.Length != name.Length)
            return true;
        return FolderExtensions.Any(e => inner.EndsWith(e, StringComparison.OrdinalIgnoreCase));
    }

    public static IEnumerable<object> Walk(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var walked = new HashSet<(ulong, ulong)>();
        foreach (var path in paths)
        {
            if (path == "-")
            {
                yield return InputFile.StandardInput;
                continue;
            }
            var raw = NativeFiles.Bytes(path);
            var st = NativeFiles.Stat(raw, follow: true);
            if (st.Type == EntryType.Missing && HasGlob(path))
            {
                foreach (var item in Glob(path, walked))
                    yield return item;
                continue;
            }
            switch (st.Type)
            {
                case EntryType.Missing:
                    yield return new WalkNote(path, "no such file or directory");
                    break;
                case EntryType.Directory:
                    foreach (var item in WalkDirectory(raw, walked, new HashSet<(ulong, ulong)>()))
                        yield return item;
                    break;
                case EntryType.Regular:
                    yield return new InputFile(raw, path) { Named = true };
                    break;
                default:
                    yield return new WalkNote(path, "not a regular file (FIFO, socket or device): skipped");
                    break;
            }
        }
    }

    private static bool HasGlob(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    private static IEnumerable<object> Glob(string pattern, HashSet<(ulong, ulong)> walked)
    {
        // the folder part before the first segment with a wildcard is walked; the rest is matched
        var segments = pattern.Split('/');
        int first = Array.FindIndex(segments, s => HasGlob(s));
        string root = first == 0 ? "." : string.Join('/', segments[..first]);
        if (root.Length == 0)
            root = "/";
        string rest = string.Join('/', segments[first..]);
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(rest);
        bool any = false;
        var rootRaw = NativeFiles.Bytes(root);
        if (NativeFiles.Stat(rootRaw, follow: true).Type == EntryType.Directory)
        {
            foreach (var item in WalkDirectory(rootRaw, walked, new HashSet<(ulong, ulong)>(), filter: false))
            {
                if (item is InputFile f)
                {
                    var relative = f.Display.Length > root.Length && f.Display.StartsWith(root, StringComparison.Ordinal)
                        ? f.Display[(root.Length + (root.EndsWith('/') ? 0 : 1))..]
                        : f.Display;
                    if (!matcher.Match(relative).HasMatches)
                        continue;
                    any = true;
                    yield return f with { Named = true };
                }
                else
                {
                    yield return item;
                }
            }
        }
        if (!any)
            yield return new WalkNote(pattern, "no file matches");
    }

    private static IEnumerable<object> WalkDirectory(byte[] dir, HashSet<(ulong, ulong)> walked, HashSet<(ulong, ulong)> onPath, bool filter = true)
    {
        var st = NativeFiles.Stat(dir, follow: true);
        var id = (st.Device, st.Inode);
        if (onPath.Contains(id))
        {
            yield return new WalkNote(NativeFiles.Display(dir), "symlink loop (a folder that contains itself): skipped");
            yield break;
        }
        if (!walked.Add(id))
        {
            yield return new WalkNote(NativeFiles.Display(dir), "folder already read through another path: skipped");
            yield break;
        }
        var entries = NativeFiles.List(dir);
        if (entries is null)
        {
            yield return new WalkNote(NativeFiles.Display(dir), "cannot list folder (permission denied?)");
            yield break;
        }
        onPath.Add(id);
        foreach (var (name, listedType) in entries)
        {
            var path = Join(dir, name);
            var type = listedType;
            if (type is EntryType.Symlink or EntryType.Missing)
                type = NativeFiles.Stat(path, follow: true).Type;
            string display = NativeFiles.Display(path);
            switch (type)
            {
                case EntryType.Directory:
                    if (name.Length > 0 && name[0] == (byte)'.')
                        break; // hidden folders (.git, .cache) are not crawls
                    foreach (var item in WalkDirectory(path, walked, onPath, filter))
                        yield return item;
                    break;
                case EntryType.Regular:
                    if (filter && !IsFolderCandidate(NativeFiles.Display(name)))
                        break;
                    if (filter && NativeFiles.Display(name).EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !LooksLikeArticles(path))
                    {
                        yield return new WalkNote(display, "a .json file without article fields (news-please's maintext, or title and text): not read; name it directly to read it");
                        break;
                    }
                    yield return new InputFile(path, display);
                    break;
                case EntryType.Special:
                    if (!filter || IsFolderCandidate(NativeFiles.Display(name)))
                        yield return new WalkNote(display, "not a regular file (FIFO, socket or device): skipped");
                    break;
                case EntryType.Missing:
                    yield return new WalkNote(display, "broken symlink: skipped");
                    break;
            }
        }
        onPath.Remove(id);
    }

    /// <summary>True when a JSON file's start names article fields (news-please output, a dump of articles), so a
    /// folder's other JSON (a gold file, a config) is not taken for articles.</summary>
    private static bool LooksLikeArticles(byte[] path)
    {
        try
        {
            using var f = NativeFiles.OpenRegular(path);
            var head = new byte[8192];
            int n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            var s = head.AsSpan(0, n);
            return s.IndexOf("\"maintext\""u8) >= 0 || s.IndexOf("\"date_publish\""u8) >= 0
                || (s.IndexOf("\"title\""u8) >= 0 && (s.IndexOf("\"text\""u8) >= 0 || s.IndexOf("\"html\""u8) >= 0));
        }
        catch (IOException)
        {
            return true; // let the reader report it
        }
    }

    private static byte[] Join(byte[] dir, byte[] name)
    {
        bool slash = dir.Length > 0 && dir[^1] == (byte)'/';
        var result = new byte[dir.Length + (slash ? 0 : 1) + name.Length];
        dir.CopyTo(result, 0);
        if (!slash)
            result[dir.Length] = (byte)'/';
        name.CopyTo(result, result.Length - name.Length);
        return result;
    }
}
