using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Tidings.Server.Tests;

/// <summary>Drives the page in Debian's headless Chromium (never a downloaded browser) against a real server on a
/// loopback port: the seeds and the samples go in over the API; the list, the seeds' story, search, a live update
/// and a hostile title are checked as a reader sees them. Screenshots land in artifacts/browser/.</summary>
public sealed class BrowserTests : IAsyncLifetime
{
    internal const string Chromium = "/usr/bin/chromium";
    private const string Hostile = "<img src=x onerror=alert(1)>";
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-browser-").FullName;
    private WebApplication _app = null!;
    private HttpClient _http = null!;
    private string _base = "";

    public async Task InitializeAsync()
    {
        _app = TidingsServer.Build(new ServerOptions { Database = Path.Combine(_dir, "b.db"), Urls = "http://127.0.0.1:0" });
        await _app.StartAsync();
        _base = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(_base) };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    internal static string ArtifactDir()
    {
        var dir = Environment.GetEnvironmentVariable("TIDINGS_ARTIFACTS") is { Length: > 0 } a ? a : Tidings.Tests.RepoPaths.InRepo("artifacts", "browser");
        Directory.CreateDirectory(dir);
        return dir;
    }

    internal static async Task<IBrowser> Launch(IPlaywright playwright)
    {
        if (!File.Exists(Chromium))
            throw new InvalidOperationException($"This test needs Debian's chromium at {Chromium} (.ci/run installs it: apt-get install chromium). Playwright never downloads a browser here.");
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-extensions",
                "--disable-sync", "--no-first-run", "--disable-component-update", "--disable-default-apps", "--metrics-recording-only", "--mute-audio"],
        });
    }

    private async Task<JsonElement> Post(object body)
    {
        var r = await _http.PostAsync(new Uri("/api/documents", UriKind.Relative), Http.Json(body));
        r.EnsureSuccessStatusCode();
        return await Http.ReadJson(r);
    }

    [Fact]
    public async Task A_reader_sees_the_stories_the_seed_story_search_live_updates_and_hostile_titles_as_text()
    {
        var seeds = await Post(Http.Seeds());
        long seedStory = seeds.GetProperty("documents")[0].GetProperty("story").GetInt64();
        foreach (var chunk in Http.Samples().Chunk(25))
            await Post(chunk);
        await Post(new { text = "Residents of the old quarter gathered on Sunday for a quiet street festival with music and food stalls.", title = Hostile });

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Launch(playwright);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new ViewportSize { Width = 1200, Height = 1600 } });
        var page = await context.NewPageAsync();
        var dialogs = new List<string>();
        page.Dialog += (_, d) =>
        {
            dialogs.Add(d.Message);
            _ = d.DismissAsync();
        };
        var consoleErrors = new List<string>();
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
                consoleErrors.Add(m.Text);
        };
        var artifacts = ArtifactDir();

        // the list
        await page.GotoAsync(_base);
        await page.Locator("#stories li").First.WaitForAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live");
        var cards = await page.Locator("#stories li").CountAsync();
        Assert.True(cards >= 10, $"only {cards} story cards");
        await Assertions.Expect(page.Locator($"[data-story=\"{seedStory}\"] .badge")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator($"[data-story=\"{seedStory}\"] svg.spark")).ToHaveCountAsync(1);

        // a hostile title is characters on the page, never an element, and nothing runs
        await Assertions.Expect(page.GetByText(Hostile, new() { Exact = true })).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("img[src='x']").CountAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "list.png"), FullPage = true });

        // the seeds' story: the Bulgarian and the Vietnamese article
        await page.Locator($"[data-story=\"{seedStory}\"] h2 a").ClickAsync();
        await Assertions.Expect(page.Locator("section[data-language='bg'] .title")).ToContainTextAsync("Лукашенко");
        await Assertions.Expect(page.Locator("section[data-language='vi'] .title")).ToContainTextAsync("Lukashenko");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "story.png"), FullPage = true });

        // search
        await page.FillAsync("#q", "Lukashenko");
        await page.PressAsync("#q", "Enter");
        await Assertions.Expect(page.Locator("#hits li").First).ToContainTextAsync("Lukashenko");
        await Assertions.Expect(page.Locator("#hits")).ToContainTextAsync("Sau cuộc biểu tình tại Belarus");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "search.png"), FullPage = true });

        // back to the list; a new article posted elsewhere shows up without a reload
        await page.GotoAsync(_base + "#/");
        await page.Locator("#stories li").First.WaitForAsync();
        await Assertions.Expect(page.Locator("#live")).ToHaveTextAsync("live");
        await page.EvaluateAsync("() => { window.__notReloaded = true; }");
        const string fresh = "Glass bridge over the Vltava opens to walkers after four years of works";
        await Post(new { title = fresh, text = "The new glass footbridge over the Vltava in Prague opened on Saturday; engineers tested it with forty tonnes of sandbags.", language = "en", source = "Prague Desk" });
        await Assertions.Expect(page.Locator("#stories li", new() { HasText = fresh })).ToHaveCountAsync(1);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__notReloaded === true"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "live-update.png"), FullPage = true });

        // a phone-sized screen
        await page.SetViewportSizeAsync(390, 844);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(artifacts, "phone.png") });

        Assert.Empty(dialogs);
        Assert.Empty(consoleErrors);
    }
}
