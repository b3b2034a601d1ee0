using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tidings.Tests;

namespace Tidings.Cli.Tests;

/// <summary>Unix and .NET CLI manners: wrong arguments in words with exit code 2, styling only on a terminal, counts
/// and totals in words, one language tag form; <c>detect</c> on whatever it is given.</summary>
[Collection("console")]
public sealed class MannersTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tidings-manners-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    internal static (int Code, string Out, string Err) Run(params string[] args) => CliTests.Run(args);

    private string Db => Path.Combine(_dir, "t.db");

    private string File(string name, byte[] bytes)
    {
        var p = Path.Combine(_dir, name);
        System.IO.File.WriteAllBytes(p, bytes);
        return p;
    }

    private const string Bulgarian = "Министърът на външните работи заяви в понеделник, че правителството ще подкрепи новото споразумение за търговия, след като парламентът го одобри с голямо мнозинство.";
    private const string Chinese = "国家统计局周一发布的数据显示，今年前三季度全国居民人均可支配收入实际增长百分之五，城镇和农村居民收入差距继续缩小。专家表示，消费市场稳步恢复，服务业对经济增长的贡献进一步提高。";

    [Theory]
    [InlineData(new[] { "show", "abc" }, "'abc' is not a story id")]
    [InlineData(new[] { "show", "-5" }, "is not a story id")]
    [InlineData(new[] { "stories", "--limit", "-1" }, "--limit needs a whole number of 0 (all) or more, not '-1'")]
    [InlineData(new[] { "stories", "--limit", "many" }, "--limit needs a whole number")]
    [InlineData(new[] { "search", "x", "--limit", "0" }, "--limit needs a whole number of 1 or more")]
    [InlineData(new[] { "stories", "--lang", "12" }, "--lang needs a language code")]
    [InlineData(new[] { "frobnicate" }, "frobnicate")]
    public void Wrong_arguments_are_answered_in_words_with_exit_code_2(string[] args, string message)
    {
        var (code, output, err) = Run(args);
        Assert.Equal(2, code);
        Assert.Contains(message, err, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", err, StringComparison.Ordinal);
        Assert.Contains("--help", err, StringComparison.Ordinal);
        Assert.Equal("", output);
    }

    [Fact]
    public void Styling_only_on_a_terminal_and_never_with_NO_COLOR()
    {
        Assert.True(Safe.StyledFor(redirected: false, noColor: null, term: "xterm-256color"));
        Assert.False(Safe.StyledFor(redirected: true, noColor: null, term: "xterm"));
        Assert.False(Safe.StyledFor(redirected: false, noColor: "1", term: "xterm"));
        Assert.False(Safe.StyledFor(redirected: false, noColor: null, term: "dumb"));
        Assert.True(Safe.StyledFor(redirected: false, noColor: "", term: "xterm")); // an empty NO_COLOR does not count

        // written to a pipe or file (as here), show and stories carry no escape codes at all
        Assert.Equal(0, Run("ingest", RepoPaths.Shared("seeds"), "--db", Db).Code);
        var (code, shown, _) = Run("show", "1", "--db", Db);
        Assert.Equal(0, code);
        Assert.DoesNotContain('\u001b', shown);
        Assert.DoesNotContain('\u001b', Run("stories", "--db", Db).Out);
    }

    [Fact]
    public void Counts_and_totals_are_in_words_and_one_language_tag_form_is_used_everywhere()
    {
        Assert.Equal(0, Run("ingest", RepoPaths.InRepo("samples"), "--db", Db).Code);
        var all = JsonDocument.Parse(Run("stories", "--db", Db, "--json", "--limit", "0").Out).RootElement.EnumerateArray().ToList();
        Assert.True(all.Count >= 10);
        var (code, table, _) = Run("stories", "--db", Db, "--limit", "3");
        Assert.Equal(0, code);
        Assert.Contains($"3 of {all.Count} stories", table, StringComparison.Ordinal);
        Assert.Contains($"{all.Count} stories", Run("stories", "--db", Db, "--limit", "0").Out, StringComparison.Ordinal);

        // stories list the languages as show does (zh-Hans, not zh), and --lang zh finds them, as does --lang zh-Hans
        var zh = all.First(s => s.GetProperty("languages").EnumerateArray().Any(l => l.GetString()!.StartsWith("zh", StringComparison.Ordinal)));
        var tags = zh.GetProperty("languages").EnumerateArray().Select(l => l.GetString()!).ToList();
        Assert.Contains(tags, t => t.StartsWith("zh-", StringComparison.Ordinal));
        var id = zh.GetProperty("id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shown = JsonDocument.Parse(Run("show", id, "--db", Db, "--json").Out).RootElement;
        var articleTags = shown.GetProperty("articles").EnumerateArray().Select(a => a.GetProperty("language").GetString()!).ToHashSet();
        Assert.Equal(articleTags.Order(), tags.Order());
        foreach (var lang in new[] { "zh", "zh-Hans", "zh_hans", "ZH" })
        {
            var found = JsonDocument.Parse(Run("stories", "--db", Db, "--json", "--limit", "0", "--lang", lang).Out).RootElement.EnumerateArray();
            Assert.Contains(found, s => s.GetProperty("id").GetInt64() == zh.GetProperty("id").GetInt64());
        }
        Assert.Contains("no stories in zh-Hant", Run("stories", "--db", Db, "--lang", "zh-Hant").Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_says_1_report_not_1_reports()
    {
        var page = File("one.txt", Encoding.UTF8.GetBytes("Storm closes the harbour of Gdansk\n\nThe harbour of Gdansk was closed on Monday after a storm with winds of 140 km/h damaged two cranes, the port authority said in a statement.\n"));
        Assert.Equal(0, Run("ingest", page, "--db", Db).Code);
        var (code, shown, _) = Run("show", "1", "--db", Db);
        Assert.Equal(0, code);
        Assert.Contains("1 report in en", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("1 reports", shown, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_reads_gz_utf16_and_html_and_refuses_binary_folders_and_empty_input()
    {
        var utf8 = Encoding.UTF8.GetBytes(Bulgarian);
        using (var ms = new MemoryStream())
        {
            using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true))
                gz.Write(utf8);
            Assert.Equal(("bg", 0), Detect(File("bg.txt.gz", ms.ToArray())));
        }
        Assert.Equal(("bg", 0), Detect(File("bg16.txt", Encoding.Unicode.GetBytes(Bulgarian)))); // UTF-16LE, no byte-order mark
        Assert.Equal(("bg", 0), Detect(File("bg16be.txt", Encoding.BigEndianUnicode.GetBytes(Bulgarian))));
        var html = "<!doctype html><html lang=\"en\"><head><title>经济数据 | News</title><script>var english = 'this script is in English and must not vote';</script></head>"
            + "<body><nav><a href=\"/\">Home</a> <a href=\"/world\">World news</a> <a href=\"/sport\">Sport</a></nav><article><h1>经济数据</h1><p>" + Chinese + "</p></article></body></html>";
        Assert.Equal(("zh-Hans", 0), Detect(File("zh.html", Encoding.UTF8.GetBytes(html))));

        var random = new byte[4096];
        new Random(5).NextBytes(random);
        var (code, _, err) = Run("detect", File("random.bin", random));
        Assert.Equal(1, code);
        Assert.Contains("binary", err, StringComparison.Ordinal);
        (code, _, err) = Run("detect", _dir);
        Assert.Equal(2, code);
        Assert.Contains("is a folder", err, StringComparison.Ordinal);
        Assert.DoesNotContain("denied", err, StringComparison.Ordinal);
        (code, _, err) = Run("detect", File("empty.txt", []));
        Assert.Equal(1, code);
        Assert.Contains("empty input", err, StringComparison.Ordinal);
        (code, _, err) = Run("detect", File("blank.txt", "  \n\t\n"u8.ToArray()));
        Assert.Equal(1, code);
        Assert.Contains("empty input", err, StringComparison.Ordinal);
        // text that is there but too short to tell is und, exit 0
        var (shortCode, shortOut, _) = Run("detect", File("short.txt", "42"u8.ToArray()));
        Assert.Equal((0, "und"), (shortCode, shortOut.Trim()));
    }

    private (string, int) Detect(string path)
    {
        var (code, output, err) = Run("detect", path);
        return (code == 0 ? output.Trim() : err.Trim(), code);
    }
}
