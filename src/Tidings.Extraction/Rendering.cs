using System.Text;

namespace Tidings.Extraction;

/// <summary>Writes the article: the container's blocks through <see cref="BlockFilters"/>, with leading and trailing
/// labels dropped and the article ended at a stop heading (a related-stories box followed by more prose is skipped
/// instead); and the jusText-like whole-page classifier the fallbacks use.</summary>
internal static class Rendering
{
    /// <summary>Trailing lines shorter than this without sentence punctuation are dropped.</summary>
    internal const int TrailingLabel = 30;

    /// <summary>Leading lines shorter than this, without sentence punctuation and not headings, are dropped.</summary>
    internal const int LeadingLabel = 20;

    internal static string Render(List<PageNode> roots)
    {
        var blocks = new List<TextBlock>();
        foreach (var root in roots)
            blocks.AddRange(TextBlocks.Blocks(root));
        // after the last paragraph-like block, short label-like lines are the container's own furniture
        int end = blocks.Count;
        while (end > 0 && blocks[end - 1] is { } t && t.Length < TrailingLabel && !BlockFilters.LooksLikeSentence(t.Text) && t.Tag is not ("li" or "td" or "pre"))
            end--;
        if (end == 0)
            end = blocks.Count;
        // before the first paragraph, very short label-like lines are kickers and category labels ("Promis", "Wohnen")
        int start = 0;
        while (start < end && blocks[start] is { } l
            && (l.Tag == "h1" || (l.Length < LeadingLabel && !BlockFilters.LooksLikeSentence(l.Text) && !l.Heading && l.Tag is not ("li" or "td" or "pre"))))
            start++; // (the h1 is the title and never kept)
        if (start == end)
            start = 0;
        var sb = new StringBuilder();
        int kept = 0;
        for (int i = start; i < end; i++)
        {
            var b = blocks[i];
            if (BlockFilters.IsStop(b))
            {
                bool related = BlockFilters.IsRelatedHeading(b.Text);
                if (kept >= 200 && !(related && ProseAfter(blocks, i + 1, end) >= HtmlContent.ShortText))
                {
                    if (HtmlContent.Debug)
                        Console.Error.WriteLine($"stop at: {b.Text}");
                    break;
                }
                if (related)
                {
                    // a related-stories box inside the article: its heading goes (its links fail the link filters),
                    // the article goes on
                    if (HtmlContent.Debug)
                        Console.Error.WriteLine($"inline box: {b.Text}");
                    continue;
                }
            }
            if (!BlockFilters.Keep(b))
            {
                if (HtmlContent.Debug)
                    Console.Error.WriteLine($"dropped [{b.Tag} {b.Group} ld {b.LinkDensity:F2} gld {b.GroupLinkDensity:F2}] {b.Text}");
                continue;
            }
            sb.Append(b.Text).Append('\n');
            kept += b.Length;
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>Characters of prose (paragraphs of 80+ characters with few links, outside lists) from block
    /// <paramref name="from"/> to the next stop heading.</summary>
    private static int ProseAfter(List<TextBlock> blocks, int from, int end)
    {
        int prose = 0;
        for (int j = from; j < end; j++)
        {
            var b = blocks[j];
            if (BlockFilters.IsStop(b))
                break;
            if (b.Length >= 80 && b.LinkDensity < 0.2 && b.Group is null && !b.Heading && BlockFilters.Keep(b))
                prose += b.Length;
        }
        return prose;
    }

    /// <summary>jusText-like: long blocks with few links are good, short ones are kept only between good ones.</summary>
    internal static string BlockClassifier(PageNode body)
    {
        var blocks = TextBlocks.Blocks(body);
        var good = new bool[blocks.Count];
        for (int i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            good[i] = BlockFilters.Keep(b) && b.LinkDensity < 0.25 && (b.Length >= 70 || (b.Length >= 30 && BlockFilters.LooksLikeSentence(b.Text)));
        }
        var sb = new StringBuilder();
        for (int i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            bool keep = good[i] || (BlockFilters.Keep(b) && b.Length >= 10 && b.LinkDensity < 0.2 && i > 0 && i + 1 < blocks.Count && good[i - 1] && good[i + 1]);
            if (keep)
                sb.Append(b.Text).Append('\n');
        }
        return sb.ToString().TrimEnd();
    }
}
