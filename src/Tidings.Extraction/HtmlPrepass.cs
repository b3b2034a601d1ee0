namespace Tidings.Extraction;

/// <summary>A cheap scan before parsing: cuts out the bodies of scripts, styles and comments, which are often more than
/// half of a page's bytes and never article text, and keeps the JSON-LD blocks for the metadata reader.</summary>
internal static class HtmlPrepass
{
    /// <summary>Markup after this many characters (scripts and styles already removed) is not parsed by default
    /// (<see cref="ExtractionOptions.MaxMarkupChars"/>): no article is that long, and it bounds the time and memory a
    /// huge page can take.</summary>
    internal static int MaxChars => Limits.Defaults.MaxMarkupChars;

    /// <summary>Open elements deeper than this are dropped before parsing (browsers cap nesting too); without it a
    /// parser's scope checks make 10,000 nested elements quadratic.</summary>
    internal const int MaxNesting = 512;

    private static readonly HashSet<string> Void = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen",
        // implicitly closed: they never nest deeply in the parsed tree
        "p", "li", "td", "th", "tr", "option", "dt", "dd", "optgroup", "rb", "rt", "rp",
    };

    internal static Prepared Prepare(string html, List<string> jsonLd) => Prepare(html, jsonLd, false, out _);

    /// <summary>Strips, rewrites and bounds the markup. With <paramref name="cutFurniture"/>, &lt;nav&gt;, &lt;aside&gt; and
    /// &lt;footer&gt; elements are cut out before parsing too (about a fifth of the markup left on the dev set); the
    /// content pass would prune them anyway, so a caller that finds too little text parses again without the cut
    /// (<paramref name="cut"/> says whether there was anything to undo). The result lives in a pooled buffer: dispose
    /// it when the parsed document is no longer used.</summary>
    internal static Prepared Prepare(string html, List<string> jsonLd, bool cutFurniture, out bool cut, Limits? limits = null)
    {
        int max = limits?.Options.MaxMarkupChars ?? MaxChars;
        var state = new CutState { Furniture = cutFurniture };
        using var stripped = new CharBuffer(html.Length);
        Strip(html, jsonLd, 0, state, stripped);
        cut = state.CutFurniture;
        var output = new CharBuffer(stripped.Length);
        LimitNesting(stripped.Span, output);
        if (output.Length > max)
        {
            limits?.Warn(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"markup cut at {max:N0} characters (it had {output.Length:N0} without scripts and styles)"));
            // first every run of text is shortened to a quarter of the limit (a 5 MB title must not push the article
            // out), then the markup is cut
            ShortenRuns(output, Math.Max(1, max / 4));
        }
        if (output.Length > max)
        {
            // cut at the limit, or before the tag the limit falls in: never before a whole element, so a page that is
            // one huge paragraph (or title) keeps its first part
            var head = output.Span[..max];
            int lt = head.LastIndexOf('<'), gt = head.LastIndexOf('>');
            int end = lt > gt ? lt : char.IsHighSurrogate(head[^1]) ? max - 1 : max;
            output.Length = end;
        }
        return new Prepared(output);
    }

    /// <summary>Drops the characters of every text run (between a tag's '&gt;' and the next '&lt;') and of every quoted
    /// attribute value beyond <paramref name="maxRun"/>, in place (a 10 MB class name must not push the article out
    /// either).</summary>
    private static void ShortenRuns(CharBuffer buffer, int maxRun)
    {
        var a = buffer.Array;
        int n = buffer.Length, w = 0, run = 0;
        bool inTag = false;
        char quote = '\0';
        for (int r = 0; r < n; r++)
        {
            char c = a[r];
            if (quote != '\0')
            {
                if (c == quote)
                    quote = '\0';
                else if (++run > maxRun)
                    continue;
                a[w++] = c;
                continue;
            }
            if (c == '<')
            {
                inTag = true;
            }
            else if (inTag && c is '"' or '\'')
            {
                quote = c;
                run = 0;
            }
            else if (c == '>')
            {
                inTag = false;
                run = 0;
                a[w++] = c;
                continue;
            }
            if (!inTag && ++run > maxRun)
                continue;
            a[w++] = c;
        }
        buffer.Length = w;
    }

    /// <summary>Markup ready for the parser, in a pooled array. (Parse <see cref="Memory"/>: AngleSharp's char-array
    /// source reads past the given length, into what the array held before.)</summary>
    internal sealed class Prepared(CharBuffer buffer) : IDisposable
    {
        internal ReadOnlyMemory<char> Memory => buffer.Array.AsMemory(0, buffer.Length);
        public override string ToString() => new(buffer.Span);
        public void Dispose() => buffer.Dispose();
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

    /// <summary>Whether the prepass keeps this attribute on this element: class, id, itemprop, role and the hiding
    /// attributes everywhere (style only when it hides), and the rest only where they are read — meta fields on
    /// &lt;meta&gt;, rel and href on &lt;link&gt;, datetime on &lt;time&gt;, lang on &lt;html&gt;. Links' href values
    /// are most of the attribute text left, and nothing reads them.</summary>
    internal static bool KeepAttribute(ReadOnlySpan<char> tag, ReadOnlySpan<char> name, ReadOnlySpan<char> value)
    {
        if (!KeptLookup.Contains(name))
            return false;
        switch ((char)(name[0] | 0x20))
        {
            case 'c' when name.Length == 5: // class
            case 'i': // id, itemprop
            case 'r' when name.Length == 4: // role
            case 'h' when name.Length == 6: // hidden
            case 'a': // aria-hidden
                return true;
            case 's': // style
                return value.Contains("none", StringComparison.OrdinalIgnoreCase) || value.Contains("hidden", StringComparison.OrdinalIgnoreCase);
            case 'd': // datetime
                return tag.Equals("time", StringComparison.OrdinalIgnoreCase);
            case 'l': // lang
                return tag.Equals("html", StringComparison.OrdinalIgnoreCase);
            case 'r': // rel
            case 'h' when name.Length == 4: // href
                return tag.Equals("link", StringComparison.OrdinalIgnoreCase);
            case 't': // type
                return false;
            default: // content, property, name, charset, http-equiv (and a legacy <meta itemprop>, kept above)
                return tag.Equals("meta", StringComparison.OrdinalIgnoreCase);
        }
    }

    /// <summary>Rewrites every tag with only the attributes extraction reads, and removes start tags (and their end
    /// tags) nested deeper than <see cref="MaxNesting"/>.</summary>
    internal static void LimitNesting(ReadOnlySpan<char> span, CharBuffer sb)
    {
        int depth = 0, copied = 0, i = 0;
        var suppressed = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
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
                if (!close && attrName.Length > 0 && KeepAttribute(name, attrName, span[vs..ve]))
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
                    if (suppressed.Count > 0 && suppressed.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(name, out int n) && n > 0)
                    {
                        suppressed[name.ToString()] = n - 1;
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
    }

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> VoidLookup = Void.GetAlternateLookup<ReadOnlySpan<char>>();

    private static bool IsVoid(ReadOnlySpan<char> name) => VoidLookup.Contains(name);

    /// <summary>What <see cref="Strip"/> may cut besides scripts, styles and comments, and what it did.</summary>
    private sealed class CutState
    {
        internal bool Furniture;
        internal bool CutFurniture;
        /// <summary>Tags whose end was not found once: not looked for again (keeps unclosed tags linear).</summary>
        internal List<string>? Unclosed;
    }

    /// <summary>Elements whose content is never article text and which the page tree drops anyway: cut before parsing.</summary>
    private static readonly string[] Inert = ["svg", "select", "noscript", "template", "iframe", "math"];

    /// <summary>Structural furniture, cut before parsing on request.</summary>
    private static readonly string[] FurnitureTags = ["nav", "aside", "footer"];

    /// <summary>Writes <paramref name="html"/> to <paramref name="sb"/> without scripts, styles, comments and the cut elements.</summary>
    private static void Strip(string html, List<string> jsonLd, int level, CutState state, CharBuffer sb)
    {
        var span = html.AsSpan();
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
                        sb.Append(span[copied..i]);
                        Strip(html[bodyStart..bodyEnd], jsonLd, level + 1, state, sb);
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
            else if (rest.Length > 4 && CutTag(rest, state) is { } name)
            {
                int end = ElementEnd(span, i, name);
                if (end < 0)
                {
                    (state.Unclosed ??= []).Add(name);
                }
                else
                {
                    cutEnd = end;
                    if (name is "nav" or "aside" or "footer")
                        state.CutFurniture = true;
                    // JSON-LD inside a cut element still describes the page
                    if (span[i..end].Contains("ld+json", StringComparison.OrdinalIgnoreCase))
                    {
                        using var ignored = new CharBuffer(end - i);
                        Strip(html[(i + 1)..end], jsonLd, level + 1, new CutState(), ignored);
                    }
                }
            }
            if (cutEnd < 0)
            {
                i++;
                continue;
            }
            sb.Append(span[copied..i]);
            copied = cutEnd;
            i = cutEnd;
        }
        sb.Append(span[copied..]);
    }

    /// <summary>The name of the element to cut that starts here, if any.</summary>
    private static string? CutTag(ReadOnlySpan<char> rest, CutState state)
    {
        char c = (char)(rest[1] | 0x20);
        if (c is not ('s' or 'n' or 't' or 'i' or 'm' or 'a' or 'f'))
            return null;
        return StartingTag(rest, c, Inert, state) ?? (state.Furniture ? StartingTag(rest, c, FurnitureTags, state) : null);
    }

    /// <summary>The name among <paramref name="names"/> whose start tag begins <paramref name="rest"/> (first letter
    /// <paramref name="c"/>, lower case), unless its end was already not found once.</summary>
    private static string? StartingTag(ReadOnlySpan<char> rest, char c, string[] names, CutState state)
    {
        foreach (var name in names)
        {
            if (name[0] == c && StartsTag(rest, name) && state.Unclosed?.Contains(name) != true)
                return name;
        }
        return null;
    }

    /// <summary>The index just after the end tag that closes the element starting at <paramref name="start"/>
    /// (same-named elements nested inside counted; a self-closing &lt;svg/&gt; ends at once), or -1.</summary>
    private static int ElementEnd(ReadOnlySpan<char> span, int start, string name)
    {
        int depth = 0, i = start;
        while (i < span.Length)
        {
            int lt = span[i..].IndexOf('<');
            if (lt < 0)
                return -1;
            i += lt;
            var rest = span[i..];
            if (rest.Length > name.Length + 2 && rest[1] == '/' && rest[2..].StartsWith(name, StringComparison.OrdinalIgnoreCase)
                && rest[name.Length + 2] is '>' or ' ' or '\t' or '\n' or '\r')
            {
                if (--depth <= 0)
                {
                    int gt = rest.IndexOf('>');
                    return gt < 0 ? -1 : i + gt + 1;
                }
                i += 2;
                continue;
            }
            if (StartsTag(rest, name))
            {
                int gt = rest.IndexOf('>');
                if (gt < 0)
                    return -1;
                bool selfClosing = rest[gt - 1] == '/' && name is "svg" or "math";
                if (!selfClosing)
                    depth++;
                else if (depth == 0)
                    return i + gt + 1;
                i += gt + 1;
                continue;
            }
            i++;
        }
        return -1;
    }

    private static bool StartsTag(ReadOnlySpan<char> s, string name)
    {
        if (s.Length < name.Length + 2 || !s[1..].StartsWith(name, StringComparison.OrdinalIgnoreCase))
            return false;
        char after = s[name.Length + 1];
        return after is '>' or ' ' or '\t' or '\n' or '\r' or '/';
    }
}

