namespace Tidings.Ingest.Reading;

/// <summary>Reads one input with the reader its name and content call for: sniffs the compression from the first
/// bytes, the format from the name or else the first decompressed bytes, then hands over to the reader. Errors
/// opening or sniffing become one bad item.</summary>
internal static class DocumentSource
{
    /// <summary>What an input is, for messages and checkpoints.</summary>
    internal readonly record struct Kind(Compression Compression, InputFormat Format);

    public static IEnumerable<SourceItem> Read(InputFile input, IngestLimits limits, ReadPosition start, bool follow = false, Stream? stdin = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        Kind kind;
        Stream? replayStdin = null;
        string? problem = null;
        try
        {
            (kind, replayStdin) = Sniff(input, limits, stdin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ZstdSharp.ZstdException)
        {
            kind = default;
            problem = e.Message;
        }
        if (problem is not null)
        {
            bool special = problem.StartsWith("not a regular file", StringComparison.Ordinal);
            var where = new Provenance(input.Display, 0);
            yield return special ? SourceItem.Skip(where, new ReadPosition(-1, 1), problem) : SourceItem.Bad(where, new ReadPosition(-1, 1), problem);
            yield break;
        }
        var context = new ReadContext(input, limits, start, follow, kind.Compression, replayStdin);
        var reader = Inputs.ReaderFor(kind.Format);
        using var e2 = reader.Read(context).GetEnumerator();
        while (true)
        {
            SourceItem item;
            bool last = false;
            try
            {
                if (!e2.MoveNext())
                    yield break;
                item = e2.Current;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ZstdSharp.ZstdException or LimitExceededException)
            {
                item = SourceItem.Bad(new Provenance(input.Display, -1), new ReadPosition(-1, long.MaxValue), e.Message);
                last = true;
            }
#pragma warning disable CA1031 // a fault in a reader costs its input, never the run (and says it is a fault: the fuzz suite counts it)
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                item = SourceItem.Bad(new Provenance(input.Display, -1), new ReadPosition(-1, long.MaxValue), $"internal error in the {reader.Format} reader: {e.GetType().Name}: {e.Message}");
                last = true;
            }
            yield return item;
            if (last)
                yield break;
        }
    }

    /// <summary>Compression and format. For standard input, also the stream to read (the sniffed bytes put back).</summary>
    public static (Kind Kind, Stream? Stdin) Sniff(InputFile input, IngestLimits limits, Stream? stdin)
    {
        byte[] head = new byte[8];
        int n;
        Stream? replay = null;
        if (input.IsStandardInput)
        {
            var s = stdin ?? Console.OpenStandardInput();
            n = ReadFully(s, head);
            replay = new ConcatStream(head[..n], s);
        }
        else
        {
            using var f = NativeFiles.OpenRegular(input.RawPath);
            n = ReadFully(f, head);
        }
        var compression = Inputs.CompressionOf(head.AsSpan(0, n));
        var format = input.IsStandardInput ? InputFormat.Jsonl : Inputs.FormatOfName(input.Display);
        if (format == InputFormat.Unknown)
        {
            using var f = NativeFiles.OpenRegular(input.RawPath);
            using var d = Inputs.Decompress(f, compression, limits);
            var content = new byte[4096];
            int m;
            try
            {
                m = ReadFully(d, content);
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                m = 0; // a broken compressed page is reported by the page reader
            }
            format = Inputs.FormatOfContent(content.AsSpan(0, m), input.Display);
        }
        if (input.IsStandardInput && compression != Compression.None)
            format = InputFormat.Jsonl;
        return (new Kind(compression, format), replay);
    }

    private static int ReadFully(Stream s, byte[] buffer)
    {
        int n = 0;
        while (n < buffer.Length)
        {
            int r = s.Read(buffer, n, buffer.Length - n);
            if (r == 0)
                break;
            n += r;
        }
        return n;
    }
}
