using System.Diagnostics;
using System.Globalization;
using System.Text;
using Tidings.Core;
using Tidings.Extraction;
using Tidings.LanguageId;

namespace Tidings.Bench;

/// <summary><c>bad-input-speed [--budget-scale X]</c>: how long the pathological inputs of the unit tests take, against
/// a budget each (the unit tests check only what they give): a 50 MB page, 10,000 levels of nesting, 10,000 unclosed
/// elements the prepass cuts (and 20,000: twice the elements must cost about twice, not four times), 100 MB of text to
/// detect. Budgets are in CPU seconds of this process (so a busy shared machine slows the wall clock, not the verdict);
/// wall time is printed too. Exit 1 when a budget is missed.</summary>
internal static class BadInputSpeed
{
    private const string Para = "The council voted on Tuesday to expand the tram network after months of debate with residents.";

    internal static int Run(string[] args)
    {
        double scale = 1;
        int i = Array.IndexOf(args, "--budget-scale");
        if (i >= 0 && i + 1 < args.Length)
            scale = double.Parse(args[i + 1], CultureInfo.InvariantCulture);
        var extractor = Extractor.Create();
        var detector = LanguageDetector.Create();
        extractor.Extract(Html("<html><body><p>" + Para + "</p></body></html>")); // warm up
        bool ok = true;

        void Check(string name, double budgetCpu, Func<string> work)
        {
            var (cpu, wall, result) = Measure(work);
            bool pass = cpu <= budgetCpu * scale;
            ok &= pass;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-44} {cpu,6:F2} s CPU {wall,6:F2} s wall  budget {budgetCpu * scale,5:F1} s CPU  {(pass ? "ok" : "OVER")}  ({result})"));
        }

        Check("50 MB page", 10, () => Summary(extractor.Extract(Html(FiftyMegabytePage()))));
        foreach (var tag in new[] { "div", "span", "b", "table", "nav", "svg" })
            Check($"10,000 levels of <{tag}>", 2, () => Summary(extractor.Extract(Html(Nested(tag, 10_000)))));
        foreach (var tag in new[] { "nav", "aside", "svg", "noscript" })
        {
            double ten = 0, twenty = 0;
            Check($"10,000 unclosed <{tag}>", 2, () =>
            {
                var (cpu, _, r) = Measure(() => Summary(extractor.Extract(Html(Unclosed(tag, 10_000)))));
                ten = cpu;
                return r;
            });
            Check($"20,000 unclosed <{tag}>", 4, () =>
            {
                var (cpu, _, r) = Measure(() => Summary(extractor.Extract(Html(Unclosed(tag, 20_000)))));
                twenty = cpu;
                return r;
            });
            // linear: twice the elements, at most three times the time (quadratic would be four); below 0.2 s noise rules
            bool linear = twenty < 0.2 || twenty <= 3 * Math.Max(ten, 0.05);
            ok &= linear;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"  20,000 / 10,000 unclosed <" + tag + ">",-44} {twenty / Math.Max(ten, 1e-3),6:F2} x  {(linear ? "linear" : "NOT LINEAR")}"));
        }
        const string sentence = "Правителството обяви, че ще намали данъците върху горивата от началото на следващата година. ";
        var big = string.Concat(Enumerable.Repeat(sentence, (100 * 1024 * 1024 / 2 / sentence.Length) + 1));
        Check("100 MB of text: Detect and DetectDocument", 5, () => $"{detector.Detect(big).Tag} / {detector.DetectDocument(big).Tag}");
        Console.WriteLine(ok ? "all within budget" : "over budget");
        return ok ? 0 : 1;
    }

    private static (double Cpu, double Wall, string Result) Measure(Func<string> work)
    {
        var cpu0 = Environment.CpuUsage.TotalTime;
        var watch = Stopwatch.StartNew();
        var result = work();
        return ((Environment.CpuUsage.TotalTime - cpu0).TotalSeconds, watch.Elapsed.TotalSeconds, result);
    }

    private static RawDocument Html(string html) => new("bench.html", Encoding.UTF8.GetBytes(html), ContentKind.Html);

    private static string Summary(ExtractedArticle a) => string.Create(CultureInfo.InvariantCulture, $"{a.Text.Length:N0} characters of text, {a.Warnings.Count} warnings");

    internal static string FiftyMegabytePage()
    {
        var para = "<div class=\"c\"><p>" + Para + "</p></div>\n";
        var sb = new StringBuilder(50 * 1024 * 1024 + 1000).Append("<html><body><article>");
        while (sb.Length < 50 * 1024 * 1024)
            sb.Append(para);
        return sb.Append("</article></body></html>").ToString();
    }

    internal static string Nested(string tag, int depth)
    {
        var sb = new StringBuilder("<html><body>");
        for (int i = 0; i < depth; i++)
            sb.Append('<').Append(tag).Append('>');
        sb.Append(Para);
        for (int i = 0; i < depth; i++)
            sb.Append("</").Append(tag).Append('>');
        return sb.Append("</body></html>").ToString();
    }

    internal static string Unclosed(string tag, int count)
    {
        var sb = new StringBuilder("<html><body><article>");
        for (int i = 0; i < count; i++)
            sb.Append("<p>").Append(Para).Append('<').Append(tag).Append(" class=\"x\">");
        return sb.Append("</article></body></html>").ToString();
    }
}
