using System.Globalization;
using System.Text;
using AngleSharp.Html.Parser;
using Tidings.Core;
using Tidings.Extraction;

namespace Tidings.Bench;

/// <summary>Error analysis for the extraction eval: for every wanted snippet missed and every unwanted snippet kept, the
/// stage responsible. <c>dotnet run -c Release --project bench/Tidings.Bench -- extract-diagnose DATASET [FILE-SUBSTRING]</c>.
/// Causes of a miss: <c>absent</c> (not in the body's visible text: scripts, JSON, hidden or dropped elements),
/// <c>pruned</c> (inside an element removed as furniture, which is named), <c>outside</c> (not in the chosen container),
/// <c>filtered</c> (in the container, dropped by a block filter or a stop heading), <c>fallback</c> (a fallback replaced
/// the main pass). A kept unwanted snippet is reported with the element it came from.</summary>
public static class ExtractionDiagnose
{
    internal static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: extract-diagnose DATASET [FILE-SUBSTRING]");
            return 2;
        }
        string? only = args.Length > 1 ? args[1] : null;
        var extractor = Extractor.Create();
        var parser = new HtmlParser(Extractor.ParserOptions);
        var causes = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (url, file, with, without, bytes) in ExtractionEvaluation.LoadPages(args[0]))
        {
            if (only is not null && !file.Contains(only, StringComparison.Ordinal))
                continue;
            string text;
            try
            {
                text = extractor.Extract(new RawDocument(file, bytes, ContentKind.Html, url)).Text;
            }
            catch (DocumentRejectedException)
            {
                text = "";
            }
            var norm = Whitespace.Collapse(text);
            var missed = with.Where(w => !norm.Contains(Whitespace.Collapse(w), StringComparison.Ordinal)).ToList();
            var found = without.Where(w => norm.Contains(Whitespace.Collapse(w), StringComparison.Ordinal)).ToList();
            if (missed.Count == 0 && found.Count == 0 && only is null)
                continue;

            var (decoded, _) = Decoding.Decode(bytes, null);
            var ld = new List<string>();
            string prepared;
            bool cut;
            using (var first = HtmlPrepass.Prepare(decoded, ld, true, out cut))
                prepared = first.ToString();
            if (cut && text.Length < HtmlContent.ShortText)
            {
                using var whole = HtmlPrepass.Prepare(decoded, ld, false, out _);
                prepared = whole.ToString();
            }
            using var doc = parser.ParseDocument(prepared);
            if (doc.Body is not { } bodyEl)
                continue;
            var body = PageTree.Build(bodyEl);
            string all = Join(TextBlocks.Blocks(body));
            if (!all.Contains(' ', StringComparison.Ordinal))
                all = "";
            PageTree.Measure(body);
            var pruned = Pruning.Prune(body);
            PageTree.Measure(body);
            string afterPrune = Join(TextBlocks.Blocks(body));
            var containers = ContainerChoice.ChooseContainer(body);
            string inContainer = string.Join(" ", containers.Select(c => Join(TextBlocks.Blocks(c))));
            string main = Whitespace.Collapse(Rendering.Render(containers));
            bool fellBack = main != norm;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{file} ({text.Length} chars{(fellBack ? ", fallback" : "")}) container: {string.Join(" + ", containers.Select(Describe))}"));
            foreach (var m in missed)
            {
                var w = Whitespace.Collapse(m);
                string cause;
                if (!all.Contains(w, StringComparison.Ordinal))
                    cause = decoded.Contains(m, StringComparison.Ordinal) || Whitespace.Collapse(decoded).Contains(w, StringComparison.Ordinal) ? "absent-in-source" : "absent";
                else if (!afterPrune.Contains(w, StringComparison.Ordinal))
                    cause = "pruned " + (pruned.FirstOrDefault(p => Join(TextBlocks.Blocks(p)).Contains(w, StringComparison.Ordinal)) is { } p ? Describe(p) : "?");
                else if (!inContainer.Contains(w, StringComparison.Ordinal))
                    cause = "outside " + Origin([body], w) + Relation(body, containers, w);
                else if (!main.Contains(w, StringComparison.Ordinal))
                    cause = "filtered " + BlockOf(containers, w);
                else
                    cause = "fallback";
                string key = "FN " + cause.Split(' ')[0];
                causes[key] = causes.GetValueOrDefault(key) + 1;
                Console.WriteLine($"  FN [{cause}] {Short(m)}");
            }
            foreach (var f in found)
            {
                var w = Whitespace.Collapse(f);
                var from = containers.Count > 0 ? Origin(containers, w) : "?";
                string key = "FP " + (fellBack ? "fallback" : "main");
                causes[key] = causes.GetValueOrDefault(key) + 1;
                Console.WriteLine($"  FP [{from}] {Short(f)}");
            }
        }
        foreach (var (k, v) in causes.OrderBy(k => k.Key, StringComparer.Ordinal))
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k,-22} {v}"));
        return 0;
    }

    private static string Join(List<TextBlock> blocks)
    {
        var sb = new StringBuilder();
        foreach (var b in blocks)
            sb.Append(b.Text).Append(' ');
        return Whitespace.Collapse(sb.ToString());
    }

    private static string Describe(PageNode n)
    {
        var path = new List<string>();
        for (var p = n; p is not null && path.Count < 3; p = p.Parent)
            path.Add(p.Marks.Length > 0 ? $"{p.Tag}.{Trunc(p.Marks, 40)}" : p.Tag);
        path.Reverse();
        return string.Join(">", path) + string.Create(CultureInfo.InvariantCulture, $"[{n.TextLen}]");
    }

    /// <summary>The deepest element inside the containers whose text holds the snippet, with its ancestors.</summary>
    private static string Origin(List<PageNode> containers, string snippet)
    {
        PageNode? best = null;
        foreach (var c in containers)
        {
            foreach (var n in PageTree.Descendants(c))
            {
                if (n.IsText)
                    continue;
                if (Join(TextBlocks.Blocks(n)).Contains(snippet, StringComparison.Ordinal))
                    best = n;
            }
        }
        if (best is null)
            return "?";
        var path = new List<string>();
        for (var p = best; p is not null && path.Count < 4; p = p.Parent)
            path.Add(p.Marks.Length > 0 ? $"{p.Tag}.{Trunc(p.Marks, 30)}" : p.Tag);
        path.Reverse();
        return string.Join(">", path) + string.Create(CultureInfo.InvariantCulture, $" ld {best.LinkDensity:F2}");
    }

    /// <summary>Where a snippet outside the containers sits: before or after the first container, and how many levels up
    /// their common ancestor is.</summary>
    private static string Relation(PageNode body, List<PageNode> containers, string snippet)
    {
        PageNode? node = null;
        foreach (var n in PageTree.Descendants(body))
        {
            if (!n.IsText && Join(TextBlocks.Blocks(n)).Contains(snippet, StringComparison.Ordinal))
                node = n;
        }
        if (node is null || containers.Count == 0)
            return "";
        var c = containers[0];
        int up = 0;
        var lca = c;
        while (lca is not null && !PageTree.IsInside(node, lca))
        {
            lca = lca.Parent;
            up++;
        }
        int order = 0, pos = 0;
        foreach (var n in PageTree.Descendants(body))
        {
            pos++;
            if (ReferenceEquals(n, node))
                order = pos;
            if (ReferenceEquals(n, c))
                order = order == 0 ? 1 : -1;
        }
        string where = order == -1 ? "before" : "after";
        return string.Create(CultureInfo.InvariantCulture, $" ({where}, lca {up} up: {(lca is null ? "-" : lca.Tag + "." + Trunc(lca.Marks, 30))})");
    }

    /// <summary>The block of the containers that holds the snippet, with what the filters look at.</summary>
    private static string BlockOf(List<PageNode> containers, string snippet)
    {
        foreach (var c in containers)
        {
            foreach (var b in TextBlocks.Blocks(c))
            {
                if (Whitespace.Collapse(b.Text).Contains(snippet, StringComparison.Ordinal) || snippet.Contains(Whitespace.Collapse(b.Text), StringComparison.Ordinal))
                    return string.Create(CultureInfo.InvariantCulture, $"<{b.Tag} {b.Group} len {b.Length} ld {b.LinkDensity:F2} gld {b.GroupLinkDensity:F2} h {b.Heading}>");
            }
        }
        return "<spans blocks>";
    }

    private static string Trunc(string s, int n) => s.Length <= n ? s : s[..n];

    private static string Short(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
