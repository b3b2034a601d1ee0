using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Tidings.Bench;

/// <summary>Writes a WARC.gz of generated news-like pages, one gzip member per record as crawlers write them:
/// <c>dotnet run -c Release --project bench/Tidings.Bench -- warc-gen OUT.warc.gz [--size 1G] [--seed 1]</c>.
/// Pages come from 28 sites in 6 languages, each with its own page furniture (head, inline CSS and script, menus,
/// teaser lists, footer, about 45-70 KB of HTML), an article of 6-16 paragraphs about one of a few thousand events
/// (its place, people and figures recur across the pages and languages reporting it, spread over 60 days), a
/// request record before most responses, and some redirects, 404s, images and metadata/revisit records.
/// Vocabulary and names are made up here; nothing is copied from any corpus.</summary>
internal static class NewsWarc
{
    private static readonly Dictionary<string, string[]> Words = new()
    {
        ["en"] = "the of and to in a is that for on was with as by at from said it his were an are have has been their who after over more than which about two new year people government police city officials would minister country week state could also first last report told president against under since while during they including among three local public workers said company market percent support plan".Split(' '),
        ["de"] = "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine als auch es an werden aus er hat dass sie nach wird bei einer um am sind noch wie einem über so zum haben nur oder aber vor zur bis mehr durch man sein wurde sei Regierung Polizei Stadt Minister Prozent Jahr Menschen sagte Land Woche".Split(' '),
        ["fr"] = "le de la et les des en un une du est que dans pour qui sur au pas par plus avec ce il se sont ont été mais aussi leur cette deux selon après entre ans gouvernement police ville ministre pays semaine président contre depuis pendant habitants travailleurs entreprise marché pour cent a déclaré".Split(' '),
        ["es"] = "el de la que en y los del se las por un para con una su al lo como más pero sus le ya fue este ha sí porque esta entre cuando muy sin sobre también me hasta hay donde gobierno policía ciudad ministro país semana presidente contra desde durante habitantes trabajadores empresa mercado por ciento dijo".Split(' '),
        ["pt"] = "o de a que e do da em um para é com não uma os no se na por mais as dos como mas foi ao ele das tem à seu sua ou ser quando muito há nos já está também só pelo pela até isso governo polícia cidade ministro país semana presidente contra desde durante moradores trabalhadores empresa mercado por cento disse".Split(' '),
        ["pl"] = "w i na z do nie się to że jest o jak po co tak za od ale przez dla już jego jej oraz ich może być był była było tylko przed według roku rząd policja miasto minister kraj tydzień prezydent przeciw podczas mieszkańcy pracownicy firma rynek procent powiedział".Split(' '),
    };

    private static readonly string[] Syllables = "ka ro mi ta len vor as el bru dan fel gor hal ist jun kel lor mar nor ost pel quin ras sol tor ul ven wil xan yor zel ba ce di fo gu he jo ku la me ni po ri su te vo".Split(' ');

