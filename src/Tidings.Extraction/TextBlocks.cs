using System.Text;

namespace Tidings.Extraction;

/// <summary>One line of output text with what the filters need to know about where it came from.</summary>
internal sealed record TextBlock(string Text, string Tag, int Length, int LinkLength, bool InList, bool Heading, string? Group, double GroupLinkDensity)
{
    internal double LinkDensity => Length == 0 ? 0 : (double)LinkLength / Length;
}

/// <summary>Cuts a page subtree into text blocks at block-level elements (whitespace collapsed, soft hyphens and
/// zero-width spaces dropped), each with its link length, list/table group and heading flag.</summary>
internal static class TextBlocks
{
    internal static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "header",
        "footer", "aside", "nav", "address", "center", "hr", "form", "fieldset", "legend", "details", "summary", "br", "body",
        "menu", "hgroup", "output", "noframes", "frameset",
    };

    /// <summary>Splits a subtree into text blocks at block-level elements, with whitespace collapsed.</summary>
    internal static List<TextBlock> Blocks(PageNode root)
    {
        var blocks = new List<TextBlock>();
        var sb = new StringBuilder();
        int linkChars = 0, linkDepth = 0, listDepth = 0, headingDepth = 0, preDepth = 0;
        bool pendingSpace = false;
        var blockTags = new Stack<string>();
        blockTags.Push(root.Tag);
        var groups = new Stack<PageNode>();

        void Flush()
        {
            if (sb.Length > 0)
            {
                var text = sb.ToString();
                var group = groups.Count > 0 ? groups.Peek() : null;
                blocks.Add(new TextBlock(text, blockTags.Peek(), CountVisible(text), linkChars, listDepth > 0, headingDepth > 0,
                    group is null ? null : group.Tag == "table" ? "table" : "list", group?.LinkDensity ?? 0));
                sb.Clear();
            }
            linkChars = 0;
            pendingSpace = false;
        }

        var stack = new Stack<(PageNode Node, bool Exit)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            var (n, exit) = stack.Pop();
            if (n.IsText)
            {
                AppendText(sb, n.Text!, ref pendingSpace, ref linkChars, linkDepth > 0, preDepth > 0);
                continue;
            }
            bool block = BlockTags.Contains(n.Tag);
            if (exit)
            {
                if (block)
                {
                    Flush();
                    if (!ReferenceEquals(n, root))
                        blockTags.Pop();
                }
                if (n.Tag is "ul" or "ol" or "dl" or "table" or "menu")
                    groups.Pop();
                if (n.Tag == "a")
                    linkDepth--;
                else if (n.Tag is "li" or "dd" or "dt")
                    listDepth--;
                else if (n.Tag is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
                    headingDepth--;
                else if (n.Tag == "pre")
                    preDepth--;
                else if (n.Tag is "td" or "th" && sb.Length > 0)
                    pendingSpace = true;
                continue;
            }
            if (n.Tag == "br")
            {
                Flush();
                continue;
            }
            if (block)
            {
                Flush();
                if (!ReferenceEquals(n, root))
                    blockTags.Push(n.Tag);
            }
            if (n.Tag is "ul" or "ol" or "dl" or "table" or "menu")
                groups.Push(n);
            if (n.Tag == "a")
                linkDepth++;
            else if (n.Tag is "li" or "dd" or "dt")
                listDepth++;
            else if (n.Tag is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
                headingDepth++;
            else if (n.Tag == "pre")
                preDepth++;
            stack.Push((n, true));
            if (n.Children is { } c)
            {
                for (int i = c.Count - 1; i >= 0; i--)
                {
                    if (!c[i].Removed)
                        stack.Push((c[i], false));
                }
            }
        }
        Flush();
        return blocks;
    }

    private static void AppendText(StringBuilder sb, string text, ref bool pendingSpace, ref int linkChars, bool inLink, bool pre)
    {
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                if (sb.Length > 0)
                    pendingSpace = true;
                continue;
            }
            if (char.IsControl(c) || c == '\u00AD' || c == '\u200B')
                continue;
            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }
            sb.Append(c);
            if (inLink)
                linkChars++;
        }
        _ = pre;
    }

    private static int CountVisible(string s)
    {
        int n = 0;
        foreach (char c in s)
        {
            if (c != ' ')
                n++;
        }
        return n;
    }
}

