namespace Tidings.Extraction;

/// <summary>A cheap scan before parsing: cuts out the bodies of scripts, styles and comments, which are often more than
/// half of a page's bytes and never article text, and keeps the JSON-LD blocks for the metadata reader.</summary>
internal static class HtmlPrepass
{
    /// <summary>Markup after this many characters (scripts and styles already removed) is not parsed: no article
    /// is that long, and it bounds the time and memory a huge page can take.</summary>
    internal const int MaxChars = 4_000_000;

    /// <summary>Open elements deeper than this are dropped before parsing (browsers cap nesting too); without it a
    /// parser's scope checks make 10,000 nested elements quadratic.</summary>
    internal const int MaxNesting = 512;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen",
        // implicitly closed: they never nest deeply in the parsed tree
        "p", "li", "td", "th", "tr", "option", "dt", "dd", "optgroup", "rb", "rt", "rp",
    };

    internal static string Prepare(string html, List<string> jsonLd)
    {
        var s = Strip(html, jsonLd);
        s = LimitNesting(s);
        if (s.Length > MaxChars)
        {
            int cut = s.LastIndexOf('<', MaxChars);
            s = s[..(cut > 0 ? cut : MaxChars)];
        }
        return s;
    }

    /// <summary>The attributes extraction reads; all others (srcset, data-*, inline handlers, styles of layout) are
    /// dropped before parsing, which removes about two thirds of the markup the parser would otherwise tokenize.</summary>
    private static readonly HashSet<string> KeptAttributes = new(StringComparer.OrdinalIgnoreCase)
    {
        "class", "id", "itemprop", "role", "href", "hidden", "style", "aria-hidden", "lang", "content", "property", "name", "rel",
        "datetime", "charset", "http-equiv", "type",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KeptLookup = KeptAttributes.GetAlternateLookup<ReadOnlySpan<char>>();

    internal static bool KeepAttribute(ReadOnlySpan<char> name) => KeptLookup.Contains(name);

    /// <summary>Rewrites every tag with only the attributes extraction reads, and removes start tags (and their end
    /// tags) nested deeper than <see cref="MaxNesting"/>.</summary>
    internal static string LimitNesting(string html)
    {
        var span = html.AsSpan();
        int depth = 0, copied = 0, i = 0;
        var suppressed = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var sb = new System.Text.StringBuilder(html.Length / 2);
        while (i < span.Length)
        {
            int lt = span[i..].IndexOf('<');
            if (lt < 0)
                break;
            i += lt;
            bool close = i + 1 < span.Length && span[i + 1] == '/';
            int nameStart = i + (close ? 2 : 1);
            int nameEnd = nameStart;
            while (nameEnd < span.Length && (char.IsAsciiLetterOrDigit(span[nameEnd]) || span[nameEnd] is '-' or ':' or '_'))
                nameEnd++;
            if (nameEnd == nameStart || !char.IsAsciiLetter(span[nameStart]))
            {
                i++;
                continue;
            }
            var name = span[nameStart..nameEnd];
            // scan attributes, honouring quotes, to find the real end of the tag
            int j = nameEnd;
            bool selfClosing = false;
            int attrsStart = sb.Length;
            sb.Append(span[copied..i]);
            sb.Append(close ? "</" : "<").Append(name);
            while (j < span.Length)
            {
                char c = span[j];
                if (c == '>')
                {
                    j++;
                    break;
                }
                if (char.IsWhiteSpace(c) || c == '/')
                {
                    selfClosing = c == '/';
                    j++;
                    continue;
                }
                selfClosing = false;
                int an = j;
                while (j < span.Length && !char.IsWhiteSpace(span[j]) && span[j] is not ('=' or '>' or '/'))
                    j++;
                var attrName = span[an..j];
                while (j < span.Length && char.IsWhiteSpace(span[j]))
                    j++;
                int vs = j, ve = j;
                if (j < span.Length && span[j] == '=')
                {
                    j++;
                    while (j < span.Length && char.IsWhiteSpace(span[j]))
                        j++;
                    vs = j;
                    if (j < span.Length && span[j] is '"' or '\'')
                    {
                        char q = span[j];
                        int end = span[(j + 1)..].IndexOf(q);
                        j = end < 0 ? span.Length : j + 1 + end + 1;
                    }
                    else
                    {
                        while (j < span.Length && !char.IsWhiteSpace(span[j]) && span[j] != '>')
                            j++;
                    }
                    ve = j;
                }
                if (!close && attrName.Length > 0 && KeepAttribute(attrName))
                {
                    sb.Append(' ').Append(attrName);
                    if (ve > vs)
                        sb.Append('=').Append(span[vs..ve]);
                }
            }
            int tagEnd = Math.Min(j, span.Length);
            bool cut = false;
            if (!IsVoid(name))
            {
                if (close)
                {
                    var key = name.ToString();
                    if (suppressed.TryGetValue(key, out int n) && n > 0)
                    {
                        suppressed[key] = n - 1;
                        cut = true;
                    }
                    else if (depth > 0)
                    {
                        depth--;
                    }
                }
                else if (!selfClosing)
                {
                    if (depth >= MaxNesting)
                    {
                        var key = name.ToString();
                        suppressed[key] = suppressed.GetValueOrDefault(key) + 1;
                        cut = true;
                    }
                    else
                    {
                        depth++;
                    }
                }
            }
            if (cut)
                sb.Length = attrsStart + (i - copied); // keep the text before the tag, drop the tag
            else
                sb.Append(selfClosing ? "/>" : ">");
            copied = tagEnd;
            i = tagEnd;
        }
        sb.Append(span[copied..]);
        return sb.ToString();
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> VoidLookup = Void.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsVoid(ReadOnlySpan<char> name) => VoidLookup.Contains(name);

    internal static string Strip(string html, List<string> jsonLd, int level = 0)
    {
        var span = html.AsSpan();
        System.Text.StringBuilder? sb = null;
        int copied = 0, i = 0;
        while (i < span.Length)
        {
            int lt = span[i..].IndexOf('<');
            if (lt < 0)
                break;
            i += lt;
            var rest = span[i..];
            int cutEnd = -1;
            if (rest.StartsWith("<!--", StringComparison.Ordinal))
            {
                int end = rest[4..].IndexOf("-->", StringComparison.Ordinal);
                cutEnd = end < 0 ? span.Length : i + 4 + end + 3;
            }
            else if (StartsTag(rest, "script") || StartsTag(rest, "style"))
            {
                bool script = rest[1] is 's' or 'S' && rest[2] is 'c' or 'C';
                string close = script ? "</script" : "</style";
                int tagEnd = rest.IndexOf('>');
                if (tagEnd < 0)
                {
                    cutEnd = span.Length;
                }
                else
                {
                    int end = rest[(tagEnd + 1)..].IndexOf(close, StringComparison.OrdinalIgnoreCase);
                    int bodyStart = i + tagEnd + 1;
                    int bodyEnd = end < 0 ? span.Length : bodyStart + end;
                    if (script && rest[..tagEnd].Contains("ld+json", StringComparison.OrdinalIgnoreCase) && jsonLd.Count < 16)
                        jsonLd.Add(html[bodyStart..bodyEnd]);
                    if (script && level < 2 && (rest[..tagEnd].Contains("text/template", StringComparison.OrdinalIgnoreCase) || rest[..tagEnd].Contains("text/html", StringComparison.OrdinalIgnoreCase)))
                    {
                        // client-side templates often hold the article markup itself: keep it as markup
                        sb ??= new System.Text.StringBuilder(html.Length);
                        sb.Append(span[copied..i]).Append(Strip(html[bodyStart..bodyEnd], jsonLd, level + 1));
                        int gt = end < 0 ? -1 : span[bodyEnd..].IndexOf('>');
                        copied = i = end < 0 || gt < 0 ? span.Length : bodyEnd + gt + 1;
                        continue;
                    }
                    if (end < 0)
                    {
                        cutEnd = span.Length;
                    }
                    else
                    {
                        int closeGt = span[bodyEnd..].IndexOf('>');
                        cutEnd = closeGt < 0 ? span.Length : bodyEnd + closeGt + 1;
                    }
                }
            }
            if (cutEnd < 0)
            {
                i++;
                continue;
            }
            sb ??= new System.Text.StringBuilder(html.Length / 2);
            sb.Append(span[copied..i]);
            copied = cutEnd;
            i = cutEnd;
        }
        if (sb is null)
            return html;
        sb.Append(span[copied..]);
        return sb.ToString();
    }

    private static bool StartsTag(ReadOnlySpan<char> s, string name)
    {
        if (s.Length < name.Length + 2 || !s[1..].StartsWith(name, StringComparison.OrdinalIgnoreCase))
            return false;
        char after = s[name.Length + 1];
        return after is '>' or ' ' or '\t' or '\n' or '\r' or '/';
    }
}
