using AngleSharp.Dom;

namespace Tidings.Extraction;

/// <summary>A compact copy of the parsed page: only the elements and text that can carry an article, with the
/// per-node statistics the content scoring needs. Every walk over it is iterative, so deep markup cannot overflow
/// the stack.</summary>
internal sealed class PageNode
{
    internal PageNode(string tag, PageNode? parent)
    {
        Tag = tag;
        Parent = parent;
    }

    internal string Tag { get; }
    internal PageNode? Parent { get; }
    internal List<PageNode>? Children { get; set; }
    /// <summary>Text of a text node, whitespace not yet collapsed.</summary>
    internal string? Text { get; init; }
    /// <summary>Lower-cased class and id, space separated.</summary>
    internal string Marks => Names.Value;
    /// <summary>The class/id names, shared by the nodes of a page that carry the same ones (what they match is cached).</summary>
    internal MarkNames Names { get; init; } = MarkNames.None;
    internal string? ItemProp { get; init; }
    internal string? Role { get; init; }
    internal bool Removed { get; set; }
    internal bool IsText => Text is not null;

    // statistics, recomputed by PageTree.Measure
    internal int TextLen { get; set; }
    internal int LinkLen { get; set; }
    internal int ParaLen { get; set; }
    internal int Commas { get; set; }
    internal double Score { get; set; }
    internal bool TextMeasured { get; set; }

    internal double LinkDensity => TextLen == 0 ? 0 : (double)LinkLen / TextLen;

    public override string ToString() => IsText ? "#text" : $"<{Tag} {Marks}>";
}

/// <summary>The lower-cased class and id of an element, with the name tests of the content pass evaluated once per
/// distinct value on a page (list items, paragraphs and modules repeat the same names hundreds of times).</summary>
internal sealed class MarkNames
{
    internal static readonly MarkNames None = new("");

    private int _known, _set;

    internal MarkNames(string value) => Value = value;

    internal string Value { get; }

    /// <summary>Whether the names match the test <paramref name="kind"/> (one bit), computed on first use.</summary>
    internal bool Has(int kind, Func<int, string, bool> test)
    {
        if ((_known & kind) == 0)
        {
            if (test(kind, Value))
                _set |= kind;
            _known |= kind;
        }
        return (_set & kind) != 0;
    }
}

internal static class PageTree
{
    /// <summary>Deeper elements are flattened into their ancestor at this depth by default (browsers cap nesting too).</summary>
    internal static int MaxDepth => Limits.Defaults.MaxDepth;

    private static readonly HashSet<string> Dropped = new(StringComparer.Ordinal)
    {
        "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas", "video", "audio",
        "source", "track", "img", "picture", "button", "select", "option", "optgroup", "input", "textarea", "datalist",
        "dialog", "map", "area", "head", "title", "link", "meta", "base", "frame", "frameset", "progress", "meter",
    };

