using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Tidings.Core;

namespace Tidings.Clustering.Embeddings;

/// <summary>The embedder failed: the server is down or unreachable, too slow, answered with an error, or answered
/// something that is not the embeddings asked for. The message says which, naming the server (without credentials).</summary>
public sealed class EmbedderException : Exception
{
    public EmbedderException(string message) : base(message)
    {
    }

    public EmbedderException(string message, Exception inner) : base(message, inner)
    {
    }

    public EmbedderException()
    {
    }
}

/// <summary>Builds embedders.</summary>
public static class Embedders
{
    /// <summary>An embedder for an OpenAI-compatible <c>/v1/embeddings</c> server. <paramref name="handler"/> is for
    /// tests and proxies (the default connects directly, with a connect timeout); the embedder owns and disposes it.</summary>
    /// <exception cref="ArgumentException">The options cannot work (<see cref="EmbedderOptions.Problem"/>).</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> OpenAiCompatible(EmbedderOptions options, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
            throw new ArgumentException(problem, nameof(options));
        return new OpenAiEmbeddingGenerator(options, handler);
    }

    /// <summary>Embeds <paramref name="texts"/> in order and returns the vectors as arrays (what the clusterer takes).</summary>
    public static async Task<float[][]> EmbedAsync(this IEmbeddingGenerator<string, Embedding<float>> embedder, IReadOnlyList<string> texts,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(texts);
        if (texts.Count == 0)
            return [];
        var result = await embedder.GenerateAsync(texts, null, cancellation).ConfigureAwait(false);
        if (result.Count != texts.Count)
            throw new EmbedderException($"the embedder returned {result.Count} vectors for {texts.Count} texts");
        var vectors = new float[texts.Count][];
        for (int i = 0; i < vectors.Length; i++)
            vectors[i] = result[i].Vector.ToArray();
        return vectors;
    }

    /// <summary>What an article is embedded from: its title, a blank line and the start of its text, cut to
    /// <paramref name="maxChars"/> characters (at a character boundary; lone surrogates replaced).</summary>
    public static string ArticleText(string title, string text, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        title = title.Trim();
        string joined = title.Length == 0 ? text.Trim() : title + "\n\n" + text.TrimStart();
        return OpenAiEmbeddingGenerator.Bound(joined, maxChars);
    }
}

