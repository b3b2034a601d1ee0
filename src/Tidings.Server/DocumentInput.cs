using System.Globalization;
using System.Text;
using System.Text.Json;
using Tidings.Core;

namespace Tidings.Server;

/// <summary>One document as a client posts it. Exactly one of <see cref="Html"/> and <see cref="Text"/>.</summary>
internal sealed record DocumentInput
{
    public string? Url { get; init; }
    public string? Html { get; init; }
    public string? Text { get; init; }
    public string? Title { get; init; }
    public DateTimeOffset? Published { get; init; }
    public string? Language { get; init; }
    public string? Source { get; init; }

    /// <summary>A page posted as it is (text/html or text/plain body): its bytes, kind and declared charset.</summary>
    public (byte[] Bytes, ContentKind Kind, string? Charset)? Page { get; init; }

    /// <summary>The page as the pipeline reads it, with what the client stated as hints.</summary>
    public RawDocument ToRaw(DateTimeOffset receivedAt)
    {
        var html = Html is not null;
        // a stated title heads a text document, so the plain-text reader keeps all of the text as the body
        var content = html ? Html! : Title is { Length: > 0 } t ? t.ReplaceLineEndings(" ") + "\n\n" + Text : Text!;
        var (bytes, kind, charset) = Page ?? (Encoding.UTF8.GetBytes(content), html ? ContentKind.Html : ContentKind.Text, "utf-8");
        return new RawDocument(Url ?? "api", bytes, kind, Url, charset)
        {
            FetchedAt = receivedAt,
            Hints = new DocumentHints
            {
                Title = Title,
                Published = Published,
                Language = Language is null ? null : LanguageTag.Parse(Language),
                Site = Source,
            },
        };
    }
}

/// <summary>What is wrong with one part of a request: a JSON pointer into the body and a sentence.</summary>
internal sealed record InputError(string Pointer, string Detail);

/// <summary>Reads and checks posted documents. Every document is checked before any is stored; one bad document
/// fails the whole request with all the errors found (up to a bound), so nothing is half-stored.</summary>
internal static class DocumentReader
{
    private const int MaxErrors = 20;
    private const int MaxUrl = 2048;
    private const int MaxTitle = 2000;
    private const int MaxShort = 200;

    internal static readonly string[] Fields = ["url", "html", "text", "title", "published", "language", "source"];

