namespace Tidings.Extraction;

/// <summary>Finds the article in a page tree: prunes furniture (<see cref="Pruning"/>), picks the content container
/// (<see cref="ContainerChoice"/>, <see cref="ArticleEdges"/>), writes its blocks through the filters
/// (<see cref="Rendering"/>, <see cref="BlockFilters"/>), and falls back to a whole-page block classifier when too
/// little came out.</summary>
internal static class HtmlContent
{
    /// <summary>Below this many characters the main pass is considered to have missed the article.</summary>
    internal const int ShortText = 400;

    /// <summary>Set TIDINGS_EXTRACT_DEBUG=1 to see the pruning and container decisions on standard error.</summary>
    internal static readonly bool Debug = Environment.GetEnvironmentVariable("TIDINGS_EXTRACT_DEBUG") == "1";

    /// <summary>The article text of a page body, one block per line.</summary>
    internal static string Extract(PageNode body)
    {
        PageTree.Measure(body);
        var pruned = Pruning.Prune(body);
        if (Debug)
        {
            foreach (var n in pruned)
                Console.Error.WriteLine($"pruned <{n.Tag} {n.Marks}> text {n.TextLen} para {n.ParaLen} :: {string.Join(" | ", TextBlocks.Blocks(n).Select(b => b.Text))}");
        }
        PageTree.Measure(body);

        var containers = ContainerChoice.ChooseContainer(body);
        if (Debug)
        {
            foreach (var c in containers)
                Console.Error.WriteLine($"container <{c.Tag} {c.Marks}> text {c.TextLen} links {c.LinkLen}");
        }
        var main = Rendering.Render(containers);
        if (main.Length >= ShortText)
            return main;

        // fallback 1: everything left after pruning, kept block by block
        var wide = Rendering.BlockClassifier(body);
        if (wide.Length > main.Length * 2 && wide.Length >= ShortText / 2)
            main = Union(main, wide);
        if (main.Length >= ShortText / 2)
            return main;

        // fallback 2: the pruning removed the article (a misnamed wrapper); undo it and classify again
        foreach (var n in pruned)
            n.Removed = false;
        PageTree.Measure(body);
        var again = Rendering.BlockClassifier(body);
        return again.Length > main.Length * 2 ? Union(main, again) : main;
    }

    /// <summary>A fallback's text with the lines of the (short) main pass that it lacks in front: what the container
    /// held was chosen for a reason.</summary>
    private static string Union(string main, string fallback) => JoinLines(LinesMissingFrom(main, fallback), fallback);

    /// <summary>The non-empty lines of <paramref name="text"/> that <paramref name="other"/> does not hold as lines, in
    /// order, joined by newlines.</summary>
    internal static string LinesMissingFrom(string text, string other)
    {
        if (text.Length == 0)
            return "";
        var have = new HashSet<string>(other.Split('\n'), StringComparer.Ordinal);
        return string.Join('\n', text.Split('\n').Where(l => l.Length > 0 && !have.Contains(l)));
    }

    /// <summary>Two texts one after the other on separate lines; an empty one adds nothing.</summary>
    internal static string JoinLines(string first, string second) =>
        first.Length == 0 ? second : second.Length == 0 ? first : first + "\n" + second;
}
