using System.Text;
using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>One line of output text with what the filters need to know about where it came from.</summary>
internal sealed record TextBlock(string Text, string Tag, int Length, int LinkLength, bool InList, bool Heading, string? Group, double GroupLinkDensity)
{
    internal double LinkDensity => Length == 0 ? 0 : (double)LinkLength / Length;
}

/// <summary>Finds the article in a page tree: prunes furniture by tag, role and class/id, picks the content
/// container (semantic markers first, then a readability-like paragraph score), emits its blocks through
/// link-density and boilerplate filters, and falls back to a whole-page block classifier when too little came out.</summary>
internal static partial class HtmlContent
{
    /// <summary>Below this many characters the main pass is considered to have missed the article.</summary>
    internal const int ShortText = 400;

    /// <summary>Class/id words that name furniture whatever its size.</summary>
    [GeneratedRegex(@"(?:^|[\s_\-])(?:nav|navbar|navi|navigation|menu|menue|breadcrumbs?|footer|sidebar|sidebars|related|relatedposts|share|shares|sharing|sharebar|socials?|social-?media|sociable|comments?|commentlist|respond|discussion|cookies?|consent|gdpr|newsletter|subscribe|subscription|signup|advert|advertisement|ads?|adslot|adsense|anzeige|werbung|sponsored|sponsor|recommended|recommendations?|mostread|most-read|tagcloud|tag-list|taglist|pagination|pager|paging|modal|popup|overlay|ticker|outbrain|taboola|plista|disqus|more-articles|paywall|sr-only|visually-hidden|screen-reader-text|sharedaddy|addthis|shariff|jp-relatedposts|wp-caption-text|post-navigation|nav-links|crp_related|yarpp|subnav|masthead|topbar|header-bar|site-header|site-footer|teaser-list|teaserlist|infobox-related|call-to-action|newsticker|inline-related|article-related|read-also|readalso|see-also|seealso)(?:$|[\s_\-])", RegexOptions.CultureInvariant)]
    private static partial Regex FurnitureMarks();

    /// <summary>Class/id words that name furniture when the element is small or mostly links (a "meta" or "author"
    /// wrapper around a whole recipe or article is not furniture).</summary>
    [GeneratedRegex(@"(?:^|[\s_\-])(?:meta|metadata|postmeta|post-meta|entry-meta|author|authors|author-box|byline|dateline|tags?|keywords|caption|credits?|copyright|print|rating|ratings|toolbar|skip|follow|previous|next|prev|cta|jump|toc|table-of-contents|slider|carousel|lightbox|gallery-nav|bookmarks?|feedback|poll|survey|login|popular|promo|promotion|banner|breaking|widgets?|readmore|read-more|noprint|date|dates|time|timestamp|posted-on|published|pubdate|datum|factbox|legend|infobox|topline|kicker-date|contact|kontakt)(?:$|[\s_\-])", RegexOptions.CultureInvariant)]
    private static partial Regex WeakFurnitureMarks();

    /// <summary>Furniture words found anywhere in a class/id ("BorlabsCookie", "imagecaption", "authorbox").</summary>
    [GeneratedRegex(@"cookie|consent|newsletter|caption|credit|subscri|paywall|disclaimer|sharing|social|related|recommend|breadcrumb|pagination|advert|sponsor|popup|flyout|donat|spende|signup|registration|authorbox|author-box|author-bio|authorbio|saboxplugin|contactbox|contact-box|contact-teaser|recirculation|read-next|readnext|more-from|morefrom|most-popular|mostpopular|trending|outbrain|taboola|teaser-breaker|image-source|imagesource|image-subtitle|imagedescription|image-description|bildunterschrift|bildquelle", RegexOptions.CultureInvariant)]
    private static partial Regex FurnitureSubstrings();