/// <summary>A growable character buffer rented from the shared array pool (pages are large: no string per pass).
/// Buffers above <see cref="MaxPooled"/> characters (rare, huge pages) are plain arrays, so the pool never holds
/// on to them.</summary>
internal sealed class CharBuffer : IDisposable
{
    internal const int MaxPooled = 1 << 20;

    private char[] _array;
    private int _length;

    internal CharBuffer(int capacity) => _array = Rent(Math.Max(capacity, 256));

    internal char[] Array => _array;

    internal int Length
    {
        get => _length;
        set => _length = Math.Clamp(value, 0, _length);
    }

    internal ReadOnlySpan<char> Span => _array.AsSpan(0, _length);

    internal CharBuffer Append(ReadOnlySpan<char> text)
    {
        if (_length + text.Length > _array.Length)
            Grow(text.Length);
        text.CopyTo(_array.AsSpan(_length));
        _length += text.Length;
        return this;
    }

    internal CharBuffer Append(char c)
    {
        if (_length == _array.Length)
            Grow(1);
        _array[_length++] = c;
        return this;
    }

    private static char[] Rent(int size) => size <= MaxPooled ? System.Buffers.ArrayPool<char>.Shared.Rent(size) : new char[size];

    private static void Return(char[] array)
    {
        if (array.Length is > 0 and <= MaxPooled)
            System.Buffers.ArrayPool<char>.Shared.Return(array);
    }

    private void Grow(int extra)
    {
        var bigger = Rent(Math.Max(_array.Length * 2, _length + extra));
        _array.AsSpan(0, _length).CopyTo(bigger);
        Return(_array);
        _array = bigger;
    }

    public void Dispose()
    {
        Return(_array);
        _array = [];
        _length = 0;
    }
}
