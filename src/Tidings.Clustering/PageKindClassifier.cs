using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Tidings.Core;

namespace Tidings.Clustering;

/// <summary>Tells what kind of page an HTML document is (article, forum, product, collection, listing,
/// documentation, service) from its structure (tag counts, link density, structured-data types, class names), its
/// extracted text (sentences, line shapes, prices) and its metadata (date, author, URL shape). A softmax regression
/// fitted on extraction-wcxb-dev by <c>tools/story/fit.sh</c> (<c>Data/page-kind.json</c>, embedded). Plain-text pages
/// carry no structure and stay <see cref="PageKind.Unknown"/> (treated as reports).</summary>
public sealed class PageKindClassifier : IStage
{
    internal static readonly PageKind[] Classes =
        [PageKind.Article, PageKind.Forum, PageKind.Product, PageKind.Collection, PageKind.Listing, PageKind.Documentation, PageKind.Service];

    private readonly Logistic.Softmax? _model;
    private readonly Logistic.Model? _article;

    private PageKindClassifier(Logistic.Softmax? model, Logistic.Model? article)
    {
        _model = model;
        _article = article;
    }

    private static readonly Lazy<(Logistic.Softmax, Logistic.Model)?> DefaultModel = new(() =>
    {
        using var stream = typeof(PageKindClassifier).Assembly.GetManifestResourceStream("Tidings.Clustering.Data.page-kind.json");
        return stream is null ? null : Parse(JsonNode.Parse(stream)!);
    });

    /// <summary>The classifier with the shipped model.</summary>
    public static PageKindClassifier Create() => new(DefaultModel.Value?.Item1, DefaultModel.Value?.Item2);

    internal static PageKindClassifier Create(Logistic.Softmax model, Logistic.Model article) => new(model, article);

    /// <summary>A page is an article when the binary article-vs-rest model says so (p ≥ 0.5); otherwise it is the
    /// likeliest of the other six kinds under the softmax model.</summary>
    internal static PageKind Decide(Logistic.Softmax model, Logistic.Model article, double[] x)
    {
        if (article.Probability(x) >= 0.5)
            return PageKind.Article;
        var p = model.Probabilities(x);
        int best = 1;
        for (int k = 2; k < p.Length; k++)
        {
            if (p[k] > p[best])
                best = k;
        }
        return Classes[best];
    }

    public string Name => "page-kind";
    /// <summary>Without a model the stage reads nothing and marks every page <see cref="PageKind.Unknown"/>.</summary>
    public DocumentFields Requires => _model is null || _article is null
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
        if (_model is null || _article is null || Features(document) is not { } x)
            return PageKind.Unknown;
        return Decide(_model, _article, x);
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

    internal static int FeatureCount => Tags.Length + Markers.Length + Words.Length + UrlParts.Length + 21;

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
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        int sentences = 0, digits = 0, currency = 0, letters = 0;
        foreach (char c in text)
        {
            if (c is '.' or '!' or '?' or '。' or '！' or '？')
                sentences++;
            else if (char.IsDigit(c))
                digits++;
            else if (c is '$' or '€' or '£' or '¥' or '₹')
                currency++;
            else if (char.IsLetter(c))
                letters++;
        }
        int proseLines = lines.Count(l => l.Length >= 80 && l[^1] is '.' or '!' or '?' or '"' or '”' or '。' or ')');
        int shortLines = lines.Count(l => l.Length < 40);
        double links = Count(html, "<a ");
        x[f++] = Math.Log(1 + text.Length);
        x[f++] = Math.Log(1 + lines.Length);
        x[f++] = lines.Length == 0 ? 0 : (double)proseLines / lines.Length;
        x[f++] = lines.Length == 0 ? 0 : (double)shortLines / lines.Length;
        x[f++] = text.Length == 0 ? 0 : 1000.0 * sentences / text.Length;
        x[f++] = text.Length == 0 ? 0 : (double)digits / text.Length;
        x[f++] = Math.Log(1 + currency);
        x[f++] = lines.Length == 0 ? 0 : Math.Log(1 + (text.Length / (double)lines.Length));
        x[f++] = d.Published is null ? 0 : 1;
        x[f++] = string.IsNullOrEmpty(d.Author) ? 0 : 1;
        x[f++] = Math.Log(1 + d.Title.Length);
        x[f++] = n == 0 ? 0 : Math.Log(1 + (1000.0 * text.Length / n));
        x[f++] = Math.Log(1 + (1000.0 * links / Math.Max(200, text.Length)));
        x[f++] = Math.Log(1 + proseLines);
        x[f++] = text.Length == 0 ? 0 : (double)letters / text.Length;
        x[f++] = UrlHasDate(url) ? 1 : 0;
        int longest = lines.Length == 0 ? 0 : lines.Max(l => l.Length);
        x[f++] = Math.Log(1 + longest);
        x[f++] = Math.Log(1 + lines.Count(l => l.Length >= 200));
        x[f++] = text.Length == 0 ? 0 : lines.Where(l => l.Length >= 150).Sum(l => l.Length) / (double)text.Length;
        int wordsCount = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        x[f++] = Math.Log(1 + (wordsCount / (double)Math.Max(1, sentences)));
        x[f++] = Math.Log(1 + Count(html, "<h2") + Count(html, "<h3")) - Math.Log(1 + (text.Length / 1000.0));
        return x;
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

    internal static (Logistic.Softmax, Logistic.Model) Parse(JsonNode json)
    {
        double[] Arr(JsonNode? a) => a!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        var weights = json["weights"]!.AsArray().Select(Arr).ToArray();
        var a = json["article"]!;
        return (new Logistic.Softmax(Arr(json["mean"]), Arr(json["scale"]), weights, Arr(json["bias"])),
            new Logistic.Model(Arr(a["mean"]), Arr(a["scale"]), Arr(a["weights"]), a["bias"]!.GetValue<double>()));
    }

    internal static JsonObject ToJson(Logistic.Softmax m, Logistic.Model article, JsonObject extra)
    {
        static JsonArray Arr(double[] v) => new(v.Select(x => (JsonNode)JsonValue.Create(Math.Round(x, 6))!).ToArray());
        var o = new JsonObject
        {
            ["about"] = "Page-kind classifier (softmax regression over standardized page features), written by tools/story/fit.sh; do not edit by hand.",
            ["classes"] = new JsonArray(Classes.Select(c => (JsonNode)JsonValue.Create(c.ToString().ToLowerInvariant())!).ToArray()),
            ["features"] = FeatureCount,
            ["mean"] = Arr(m.Mean),
            ["scale"] = Arr(m.Scale),
            ["weights"] = new JsonArray(m.Weights.Select(w => (JsonNode)Arr(w)).ToArray()),
            ["bias"] = Arr(m.Bias),
            ["article"] = new JsonObject { ["mean"] = Arr(article.Mean), ["scale"] = Arr(article.Scale), ["weights"] = Arr(article.Weights), ["bias"] = Math.Round(article.Bias, 6) },
        };
        foreach (var (k, v) in extra)
            o[k] = v?.DeepClone();
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