    [GeneratedRegex(@"articlebody|article-body|article_body|article__body|articlecontent|article-content|article_content|article__content|articletext|article-text|article_text|article__text|entry-content|entry_content|entrycontent|entry-body|post-content|post_content|postcontent|post-body|post_body|postbody|post-entry|postentry|post-text|post_text|story-body|storybody|story-content|storycontent|story-text|content-body|body-text|bodytext|text-body|single-content|blog-content|blogpost-content|news-text|newstext|news-content|td-post-content|rich-text|richtext|field-name-body|field--name-body|content-article|article-inner|article__main|articlemain|the-content|entrytext|entry-text|main-text|maintext|text-content|textcontent|artikeltext|artikel-text|beitragstext|content-text|contenttext|article-main|main-article", RegexOptions.CultureInvariant)]
    private static partial Regex ContentMarks();

    /// <summary>Class/id words of an article's lead or standfirst, often placed outside the marked body.</summary>
    [GeneratedRegex(@"intro|lead|teaser|excerpt|summary|subtitle|subline|subheadline|subhead|standfirst|vorspann|abstract|deck|kicker|description|sapo|chapo|entradilla|bajada|epigraph|sommario|occhiello", RegexOptions.CultureInvariant)]
    private static partial Regex LeadMarks();

    /// <summary>Short lines that are page furniture in any article (sharing, navigation, prompts), in several languages.</summary>
    [GeneratedRegex(@"^(?:share|share this|share on \w+|teilen|jetzt teilen|artikel teilen|tweet|tweeten|drucken|print|e-?mail|mail|facebook|twitter|whatsapp|pinterest|linkedin|xing|telegram|reddit|flipboard|kommentare?|kommentieren|comments?|\d+ comments?|\d+ kommentare?|antworten|reply|read more|weiterlesen|mehr lesen|mehr dazu|mehr erfahren|more|mehr|zurück|back|zur übersicht|nach oben|top|back to top|anzeige|advertisement|werbung|sponsored|newsletter|abonnieren|subscribe|folgen sie uns|follow us|like|gefällt mir|empfehlen|weiterempfehlen|merken|bookmark|tags?|schlagworte|schlagwörter|themen|kategorie|kategorien|categories|category|previous|next|vorheriger? (?:artikel|beitrag)|nächster (?:artikel|beitrag)|zum artikel|lesen|seite \d+|page \d+|\d+ von \d+|loading\.*|wird geladen\.*|lädt\.*|kommentare sind geschlossen|comments are closed|bisher keine kommentare|keine kommentare|no comments(?: yet)?|noch keine kommentare|\d+ min(?:ute)?s? read|lesezeit:? \d+ min(?:uten)?|cookie[- ]?einstellungen|cookie settings|akzeptieren|accept|alle akzeptieren|accept all|ok|verstanden|schließen|close|partager|compartir|condividi|compartilhar|поделиться|udostępnij|sdílet)[\s:.!»›>|]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FurnitureLine();

    /// <summary>Headings after which an article's own text is over: comments, related stories, further reading.</summary>
    [GeneratedRegex(@"^(?:\d+\s+)?(?:kommentare?|leserkommentare|comments?|responses?|\d+ (?:thoughts|antworten|replies)|leave a (?:reply|comment)|hinterlasse einen kommentar|schreibe einen kommentar|kommentar schreiben|kommentar verfassen|ähnliche (?:beiträge|artikel|themen)|verwandte (?:beiträge|artikel|themen)|related(?: posts| articles| stories| content)?|you (?:might|may) also like|more from|beliebte (?:beiträge|artikel)|meistgelesen|most (?:read|popular)|neueste (?:beiträge|artikel)|recent posts|letzte beiträge|popular posts|über den autor|über die autorin|about the author|newsletter|weiterführende (?:links|artikel)|mehr themen|weitere themen|more stories|more articles|meistdiskutiert|meistgelesene|mehr kolumnen|das könnte (?:dich|sie) auch interessieren|temas relacionados|notas relacionadas|artículos relacionados|noticias relacionadas|articles similaires|похожие статьи|comentarios|commentaires|commenti)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StopHeading();

    private static readonly HashSet<string> BlockTags = new(StringComparer.Ordinal)
    {
        "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
        "blockquote", "pre", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "figure", "figcaption", "header",
        "footer", "aside", "nav", "address", "center", "hr", "form", "fieldset", "legend", "details", "summary", "br", "body",
        "menu", "hgroup", "output", "noframes", "frameset",
    };

    private static readonly HashSet<string> StructuralFurniture = new(StringComparer.Ordinal) { "nav", "aside", "footer", "header", "menu", "figcaption" };

    /// <summary>A line that is only a date, a time or both ("23.10.2018", "3:59 PM", "05. Februar 2020, 14:30 Uhr").</summary>
    [GeneratedRegex(@"^(?:(?:am|on|le|el|il|aktualisiert|updated|published|veröffentlicht|posted|stand)[:\s]*)?[\s(]*(?:\d{1,4}[./\-]\s?(?:\d{1,2}|[\p{L}]{3,10})\.?[./\-\s]\s?\d{2,4}|\d{1,2}\.?\s+[\p{L}]{3,10}\.?\s+\d{4}|[\p{L}]{3,10}\.?\s+\d{1,2},?\s+\d{4})?[,\s|–-]*(?:(?:um\s+)?\d{1,2}[:.]\d{2}(?:\s?(?:uhr|am|pm|h))?)?[\s)]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();

    /// <summary>Photo credits and bylines of images.</summary>
    [GeneratedRegex(@"^(?:foto|fotos|photo|photos|bild|bilder|titelbild|beitragsbild|credit|credits|crédits? photos?|kuva|quelle: ?(?:getty|dpa|afp|reuters|imago)|image|imagen|foto de|©|\(c\))\s*[:©]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CreditLine();

    private static readonly HashSet<string> FurnitureRoles = new(StringComparer.OrdinalIgnoreCase)
    {
        "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar", "tablist",
    };

    /// <summary>The article text of a page body, one block per line.</summary>
    /// <summary>Set TIDINGS_EXTRACT_DEBUG=1 to see the pruning and container decisions on standard error.</summary>
    private static readonly bool Debug = Environment.GetEnvironmentVariable("TIDINGS_EXTRACT_DEBUG") == "1";

    internal static string Extract(PageNode body)
    {
        PageTree.Measure(body);
        var pruned = Prune(body);
        if (Debug)
        {
            foreach (var n in pruned)
                Console.Error.WriteLine($"pruned <{n.Tag} {n.Marks}> text {n.TextLen} para {n.ParaLen} :: {string.Join(" | ", Blocks(n).Select(b => b.Text))}");
        }
        PageTree.Measure(body);

        var containers = ChooseContainer(body);
        if (Debug)
        {
            foreach (var c in containers)
                Console.Error.WriteLine($"container <{c.Tag} {c.Marks}> text {c.TextLen} links {c.LinkLen}");
        }
        var main = Render(containers);
        if (main.Length >= ShortText)
            return main;

        // fallback 1: everything left after pruning, kept block by block
        var wide = BlockClassifier(body);
        if (wide.Length > main.Length * 2 && wide.Length >= ShortText / 2)
            main = Union(main, wide);
        if (main.Length >= ShortText / 2)
            return main;

        // fallback 2: the pruning removed the article (a misnamed wrapper); undo it and classify again
        foreach (var n in pruned)
            n.Removed = false;
        PageTree.Measure(body);
        var again = BlockClassifier(body);
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
                || (n.Marks.Length > 0 && n.Tag is not ("article" or "main" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6") && IsFurnitureName(n));
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

    private static bool IsFurnitureName(PageNode n)
    {
        if (n.ItemProp is { } ip && ip.Contains("articleBody", StringComparison.OrdinalIgnoreCase))
            return false;
        if (IsContentName(n))
            return false;
        if (n.Names.Has(FurnitureName, NameTest))
            return true;
        return (n.TextLen < 400 || n.LinkDensity > 0.4) && n.Names.Has(WeakFurnitureName, NameTest);
    }

    private const int ContentName = 1, FurnitureName = 2, WeakFurnitureName = 4, LeadName = 8;

    /// <summary>The class/id tests, cached per distinct name on a page by <see cref="MarkNames"/>.</summary>
    private static readonly Func<int, string, bool> NameTest = (kind, marks) => kind switch
    {
        ContentName => ContentMarks().IsMatch(marks),
        FurnitureName => FurnitureMarks().IsMatch(marks) || FurnitureSubstrings().IsMatch(marks),
        WeakFurnitureName => WeakFurnitureMarks().IsMatch(marks),
        LeadName => LeadMarks().IsMatch(marks) && !marks.Contains("caption", StringComparison.Ordinal) && !marks.Contains("image", StringComparison.Ordinal),
        _ => false,
    };

    private static bool IsContentName(PageNode n) => n.Marks.Length > 0 && n.Names.Has(ContentName, NameTest);

    private static bool IsLeadName(PageNode n) => n.Marks.Length > 0 && n.Names.Has(LeadName, NameTest);

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

    /// <summary>The element that holds the article: the largest element marked as article body, else the largest
    /// &lt;article&gt;, else &lt;main&gt;; when none has enough text, the best paragraph-scored element.</summary>
    internal static List<PageNode> ChooseContainer(PageNode body)
    {
        PageNode?[] best = new PageNode?[4];
        var marked = new List<PageNode>();
        foreach (var n in PageTree.Descendants(body))
        {
            if (n.IsText || n.ParaLen + 0 < 1 && n.TextLen < ShortText)
                continue;
            int level = n.ItemProp is { } ip && ip.Contains("articleBody", StringComparison.OrdinalIgnoreCase) ? 1
                : IsContentName(n) ? 1
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
            if (best[level] is { } c && Useful(c) >= ShortText)
            {
                // a marked container much smaller than the scored one is a fragment (a lead box, one of several bodies)
                if (scored is not null && Useful(scored) > 3 * Useful(c) && PageTree.IsInside(c, scored))
                    return WithSiblings(scored);
                return WithLead(c, Continuations(c));
            }
        }
        if (scored is null)
            return [body];
        var list = WithSiblings(scored);
        var lead = WithLead(list[0]);
        if (lead.Count > 1)
            list.InsertRange(0, lead.Take(lead.Count - 1));
        return list;
    }

    /// <summary>The marked container, preceded by the article's lead when that sits just before it (in a header, an intro box).</summary>
    private static List<PageNode> WithLead(PageNode c, List<PageNode>? body = null)
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
                if (Useful(s) < 80 || s.LinkDensity > 0.2 || IsLeadName(s))
                    continue;
                if (seen)
                    (after ??= []).Add(s);
                else
                    (before ??= []).Add(s);
            }
            if (before is null && after is null)
                continue;
            if (Debug)
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
            int useful = Useful(d);
            if (useful < 40 || d.LinkDensity > 0.3)
                continue;
            if (IsLeadName(d))
                return d;
            if (!markedOnly && d.Tag == "p" && useful >= 80 && HasSentenceEnd(d))
                return d;
        }
        return null;
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
        return list.Count == 1 ? Continuations(top) : list;
    }

    private static bool HasSentenceEnd(PageNode n)
    {
        PageNode? last = null;
        foreach (var d in PageTree.Descendants(n))
        {
            if (d.IsText && d.TextLen > 0)
                last = d;
        }
        return last is not null && LooksLikeSentence(last.Text!.TrimEnd());
    }

    private static int Useful(PageNode n) => n.TextLen - n.LinkLen;

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
            if (c.IsText || !BlockTags.Contains(c.Tag))
                direct += c.TextLen;
        }
        return direct >= 25;
    }

    /// <summary>Writes the blocks of a container that pass the filters.</summary>
    /// <summary>Trailing lines shorter than this without sentence punctuation are dropped.</summary>
    internal const int TrailingLabel = 30;

    /// <summary>Leading lines shorter than this, without sentence punctuation and not headings, are dropped.</summary>
    internal const int LeadingLabel = 20;

    internal static string Render(List<PageNode> roots)
    {
        var blocks = new List<TextBlock>();
        foreach (var root in roots)
            blocks.AddRange(Blocks(root));
        // after the last paragraph-like block, short label-like lines are the container's own furniture
        int end = blocks.Count;
        while (end > 0 && blocks[end - 1] is { } t && t.Length < TrailingLabel && !LooksLikeSentence(t.Text) && t.Tag is not ("li" or "td" or "pre"))
            end--;
        if (end == 0)
            end = blocks.Count;
        // before the first paragraph, very short label-like lines are kickers and category labels ("Promis", "Wohnen")
        int start = 0;
        while (start < end && blocks[start] is { } l
            && (l.Tag == "h1" || (l.Length < LeadingLabel && !LooksLikeSentence(l.Text) && !l.Heading && l.Tag is not ("li" or "td" or "pre"))))
            start++; // (the h1 is the title and never kept)
        if (start == end)
            start = 0;
        var sb = new StringBuilder();
        int kept = 0;
        for (int i = start; i < end; i++)
        {
            var b = blocks[i];
            if (IsStop(b))
            {
                bool related = RelatedHeading().IsMatch(b.Text);
                if (kept >= 200 && !(related && ProseAfter(blocks, i + 1, end) >= ShortText))
                {
                    if (Debug)
                        Console.Error.WriteLine($"stop at: {b.Text}");
                    break;
                }
                if (related)
                {
                    // a related-stories box inside the article: its heading goes (its links fail the link filters),
                    // the article goes on
                    if (Debug)
                        Console.Error.WriteLine($"inline box: {b.Text}");
                    continue;
                }
            }
            if (!Keep(b))
            {
                if (Debug)
                    Console.Error.WriteLine($"dropped [{b.Tag} {b.Group} ld {b.LinkDensity:F2} gld {b.GroupLinkDensity:F2}] {b.Text}");
                continue;
            }
            sb.Append(b.Text).Append('\n');
            kept += b.Length;
        }
        return sb.ToString().TrimEnd();
    }

    /// <summary>Short lines that announce a teaser or link inside an article ("See also", "Lesen Sie auch"): the line goes,
    /// the article goes on.</summary>
    [GeneratedRegex(@"^(?:weiterführende (?:links|informationen)|zum weiterlesen|mehr zu\b|mehr zum thema|siehe auch|see also|read next|read more|lust auf mehr\??|schon gelesen\??|auch interessant|dazu passend|passend dazu|lesen sie auch|lies auch|veja também|leia também|lee también|te puede interesar|à lire aussi|lire aussi|leggi anche|читайте также|читайте още|прочетете още)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TeaserHeading();

    /// <summary>Labels of the boxes around an article (more from, contact, sources, topics, share this), which name a
    /// section of the page rather than say anything: the line goes, what follows is judged on its own.</summary>
    [GeneratedRegex(@"^(?:weitere?[nrs]?\s+(?:aktuelle\s+)?[\p{L}\-]*(?:informationen|infos|artikel|beiträge|themen|nachrichten|news|meldungen|links|tipps|stories|videos|bilder|fotos|inhalte|berichte)(?:\s+(?:aus|zu|zum|zur|von|im|in|der|dem|den|die|das)\s+.{1,30})?|mehr\s+(?:aus|zu|zum|zur|von|über)\s+.{1,40}|more\s+(?:from|on|about|in)\s+.{1,40}|kontakt|ansprechpartner(?:in)?|zusatzinformationen|quellen|quellenangaben|themen im artikel|explore further|empfohlene (?:beiträge|artikel)|entdecke weitere .{1,40}|(?:das )?(?:thema )?könnte (?:dich|sie) auch interessieren|vorschau auf den nächsten artikel|(?:möchten sie )?(?:diesen|den) artikel teilen|zobacz (?:także|również|też)|więcej informacji|czytaj (?:także|również|więcej)|contenido relacionado|noticias relacionadas)[\s:?!.]*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SectionLabel();

    /// <summary>Calls to subscribe, follow, download an app or support the site, and advertising disclosures.</summary>
    [GeneratedRegex(@"\b(?:subscribe (?:now|today|to)|to view the full story|already a subscriber|first-time subscribers|download (?:the|our) .{0,40}apps?\b|follow (?:us|the \w+) on|s[ií]guenos en|folg(?:e|t|en sie) uns (?:auf|bei)|abonnieren sie (?:unseren|den)|zapraszamy (?:też )?do subskrypcji|hazte (?:miembro|socio)|canal de (?:telegram|youtube|whatsapp)|sign up for (?:our|the) newsletter|if you enjoyed (?:reading )?this|gefällt (?:dir|ihnen) unser|support (?:our|independent) journalism|immediate online access|instant access to the full|enthält (?:affiliate|werbung)|werbung\. dieser beitrag|this post (?:contains|may contain) (?:references|affiliate))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PromoLine();

    /// <summary>A photo credit on its own line: "Name/Getty Images", "Quelle: dpa", "Abbildung 4: …".</summary>
    [GeneratedRegex(@"(?:^(?:quelle|source|fuente|źródło|credit|abbildung(?:\s*\d+)?|abb\.\s*\d+)\s*:|/\s*(?:getty images|wenn(?:\.com)?|dpa|afp|reuters|imago(?: images)?|ap|shutterstock|istock(?:photo)?|picture[- ]alliance|unsplash|pixabay|epa|keystone)\s*$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SourceLine();

    /// <summary>Stop headings of related-stories boxes, which some sites place in the middle of the article.</summary>
    [GeneratedRegex(@"^(?:\d+\s+)?(?:related|verwandte|ähnliche|you (?:might|may) also like|more (?:from|stories|articles)|weiterführende|mehr themen|weitere themen|das könnte|temas relacionados|notas relacionadas|artículos relacionados|noticias relacionadas|articles similaires|похожие статьи)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RelatedHeading();

    /// <summary>Characters of prose (paragraphs of 80+ characters with few links, outside lists) from block
    /// <paramref name="from"/> to the next stop heading.</summary>
    private static int ProseAfter(List<TextBlock> blocks, int from, int end)
    {
        int prose = 0;
        for (int j = from; j < end; j++)
        {
            var b = blocks[j];
            if (IsStop(b))
                break;
            if (b.Length >= 80 && b.LinkDensity < 0.2 && b.Group is null && !b.Heading && Keep(b))
                prose += b.Length;
        }
        return prose;
    }

    private static bool IsStop(TextBlock b) =>
        b.Length <= 60 && (b.Heading || b.Length <= 40) && StopHeading().IsMatch(b.Text);

    private static bool Keep(TextBlock b)
    {
        if (b.Length == 0)
            return false;
        if (b.Tag == "h1")
            return false; // the headline is the title, reported on its own
        double ld = b.LinkDensity;
        if (b.Group is "table")
        {
            if (b.GroupLinkDensity > 0.7)
                return false;
        }
        else if (b.Group is not null)
        {
            if ((b.GroupLinkDensity > 0.5 && ld >= 0.3) || (ld > 0.9 && b.GroupLinkDensity > 0.3))
                return false;
        }
        else if (ld >= 0.6 && b.Tag != "pre")
            return false;
        if (b.Group is null && ld > 0.35 && b.Length < 80)
            return false;
        if (b.Length <= 60 && FurnitureLine().IsMatch(b.Text))
            return false;
        if (b.Length <= 40 && TeaserHeading().IsMatch(b.Text))
            return false;
        if (b.Length <= 40 && DateLine().IsMatch(b.Text))
            return false;
        if (b.Length <= 120 && CreditLine().IsMatch(b.Text))
            return false;
        if (b.Length <= 60 && SectionLabel().IsMatch(b.Text))
            return false;
        if (b.Length <= 80 && SourceLine().IsMatch(b.Text))
            return false;
        if (b.Length <= 250 && PromoLine().IsMatch(b.Text))
            return false;
        return true;
    }

    /// <summary>jusText-like: long blocks with few links are good, short ones are kept only between good ones.</summary>
    private static string BlockClassifier(PageNode body)
    {
        var blocks = Blocks(body);
        var good = new bool[blocks.Count];
        for (int i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            good[i] = Keep(b) && b.LinkDensity < 0.25 && (b.Length >= 70 || (b.Length >= 30 && LooksLikeSentence(b.Text)));
        }
        var sb = new StringBuilder();
        for (int i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            bool keep = good[i] || (Keep(b) && b.Length >= 10 && b.LinkDensity < 0.2 && i > 0 && i + 1 < blocks.Count && good[i - 1] && good[i + 1]);
            if (keep)
                sb.Append(b.Text).Append('\n');
        }
        return sb.ToString().TrimEnd();
    }

    internal static bool LooksLikeSentence(string s)
    {
        if (s.Length == 0)
            return false;
        char last = s[^1];
        return last is '.' or '!' or '?' or '…' or '。' or '！' or '？' or '"' or '”' or '»' or '«' or ':' or ')';
    }

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
