namespace Tidings.Extraction;

/// <summary>The edges of the chosen container: the lead or standfirst that sits before it (in a header, an intro box,
/// up to six levels up) and the siblings built alike that continue it (one module per section, one post per
/// element).</summary>
internal static class ArticleEdges
{
    /// <summary>The marked container, preceded by the article's lead when that sits just before it (in a header, an intro box).</summary>
    internal static List<PageNode> WithLead(PageNode c, List<PageNode>? body = null)
    {
        var lead = new List<PageNode>();
        var cur = c;
        bool outsideArticle = false;
        for (int level = 0; level < 6 && cur.Parent is { } parent; level++)
        {
            if (parent.Children is { } sibs)
            {
                int idx = sibs.IndexOf(cur), looked = 0;
                for (int i = idx - 1; i >= 0 && lead.Count < 3; i--)
                {
                    var s = sibs[i];
                    if (s.Removed || s.IsText)
                        continue;
                    // far up (or at the body) only the closest few elements before the article's branch
                    if ((level >= 4 || parent.Tag == "body") && ++looked > 3)
                        break;
                    if (FindLead(s, outsideArticle || level >= 4 || parent.Tag == "body") is { } found)
                        lead.Insert(0, found);
                }
            }
            if (lead.Count > 0 || parent.Tag == "body")
                break;
            // beyond the article element only an element named as the lead counts (a sentence-like paragraph there
            // is as likely a teaser of another story)
            outsideArticle |= cur.Tag == "article";
            cur = parent;
        }
        if (body is null)
            lead.Add(c);
        else
            lead.AddRange(body);
        return lead;
    }

    /// <summary>The container and the elements that continue it: siblings of the container or of one of its three closest
    /// ancestors that are built alike (same tag, same first class name: one "paragraph--type-text" module per
    /// section, one "framework_entry" per block) and hold text with few links, in document order.</summary>
    internal static List<PageNode> Continuations(PageNode c)
    {
        var cur = c;
        for (int level = 0; level < 4 && cur.Parent is { } parent && parent.Tag != "body"; level++, cur = parent)
        {
            if (cur.Marks.Length == 0 || parent.Children is not { } sibs)
                continue;
            var first = FirstName(cur.Marks);
            List<PageNode>? before = null, after = null;
            bool seen = false;
            foreach (var s in sibs)
            {
                if (ReferenceEquals(s, cur))
                {
                    seen = true;
                    continue;
                }
                if (s.Removed || s.IsText || s.Tag != cur.Tag || !FirstName(s.Marks).SequenceEqual(first))
                    continue;
                if (ContainerChoice.Useful(s) < 80 || s.LinkDensity > 0.2 || ElementNames.IsLeadName(s))
                    continue;
                if (seen)
                    (after ??= []).Add(s);
                else
                    (before ??= []).Add(s);
            }
            if (before is null && after is null)
                continue;
            if (HtmlContent.Debug)
                Console.Error.WriteLine($"continued <{cur.Tag} {cur.Marks}> by {before?.Count ?? 0} before, {after?.Count ?? 0} after");
            var list = new List<PageNode>();
            if (before is not null)
                list.AddRange(before);
            list.Add(c);
            if (after is not null)
                list.AddRange(after);
            return list;
        }
        return [c];
    }

    private static ReadOnlySpan<char> FirstName(string marks)
    {
        int sp = marks.IndexOf(' ', StringComparison.Ordinal);
        return sp < 0 ? marks : marks.AsSpan(0, sp);
    }

    private static PageNode? FindLead(PageNode s, bool markedOnly = false)
    {
        foreach (var d in PageTree.Descendants(s))
        {
            if (d.IsText || d.Tag is "h1" or "a")
                continue;
            int useful = ContainerChoice.Useful(d);
            if (useful < 40 || d.LinkDensity > 0.3)
                continue;
            if (ElementNames.IsLeadName(d))
                return d;
            if (!markedOnly && d.Tag == "p" && useful >= 80 && ContainerChoice.HasSentenceEnd(d))
                return d;
        }
        return null;
    }
}
