namespace Tidings.Extraction;

/// <summary>Marks page furniture in a page tree as removed: structural tags (nav, aside, footer, header outside an
/// article…), ARIA roles, small forms and class/id names (<see cref="ElementNames"/>).</summary>
internal static class Pruning
{
    private static readonly HashSet<string> StructuralFurniture = new(StringComparer.Ordinal) { "nav", "aside", "footer", "header", "menu", "figcaption" };

    private static readonly HashSet<string> FurnitureRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar", "tablist",
    };

    /// <summary>Marks furniture as removed: structural tags, ARIA roles and class/id names, unless the element holds most
    /// of the page's paragraph text (then the name lies, e.g. "content-sidebar-wrap").</summary>
    internal static List<PageNode> Prune(PageNode body)
    {
        var removed = new List<PageNode>();
        int totalPara = Math.Max(body.ParaLen, 1);
        var stack = new Stack<PageNode>();
        PushChildren(stack, body);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n.IsText)
                continue;
            bool furniture = (StructuralFurniture.Contains(n.Tag) && !(n.Tag == "header" && (InsideArticle(n) || n.ParaLen >= 100)))
                || (n.Role is { } role && FurnitureRoles.Contains(role))
                || (n.Tag == "form" && n.ParaLen < 400)
                || (n.Marks.Length > 0 && n.Tag is not ("article" or "main" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6") && ElementNames.IsFurnitureName(n));
            if (furniture && !(n.ParaLen > 400 && n.ParaLen * 2 > totalPara))
            {
                n.Removed = true;
                removed.Add(n);
                continue;
            }
            PushChildren(stack, n);
        }
        return removed;
    }

    private static bool InsideArticle(PageNode n)
    {
        for (var p = n.Parent; p is not null; p = p.Parent)
        {
            if (p.Tag is "article" or "main" || (p.ItemProp is { } ip && ip.Contains("articleBody", StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }


    private static void PushChildren(Stack<PageNode> stack, PageNode n)
    {
        if (n.Children is not { } c)
            return;
        for (int i = c.Count - 1; i >= 0; i--)
        {
            if (!c[i].Removed)
                stack.Push(c[i]);
        }
    }
}
