namespace Tidings.Ingest.Reading;

/// <summary>One HTML or text page per input (.html, .txt, their .gz/.zst forms, anything that sniffs as a page).</summary>
internal sealed class PageReader : IDocumentReader
{
    public string Format => "page";

    public IEnumerable<SourceItem> Read(ReadContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var after = new ReadPosition(-1, 1);
        if (context.Start.Records > 0)
            yield break;
        var where = context.Where(0);
        SourceItem item;
        try
        {
            using var raw = context.OpenRaw();
            if (raw.CanSeek && context.Compression != Compression.None && raw.Length > context.Limits.MaxCompressedBytes)
            {
                item = SourceItem.Skip(where, after, $"compressed size {raw.Length:N0} bytes is over the limit of {context.Limits.MaxCompressedBytes:N0} (--max-compressed-bytes)");
            }
            else
            {
                using var stream = Inputs.Decompress(raw, context.Compression, context.Limits);
                var bytes = Inputs.ReadAtMost(stream, context.Limits.MaxDocumentBytes);
                item = bytes is null
                    ? SourceItem.Skip(where, after, $"over the limit of {context.Limits.MaxDocumentBytes:N0} decompressed bytes per document (--max-document-bytes); reading stopped there")
                    : new SourceItem(ItemKind.Document, where, after) { Raw = new Tidings.Core.RawDocument(context.Input.Display, bytes, Inputs.KindOfName(context.Input.Display)) };
            }
        }
        catch (InvalidDataException e)
        {
            item = SourceItem.Bad(where, after, e.Message);
        }
        catch (ZstdSharp.ZstdException e)
        {
            item = SourceItem.Bad(where, after, $"corrupt zstd data: {e.Message}");
        }
        catch (EndOfStreamException)
        {
            item = SourceItem.Bad(where, after, "truncated compressed data");
        }
        yield return item;
    }
}
