namespace Tidings.Extraction;

/// <summary>A cheap scan before parsing: cuts out the bodies of scripts, styles and comments, which are often more than
/// half of a page's bytes and never article text, and keeps the JSON-LD blocks for the metadata reader.</summary>
internal static class HtmlPrepass
{
    internal static string Strip(string html, List<string> jsonLd)
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
                    if (script && (rest[..tagEnd].Contains("text/template", StringComparison.OrdinalIgnoreCase) || rest[..tagEnd].Contains("text/html", StringComparison.OrdinalIgnoreCase)))
                    {
                        // client-side templates often hold the article markup itself: keep it as markup
                        sb ??= new System.Text.StringBuilder(html.Length);
                        sb.Append(span[copied..i]).Append(span[bodyStart..bodyEnd]);
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
