namespace Tidings.Extraction;

/// <summary>Remembers, per site, in how many distinct pages each short line appeared, so lines repeated across many
/// pages of one site (menus, labels, footers) can be treated as furniture. Thread-safe and bounded; a page seen alone
/// simply gets no help from it.</summary>
internal sealed class SiteMemory
{
    /// <summary>A line seen on at least this many other pages of the site is furniture.</summary>
    internal const int RepeatThreshold = 3;
    private const int MaxSites = 512;
    private const int MaxLinesPerSite = 50_000;
    private const int MaxLineLength = 200;

    private sealed class Site
    {
        internal Dictionary<ulong, int> Lines { get; } = [];
        internal HashSet<ulong> Pages { get; } = [];
    }

    private readonly Dictionary<string, Site> _sites = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();

    /// <summary>Records the page's lines and returns a test for "repeated on other pages of this site".</summary>
    internal Func<string, bool> Observe(string site, IReadOnlyList<string> lines, ulong pageHash)
    {
        var hashes = new HashSet<ulong>();
        foreach (var l in lines)
        {
            if (l.Length is > 0 and <= MaxLineLength)
                hashes.Add(Hash(l));
        }
        Dictionary<ulong, int> snapshot;
        lock (_lock)
        {
            if (!_sites.TryGetValue(site, out var s))
            {
                if (_sites.Count >= MaxSites)
                    _sites.Clear();
                s = new Site();
                _sites[site] = s;
            }
            bool seenPage = !s.Pages.Add(pageHash);
            snapshot = new Dictionary<ulong, int>(hashes.Count);
            foreach (var h in hashes)
            {
                int count = s.Lines.GetValueOrDefault(h);
                snapshot[h] = seenPage ? Math.Max(0, count - 1) : count; // other pages only
                if (!seenPage)
                {
                    if (s.Lines.Count >= MaxLinesPerSite)
                        s.Lines.Clear();
                    s.Lines[h] = count + 1;
                }
            }
            if (s.Pages.Count > MaxLinesPerSite)
                s.Pages.Clear();
        }
        return line => line.Length <= MaxLineLength && snapshot.GetValueOrDefault(Hash(line)) >= RepeatThreshold;
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