    private static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Parses a JSON body: one document object, or an array of them.</summary>
    internal static (List<DocumentInput>? Documents, List<InputError> Errors, bool Malformed) ReadJson(ReadOnlyMemory<byte> body)
    {
        var errors = new List<InputError>();
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            errors.Add(new InputError("", "the body is not valid JSON: it is not UTF-8 text"));
            return (null, errors, true);
        }
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(body, JsonOptions);
        }
        catch (JsonException e)
        {
            errors.Add(new InputError("", "the body is not valid JSON: " + JsonMessage(e)));
            return (null, errors, true);
        }
        using (json)
        {
            var docs = new List<DocumentInput>();
            switch (json.RootElement.ValueKind)
            {
                case JsonValueKind.Object:
                    Add(json.RootElement, "", docs, errors);
                    break;
                case JsonValueKind.Array:
                    int i = 0;
                    foreach (var element in json.RootElement.EnumerateArray())
                    {
                        Add(element, "/" + i.ToString(CultureInfo.InvariantCulture), docs, errors);
                        i++;
                        if (errors.Count >= MaxErrors)
                            break;
                    }
                    break;
                default:
                    errors.Add(new InputError("", $"expected a document object or an array of them, got {Kind(json.RootElement.ValueKind)}"));
                    break;
            }
            return (docs, errors, false);
        }
    }

    /// <summary>Parses JSON Lines: one document object per non-empty line.</summary>
    internal static (List<DocumentInput>? Documents, List<InputError> Errors, bool Malformed) ReadJsonLines(ReadOnlyMemory<byte> body)
    {
        var errors = new List<InputError>();
        var docs = new List<DocumentInput>();
        if (!System.Text.Unicode.Utf8.IsValid(body.Span))
        {
            errors.Add(new InputError("", "the body is not valid JSON Lines: it is not UTF-8 text"));
            return (null, errors, true);
        }
        int line = 0, start = 0;
        var span = body.Span;
        bool malformed = false;
        while (start <= span.Length && errors.Count < MaxErrors)
        {
            int nl = span[start..].IndexOf((byte)'\n');
            int end = nl < 0 ? span.Length : start + nl;
            line++;
            var slice = body[start..end];
            if (!IsBlank(slice.Span))
            {
                var pointer = "/" + (line - 1).ToString(CultureInfo.InvariantCulture);
                try
                {
                    using var json = JsonDocument.Parse(slice, JsonOptions);
                    if (json.RootElement.ValueKind != JsonValueKind.Object)
                        errors.Add(new InputError(pointer, $"line {line}: expected a document object, got {Kind(json.RootElement.ValueKind)}"));
                    else
                        Add(json.RootElement, pointer, docs, errors);
                }
                catch (JsonException e)
                {
                    malformed = true;
                    errors.Add(new InputError(pointer, $"line {line} is not valid JSON: {JsonMessage(e)}"));
                }
            }
            if (nl < 0)
                break;
            start = end + 1;
        }
        return (docs, errors, malformed);
    }

    private static bool IsBlank(ReadOnlySpan<byte> s)
    {
        foreach (var b in s)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
                return false;
        }
        return true;
    }

    private static string JsonMessage(JsonException e) =>
        e.LineNumber is { } line ? $"{FirstSentence(e.Message)} (line {line + 1}, byte {e.BytePositionInLine + 1})" : FirstSentence(e.Message);

    private static string FirstSentence(string m)
    {
        int cut = m.IndexOf(" LineNumber", StringComparison.Ordinal);
        return (cut > 0 ? m[..cut] : m).TrimEnd(' ', '.');
    }

    private static string Kind(JsonValueKind k) => k switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static void Add(JsonElement e, string pointer, List<DocumentInput> docs, List<InputError> errors)
    {
        int before = errors.Count;
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new InputError(pointer, $"expected a document object, got {Kind(e.ValueKind)}"));
            return;
        }
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var p in e.EnumerateObject())
        {
            var at = pointer + "/" + EscapePointer(p.Name);
            if (!Fields.Contains(p.Name, StringComparer.Ordinal))
            {
                errors.Add(new InputError(at, $"unknown field '{Clip(p.Name)}' (known: {string.Join(", ", Fields)})"));
                continue;
            }
            if (values.ContainsKey(p.Name))
            {
                errors.Add(new InputError(at, $"field '{p.Name}' is given twice"));
                continue;
            }
            if (p.Value.ValueKind == JsonValueKind.Null)
            {
                values[p.Name] = null;
                continue;
            }
            if (p.Value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new InputError(at, $"'{p.Name}' must be a string, got {Kind(p.Value.ValueKind)}"));
                continue;
            }
            values[p.Name] = p.Value.GetString();
        }
        if (errors.Count > before)
            return;
        if (FromValues(values, pointer, errors) is { } doc)
            docs.Add(doc);
    }

    /// <summary>Checks the fields of one document (from a JSON object, or from the query of a raw page with its
    /// body as <paramref name="page"/>); null when anything is wrong, with the errors added.</summary>
    internal static DocumentInput? FromValues(Dictionary<string, string?> values, string pointer, List<InputError> errors,
        (byte[] Bytes, ContentKind Kind, string? Charset)? page = null)
    {
        int before = errors.Count;
        var html = values.GetValueOrDefault("html");
        var text = values.GetValueOrDefault("text");
        if (page is not null)
        {
            if (html is not null || text is not null)
                errors.Add(new InputError(pointer, "a page posted as text/html or text/plain carries its content in the body, not in 'html' or 'text'"));
            else if (page.Value.Bytes.Length == 0)
                errors.Add(new InputError(pointer, "missing text: the body is empty"));
        }
        else if (html is not null && text is not null)
            errors.Add(new InputError(pointer, "give either 'html' or 'text', not both"));
        else if (string.IsNullOrWhiteSpace(html) && string.IsNullOrWhiteSpace(text) && !values.ContainsKey("html") && !values.ContainsKey("text"))
            errors.Add(new InputError(pointer, "missing 'text' (or 'html'): a document needs its content"));
        else if (string.IsNullOrWhiteSpace(html) && string.IsNullOrWhiteSpace(text))
            errors.Add(new InputError(pointer + (html is not null ? "/html" : "/text"), "the document's content is empty"));

        var url = values.GetValueOrDefault("url");
        if (url is not null && (url.Length > MaxUrl || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            errors.Add(new InputError(pointer + "/url", $"'url' must be an absolute http or https address of at most {MaxUrl} characters"));
        var title = values.GetValueOrDefault("title");
        if (title is not null && title.Length > MaxTitle)
            errors.Add(new InputError(pointer + "/title", $"'title' is longer than {MaxTitle} characters"));
        DateTimeOffset? published = null;
        if (values.GetValueOrDefault("published") is { } pub)
        {
            if (TryParseDate(pub, out var d))
                published = d;
            else
                errors.Add(new InputError(pointer + "/published", "'published' must be a date such as 2020-08-30 or 2020-08-30T14:05:00Z"));
        }
        var language = values.GetValueOrDefault("language");
        if (language is not null && (language.Length > 20 || LanguageTag.Parse(language).IsUndetermined))
            errors.Add(new InputError(pointer + "/language", "'language' must be a language tag such as bg, vi or sr-Latn"));
        var source = values.GetValueOrDefault("source");
        if (source is not null && source.Length > MaxShort)
            errors.Add(new InputError(pointer + "/source", $"'source' is longer than {MaxShort} characters"));
        if (errors.Count > before)
            return null;
        return new DocumentInput { Url = url, Html = html, Text = text, Title = title, Published = published, Language = language, Source = source, Page = page };
    }

    internal static bool TryParseDate(string s, out DateTimeOffset date)
    {
        s = s.Trim();
        if (s.Length is < 4 or > 64)
        {
            date = default;
            return false;
        }
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out date)
            && date.Year is > 1800 and < 2200)
        {
            date = date.ToUniversalTime();
            return true;
        }
        return false;
    }

    private static string EscapePointer(string name) => name.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
