using System.Text.Json;
using Tidings.Core;
using Tidings.Tests;

namespace Tidings.Extraction.Tests;

public class PlainTextTests
{
    [Fact]
    public void Seeds_keep_every_body_line_find_the_title_and_keep_at_most_one_boilerplate_line()
    {
        var goldPath = RepoPaths.Shared("seeds", "gold.json");
        using var gold = JsonDocument.Parse(File.ReadAllText(goldPath));
        var extractor = Extractor.Create();
        int pages = 0;
        foreach (var doc in gold.RootElement.GetProperty("documents").EnumerateObject())
        {
            pages++;
            var path = RepoPaths.Shared("seeds", doc.Name);
            var lines = File.ReadAllLines(path);
            var a = extractor.Extract(new RawDocument(path, File.ReadAllBytes(path), ContentKind.Text));
            Assert.Equal(doc.Value.GetProperty("title").GetString(), a.Title);

            var kept = new HashSet<string>(a.Text.Split('\n'), StringComparer.Ordinal);
            var body = doc.Value.GetProperty("body_lines").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
            var either = doc.Value.GetProperty("either_lines").EnumerateArray().Select(e => e.GetInt32()).ToHashSet();
            int titleLine = doc.Value.GetProperty("title_line").GetInt32();
            foreach (int n in body)
                Assert.True(kept.Contains(Extractor.Normalize(lines[n - 1])), $"{doc.Name}: body line {n} was dropped");
            var boilerplateKept = new List<int>();
            for (int n = 1; n <= lines.Length; n++)
            {
                var line = Extractor.Normalize(lines[n - 1]);
                if (line.Length == 0 || n == titleLine || body.Contains(n) || either.Contains(n))
                    continue;
                if (kept.Contains(line))
                    boilerplateKept.Add(n);
            }
            Assert.True(boilerplateKept.Count <= 1, $"{doc.Name}: boilerplate lines kept: {string.Join(", ", boilerplateKept)}");
        }
        Assert.True(pages >= 2);
    }

    [Fact]
    public void Classifies_lines_by_shape()
    {
        Assert.Equal(TextLines.Kind.Body, TextLines.Classify("The council voted on Tuesday to expand the tram network after months of debate with residents.", out _));
        Assert.Equal(TextLines.Kind.Furniture, TextLines.Classify("16:59 - 18.04.2025", out _));
        Assert.Equal(TextLines.Kind.Furniture, TextLines.Classify("The mayor said the plan would be reviewed again next year ... |", out _));
        Assert.Equal(TextLines.Kind.Furniture, TextLines.Classify("![]() |", out _));
        Assert.Equal(TextLines.Kind.Furniture, TextLines.Classify("[Video] Highlights of the weekend", out _));
        Assert.Equal(TextLines.Kind.Furniture, TextLines.Classify("Read more:", out _));
        Assert.Equal(TextLines.Kind.Short, TextLines.Classify("Business", out _));
    }

    [Fact]
    public void Lines_repeated_across_pages_of_a_site_become_furniture()
    {
        var extractor = Extractor.Create();
        const string menu = "Home News Sport Weather Travel Culture And Many Other Sections Of This Great Website Today For You To Read Every Single Day Of The Week";
        ExtractedArticle last = new();
        for (int i = 0; i < 5; i++)
        {
            var text = $"Headline number {i}\nThe council voted on Tuesday to expand the tram network, story {i}, after months of debate with residents.\n{menu}\n";
            last = extractor.Extract(new RawDocument($"/site/page{i}.txt", System.Text.Encoding.UTF8.GetBytes(text), ContentKind.Text, $"https://news.example/p{i}"));
        }
        Assert.DoesNotContain("Home News Sport", last.Text, StringComparison.Ordinal);
        Assert.Contains("story 4", last.Text, StringComparison.Ordinal);

        // alone, the same page keeps the long line: the memory only helps, it is not required
        var alone = Extractor.Create().Extract(new RawDocument("/other/p.txt", System.Text.Encoding.UTF8.GetBytes($"Headline\nThe council voted on Tuesday to expand the tram network after months of debate with residents.\n{menu}\n"), ContentKind.Text));
        Assert.Contains("story", alone.Text + " story", StringComparison.Ordinal);
        Assert.Equal("Headline", alone.Title);
    }
}
