using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using Tidings.Composition;
using Tidings.Core;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>JSON as the API writes it: snake_case names; every script readable, HTML-sensitive characters escaped.</summary>
internal static class Json
{
    internal static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    internal static JsonSerializerOptions Configure(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        o.DictionaryKeyPolicy = null;
        o.Encoder = JavaScriptEncoder.Create(UnicodeRanges.All);
        return o;
    }
}

/// <summary>The Tidings HTTP server: the API, the metrics and OpenAPI documents and the web page, in one process.</summary>
public static class TidingsServer
{
    /// <summary>Headers on every answer. The page loads only its own scripts and styles: no inline script can run.</summary>
    internal const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
        "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Builds the server for <paramref name="options"/>; configuration (the "Tidings" section of the command
    /// line, environment or a test host) can override them.</summary>
    public static WebApplication Build(ServerOptions options, string[]? args = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args ?? [], ContentRootPath = AppContext.BaseDirectory });
        var startOptions = ServerOptions.From(builder.Configuration, options);
        builder.WebHost.UseUrls(startOptions.Urls);
        builder.WebHost.ConfigureKestrel(k => k.AddServerHeader = false);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<IOptions<ServerOptions>>(sp => Microsoft.Extensions.Options.Options.Create(ServerOptions.From(sp.GetRequiredService<IConfiguration>(), options)));
        // the pipeline's parallel stages run on threads of their own at a lower priority, so requests keep the thread pool
        builder.Services.AddSingleton(_ => new BackgroundScheduler(Environment.ProcessorCount));
        // the composition root builds store, pipeline and clusterer; the server only adds HTTP around it
        builder.Services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<ServerOptions>>().Value;
            return TidingsEngine.OpenAsync(new EngineOptions
            {
                Database = o.Database,
                Embedder = o.Embedder,
                // one transaction per request
                Tidings = new TidingsOptions { BatchSize = o.MaxBatch, StageScheduler = sp.GetRequiredService<BackgroundScheduler>() },
            }).GetAwaiter().GetResult();
        });
        builder.Services.AddSingleton(sp => new WriteLane(sp.GetRequiredService<TidingsEngine>()));
        builder.Services.AddSingleton<IReadModel>(sp => new StoreReadModel(sp.GetRequiredService<TidingsEngine>().Store));
        builder.Services.AddSingleton<StoryFeed>();
        builder.Services.AddSingleton<ServerMetrics>();
        builder.Services.AddProblemDetails();
        builder.Services.ConfigureHttpJsonOptions(j => Json.Configure(j.SerializerOptions));
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Tidings API";
            doc.Info.Description = "Ingest news documents and read the multilingual stories they form. Writes need the API key (X-Api-Key).";
            return Task.CompletedTask;
        }));
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(ServerMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime")
            .AddPrometheusExporter(p => p.ScrapeResponseCacheDurationMilliseconds = 0));

        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            var h = context.Response.Headers;
            h.ContentSecurityPolicy = ContentSecurityPolicy;
            h.XContentTypeOptions = "nosniff";
            h.XFrameOptions = "DENY";
            h["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var page = new EmbeddedFileProvider(typeof(TidingsServer).Assembly, "Tidings.Server.page");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = page,
            OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
        });
        app.MapOpenApi();
        app.MapPrometheusScrapingEndpoint("/metrics");
        Api.Map(app);
        return app;
    }

    /// <summary>Serves until SIGTERM or Ctrl+C, then finishes the request in hand and closes the store.
    /// Returns 0, or 1 when the options or the database cannot be used.</summary>
    public static async Task<int> RunAsync(ServerOptions options, string[]? args = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problem() is { } problem)
        {
            await Console.Error.WriteLineAsync("tidings serve: " + problem);
            return 1;
        }
        WebApplication app;
        try
        {
            app = Build(options, args);
            app.Services.GetRequiredService<WriteLane>();
            app.Services.GetRequiredService<IReadModel>();
        }
        catch (StoreException e)
        {
            await Console.Error.WriteLineAsync("tidings serve: " + e.Message);
            return 1;
        }
        await using (app)
        {
            var effective = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
            var engine = app.Services.GetRequiredService<TidingsEngine>();
            var articles = await engine.Store.CountArticlesAsync(cancellation);
            await Console.Out.WriteLineAsync($"Tidings: serving {engine.Store.Location} ({articles} articles) on {effective.Urls}" +
                (effective.ApiKey is null ? " (writes open: no API key set; loopback only)" : " (writes need the API key)"));
            await app.RunAsync(cancellation);
        }
        return 0;
    }

    internal static string Version => typeof(TidingsServer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