/// <summary>An OpenAI-compatible embedding client: <c>POST {base}/v1/embeddings</c> with <c>{"model","input":[...]}</c>,
/// at most <see cref="EmbedderOptions.BatchSize"/> inputs a request, each request bounded in time and answer size. The
/// answer is untrusted: it must be JSON with one finite vector per input (matched by <c>index</c>, in any order), all
/// of one dimension; anything else is an <see cref="EmbedderException"/> that says what was wrong.</summary>
internal sealed class OpenAiEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly EmbedderOptions _options;
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private readonly EmbeddingGeneratorMetadata _metadata;

    internal OpenAiEmbeddingGenerator(EmbedderOptions options, HttpMessageHandler? handler)
    {
        _options = options;
        _endpoint = options.Endpoint;
        handler ??= new SocketsHttpHandler
        {
            ConnectTimeout = options.Timeout < TimeSpan.FromSeconds(10) ? options.Timeout : TimeSpan.FromSeconds(10),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            AutomaticDecompression = DecompressionMethods.All,
        };
        _http = new HttpClient(handler, disposeHandler: true) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        _metadata = new EmbeddingGeneratorMetadata("openai-compatible", _endpoint, options.Model);
    }

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values.Select(v => Bound(v ?? throw new ArgumentException("an input text is null", nameof(values)), _options.MaxInputChars)).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        string model = options?.ModelId ?? _options.Model;
        int dimensions = 0;
        for (int start = 0; start < inputs.Count; start += _options.BatchSize)
        {
            var batch = inputs.GetRange(start, Math.Min(_options.BatchSize, inputs.Count - start));
            var vectors = await RequestAsync(batch, model, options?.Dimensions, cancellationToken).ConfigureAwait(false);
            foreach (var v in vectors)
            {
                if (dimensions == 0)
                    dimensions = v.Length;
                else if (v.Length != dimensions)
                    throw new EmbedderException($"the embedding server at {_options.Shown} returned vectors of {dimensions} and of {v.Length} dimensions in one call");
                result.Add(new Embedding<float>(v) { ModelId = model, CreatedAt = DateTimeOffset.UtcNow });
            }
        }
        return result;
    }

    /// <summary>One request with its retries (429 and 503 only).</summary>
    private async Task<float[][]> RequestAsync(List<string> batch, string model, int? dimensions, CancellationToken cancellation)
    {
        byte[] body = RequestBody(batch, model, dimensions);
        for (int attempt = 0; ; attempt++)
        {
            var (vectors, retryAfter) = await SendAsync(body, batch.Count, cancellation, attempt < _options.Retries).ConfigureAwait(false);
            if (vectors is not null)
                return vectors;
            await Task.Delay(retryAfter, cancellation).ConfigureAwait(false);
        }
    }

    private async Task<(float[][]? Vectors, TimeSpan RetryAfter)> SendAsync(byte[] body, int expected, CancellationToken cancellation, bool mayRetry)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(_options.Timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, _endpoint) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            if (_options.ApiKey is { } key)
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            int status = (int)response.StatusCode;
            if (mayRetry && status is 429 or 503)
                return (null, RetryDelay(response));
            byte[] answer = await ReadBoundedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new EmbedderException($"the embedding server at {_options.Shown} answered HTTP {status} ({response.ReasonPhrase}): "
                    + (ErrorMessage(answer) ?? "no message"));
            }
            return (Parse(answer, expected), TimeSpan.Zero);
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new EmbedderException(string.Create(CultureInfo.InvariantCulture,
                $"the embedding server at {_options.Shown} did not answer within {_options.Timeout.TotalSeconds:0.#} s (model '{_options.Model}', {expected} texts)"));
        }
        catch (HttpRequestException e)
        {
            string why = e.InnerException is SocketException s ? s.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused: is the server running?",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host not found",
                SocketError.TimedOut => "connection timed out",
                _ => s.SocketErrorCode.ToString(),
            } : e.HttpRequestError switch
            {
                HttpRequestError.ConnectionError => "cannot connect: is the server running?",
                HttpRequestError.NameResolutionError => "host not found",
                HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
                HttpRequestError.SecureConnectionError => "TLS failed",
                _ => Safe(e.Message),
            };
            throw new EmbedderException($"the embedding server at {_options.Shown} cannot be reached ({why})", e);
        }
        catch (IOException e)
        {
            throw new EmbedderException($"the embedding server at {_options.Shown} broke off its answer ({Safe(e.Message)})", e);
        }
    }

    private static TimeSpan RetryDelay(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter?.Delta is { } delta)
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta > TimeSpan.FromSeconds(5) ? TimeSpan.FromSeconds(5) : delta;
        return TimeSpan.FromSeconds(0.5);
    }

    private static byte[] RequestBody(List<string> batch, string model, int? dimensions)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("model", model);
            w.WriteStartArray("input");
            foreach (var text in batch)
                w.WriteStringValue(text);
            w.WriteEndArray();
            if (dimensions is { } d)
                w.WriteNumber("dimensions", d);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellation)
    {
        long limit = _options.MaxResponseBytes;
        if (content.Headers.ContentLength is { } length && length > limit)
            throw new EmbedderException(string.Create(CultureInfo.InvariantCulture, $"the embedding server at {_options.Shown} sent an answer of {length:N0} bytes, more than the {limit:N0} allowed"));
        var stream = await content.ReadAsStreamAsync(cancellation).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var memory = new MemoryStream();
            var chunk = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                int n;
                while ((n = await stream.ReadAsync(chunk, cancellation).ConfigureAwait(false)) > 0)
                {
                    if (memory.Length + n > limit)
                        throw new EmbedderException(string.Create(CultureInfo.InvariantCulture, $"the embedding server at {_options.Shown} sent an answer of more than the {limit:N0} bytes allowed"));
                    memory.Write(chunk, 0, n);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }
            return memory.ToArray();
        }
    }

    /// <summary>The vectors of an answer, in input order; <paramref name="expected"/> of them, all of one dimension.</summary>
    private float[][] Parse(byte[] answer, int expected)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(answer, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException e)
        {
            throw Malformed($"not valid JSON ({Safe(e.Message)})");
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
                throw Malformed(ErrorMessage(answer) is { } m ? $"no \"data\" list but: {m}" : "no \"data\" list of embeddings");
            int count = data.GetArrayLength();
            if (count != expected)
                throw Malformed($"{count} vectors for {expected} texts");
            var vectors = new float[expected][];
            int position = 0, dimensions = -1;
            foreach (var item in data.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Object)
                    throw Malformed($"item {position} of \"data\" is not an object");
                int index = position;
                if (item.TryGetProperty("index", out var ix))
                {
                    if (ix.ValueKind != JsonValueKind.Number || !ix.TryGetInt32(out index) || index < 0 || index >= expected)
                        throw Malformed($"item {position} has index {Safe(ix.GetRawText())}, outside 0-{expected - 1}");
                }
                if (vectors[index] is not null)
                    throw Malformed($"index {index} appears twice");
                if (!item.TryGetProperty("embedding", out var e) || e.ValueKind != JsonValueKind.Array)
                    throw Malformed($"item {position} has no \"embedding\" list of numbers (a base64 string or a list per token is not read)");
                int d = e.GetArrayLength();
                if (d == 0 || d > _options.MaxDimensions)
                    throw Malformed($"item {position} has {d} dimensions (1-{_options.MaxDimensions} expected)");
                if (dimensions >= 0 && d != dimensions)
                    throw Malformed($"vectors of {dimensions} and {d} dimensions (ragged)");
                dimensions = d;
                var v = new float[d];
                int k = 0;
                foreach (var x in e.EnumerateArray())
                {
                    if (x.ValueKind != JsonValueKind.Number || !x.TryGetDouble(out double value) || !double.IsFinite(value) || !float.IsFinite((float)value))
                        throw Malformed($"item {position} has a value that is not a finite number at {k}");
                    v[k++] = (float)value;
                }
                vectors[index] = v;
                position++;
            }
            return vectors;
        }
    }

    private EmbedderException Malformed(string what) =>
        new($"the embedding server at {_options.Shown} answered something that is not the embeddings asked for: {what}");

    /// <summary>The message of an error body in the shapes servers use: <c>{"error":{"message"}}</c> (OpenAI, vLLM),
    /// <c>{"error":"..."}</c> (Ollama, text-embeddings-inference), <c>{"message"}</c>, <c>{"detail"}</c>; else the
    /// start of the body as text. Cut and stripped of control characters (the answer is untrusted).</summary>
    internal static string? ErrorMessage(byte[] body)
    {
        if (body.Length == 0)
            return null;
        try
        {
            using var doc = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 8 });
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                if (root.TryGetProperty("error", out var error))
                {
                    if (error.ValueKind == JsonValueKind.String)
                        return Safe(error.GetString()!);
                    if (error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                        return Safe(m.GetString()!);
                }
                foreach (var name in new[] { "message", "detail" })
                {
                    if (root.TryGetProperty(name, out var m) && m.ValueKind == JsonValueKind.String)
                        return Safe(m.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            // not JSON: the text itself
        }
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 1000));
        return text.Trim().Length == 0 ? null : Safe(text);
    }

    /// <summary>Text from the server as a message may show it: control characters (ANSI escapes) dropped, whitespace
    /// folded, at most 300 characters.</summary>
    internal static string Safe(string text)
    {
        var folded = Whitespace.Collapse(text, dropControl: true)
            .Replace("\u200b", "", StringComparison.Ordinal).Replace("\u00ad", "", StringComparison.Ordinal);
        return folded.Length <= 300 ? folded : folded[..300] + "…";
    }

    /// <summary>A text cut to <paramref name="maxChars"/> without splitting a surrogate pair, lone surrogates replaced
    /// (they cannot be written as UTF-8).</summary>
    internal static string Bound(string text, int maxChars)
    {
        int length = Math.Min(text.Length, maxChars);
        if (length < text.Length && length > 0 && char.IsHighSurrogate(text[length - 1]))
            length--;
        var span = text.AsSpan(0, length);
        bool clean = true;
        for (int i = 0; i < span.Length && clean; i++)
        {
            if (char.IsSurrogate(span[i]))
            {
                if (char.IsHighSurrogate(span[i]) && i + 1 < span.Length && char.IsLowSurrogate(span[i + 1]))
                    i++;
                else
                    clean = false;
            }
        }
        if (clean)
            return length == text.Length ? text : span.ToString();
        var chars = span.ToArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (!char.IsSurrogate(chars[i]))
                continue;
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
                i++;
            else
                chars[i] = '\uFFFD';
        }
        return new string(chars);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
            return null;
        if (serviceType == typeof(EmbeddingGeneratorMetadata))
            return _metadata;
        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose() => _http.Dispose();
}
