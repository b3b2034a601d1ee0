namespace Tidings.Extraction;

/// <summary>Chooses the element that holds the article: semantic markers first (an element marked as the body,
/// &lt;article&gt;, &lt;main&gt;), else a readability-style paragraph score, with the scored element's siblings that read
/// like more of the same article. <see cref="ArticleEdges"/> adds the lead before it and the alike-built elements
/// that continue it.</summary>
internal static class ContainerChoice
{
    /// <summary>The element that holds the article: the largest element marked as article body, else the largest
    /// &lt;article&gt;, else &lt;main&gt;; when none has enough text, the best paragraph-scored element.</summary>
    internal static List<PageNode> ChooseContainer(PageNode body)
    {
        PageNode?[] best = new PageNode?[4];
        var marked = new List<PageNode>();
        foreach (var n in PageTree.Descendants(body))
        {
            if (n.IsText || n.ParaLen + 0 < 1 && n.TextLen < HtmlContent.ShortText)
                continue;
            int level = n.ItemProp is { } ip && ip.Contains("articleBody", StringComparison.OrdinalIgnoreCase) ? 1
                : ElementNames.IsContentName(n) ? 1
                : n.Tag == "article" ? 2
                : n.Tag == "main" || string.Equals(n.Role, "main", StringComparison.OrdinalIgnoreCase) ? 3
                : 0;
            if (level == 0)
                continue;
            if (best[level] is null || Useful(n) > Useful(best[level]!))
                best[level] = n;
            if (level == 1)
                marked.Add(n);
        }
        var scored = ScoreContainer(body);
        for (int level = 1; level <= 3; level++)
        {
            if (level == 1 && best[1] is { } b1 && Siblings(b1, marked) is { } group)
                best[1] = group;
            if (best[level] is { } c && Useful(c) >= HtmlContent.ShortText)
            {
                // a marked container much smaller than the scored one is a fragment (a lead box, one of several bodies)
                if (scored is not null && Useful(scored) > 3 * Useful(c) && PageTree.IsInside(c, scored))
                    return WithSiblings(scored);
                return ArticleEdges.WithLead(c, ArticleEdges.Continuations(c));
            }
        }
        if (scored is null)
            return [body];
        var list = WithSiblings(scored);
        var lead = ArticleEdges.WithLead(list[0]);
        if (lead.Count > 1)
            list.InsertRange(0, lead.Take(lead.Count - 1));
        return list;
    }

    /// <summary>The scored element plus those of its siblings that read like more of the same article.</summary>
    private static List<PageNode> WithSiblings(PageNode top)
    {
        if (top.Parent?.Children is not { } siblings)
            return [top];
        double topScore = top.Score * (1 - top.LinkDensity);
        double threshold = Math.Max(10, topScore * 0.2);
        var list = new List<PageNode>();
        foreach (var s in siblings)
        {
            if (s.Removed)
                continue;
            if (ReferenceEquals(s, top))
            {
                list.Add(s);
                continue;
            }
            if (s.IsText)
                continue;
            double ld = s.LinkDensity;
            int useful = Useful(s);
            if (s.Score * (1 - ld) >= threshold
                || (s.Tag == "p" && useful >= 80 && ld < 0.25)
                || (s.Tag == "p" && useful > 0 && ld == 0 && HasSentenceEnd(s)))
                list.Add(s);
        }
        return list.Count == 1 ? ArticleEdges.Continuations(top) : list;
    }

    internal static bool HasSentenceEnd(PageNode n)
    {
        PageNode? last = null;
        foreach (var d in PageTree.Descendants(n))
        {
            if (d.IsText && d.TextLen > 0)
                last = d;
        }
        return last is not null && BlockFilters.LooksLikeSentence(last.Text!.TrimEnd());
    }

    internal static int Useful(PageNode n) => n.TextLen - n.LinkLen;

    /// <summary>When the body is split into several elements marked alike (one "bodytext" per paragraph, one "richtext"
    /// per section), their closest common ancestor, if it holds little else.</summary>
    private static PageNode? Siblings(PageNode best, List<PageNode> marked)
    {
        var group = marked.Where(m => m.Marks == best.Marks && !PageTree.IsInside(m, best) && !PageTree.IsInside(best, m)).ToList();
        if (group.Count == 0)
            return null;
        group.Add(best);
        int sum = group.Sum(Useful);
        var lca = best.Parent;
        while (lca is not null && !group.All(g => PageTree.IsInside(g, lca)))
            lca = lca.Parent;
        if (lca is null || lca.Tag == "body")
            return null;
        return Useful(lca) <= 1.5 * sum + 300 ? lca : null;
    }

    /// <summary>Readability-style scoring: each paragraph-like block gives points for its length and commas to its parent
    /// and half to its grandparent; an element's score is discounted by its link density.</summary>
    private static PageNode? ScoreContainer(PageNode body)
    {
        var touched = new List<PageNode>();
        foreach (var n in PageTree.Descendants(body))
        {
            if (n.IsText)
                continue;
            n.Score = 0;
            if (n.Tag is not ("p" or "pre" or "td" or "blockquote" or "div" or "section"))
                continue;
            if (n.Tag is "div" or "section" && !HasDirectText(n))
                continue;
            int own = n.TextLen - n.LinkLen;
            if (own < 25)
                continue;
            double s = 1 + n.Commas + Math.Min(own / 100.0, 3);
            if (n.Parent is { } p)
            {
                if (p.Score == 0)
                    touched.Add(p);
                p.Score += s;
                if (p.Parent is { } g)
                {
                    if (g.Score == 0)
                        touched.Add(g);
                    g.Score += s / 2;
                }
            }
        }
        PageNode? top = null;
        double topScore = 0;
        foreach (var n in touched)
        {
            double s = n.Score * (1 - n.LinkDensity);
            if (s > topScore)
            {
                topScore = s;
                top = n;
            }
        }
        return top;
    }

    private static bool HasDirectText(PageNode n)
    {
        if (n.Children is null)
            return false;
        int direct = 0;
        foreach (var c in n.Children)
        {
            if (c.Removed)
                continue;
            if (c.IsText || !TextBlocks.BlockTags.Contains(c.Tag))
                direct += c.TextLen;
        }
        return direct >= 25;
    }
}