    /// <summary>Copies the body of the parsed document.</summary>
    internal static PageNode Build(IElement body, Limits? limits = null)
    {
        int maxDepth = limits?.Options.MaxDepth ?? MaxDepth, maxNodes = limits?.Options.MaxNodes ?? Limits.Defaults.MaxNodes, nodes = 0;
        bool flattened = false;
        var names = new Dictionary<string, MarkNames>(StringComparer.Ordinal);
        var root = new PageNode("body", null) { Names = Names(body, names) };
        var stack = new Stack<(INode Node, PageNode Parent, int Depth)>();
        PushChildren(stack, body, root, 1);
        while (stack.Count > 0)
        {
            var (node, parent, depth) = stack.Pop();
            if (++nodes > maxNodes)
            {
                limits?.Warn(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"page cut at {maxNodes:N0} nodes"));
                break;
            }
            if (node is IText text)
            {
                if (text.Data.Length > 0)
                    Add(parent, new PageNode("#text", parent) { Text = text.Data });
                continue;
            }
            if (node is not IElement el)
                continue;
            var tag = el.LocalName;
            // most elements carry no attribute at all once the prepass is done: no lookups for them
            bool attributes = el.Attributes.Length > 0;
            if (Dropped.Contains(tag) || (attributes && (el.HasAttribute("hidden") || IsHiddenStyle(el) || string.Equals(el.GetAttribute("aria-hidden"), "true", StringComparison.Ordinal))))
                continue;
            if (depth >= maxDepth)
            {
                if (!flattened)
                    limits?.Warn(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"elements nested deeper than {maxDepth} flattened"));
                flattened = true;
                PushChildren(stack, el, parent, depth);
                continue;
            }
            var copy = attributes
                ? new PageNode(tag, parent) { Names = Names(el, names), ItemProp = el.GetAttribute("itemprop"), Role = el.GetAttribute("role") }
                : new PageNode(tag, parent);
            Add(parent, copy);
            PushChildren(stack, el, copy, depth + 1);
        }
        return root;
    }

    private static void PushChildren(Stack<(INode, PageNode, int)> stack, INode node, PageNode parent, int depth)
    {
        var children = node.ChildNodes;
        for (int i = children.Length - 1; i >= 0; i--)
            stack.Push((children[i], parent, depth));
    }

    private static void Add(PageNode parent, PageNode child) => (parent.Children ??= []).Add(child);

    /// <summary>The element's class and id, lower-cased, one shared instance per distinct raw value on the page.</summary>
    private static MarkNames Names(IElement el, Dictionary<string, MarkNames> seen)
    {
        var cls = el.GetAttribute("class");
        var id = el.Id;
        string raw = string.IsNullOrEmpty(id) ? cls ?? "" : string.IsNullOrEmpty(cls) ? id : cls + " " + id;
        if (raw.Length == 0)
            return MarkNames.None;
        if (!seen.TryGetValue(raw, out var names))
        {
            names = new MarkNames(raw.ToLowerInvariant());
            seen[raw] = names;
        }
        return names;
    }

    private static bool IsHiddenStyle(IElement el)
    {
        var style = el.GetAttribute("style");
        if (style is null || style.Length < 12)
            return false;
        var s = style.AsSpan();
        return s.Contains("display:none", StringComparison.OrdinalIgnoreCase) || s.Contains("display: none", StringComparison.OrdinalIgnoreCase)
            || s.Contains("visibility:hidden", StringComparison.OrdinalIgnoreCase) || s.Contains("visibility: hidden", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Nodes in document order (pre-order), skipping removed subtrees.</summary>
    internal static IEnumerable<PageNode> Descendants(PageNode root)
    {
        var stack = new Stack<PageNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n.Removed)
                continue;
            yield return n;
            if (n.Children is { } c)
            {
                for (int i = c.Count - 1; i >= 0; i--)
                    stack.Push(c[i]);
            }
        }
    }

    /// <summary>Recomputes text, link and paragraph lengths bottom-up over the nodes not removed.</summary>
    internal static void Measure(PageNode root)
    {
        // pre-order without an iterator; walked backwards it is a post-order (children before parents)
        var order = new List<PageNode>();
        var stack = new Stack<PageNode>();
        stack.Push(root);
        while (stack.Count > 0)
        {
            var n = stack.Pop();
            if (n.Removed)
                continue;
            order.Add(n);
            if (n.Children is { } c)
            {
                for (int i = c.Count - 1; i >= 0; i--)
                    stack.Push(c[i]);
            }
        }
        for (int k = order.Count - 1; k >= 0; k--)
        {
            var n = order[k];
            if (n.IsText)
            {
                if (n.TextMeasured)
                    continue; // a text's own counts never change
                n.TextMeasured = true;
                int len = 0, commas = 0;
                foreach (char c in n.Text!)
                {
                    if (!char.IsWhiteSpace(c))
                    {
                        len++;
                        if (c is ',' or '，' or '、' or '،')
                            commas++;
                    }
                }
                n.TextLen = len;
                n.LinkLen = 0;
                n.ParaLen = 0;
                n.Commas = commas;
                continue;
            }
            int t = 0, l = 0, p = 0, cm = 0;
            if (n.Children is { } children)
            {
                foreach (var c in children)
                {
                    if (c.Removed)
                        continue;
                    t += c.TextLen;
                    l += c.LinkLen;
                    p += c.ParaLen;
                    cm += c.Commas;
                }
            }
            n.TextLen = t;
            n.LinkLen = n.Tag == "a" ? t : l;
            n.ParaLen = n.Tag is "p" or "pre" or "blockquote" ? t - (n.Tag == "a" ? t : l) : p;
            n.Commas = cm;
        }
    }

    internal static bool IsInside(PageNode n, PageNode ancestor)
    {
        for (var p = n; p is not null; p = p.Parent)
        {
            if (ReferenceEquals(p, ancestor))
                return true;
        }
        return false;
    }
}
