using System.Globalization;

namespace Tidings.Clustering.Embeddings;

/// <summary>Where and how to reach an OpenAI-compatible embedding server (<c>POST {Url}/v1/embeddings</c>: Ollama,
/// text-embeddings-inference, vLLM, llama.cpp's server, OpenAI itself). Nothing is needed by default: without a URL
/// and a model no embedder runs and the dense feature stays missing.</summary>
public sealed record EmbedderOptions
{
    public const string UrlEnvironmentVariable = "TIDINGS_EMBEDDER_URL";
    public const string ModelEnvironmentVariable = "TIDINGS_EMBEDDER_MODEL";
    public const string ApiKeyEnvironmentVariable = "TIDINGS_EMBEDDER_API_KEY";
    public const string BatchSizeEnvironmentVariable = "TIDINGS_EMBEDDER_BATCH";
    public const string TimeoutEnvironmentVariable = "TIDINGS_EMBEDDER_TIMEOUT";

    /// <summary>The server: its base (<c>http://127.0.0.1:11434</c>), its <c>/v1</c> path or the whole
    /// <c>/v1/embeddings</c> address; http or https.</summary>
    public required Uri Url { get; init; }

    /// <summary>The model name the server knows (<c>nomic-embed-text</c>, <c>BAAI/bge-m3</c>, ...).</summary>
    public required string Model { get; init; }

    /// <summary>Sent as <c>Authorization: Bearer KEY</c> when set.</summary>
    public string? ApiKey { get; init; }

    /// <summary>At most this many texts per request.</summary>
    public int BatchSize { get; init; } = 32;

    /// <summary>Longest one request may take, answer included (a model loading on first use can take seconds).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Each input is cut to this many characters (at a character boundary) before it is sent.</summary>
    public int MaxInputChars { get; init; } = 1000;

    /// <summary>A larger answer is refused (a server that streams without end cannot exhaust memory).</summary>
    public long MaxResponseBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Vectors longer than this are refused as malformed.</summary>
    public int MaxDimensions { get; init; } = 16_384;

    /// <summary>Answers of 429 (busy) and 503 (unavailable) are tried again this many times, after 0.5 s, 1 s, ...
    /// (or the server's Retry-After, up to 5 s). A refused connection, a timeout or another error is not retried.</summary>
    public int Retries { get; init; } = 2;

    /// <summary>The address requests go to: <c>/v1/embeddings</c> appended to the base unless the URL names it.</summary>
    public Uri Endpoint
    {
        get
        {
            var path = Url.AbsolutePath.TrimEnd('/');
            string suffix = path.EndsWith("/v1/embeddings", StringComparison.Ordinal) ? ""
                : path.EndsWith("/v1", StringComparison.Ordinal) ? "/embeddings" : "/v1/embeddings";
            var builder = new UriBuilder(Url) { Path = path + suffix };
            return builder.Uri;
        }
    }

    /// <summary>Why these options cannot work, or null.</summary>
    public string? Problem()
    {
        if (!Url.IsAbsoluteUri || (Url.Scheme != Uri.UriSchemeHttp && Url.Scheme != Uri.UriSchemeHttps))
            return $"the embedder URL '{Url}' is not an http:// or https:// address";
        if (string.IsNullOrWhiteSpace(Model))
            return "the embedder needs a model name";
        if (BatchSize < 1)
            return "the embedder batch size must be at least 1";
        if (Timeout <= TimeSpan.Zero)
            return "the embedder timeout must be positive";
        if (MaxInputChars < 1)
            return "the embedder's input limit must be at least 1 character";
        return null;
    }

    /// <summary>The embedder from explicit values (flags), else the environment (<c>TIDINGS_EMBEDDER_URL</c>,
    /// <c>TIDINGS_EMBEDDER_MODEL</c>, <c>TIDINGS_EMBEDDER_API_KEY</c>, <c>TIDINGS_EMBEDDER_BATCH</c>,
    /// <c>TIDINGS_EMBEDDER_TIMEOUT</c> in seconds); null when no URL is given anywhere.</summary>
    /// <exception cref="ArgumentException">A URL without a model (or the reverse), or a value that cannot work.</exception>
    public static EmbedderOptions? Resolve(string? url, string? model, string? apiKey = null, int? batchSize = null, TimeSpan? timeout = null,
        Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        url = NonEmpty(url) ?? NonEmpty(environment(UrlEnvironmentVariable));
        model = NonEmpty(model) ?? NonEmpty(environment(ModelEnvironmentVariable));
        if (url is null && model is null)
            return null;
        if (url is null)
            throw new ArgumentException($"an embedder model ('{model}') was given without its server: add --embedder-url or {UrlEnvironmentVariable}");
        if (model is null)
            throw new ArgumentException($"an embedder URL ('{url}') was given without a model: add --embedder-model or {ModelEnvironmentVariable}");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            throw new ArgumentException($"the embedder URL '{url}' is not an absolute http:// or https:// address");
        var options = new EmbedderOptions { Url = uri, Model = model, ApiKey = NonEmpty(apiKey) ?? NonEmpty(environment(ApiKeyEnvironmentVariable)) };
        if (batchSize is { } b)
            options = options with { BatchSize = b };
        else if (NonEmpty(environment(BatchSizeEnvironmentVariable)) is { } bs)
            options = options with { BatchSize = int.TryParse(bs, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) ? n : -1 };
        if (timeout is { } t)
            options = options with { Timeout = t };
        else if (NonEmpty(environment(TimeoutEnvironmentVariable)) is { } ts)
            options = options with { Timeout = double.TryParse(ts, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0 ? TimeSpan.FromSeconds(s) : TimeSpan.Zero };
        if (options.Problem() is { } problem)
            throw new ArgumentException(problem);
        return options;
    }

    private static string? NonEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The address as shown in messages: no user info, no query.</summary>
    internal string Shown => new UriBuilder(Endpoint) { UserName = "", Password = "", Query = "" }.Uri.ToString();
}
