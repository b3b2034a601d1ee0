using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Tidings.Core;

namespace Tidings.Clustering;

/// <summary>Tells what kind of page an HTML document is (article, forum, product, collection, listing,
/// documentation, service) from its structure (tag counts, link density, structured-data types, class names), its
/// extracted text (sentences, line shapes, prices, word classes) and its metadata (date, author, URL shape): boosted
/// trees decide article or not, a softmax regression names the other kinds; fitted on extraction-wcxb-dev by
/// <c>tools/story/fit.sh page-kind</c> (<c>Data/page-kind.json</c>, embedded; see docs/story-engine.md). Plain-text pages
/// carry no structure and stay <see cref="PageKind.Unknown"/> (treated as reports).</summary>
public sealed class PageKindClassifier : IStage
{
    internal static readonly PageKind[] Classes =
        [PageKind.Article, PageKind.Forum, PageKind.Product, PageKind.Collection, PageKind.Listing, PageKind.Documentation, PageKind.Service];

    /// <summary>The fitted model: boosted trees for article against the rest, the probability above which a page is an
    /// article (set below 0.5: a report wrongly kept out costs more than a listing let in), and a softmax over the
    /// seven kinds that names the kind of a page that is not an article.</summary>
    internal sealed record Model(Boosted Article, double Threshold, Logistic.Softmax Kinds);

    private readonly Model? _model;

    private PageKindClassifier(Model? model) => _model = model;

    private static readonly Lazy<Model?> DefaultModel = new(() =>
    {
        using var stream = typeof(PageKindClassifier).Assembly.GetManifestResourceStream("Tidings.Clustering.Data.page-kind.json");
        return stream is null ? null : Parse(JsonNode.Parse(stream)!);
    });

    /// <summary>The classifier with the shipped model.</summary>
    public static PageKindClassifier Create() => new(DefaultModel.Value);

    internal static PageKindClassifier Create(Model model) => new(model);

    /// <summary>Whether a model ships with this build (without one every page is <see cref="PageKind.Unknown"/>).</summary>
    public static bool HasModel => DefaultModel.Value is not null;

    /// <summary>A page is an article when the boosted model's probability reaches the threshold; otherwise it is the
    /// likeliest of the other six kinds under the softmax model.</summary>
    internal static PageKind Decide(Model model, double[] x)
    {
        if (DeclaresNews(x) || model.Article.Probability(x) >= model.Threshold)
            return PageKind.Article;
        var p = model.Kinds.Probabilities(x);
        int best = 1;
        for (int k = 2; k < p.Length; k++)
        {
            if (p[k] > p[best])
                best = k;
        }
        return Classes[best];
    }

    /// <summary>The model's probability that the page is an article (NaN without markup or model).</summary>
    public double ArticleProbability(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return _model is null || Features(document) is not { } x ? double.NaN : _model.Article.Probability(x);
    }

