using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Tidings.Core;
using Tidings.Ingest;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>One document's outcome in the answer to a POST.</summary>
internal sealed record DocumentResult(int Index, string? Url, string Status, string? Id, long? Story, bool NewStory, string? Reason);

/// <summary>The answer to a POST /api/documents.</summary>
internal sealed record IngestAnswer(int New, int Duplicate, int Rejected, IReadOnlyList<DocumentResult> Documents);

/// <summary>The data of a 'story' event on the stream.</summary>
internal sealed record StreamMessage(string Change, StoryCard Story);

internal sealed record HealthAnswer(string Status, long Articles);

/// <summary>The HTTP API: routes, input checks and answers. Queries go to <see cref="IReadModel"/>, writes to <see cref="WriteLane"/>.</summary>
internal static class Api
{
    internal static readonly string[] JsonTypes = ["application/json"];
    internal static readonly string[] JsonLinesTypes = ["application/x-ndjson", "application/jsonl", "application/json-lines", "application/x-jsonlines"];
    internal static readonly string[] PageTypes = ["text/html", "text/plain"];

    internal static void Map(IEndpointRouteBuilder app)
    {
        var reads = app.MapGroup("").WithTags("read").AddEndpointFilter(ApiKeyFilter.Reads);
        var writes = app.MapGroup("/api").WithTags("write").AddEndpointFilter(ApiKeyFilter.Writes);

        writes.MapPost("/documents", PostDocuments)
            .WithName("PostDocuments")
            .WithSummary("Ingest one document or a batch")
            .WithDescription("JSON: one object {url, html | text, title, published, language, source} or an array of them. JSON Lines (application/x-ndjson): one object per line. text/html or text/plain: the body is one page; url, title, published, language and source go in the query. Every document is checked first: one bad document fails the request and nothing is stored.")
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                // the body is read and checked by the handler (so that every error is a problem+json answer), so it is described here
                operation.RequestBody = new Microsoft.OpenApi.OpenApiRequestBody
                {
                    Required = true,
                    Description = "A document {url, html | text, title, published, language, source}, an array of them, JSON Lines, or one raw page.",
                    Content = JsonTypes.Concat(JsonLinesTypes).Concat(PageTypes).ToDictionary(t => t, _ => new Microsoft.OpenApi.OpenApiMediaType()),
                };
                return Task.CompletedTask;
            })
            .Produces<IngestAnswer>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .DisableAntiforgery();

        reads.MapGet("/api/documents/{id}", GetDocument).WithName("GetDocument").WithSummary("One stored document with its text")
            .Produces<ArticleView>().ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapGet("/api/stories", ListStories).WithName("ListStories")
            .WithSummary("Stories, biggest and newest first; filters lang, since, until, q; cursor pagination")
            .Produces<StoryListPage>().ProducesProblem(StatusCodes.Status400BadRequest);
        reads.MapGet("/api/stories/{id:long}", GetStory).WithName("GetStory")
            .WithSummary("A story with its articles grouped by language, sources and timeline")
            .Produces<StoryDetail>().ProducesProblem(StatusCodes.Status404NotFound);
        reads.MapGet("/api/search", Search).WithName("Search").WithSummary("Articles whose title or text contains q")
            .Produces<IReadOnlyList<SearchResult>>().ProducesProblem(StatusCodes.Status400BadRequest);
        reads.MapGet("/api/stream", Stream).WithName("Stream")
            .WithSummary("Server-Sent Events: 'story' events with a story card whenever a story appears or changes; 'ping' every 15 s")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        app.MapGet("/health", Health).WithName("Health").WithTags("operations").Produces<HealthAnswer>().Produces<HealthAnswer>(StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> PostDocuments(HttpContext http, WriteLane lane, IReadModel reads, StoryFeed feed, ServerMetrics metrics, IOptions<ServerOptions> optionsAccessor)
    {
        var options = optionsAccessor.Value;
        var started = Stopwatch.GetTimestamp();
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType) || mediaType.MediaType.Value is not { } type)
            return Unsupported(metrics, request.ContentType);
        type = type.ToLowerInvariant();
        bool json = JsonTypes.Contains(type) || (type.StartsWith("application/", StringComparison.Ordinal) && type.EndsWith("+json", StringComparison.Ordinal));
        bool lines = JsonLinesTypes.Contains(type);
        bool page = PageTypes.Contains(type);
        if (!json && !lines && !page)
            return Unsupported(metrics, request.ContentType);
        var charset = mediaType.Charset.Value;
        if ((json || lines) && charset is { } cs && !cs.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !cs.Equals("utf8", StringComparison.OrdinalIgnoreCase))
            return Unsupported(metrics, request.ContentType, "JSON must be UTF-8");

        var body = await ReadBodyAsync(http, options.MaxBodyBytes);
        if (body is null)
        {
            metrics.Rejection("body-too-large");
            return Problems.Of(StatusCodes.Status413PayloadTooLarge, "body-too-large", "The body is too large",
                $"the body is larger than the limit of {options.MaxBodyBytes.ToString(CultureInfo.InvariantCulture)} bytes; send smaller batches");
        }

        List<DocumentInput>? docs;
        List<InputError> errors;
        bool malformed;
        if (page)
        {
            errors = [];
            var values = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var (key, value) in request.Query)
            {
                if (!DocumentReader.Fields.Contains(key, StringComparer.Ordinal) || key is "html" or "text")
                    errors.Add(new InputError("", $"unknown query parameter '{(key.Length <= 60 ? key : key[..60])}' (known: url, title, published, language, source)"));
                else
                    values[key] = value.ToString();
            }
            var kind = type == "text/html" ? ContentKind.Html : ContentKind.Text;
            var doc = errors.Count == 0 ? DocumentReader.FromValues(values, "", errors, (body, kind, charset)) : null;
            docs = doc is null ? null : [doc];
            malformed = false;
        }
        else
        {
            (docs, errors, malformed) = json ? DocumentReader.ReadJson(body) : DocumentReader.ReadJsonLines(body);
        }
        if (malformed)
        {
            metrics.Rejection("malformed-json");
            return Problems.BadRequest("malformed-json", errors[0].Detail, errors);
        }
        if (errors.Count > 0)
        {
            var kind = errors.Any(e => e.Detail.StartsWith("unknown", StringComparison.Ordinal)) ? "unknown-field"
                : errors.Any(e => e.Detail.StartsWith("missing", StringComparison.Ordinal)) ? "missing-text"
                : errors.Any(e => e.Detail.Contains("must be a string", StringComparison.Ordinal) || e.Detail.StartsWith("expected", StringComparison.Ordinal)) ? "wrong-type"
                : "invalid-document";
            metrics.Rejection(kind);
            return Problems.BadRequest(kind, $"{errors.Count.ToString(CultureInfo.InvariantCulture)} problem(s) in the documents; nothing was stored. First: {errors[0].Detail}", errors);
        }
        if (docs is null || docs.Count == 0)
        {
            metrics.Rejection("empty-batch");
            return Problems.BadRequest("empty-batch", "the batch holds no documents");
        }
        if (docs.Count > options.MaxBatch)
        {
            metrics.Rejection("batch-too-large");
            return Problems.BadRequest("batch-too-large", $"the batch holds {docs.Count.ToString(CultureInfo.InvariantCulture)} documents; the limit is {options.MaxBatch.ToString(CultureInfo.InvariantCulture)}; nothing was stored");
        }

        IngestReport report;
        try
        {
            report = await lane.IngestAsync(docs, http.RequestAborted);
        }
        catch (Tidings.Clustering.Embeddings.EmbedderException e)
        {
            // no article goes in without its embedding: the request is refused whole, and may be sent again
            metrics.Rejection("embedder-unavailable");
            return Problems.Of(StatusCodes.Status503ServiceUnavailable, "embedder-unavailable", "The embedding server failed",
                e.Message + "; nothing was stored");
        }
        finally
        {
            reads.Changed();
        }
        var knownStories = await reads.StoriesOfAsync(
            report.Outcomes.Where(o => o.Status == IngestStatus.Duplicate && o.StoryId is null).Select(o => o.Id!).Distinct().ToList(), CancellationToken.None);
        var results = report.Outcomes.Select((o, i) => new DocumentResult(i, docs[i].Url, Status(o.Status), o.Id,
            o.StoryId ?? (o.Id is not null ? knownStories.GetValueOrDefault(o.Id) : null), o.NewStory, o.Reason)).ToList();
        int added = results.Count(r => r.Status == "new"), dup = results.Count(r => r.Status == "duplicate"), rejected = results.Count(r => r.Status == "rejected");
        metrics.Document("new", added);
        metrics.Document("duplicate", dup);
        metrics.Document("rejected", rejected);
        foreach (var r in results.Where(r => r.Reason is not null))
            metrics.Rejection(r.Reason!);
        await PublishAsync(report, reads, feed);
        metrics.IngestTime(Stopwatch.GetElapsedTime(started));
        return TypedResults.Ok(new IngestAnswer(added, dup, rejected, results));
    }

    private static string Status(IngestStatus s) => s switch
    {
        IngestStatus.New => "new",
        IngestStatus.Duplicate => "duplicate",
        _ => "rejected",
    };

    /// <summary>Tells the stream which stories appeared or grew.</summary>
    private static async Task PublishAsync(IngestReport report, IReadModel reads, StoryFeed feed)
    {
        if (feed.SubscriberCount == 0)
            return;
        var touched = report.Outcomes.Where(o => o.Status == IngestStatus.New && o.StoryId is not null)
            .GroupBy(o => o.StoryId!.Value).ToDictionary(g => g.Key, g => g.Any(o => o.NewStory));
        if (touched.Count == 0)
            return;
        foreach (var card in await reads.CardsAsync(touched.Keys.ToList(), CancellationToken.None))
            feed.Publish(touched[card.Id] ? "new" : "changed", card);
    }

    private static IResult Unsupported(ServerMetrics metrics, string? contentType, string? why = null)
    {
        metrics.Rejection("unsupported-media-type");
        return Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "Unsupported Content-Type",
            (why is null ? $"Content-Type '{Clip(contentType ?? "(none)")}' is not accepted" : why) +
            $"; send {string.Join(", ", JsonTypes.Concat(JsonLinesTypes).Concat(PageTypes))}");
    }

    private static string Clip(string s) => s.Length <= 100 ? s : s[..100] + "…";

    /// <summary>The body, or null when it is larger than <paramref name="max"/> bytes.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext http, long max)
    {
        if (http.Request.ContentLength > max)
            return null;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null; // this endpoint enforces its own limit below, with a problem+json answer
        // a busy server (all cores in the pipeline) reads bodies late; that is not a slow client, so no minimum rate here
        if (http.Features.Get<Microsoft.AspNetCore.Server.Kestrel.Core.Features.IHttpMinRequestBodyDataRateFeature>() is { } rate)
            rate.MinDataRate = null;
        var buffer = new ArrayBufferWriter<byte>(http.Request.ContentLength is { } n and > 0 ? (int)n : 64 * 1024);
        var stream = http.Request.Body;
        while (true)
        {
            var memory = buffer.GetMemory(64 * 1024);
            int read = await stream.ReadAsync(memory, http.RequestAborted);
            if (read == 0)
                break;
            buffer.Advance(read);
            if (buffer.WrittenCount > max)
                return null;
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<IResult> GetDocument(string id, IReadModel reads, CancellationToken ct) =>
        id.Length is > 0 and <= 128 && await reads.GetArticleAsync(id, ct) is { } a
            ? TypedResults.Ok(a)
            : Problems.NotFound($"no document with id '{Clip(id)}'");

    private static async Task<IResult> ListStories(HttpRequest request, IReadModel reads, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var errors = new List<InputError>();
        var q = request.Query;
        string? lang = null;
        if (q["lang"].ToString() is { Length: > 0 } l)
        {
            var tag = LanguageTag.Parse(l);
            if (tag.IsUndetermined || l.Length > 20)
                errors.Add(new InputError("lang", "'lang' must be a language tag such as bg or vi"));
            else
                lang = tag.ToString();
        }
        var since = Date(q["since"], "since", errors);
        var until = Date(q["until"], "until", errors);
        var text = Text(q["q"], "q", errors);
        int limit = Limit(q["limit"], 20, options.Value.MaxPageSize, errors);
        var cursor = q["cursor"].ToString() is { Length: > 0 } c ? c : null;
        if (cursor is { Length: > 200 })
            errors.Add(new InputError("cursor", "'cursor' is not one this server gave out (use next_cursor of the previous page)"));
        if (errors.Count > 0)
            return Problems.BadRequest("invalid-query", errors[0].Detail, errors);
        try
        {
            return TypedResults.Ok(await reads.ListStoriesAsync(new StoryListQuery(lang, since, until, text, limit, cursor), ct));
        }
        catch (BadCursorException)
        {
            return Problems.BadRequest("invalid-query", "'cursor' is not one this server gave out for this listing (use next_cursor of the previous page with the same filters)",
                [new InputError("cursor", "not a cursor of this listing")]);
        }
    }

    private static async Task<IResult> GetStory(long id, IReadModel reads, CancellationToken ct) =>
        await reads.GetStoryAsync(id, ct) is { } s ? TypedResults.Ok(s) : Problems.NotFound($"no story {id.ToString(CultureInfo.InvariantCulture)}");

    private static async Task<IResult> Search(HttpRequest request, IReadModel reads, IOptions<ServerOptions> options, CancellationToken ct)
    {
        var errors = new List<InputError>();
        var text = Text(request.Query["q"], "q", errors);
        if (text is null && errors.Count == 0)
            errors.Add(new InputError("q", "missing 'q': what to search for"));
        int limit = Limit(request.Query["limit"], 20, options.Value.MaxPageSize, errors);
        string? lang = null;
        if (request.Query["lang"].ToString() is { Length: > 0 } l)
        {
            var tag = LanguageTag.Parse(l);
            if (tag.IsUndetermined)
                errors.Add(new InputError("lang", "'lang' must be a language tag such as bg or vi"));
            else
                lang = tag.ToString();
        }
        if (errors.Count > 0)
            return Problems.BadRequest("invalid-query", errors[0].Detail, errors);
        return TypedResults.Ok(await reads.SearchAsync(text!, lang, limit, ct));
    }

    private static DateTimeOffset? Date(string? value, string name, List<InputError> errors)
    {
        if (string.IsNullOrEmpty(value))
            return null;
        if (DocumentReader.TryParseDate(value, out var d))
            return d;
        errors.Add(new InputError(name, $"'{name}' must be a date such as 2020-08-30 or 2020-08-30T14:05:00Z"));
        return null;
    }

    private static string? Text(string? value, string name, List<InputError> errors)
    {
        var t = value?.Trim();
        if (string.IsNullOrEmpty(t))
            return null;
        if (t.Length > 200)
        {
            errors.Add(new InputError(name, $"'{name}' is longer than 200 characters"));
            return null;
        }
        return t;
    }

    private static int Limit(string? value, int fallback, int max, List<InputError> errors)
    {
        if (string.IsNullOrEmpty(value))
            return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= max)
            return n;
        errors.Add(new InputError("limit", $"'limit' must be a whole number from 1 to {max.ToString(CultureInfo.InvariantCulture)}"));
        return fallback;
    }

    private static IResult Stream(StoryFeed feed, IHostApplicationLifetime lifetime, HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        return TypedResults.ServerSentEvents(Events(feed, lifetime, http.RequestAborted));
    }

    private static async IAsyncEnumerable<SseItem<string>> Events(StoryFeed feed, IHostApplicationLifetime lifetime, [EnumeratorCancellation] CancellationToken aborted)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, lifetime.ApplicationStopping);
        using var subscription = feed.Subscribe();
        yield return new SseItem<string>("{}", "hello") { ReconnectionInterval = TimeSpan.FromSeconds(3) };
        while (!stop.IsCancellationRequested)
        {
            bool ready, ping = false;
            using (var tick = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
            {
                tick.CancelAfter(PingInterval);
                try
                {
                    ready = await subscription.Reader.WaitToReadAsync(tick.Token);
                }
                catch (OperationCanceledException)
                {
                    ready = false;
                    ping = !stop.IsCancellationRequested;
                }
            }
            if (ping)
            {
                yield return new SseItem<string>("{}", "ping");
                continue;
            }
            if (!ready)
                break;
            while (subscription.Reader.TryRead(out var e))
            {
                yield return new SseItem<string>(JsonSerializer.Serialize(new StreamMessage(e.Change, e.Story), Json.Options), "story")
                {
                    EventId = e.Sequence.ToString(CultureInfo.InvariantCulture),
                };
            }
        }
    }

    internal static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);

    private static async Task<IResult> Health(IReadModel reads, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(new HealthAnswer("ok", await reads.CountArticlesAsync(ct)));
        }
        catch (Exception e) when (e is StoreException or System.Data.Common.DbException or InvalidOperationException)
        {
            return TypedResults.Json(new HealthAnswer("unavailable: " + e.GetType().Name, 0), Json.Options, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }
}