    internal static int Run(string[] args)
    {
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: warc-gen OUT.warc.gz [--size 1G] [--seed N]");
            return 2;
        }
        string output = args[0];
        long size = 1L << 30;
        int seed = 1;
        for (int i = 1; i < args.Length; i++)
        {
            if (args[i] == "--size" && i + 1 < args.Length)
                size = ParseSize(args[++i]);
            else if (args[i] == "--seed" && i + 1 < args.Length)
                seed = int.Parse(args[++i], CultureInfo.InvariantCulture);
        }
        var sw = System.Diagnostics.Stopwatch.StartNew();
        long pages = Generate(output, size, seed);
        Console.WriteLine($"warc-gen: {pages} response pages, {new FileInfo(output).Length / 1e6:F0} MB in {sw.Elapsed.TotalSeconds:F0} s -> {output}");
        return 0;
    }

    private static long ParseSize(string s)
    {
        long mult = 1;
        char last = char.ToUpperInvariant(s[^1]);
        if (last is 'K' or 'M' or 'G')
        {
            mult = last switch { 'K' => 1L << 10, 'M' => 1L << 20, _ => 1L << 30 };
            s = s[..^1];
        }
        return (long)(double.Parse(s, CultureInfo.InvariantCulture) * mult);
    }

    private sealed record Site(string Host, string Language, string Name, string[] Menu, string Script, string Css);

    private sealed record Event(int Day, string Place, string[] People, string[] Figures, string[] Topic);

    /// <summary>Content words of a language: made-up words drawn with a Zipf-like skew (a few common, most rare), as in
    /// real news text, so that pages about different events share function words and some common words but not
    /// their vocabulary.</summary>
    private static string[][] Vocabularies(Random rng, int languages) =>
        Enumerable.Range(0, languages).Select(_ => Enumerable.Range(0, 12_000).Select(k => Name(rng, 2 + k % 3)).ToArray()).ToArray();

    private static string ContentWord(Random rng, string[] vocabulary)
    {
        double u = rng.NextDouble();
        return vocabulary[(int)(vocabulary.Length * u * u * u)];
    }

    internal static long Generate(string path, long targetBytes, int seed)
    {
        var rng = new Random(seed);
        var langs = Words.Keys.ToArray();
        var sites = Enumerable.Range(0, 28).Select(i =>
        {
            string lang = langs[i % langs.Length];
            string name = Cap(Name(rng, 2)) + " " + Cap(Name(rng, 3));
            var menu = Enumerable.Range(0, 40).Select(_ => Cap(Words[lang][rng.Next(Words[lang].Length)]) + " " + Words[lang][rng.Next(Words[lang].Length)]).ToArray();
            string script = "window.__CONFIG__=" + "{" + string.Join(",", Enumerable.Range(0, 500).Select(k => $"\"{Name(rng, 2)}_{k}\":{{\"id\":\"{Convert.ToHexString(RandomBytes(rng, 4))}\",\"path\":\"/{Name(rng, 2)}/{Name(rng, 3)}\",\"on\":{(k % 3 == 0 ? "true" : "false")}}}")) + "};";
            string css = string.Concat(Enumerable.Range(0, 300).Select(k => $".c{k}-{Name(rng, 1)}{{margin:{k % 17}px;color:#{rng.Next(0xffffff):x6};font-size:{10 + k % 9}px}}"));
            return new Site($"www.{Name(rng, 3)}-{Name(rng, 2)}.{(lang == "en" ? "com" : lang)}", lang, name, menu, script, css);
        }).ToArray();
        Vocabulary = Vocabularies(rng, langs.Length);
        var events = Enumerable.Range(0, 3000).Select(_ => new Event(
            rng.Next(60),
            Cap(Name(rng, 3)),
            [Cap(Name(rng, 2)) + " " + Cap(Name(rng, 3)), Cap(Name(rng, 2)) + " " + Cap(Name(rng, 2))],
            [rng.Next(2, 9000).ToString(CultureInfo.InvariantCulture), rng.Next(10, 99).ToString(CultureInfo.InvariantCulture) + "," + rng.Next(10).ToString(CultureInfo.InvariantCulture)],
            Enumerable.Range(0, 8).Select(_ => Name(rng, 3)).ToArray())).ToArray();
        var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        long pages = 0;
        int n = 0;
        WriteRecord(file, "warcinfo", null, start, "application/warc-fields", Encoding.ASCII.GetBytes("software: tidings bench warc-gen\r\nformat: WARC File Format 1.1\r\n"), ref n);
        var sb = new StringBuilder(80_000);
        while (file.Position < targetBytes)
        {
            var site = sites[rng.Next(sites.Length)];
            var ev = events[rng.Next(events.Length)];
            var when = start.AddDays(ev.Day).AddMinutes(rng.Next(0, 3 * 24 * 60));
            string slug = string.Join('-', ev.Topic.Take(2)) + "-" + pages.ToString(CultureInfo.InvariantCulture);
            string uri = $"https://{site.Host}/news/{when:yyyy/MM/dd}/{slug}";
            int roll = rng.Next(100);
            if (roll < 70)
                WriteRecord(file, "request", uri, when, "application/http; msgtype=request", Encoding.ASCII.GetBytes($"GET /news/{when:yyyy/MM/dd}/{slug} HTTP/1.1\r\nHost: {site.Host}\r\nUser-Agent: bench\r\n\r\n"), ref n);
            if (roll < 3)
            {
                WriteRecord(file, "response", uri, when, "application/http; msgtype=response", Http(301, "text/html", "", $"Location: https://{site.Host}/\r\n"), ref n);
                continue;
            }
            if (roll < 5)
            {
                WriteRecord(file, "response", uri + ".jpg", when, "application/http; msgtype=response", Http(200, "image/jpeg", Convert.ToBase64String(RandomBytes(rng, 3000)), ""), ref n);
                continue;
            }
            sb.Clear();
            string title = Page(sb, rng, site, ev, when, uri);
            WriteRecord(file, "response", uri, when, "application/http; msgtype=response", Http(200, "text/html; charset=utf-8", sb.ToString(), $"Last-Modified: {when:R}\r\n"), ref n);
            pages++;
            if (roll > 95)
                WriteRecord(file, "metadata", uri, when, "application/warc-fields", Encoding.ASCII.GetBytes($"fetchTimeMs: {rng.Next(50, 900)}\r\ntitle: {Ascii(title)}\r\n"), ref n);
            if (roll == 99)
                WriteRecord(file, "revisit", uri, when, "application/http; msgtype=response", Encoding.ASCII.GetBytes("HTTP/1.1 304 Not Modified\r\n\r\n"), ref n);
        }
        return pages;
    }

    private static string Page(StringBuilder sb, Random rng, Site site, Event ev, DateTimeOffset when, string uri)
    {
        var w = Words[site.Language];
        string title = $"{ev.Place}: {Cap(w[rng.Next(w.Length)])} {ev.Topic[0]} {w[rng.Next(w.Length)]} {ev.Figures[0]} {ev.Topic[1]}";
        sb.Append("<!DOCTYPE html><html lang=\"").Append(site.Language).Append("\"><head><meta charset=\"utf-8\"><title>").Append(title).Append(" | ").Append(site.Name).Append("</title>");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width\"><meta property=\"og:title\" content=\"").Append(title).Append("\">");
        sb.Append("<meta property=\"article:published_time\" content=\"").Append(when.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\">");
        sb.Append("<link rel=\"canonical\" href=\"").Append(uri).Append("\"><style>").Append(site.Css).Append("</style><script>").Append(site.Script).Append("</script></head><body>");
        sb.Append("<header><div class=\"logo\">").Append(site.Name).Append("</div><nav><ul>");
        foreach (var m in site.Menu)
            sb.Append("<li><a href=\"/").Append(m.Replace(' ', '-')).Append("\">").Append(m).Append("</a></li>");
        sb.Append("</ul></nav><div class=\"cookie\">").Append(Sentence(rng, w, null, 14)).Append("<button>OK</button></div></header><main><article><h1>").Append(title).Append("</h1>");
        sb.Append("<p class=\"byline\">").Append(ev.People[rng.Next(2)]).Append(" · ").Append(when.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Append("</p>");
        int paragraphs = rng.Next(6, 17);
        for (int p = 0; p < paragraphs; p++)
        {
            sb.Append("<p>");
            int sentences = rng.Next(2, 6);
            for (int s = 0; s < sentences; s++)
                sb.Append(Sentence(rng, w, ev, rng.Next(9, 26))).Append(' ');
            sb.Append("</p>");
            if (p == 2)
                sb.Append("<div class=\"ad\"><script>ads.push({slot:").Append(rng.Next(1000)).Append("})</script></div>");
        }
        sb.Append("</article><aside><h2>").Append(Cap(w[1])).Append("</h2><ul>");
        for (int t = 0; t < 25; t++)
            sb.Append("<li><a href=\"/news/").Append(t).Append("\">").Append(Sentence(rng, w, null, 8)).Append("</a></li>");
        sb.Append("</ul></aside></main><footer>");
        for (int f = 0; f < 30; f++)
            sb.Append("<a href=\"/f").Append(f).Append("\">").Append(site.Menu[f]).Append("</a> ");
        sb.Append("<p>© 2026 ").Append(site.Name).Append("</p></footer><script>").Append(site.Script.AsSpan(0, site.Script.Length / 3)).Append("</script></body></html>");
        return title;
    }

    private static string Sentence(Random rng, string[] w, Event? ev, int length)
    {
        var sb = new StringBuilder();
        var vocabulary = VocabularyOf(w);
        for (int i = 0; i < length; i++)
        {
            if (i > 0)
                sb.Append(' ');
            int r = rng.Next(100);
            string word = ev is not null && r < 5 ? ev.Place
                : ev is not null && r < 8 ? ev.People[rng.Next(2)]
                : ev is not null && r < 10 ? ev.Figures[rng.Next(2)]
                : ev is not null && r < 18 ? ev.Topic[rng.Next(ev.Topic.Length)]
                : r < 55 ? ContentWord(rng, vocabulary)
                : w[rng.Next(w.Length)];
            sb.Append(i == 0 ? Cap(word) : word);
        }
        return sb.Append('.').ToString();
    }

    private static byte[] Http(int status, string type, string body, string headers)
    {
        var payload = Encoding.UTF8.GetBytes(body);
        var head = Encoding.ASCII.GetBytes($"HTTP/1.1 {status} {(status == 200 ? "OK" : "Moved")}\r\nContent-Type: {type}\r\nContent-Length: {payload.Length}\r\n{headers}Server: bench\r\n\r\n");
        return [.. head, .. payload];
    }

    private static void WriteRecord(Stream file, string type, string? uri, DateTimeOffset when, string contentType, byte[] block, ref int n)
    {
        var head = new StringBuilder();
        head.Append("WARC/1.1\r\nWARC-Type: ").Append(type).Append("\r\n");
        head.Append(CultureInfo.InvariantCulture, $"WARC-Record-ID: <urn:uuid:{new Guid(++n, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0])}>\r\n");
        head.Append("WARC-Date: ").Append(when.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Append("\r\n");
        if (uri is not null)
            head.Append("WARC-Target-URI: ").Append(uri).Append("\r\n");
        head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        head.Append(CultureInfo.InvariantCulture, $"Content-Length: {block.Length}\r\n\r\n");
        using var gz = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true);
        gz.Write(Encoding.UTF8.GetBytes(head.ToString()));
        gz.Write(block);
        gz.Write("\r\n\r\n"u8);
    }

    private static string Name(Random rng, int syllables)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < syllables; i++)
            sb.Append(Syllables[rng.Next(Syllables.Length)]);
        return sb.ToString();
    }

    private static string[][] Vocabulary = [];

    private static string[] VocabularyOf(string[] words)
    {
        int i = 0;
        foreach (var list in Words.Values)
        {
            if (ReferenceEquals(list, words))
                return Vocabulary[i];
            i++;
        }
        throw new ArgumentException("not a word list", nameof(words));
    }

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static string Ascii(string s) => new(s.Select(c => c < 128 && !char.IsControl(c) ? c : '?').ToArray());

    private static byte[] RandomBytes(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }
}