    public string Name => "page-kind";
    /// <summary>Without a model the stage reads nothing and marks every page <see cref="PageKind.Unknown"/>.</summary>
    public DocumentFields Requires => _model is null
        ? DocumentFields.Raw
        : DocumentFields.Raw | DocumentFields.Text | DocumentFields.Title | DocumentFields.Metadata;
    public DocumentFields Assigns => DocumentFields.PageKind;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.PageKind = Classify(document);
    }

    /// <summary>The page kind, or <see cref="PageKind.Unknown"/> for text without markup (or without a model).</summary>
    public PageKind Classify(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (_model is null || Features(document) is not { } x)
            return PageKind.Unknown;
        return Decide(_model, x);
    }

    private static readonly string[] Tags =
        ["<a ", "<p>", "<p ", "<li", "<form", "<input", "<button", "<select", "<table", "<pre", "<code", "<h2", "<h3", "<img", "<article",
         "<time", "<nav", "<textarea", "<blockquote", "<dl", "<aside", "<iframe", "<svg", "<ul", "<option", "<label"];

    private static readonly string[] Markers =
        ["newsarticle", "\"article\"", "blogposting", "og:type\" content=\"article", "\"product\"", "\"offer\"", "discussionforumposting",
         "qapage", "collectionpage", "itemlist", "faqpage", "techarticle", "softwareapplication", "\"organization\"", "localbusiness",
         "breadcrumblist", "article:published_time", "\"recipe\"", "\"howto\"", "\"webpage\"", "\"service\"", "videoobject"];

    private static readonly string[] Words =
        ["product", "price", "cart", "comment", "reply", "thread", "forum", "post", "card", "grid", "item", "docs", "api", "search",
         "pricing", "signup", "login", "subscribe", "contact", "author", "byline", "published", "datetime", "sidebar", "pagination",
         "rating", "review", "quote", "member", "tag", "category", "sku", "stock", "checkout", "wishlist", "toc", "highlight", "menu",
         "hero", "testimonial", "feature", "plan", "demo", "entry", "excerpt", "read more", "share", "upvote", "vote", "answer",
         "articlebody", "entry-content", "post-content", "article-body", "rel=\"author", "add to", "buy", "shipping", "in stock",
         "get started", "free trial", "contact us", "documentation", "getting started", "install", "example", "parameter", "return",
         "version", "replies", "joined", "views", "results", "showing", "sort by", "filter", "next", "page 1", "<h1", "minute read",
         "min read", "faq", "quote", "book", "schedule", "appointment", "our team", "clients", "portfolio", "download"];

    private static readonly string[] UrlParts =
        ["/blog", "/news", "/article", "/docs", "/doc/", "/forum", "/thread", "/product", "/p/", "/shop", "/store", "/category",
         "/tag", "/search", "/question", "/wiki", "/reference", "/api", "/services", "/pricing", "/collections", "/list", ".html", "?"];

    /// <summary>Schema.org types (JSON-LD <c>@type</c> values and microdata <c>itemtype</c>s), lower-cased, by group:
    /// each group is one feature (1 when the page declares any of its types).</summary>
    private static readonly string[][] TypeGroups =
    [
        ["newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle", "reviewnewsarticle",
         "askpublicnewsarticle", "liveblogposting"],
        ["article", "blogposting", "scholarlyarticle", "report", "socialmediaposting"],
        ["product", "offer", "aggregateoffer", "productgroup", "individualproduct", "productmodel", "vehicle", "car"],
        ["discussionforumposting", "qapage", "question", "answer", "comment"],
        ["collectionpage", "itemlist", "searchresultspage", "offercatalog", "listitem"],
        ["techarticle", "apireference", "softwaresourcecode", "softwareapplication", "howto", "course"],
        ["service", "localbusiness", "organization", "professionalservice", "faqpage", "contactpage", "aboutpage", "corporation",
         "financialservice", "legalservice", "medicalbusiness", "store", "restaurant", "hotel", "lodgingbusiness", "realestateagent"],
        ["website", "webpage"],
        ["recipe"],
        ["person", "profilepage"],
        ["aggregaterating", "review", "rating"],
        ["event", "place", "postaladdress"],
        ["breadcrumblist"],
        ["imageobject", "videoobject"],
    ];

    private static readonly string[] OgTypes = ["article", "product", "website", "blog", "video", "profile", "book"];

    /// <summary>Link targets and attributes counted in the markup (log 1 + n).</summary>
    private static readonly string[] Hrefs =
        ["href=\"tel:", "href=\"mailto:", "#comment", "/tag/", "/tags/", "/category/", "/author/", "rel=\"next", "rel=\"prev", "/cart", "/login",
         "/contact", "/services/", "/product", "/blog/", "/news/", "page=", "/p/", "/docs/", "/forum", "/thread", "/user"];

    private static readonly string[] MoreUrlParts =
        ["/solutions", "/industries", "/what-we-do", "/about", "/careers", "/guide", "/learn", "/insights", "/resources", "/story", "/post",
         "/how-to", "/what-is", "/best-", "/vs", "/review", "/c/", "/s/", "/item", "/dp/", "/topic", "/discussion", "/t/", "/questions/",
         "/en/", "/de/", "/202", "/201"];

    /// <summary>Word classes of the extracted text, counted per 1,000 words: reporting verbs (the mark of a news
    /// report), the reader addressed (you, Sie, vous ...), the writer's company (we, our, wir ...), the writer alone (I,
    /// my, ich ...), calls to act (buy, order, book, contact ...). Lower-cased whole words in several languages.</summary>
    private static readonly HashSet<string>[] WordClasses =
    [
        new(StringComparer.Ordinal) { "said", "says", "told", "according", "announced", "reported", "stated", "added", "sagte", "sagt", "erklärte", "teilte", "berichtete",
            "laut", "zufolge", "sagten", "dit", "déclaré", "selon", "annoncé", "dijo", "según", "afirmó", "señaló", "disse", "segundo", "ha detto", "secondo", "powiedział",
            "заявил", "сообщил", "по", "sagde", "zei", "volgens", "uttalade", "dedi", "açıkladı" },
        new(StringComparer.Ordinal) { "you", "your", "yours", "du", "dein", "deine", "ihr", "euch", "vous", "votre", "vos", "usted", "tu", "tus", "você", "seu" },
        new(StringComparer.Ordinal) { "we", "our", "ours", "us", "wir", "unser", "unsere", "unseren", "uns", "nous", "notre", "nos", "nosotros", "nuestro", "nuestra", "nós", "nosso" },
        new(StringComparer.Ordinal) { "i", "my", "me", "mine", "ich", "mein", "meine", "mir", "mich", "je", "mon", "ma", "mes", "yo", "mi" },
        new(StringComparer.Ordinal) { "buy", "order", "book", "contact", "call", "quote", "consultation", "request", "shop", "cart", "subscribe", "sign", "register",
            "kaufen", "bestellen", "buchen", "kontakt", "kontaktieren", "anfragen", "angebot", "jetzt", "acheter", "commander", "réserver", "comprar", "reservar", "contacto" },
        new(StringComparer.Ordinal) { "yesterday", "today", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "gestern", "heute", "montag",
            "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "hier", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "ayer", "lunes", "martes" },
    ];

    private static int Published => Tags.Length + Markers.Length + Words.Length + UrlParts.Length + 8;
    private static int DeclaredNews => Tags.Length + Markers.Length + Words.Length + UrlParts.Length + 21;

    /// <summary>A page that declares itself a news report (a schema.org NewsArticle type or one of its kinds) and
    /// carries a publication date is a report whatever the model says: few pages that are not reports say so, and
    /// short reports in scripts the training pages rarely show would otherwise be at the model's mercy.</summary>
    internal static bool DeclaresNews(double[] x) => x[DeclaredNews] == 1 && x[Published] == 1;

    internal static int FeatureCount => Tags.Length + Markers.Length + Words.Length + UrlParts.Length + 21 + TypeGroups.Length + OgTypes.Length + 38
        + Hrefs.Length + MoreUrlParts.Length + WordClasses.Length + 4;

    /// <summary>The classifier's input: counts (log 1 + n) of tags, structured-data markers and class-name words in
    /// the markup, URL shape, and text statistics. Null for a page without markup.</summary>
    internal static double[]? Features(Document d)
    {
        var bytes = d.Raw.Content;
        int n = Math.Min(bytes.Length, 3 * 1024 * 1024);
        // tags and attribute words are ASCII: read the bytes as Latin-1, whatever the page's encoding
        string html = Encoding.Latin1.GetString(bytes, 0, n);
        if (d.Raw.Kind == ContentKind.Text || html.IndexOf("<html", StringComparison.OrdinalIgnoreCase) < 0 && html.IndexOf("<body", StringComparison.OrdinalIgnoreCase) < 0
            && html.IndexOf("<div", StringComparison.OrdinalIgnoreCase) < 0)
            return null;
        var x = new double[FeatureCount];
        int f = 0;
        foreach (var t in Tags)
            x[f++] = Math.Log(1 + Count(html, t));
        foreach (var m in Markers)
            x[f++] = Count(html, m) > 0 ? 1 : 0;
        foreach (var w in Words)
            x[f++] = Math.Log(1 + Count(html, w));
        string url = (d.Url ?? d.Raw.Url ?? "").ToLowerInvariant();
        foreach (var u in UrlParts)
            x[f++] = url.Contains(u, StringComparison.Ordinal) ? 1 : 0;
        var text = d.Text;
        int size = Units(text);
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int sentences = 0, digits = 0, currency = 0, letters = 0, questions = 0;
        foreach (char c in text)
        {
            if (c is '.' or '!' or '?' or '。' or '！' or '？' or '؟' or '।' or '։' or '።' or '۔')
            {
                sentences++;
                if (c is '?' or '？' or '؟')
                    questions++;
            }
            else if (char.IsDigit(c))
                digits++;
            else if (c is '$' or '€' or '£' or '¥' or '₹')
                currency++;
            else if (char.IsLetter(c))
                letters++;
        }
        int proseLines = lines.Count(l => Units(l) >= 80 && l[^1] is '.' or '!' or '?' or '"' or '”' or '。' or ')');
        int shortLines = lines.Count(l => Units(l) < 40);
        double links = Count(html, "<a ");
        x[f++] = Math.Log(1 + size);
        x[f++] = Math.Log(1 + lines.Length);
        x[f++] = lines.Length == 0 ? 0 : (double)proseLines / lines.Length;
        x[f++] = lines.Length == 0 ? 0 : (double)shortLines / lines.Length;
        x[f++] = size == 0 ? 0 : 1000.0 * sentences / size;
        x[f++] = text.Length == 0 ? 0 : (double)digits / text.Length;
        x[f++] = Math.Log(1 + currency);
        x[f++] = lines.Length == 0 ? 0 : Math.Log(1 + (size / (double)lines.Length));
        x[f++] = d.Published is null ? 0 : 1;
        x[f++] = string.IsNullOrEmpty(d.Author) ? 0 : 1;
        x[f++] = Math.Log(1 + Units(d.Title));
        x[f++] = n == 0 ? 0 : Math.Log(1 + (1000.0 * size / n));
        x[f++] = Math.Log(1 + (1000.0 * links / Math.Max(200, size)));
        x[f++] = Math.Log(1 + proseLines);
        x[f++] = text.Length == 0 ? 0 : (double)letters / text.Length;
        x[f++] = UrlHasDate(url) ? 1 : 0;
        int longest = lines.Length == 0 ? 0 : lines.Max(Units);
        x[f++] = Math.Log(1 + longest);
        x[f++] = Math.Log(1 + lines.Count(l => Units(l) >= 200));
        x[f++] = size == 0 ? 0 : lines.Where(l => Units(l) >= 150).Sum(Units) / (double)size;
        int wordsCount = WordCount(text);
        x[f++] = Math.Log(1 + (wordsCount / (double)Math.Max(1, sentences)));
        x[f++] = Math.Log(1 + Count(html, "<h2") + Count(html, "<h3")) - Math.Log(1 + (size / 1000.0));

        // declared types: schema.org (JSON-LD and microdata) and og:type
        var types = SchemaTypes(html);
        foreach (var group in TypeGroups)
            x[f++] = group.Any(types.Contains) ? 1 : 0;
        string og = OgType(html);
        foreach (var t in OgTypes)
            x[f++] = og.StartsWith(t, StringComparison.Ordinal) ? 1 : 0;

        // the whole page's visible text: how much of it is in links, list items, long paragraphs; repeated blocks
        var shape = Shape.Of(html);
        double visible = Math.Max(1, shape.Visible);
        x[f++] = Math.Log(1 + shape.Visible);
        x[f++] = shape.InLinks / visible;
        x[f++] = shape.InListItems / visible;
        x[f++] = shape.InParagraphs / visible;
        x[f++] = Math.Log(1 + shape.LongParagraphs);
        x[f++] = Math.Log(1 + shape.MaxClassRepeat);
        x[f++] = Math.Log(1 + shape.RepeatedClasses);
        x[f++] = Math.Log(1 + shape.Prices);
        x[f++] = Math.Min(3, size / visible);
        x[f++] = shape.InHeadings / visible;
        x[f++] = Math.Log(1 + shape.Headings);
        x[f++] = shape.InButtons / visible;
        x[f++] = shape.InTables / visible;
        x[f++] = shape.InPre / visible;
        x[f++] = Math.Log(1 + shape.Links);
        x[f++] = shape.Links == 0 ? 0 : Math.Log(1 + (shape.InLinks / (double)shape.Links));

        // the extracted text: prices, questions, list-like lines, repeated lines, sentence lengths
        x[f++] = Math.Log(1 + Prices(text));
        x[f++] = size == 0 ? 0 : 1000.0 * questions / size;
        x[f++] = lines.Length == 0 ? 0 : lines.Count(l => l.Length > 0 && l[0] is '-' or '•' or '*' or '·' or '–' or '►' or '✓' or '✔') / (double)lines.Length;
        x[f++] = lines.Length == 0 ? 0 : 1 - (lines.Distinct(StringComparer.Ordinal).Count() / (double)lines.Length);
        x[f++] = lines.Length == 0 ? 0 : lines.Count(l => l.Length > 0 && char.IsDigit(l[0])) / (double)lines.Length;
        x[f++] = Math.Log(1 + wordsCount);
        x[f++] = Math.Log(1 + sentences);
        x[f++] = size == 0 ? 0 : (double)proseLines * 1000 / size;
        x[f++] = lines.Length == 0 ? 0 : lines.Count(l => Units(l) >= 40 && l[^1] is '.' or '!' or '?' or '"' or '”' or '。' or ')' or '»' or '“') / (double)lines.Length;

        // the title: length in words, a question, separators (site name), digits
        var title = d.Title;
        x[f++] = Math.Log(1 + title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length);
        x[f++] = title.Contains('?', StringComparison.Ordinal) ? 1 : 0;
        x[f++] = title.Contains(" | ", StringComparison.Ordinal) || title.Contains(" - ", StringComparison.Ordinal) || title.Contains(" – ", StringComparison.Ordinal) ? 1 : 0;
        x[f++] = title.Any(char.IsDigit) ? 1 : 0;

        // the URL's shape: known, depth, the last segment's words (a slug), a long number (an id), a file name, a query
        x[f++] = url.Length == 0 ? 0 : 1;
        string path = UrlPath(url);
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string last = segments.Length == 0 ? "" : segments[^1];
        x[f++] = segments.Length;
        x[f++] = Math.Log(1 + last.Length);
        x[f++] = last.Count(c => c is '-' or '_');
        x[f++] = LongestDigitRun(path) >= 5 ? 1 : 0;
        x[f++] = url.Length > 0 && path.Length <= 1 ? 1 : 0;
        x[f++] = path.EndsWith('/') ? 1 : 0;
        x[f++] = url.Contains('?', StringComparison.Ordinal) ? 1 : 0;
        x[f++] = segments.Length == 0 ? 0 : segments.Max(s => s.Count(c => c is '-' or '_'));

        foreach (var h in Hrefs)
            x[f++] = Math.Log(1 + Count(html, h));
        foreach (var u in MoreUrlParts)
            x[f++] = url.Contains(u, StringComparison.Ordinal) ? 1 : 0;
        var counts = new int[WordClasses.Length];
        int words = 0, years = 0;
        foreach (var token in text.Split([' ', '\n', '\t', ',', '.', ';', ':', '!', '?', '(', ')', '"', '“', '”', '„', '«', '»', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            words++;
            if (token.Length == 4 && token[0] is '1' or '2' && token[1] is '9' or '0' && char.IsAsciiDigit(token[2]) && char.IsAsciiDigit(token[3]))
                years++;
            if (token.Length > 14)
                continue;
            var lower = token.ToLowerInvariant();
            for (int k = 0; k < WordClasses.Length; k++)
            {
                if (WordClasses[k].Contains(lower))
                    counts[k]++;
            }
        }
        foreach (var c in counts)
            x[f++] = words == 0 ? 0 : 1000.0 * c / words;
        x[f++] = Math.Log(1 + years);
        x[f++] = words == 0 ? 0 : 1000.0 * years / words;
        x[f++] = Math.Log(1 + counts[0]);
        x[f++] = Math.Log(1 + counts[4]);
        return x;
    }

    /// <summary>A length that weighs scripts alike: UTF-8 bytes (Latin letters 1, Greek, Cyrillic, Arabic, Hebrew
    /// 2, Han, Kana, Hangul, Thai, Devanagari 3: about what a letter carries in each), so that a short Chinese report
    /// is not read as a stub. The page's markup is counted in bytes too.</summary>
    internal static int Units(string s) => Encoding.UTF8.GetByteCount(s);

    /// <summary>Words: runs between white space, plus one per two characters of scripts written without spaces (Han,
    /// Kana, Thai, Lao, Khmer, Myanmar).</summary>
    internal static int WordCount(string s)
    {
        int words = 0, unspaced = 0;
        bool inWord = false;
        foreach (char c in s)
        {
            if (c is (>= '\u3040' and <= '\u30ff') or (>= '\u3400' and <= '\u9fff') or (>= '\uf900' and <= '\ufaff') or (>= '\u0e00' and <= '\u0eff') or (>= '\u1000' and <= '\u109f') or (>= '\u1780' and <= '\u17ff'))
            {
                unspaced++;
                inWord = false;
            }
            else if (char.IsWhiteSpace(c))
                inWord = false;
            else if (!inWord)
            {
                inWord = true;
                words++;
            }
        }
        return words + ((unspaced + 1) / 2);
    }

    private static string UrlPath(string url)
    {
        int scheme = url.IndexOf("://", StringComparison.Ordinal);
        int start = scheme < 0 ? 0 : url.IndexOf('/', scheme + 3);
        if (start < 0)
            return "";
        int end = url.IndexOfAny(['?', '#'], start);
        return end < 0 ? url[start..] : url[start..end];
    }

    private static int LongestDigitRun(string s)
    {
        int best = 0, run = 0;
        foreach (char c in s)
        {
            run = char.IsAsciiDigit(c) ? run + 1 : 0;
            best = Math.Max(best, run);
        }
        return best;
    }

    /// <summary>Prices: a currency sign or code next to a number (within two characters either side).</summary>
    internal static int Prices(string text)
    {
        int count = 0;
        for (int i = 0; i < text.Length; i++)
        {
            int len = CurrencyAt(text, i);
            if (len == 0)
                continue;
            bool before = false, after = false;
            for (int k = Math.Max(0, i - 3); k < i; k++)
                before |= char.IsAsciiDigit(text[k]);
            for (int k = i + len; k < Math.Min(text.Length, i + len + 3); k++)
                after |= char.IsAsciiDigit(text[k]);
            if (before || after)
                count++;
            i += len - 1;
        }
        return count;
    }

    private static int CurrencyAt(string s, int i)
    {
        char c = s[i];
        if (c is '$' or '€' or '£' or '¥' or '₹' or '₽' or '₺' or '₩')
            return 1;
        // the UTF-8 bytes of € £ ¥ read as Latin-1
        if (c == '\u00e2' && i + 2 < s.Length && s[i + 1] == '\u0082' && s[i + 2] == '\u00ac')
            return 3;
        if (c == '\u00c2' && i + 1 < s.Length && s[i + 1] is '\u00a3' or '\u00a5')
            return 2;
        if (i + 3 <= s.Length && char.IsAsciiLetterUpper(c) && (i == 0 || !char.IsLetter(s[i - 1])) && (i + 3 == s.Length || !char.IsLetter(s[i + 3])))
        {
            var code = s.AsSpan(i, 3);
            if (code is "EUR" or "USD" or "GBP" or "CHF" or "INR" or "JPY" or "AUD" or "CAD")
                return 3;
        }
        return 0;
    }

    private static HashSet<string> SchemaTypes(string html)
    {
        var types = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        while ((i = html.IndexOf("\"@type\"", i, StringComparison.Ordinal)) >= 0)
        {
            i += 7;
            int j = i;
            while (j < html.Length && html[j] is ' ' or ':' or '\t' or '\n' or '\r')
                j++;
            if (j < html.Length && html[j] == '[')
            {
                int end = html.IndexOf(']', j);
                if (end < 0 || end - j > 400)
                    continue;
                foreach (var part in html[(j + 1)..end].Split(','))
                    types.Add(part.Trim().Trim('"').ToLowerInvariant());
            }
            else if (j < html.Length && html[j] == '"')
            {
                int end = html.IndexOf('"', j + 1);
                if (end > j && end - j < 100)
                    types.Add(html[(j + 1)..end].ToLowerInvariant());
            }
        }
        i = 0;
        while ((i = html.IndexOf("schema.org/", i, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            i += 11;
            int j = i;
            while (j < html.Length && char.IsAsciiLetter(html[j]))
                j++;
            if (j > i)
                types.Add(html[i..j].ToLowerInvariant());
        }
        return types;
    }

    private static string OgType(string html)
    {
        int i = html.IndexOf("og:type", StringComparison.OrdinalIgnoreCase);
        if (i < 0)
            return "";
        int tagStart = html.LastIndexOf('<', i);
        int tagEnd = html.IndexOf('>', i);
        if (tagStart < 0 || tagEnd < 0)
            return "";
        var tag = html[tagStart..tagEnd];
        int c = tag.IndexOf("content=", StringComparison.OrdinalIgnoreCase);
        if (c < 0)
            return "";
        c += 8;
        var q = c < tag.Length ? tag[c] : ' ';
        int start = q is '"' or '\'' ? c + 1 : c;
        int end = q is '"' or '\'' ? tag.IndexOf(q, start) : tag.IndexOfAny([' ', '/'], start);
        if (end < 0)
            end = tag.Length;
        return tag[start..end].Trim().ToLowerInvariant();
    }

    /// <summary>What one pass over the markup sees of the page's visible text (characters other than white space
    /// outside script, style and comments; UTF-8 bytes count one each): how much of it sits in links, list items,
    /// paragraphs, headings, buttons, tables and preformatted blocks; paragraphs of at least 200 characters; the most
    /// repeated class attribute and how many class attributes repeat at least five times (cards, rows, posts);
    /// prices.</summary>
    private sealed class Shape
    {
        public int Visible, InLinks, InListItems, InParagraphs, InHeadings, InButtons, InTables, InPre, LongParagraphs, Links, Headings, MaxClassRepeat, RepeatedClasses, Prices;

        public static Shape Of(string html)
        {
            var s = new Shape();
            int a = 0, li = 0, p = 0, hd = 0, btn = 0, table = 0, pre = 0, paragraph = 0;
            var classes = new Dictionary<string, int>(StringComparer.Ordinal);
            var visible = new StringBuilder(Math.Min(html.Length, 1 << 20));
            int i = 0, len = html.Length;
            while (i < len)
            {
                char c = html[i];
                if (c == '<')
                {
                    if (string.CompareOrdinal(html, i, "<!--", 0, 4) == 0)
                    {
                        int e = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                        i = e < 0 ? len : e + 3;
                        continue;
                    }
                    int end = html.IndexOf('>', i + 1);
                    if (end < 0)
                        break;
                    bool closing = i + 1 < len && html[i + 1] == '/';
                    int nameStart = closing ? i + 2 : i + 1, nameEnd = nameStart;
                    while (nameEnd < end && char.IsAsciiLetterOrDigit(html[nameEnd]))
                        nameEnd++;
                    var name = html.AsSpan(nameStart, nameEnd - nameStart);
                    if (!closing && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)
                        || name.Equals("noscript", StringComparison.OrdinalIgnoreCase) || name.Equals("template", StringComparison.OrdinalIgnoreCase)))
                    {
                        int e = html.IndexOf("</" + name.ToString(), end, StringComparison.OrdinalIgnoreCase);
                        i = e < 0 ? len : e;
                        continue;
                    }
                    int delta = closing ? -1 : 1;
                    if (name.Equals("a", StringComparison.OrdinalIgnoreCase))
                    {
                        a = Math.Max(0, a + delta);
                        if (!closing)
                            s.Links++;
                    }
                    else if (name.Equals("li", StringComparison.OrdinalIgnoreCase))
                        li = Math.Max(0, li + delta);
                    else if (name.Equals("p", StringComparison.OrdinalIgnoreCase))
                    {
                        if (closing || p > 0)
                        {
                            if (paragraph >= 200)
                                s.LongParagraphs++;
                            paragraph = 0;
                        }
                        p = closing ? 0 : 1;
                    }
                    else if (name.Length == 2 && (name[0] is 'h' or 'H') && name[1] is >= '1' and <= '6')
                    {
                        hd = Math.Max(0, hd + delta);
                        if (!closing)
                            s.Headings++;
                    }
                    else if (name.Equals("button", StringComparison.OrdinalIgnoreCase))
                        btn = Math.Max(0, btn + delta);
                    else if (name.Equals("table", StringComparison.OrdinalIgnoreCase))
                        table = Math.Max(0, table + delta);
                    else if (name.Equals("pre", StringComparison.OrdinalIgnoreCase) || name.Equals("code", StringComparison.OrdinalIgnoreCase))
                        pre = Math.Max(0, pre + delta);
                    if (!closing)
                    {
                        int cl = html.IndexOf("class=", nameEnd, end - nameEnd, StringComparison.OrdinalIgnoreCase);
                        if (cl > 0 && cl + 6 < end && html[cl + 6] is '"' or '\'')
                        {
                            int ce = html.IndexOf(html[cl + 6], cl + 7);
                            if (ce > 0 && ce < end && ce - cl < 200)
                            {
                                var value = html.Substring(cl + 7, ce - cl - 7).Trim();
                                if (value.Length > 0)
                                    CollectionsMarshalCount(classes, value);
                            }
                        }
                    }
                    i = end + 1;
                    continue;
                }
                if (c == '&')
                {
                    int semi = html.IndexOf(';', i);
                    if (semi > i && semi - i <= 8)
                    {
                        // an entity counts as one visible character
                        i = semi;
                        c = html[i - 1] == 'p' && html.AsSpan(i - 5, 5).Equals("&nbsp", StringComparison.OrdinalIgnoreCase) ? ' ' : 'x';
                    }
                }
                if (!char.IsWhiteSpace(c) && c != '\u00a0')
                {
                    s.Visible++;
                    if (a > 0)
                        s.InLinks++;
                    if (li > 0)
                        s.InListItems++;
                    if (p > 0)
                    {
                        s.InParagraphs++;
                        paragraph++;
                    }
                    if (hd > 0)
                        s.InHeadings++;
                    if (btn > 0)
                        s.InButtons++;
                    if (table > 0)
                        s.InTables++;
                    if (pre > 0)
                        s.InPre++;
                    visible.Append(c);
                }
                else if (visible.Length > 0 && visible[^1] != ' ')
                    visible.Append(' ');
                i++;
            }
            foreach (var v in classes.Values)
            {
                s.MaxClassRepeat = Math.Max(s.MaxClassRepeat, v);
                if (v >= 5)
                    s.RepeatedClasses++;
            }
            s.Prices = PageKindClassifier.Prices(visible.ToString());
            return s;
        }

        private static void CollectionsMarshalCount(Dictionary<string, int> d, string key) =>
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(d, key, out _)++;
    }

    private static bool UrlHasDate(string url)
    {
        for (int i = 0; i + 5 < url.Length; i++)
        {
            if (url[i] == '/' && (url.AsSpan(i + 1).StartsWith("20") || url.AsSpan(i + 1).StartsWith("19")) && char.IsDigit(url[i + 3]) && char.IsDigit(url[i + 4])
                && (i + 5 >= url.Length || url[i + 5] is '/' or '-'))
                return true;
        }
        return false;
    }

    private static int Count(string haystack, string needle)
    {
        int count = 0, i = 0;
        while ((i = haystack.IndexOf(needle, i, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            count++;
            i += needle.Length;
        }
        return count;
    }

    internal static Model Parse(JsonNode json)
    {
        double[] Arr(JsonNode? a) => a!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        if (json["features"]!.GetValue<int>() != FeatureCount)
            throw new InvalidDataException($"page-kind model has {json["features"]} features, the classifier computes {FeatureCount}: refit with tools/story/fit.sh page-kind");
        var k = json["kinds"]!;
        var kinds = new Logistic.Softmax(Arr(k["mean"]), Arr(k["scale"]), k["weights"]!.AsArray().Select(Arr).ToArray(), Arr(k["bias"]));
        return new Model(Boosted.Parse(json["article"]!), json["threshold"]!.GetValue<double>(), kinds);
    }

    internal static JsonObject ToJson(Model m, JsonObject extra)
    {
        static JsonArray Arr(double[] v) => new(v.Select(x => (JsonNode)JsonValue.Create(Math.Round(x, 6))!).ToArray());
        var o = new JsonObject
        {
            ["about"] = "Page-kind classifier (boosted trees for article against the rest, softmax regression for the other kinds), written by tools/story/fit.sh page-kind; do not edit by hand.",
            ["classes"] = new JsonArray(Classes.Select(c => (JsonNode)JsonValue.Create(c.ToString().ToLowerInvariant())!).ToArray()),
            ["features"] = FeatureCount,
            ["threshold"] = m.Threshold,
        };
        foreach (var (key, v) in extra)
            o[key] = v?.DeepClone();
        o["article"] = m.Article.ToJson();
        o["kinds"] = new JsonObject
        {
            ["mean"] = Arr(m.Kinds.Mean),
            ["scale"] = Arr(m.Kinds.Scale),
            ["weights"] = new JsonArray(m.Kinds.Weights.Select(w => (JsonNode)Arr(w)).ToArray()),
            ["bias"] = Arr(m.Kinds.Bias),
        };
        return o;
    }

    internal static PageKind ParseKind(string s) => s.ToLowerInvariant() switch
    {
        "article" => PageKind.Article,
        "forum" => PageKind.Forum,
        "product" => PageKind.Product,
        "collection" => PageKind.Collection,
        "listing" => PageKind.Listing,
        "documentation" => PageKind.Documentation,
        "service" => PageKind.Service,
        _ => PageKind.Unknown,
    };

    internal static string Percent(double v) => v.ToString("P2", CultureInfo.InvariantCulture);
}
