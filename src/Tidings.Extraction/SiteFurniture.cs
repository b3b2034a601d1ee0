using Tidings.Core;

namespace Tidings.Extraction;

/// <summary>Cross-page knowledge as explicit state: per site (a page's URL host, else its folder), in how many distinct
/// pages each short line of flattened text appeared. A line seen on at least <see cref="RepeatThreshold"/> other pages of
/// the site is that site's furniture: the pipeline stage marks it in <see cref="Document.Furniture"/>, and the features
/// leave it out, so shared menus and taglines join no stories. The stored text and the content id are never changed:
/// both come from extraction, a pure function of the page.
/// <para>Learning counts distinct pages (by content id) per line, so what a page gets depends on the set of pages
/// learned so far (this batch and the batches before it in the run), not on their order or on threads. HTML pages
/// are left alone: their furniture is pruned from the page structure. Bounded: <see cref="MaxSites"/> sites,
/// <see cref="MaxLinesPerSite"/> line hashes per site, lines up to <see cref="MaxLineLength"/> characters.</para></summary>
public sealed class SiteFurniture : IBatchStage
{
    /// <summary>A line seen on at least this many other pages of the site is furniture.</summary>
    public const int RepeatThreshold = 3;
    internal const int MaxSites = 512;
    internal const int MaxLinesPerSite = 50_000;
    internal const int MaxLineLength = 200;

    private sealed class Site
    {
        internal Dictionary<ulong, int> Lines { get; } = [];
        internal HashSet<string> Pages { get; } = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<string, Site> _sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    private SiteFurniture() { }

    /// <summary>An empty memory.</summary>
    public static SiteFurniture Create() => new();

    public string Name => "site-furniture";
    public DocumentFields Requires => DocumentFields.Text | DocumentFields.Id;
    public DocumentFields Assigns => DocumentFields.Furniture;

    /// <summary>Counts the lines of every plain-text page of the batch under its site, once per distinct page.</summary>
    public void Learn(IReadOnlyList<Document> batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        lock (_lock)
        {
            foreach (var d in batch)
            {
                if (SiteOf(d.Raw) is not { } name)
                    continue;
                if (!_sites.TryGetValue(name, out var site))
                {
                    if (_sites.Count >= MaxSites)
                        _sites.Clear();
                    _sites[name] = site = new Site();
                }
                if (!site.Pages.Add(d.Id))
                    continue; // the same page again (a copy under another name) does not count twice
                if (site.Pages.Count > MaxLinesPerSite)
                    site.Pages.Clear();
                foreach (var h in LineHashes(d.Text))
                {
                    if (site.Lines.Count >= MaxLinesPerSite && !site.Lines.ContainsKey(h))
                        continue;
                    site.Lines[h] = site.Lines.GetValueOrDefault(h) + 1;
                }
            }
        }
    }

    /// <summary>Marks the lines of the page that its site repeats on at least <see cref="RepeatThreshold"/> other pages.</summary>
    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var text = document.Text;
        var furniture = new HashSet<string>(StringComparer.Ordinal);
        if (SiteOf(document.Raw) is { } name)
        {
            lock (_lock)
            {
                if (_sites.TryGetValue(name, out var site))
                {
                    // pages learned include this one (when it was learned): "other pages" leaves it out
                    int self = site.Pages.Contains(document.Id) ? 1 : 0;
                    foreach (var line in text.Split('\n'))
                    {
                        if (line.Length is > 0 and <= MaxLineLength && site.Lines.GetValueOrDefault(Hash(line)) - self >= RepeatThreshold)
                            furniture.Add(line);
                    }
                }
            }
        }
        document.Furniture = furniture;
    }

    private static HashSet<ulong> LineHashes(string text)
    {
        var hashes = new HashSet<ulong>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length is > 0 and <= MaxLineLength)
                hashes.Add(Hash(line));
        }
        return hashes;
    }

    /// <summary>The site of a plain-text page: its URL's host, else its folder; null for HTML and for standard input.</summary>
    internal static string? SiteOf(RawDocument raw)
    {
        if (raw.Kind == ContentKind.Html || (raw.Kind == ContentKind.Unknown && raw.Content.Length > 0 && LooksLikeHtml(raw.Content)))
            return null;
        if (raw.Url is { } u && Uri.TryCreate(u, UriKind.Absolute, out var uri))
            return uri.Host;
        if (raw.Source is { Length: > 0 } src && src != "-")
            return Path.GetDirectoryName(Path.GetFullPath(src));
        return null;
    }

    private static bool LooksLikeHtml(byte[] content)
    {
        var head = System.Text.Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 2048));
        return Extractor.Sniff(head) == ContentKind.Html;
    }

    internal static ulong Hash(string s)
    {
        ulong h = 14695981039346656037UL;
        foreach (char c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return h;
    }
}
