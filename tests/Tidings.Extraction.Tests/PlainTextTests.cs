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

    [Theory]
    // Thai and Lao write no sentence stop and space phrases, not words; Hindi and Tamil text is a third vowel signs and
    // viramas, which are marks, not letters
    [InlineData("นายกรัฐมนตรีเดินทางไปสิงคโปร์เมื่อวันจันทร์ เพื่อพบกับประธานาธิบดีของฝรั่งเศส ที่กรุงปารีส และหารือเรื่องเศรษฐกิจและการค้าระหว่างสองประเทศ")]
    [InlineData("ນາຍົກລັດຖະມົນຕີ ໄດ້ເດີນທາງໄປປະເທດກໍາປູເຈຍ ໃນວັນຈັນ ເພື່ອພົບປະກັບປະທານາທິບໍດີ ແລະ ປຶກສາຫາລືກ່ຽວກັບເສດຖະກິດ ແລະ ການຄ້າ ລະຫວ່າງສອງປະເທດ")]
    [InlineData("प्रधानमंत्री ने सोमवार को सिंगापुर की यात्रा की और फ्रांस के राष्ट्रपति से पेरिस में व्यापार और अर्थव्यवस्था पर बातचीत की।")]
    [InlineData("பிரதமர் திங்கட்கிழமை சிங்கப்பூருக்குச் சென்று பிரான்ஸ் ஜனாதிபதியுடன் பாரிஸில் வர்த்தகம் மற்றும் பொருளாதாரம் குறித்து பேச்சுவார்த்தை நடத்தினார்.")]
    public void A_paragraph_in_a_script_without_spaces_or_stops_between_words_is_body_text(string paragraph)
    {
        Assert.Equal(TextLines.Kind.Body, TextLines.Classify(paragraph, out _));
        var article = Extractor.ExtractPlainText("Title\n\n" + paragraph + "\n");
        Assert.Equal(paragraph, article.Text);
    }

    [Fact]
    public void Extraction_of_a_page_does_not_depend_on_the_pages_extracted_before_it()
    {
        var extractor = Extractor.Create();
        const string menu = "The Harbour Courier is an independent newspaper published in Valletta by the Courier Media Group since 1952 for its readers.";
        var page = $"Headline\nThe council voted on Tuesday to expand the tram network after months of debate with residents.\n{menu}\n";
        var alone = Extractor.Create().Extract(new RawDocument("/site/p.txt", System.Text.Encoding.UTF8.GetBytes(page), ContentKind.Text, "https://news.example/p"));
        for (int i = 0; i < 5; i++)
        {
            var other = $"Headline number {i}\nThe council voted on Tuesday to expand the tram network, story {i}, after months of debate with residents.\n{menu}\n";
            extractor.Extract(new RawDocument($"/site/page{i}.txt", System.Text.Encoding.UTF8.GetBytes(other), ContentKind.Text, $"https://news.example/p{i}"));
        }
        var after = extractor.Extract(new RawDocument("/site/p.txt", System.Text.Encoding.UTF8.GetBytes(page), ContentKind.Text, "https://news.example/p"));
        Assert.Equal(alone, after);
        // the tagline reads like prose and stays: only the site-furniture stage, which sees the other pages, marks it
        Assert.Contains("The Harbour Courier", after.Text, StringComparison.Ordinal);
        Assert.Equal("Headline", after.Title);
    }

    [Fact]
    public void Site_furniture_marks_lines_on_three_other_pages_of_the_same_site_only()
    {
        const string line = "Home News Sport Weather Travel Culture And Many Other Sections Of This Great Website Today";
        Document Page(string host, int i) => new(new RawDocument($"/x/{host}{i}.txt", [1], ContentKind.Text, $"https://{host}/p{i}"))
        {
            Text = $"Report number {i} about something else.\n{line}",
            Id = $"{host}{i}",
        };
        var stage = SiteFurniture.Create();
        var site = Enumerable.Range(0, 4).Select(i => Page("a.example", i)).ToList();
        var elsewhere = Page("b.example", 9);
        stage.Learn([.. site, elsewhere]);
        stage.Learn([site[0]]); // the same page again counts once
        foreach (var d in site.Append(elsewhere))
            stage.Process(d);
        Assert.All(site, d => Assert.Equal([line], d.Furniture));
        Assert.Empty(elsewhere.Furniture);
        Assert.Equal($"Report number 0 about something else.", site[0].FeatureText);
        Assert.Equal($"Report number 0 about something else.\n{line}", site[0].Text);

        // three pages: each line is on only two other pages
        var small = SiteFurniture.Create();
        var three = site.Take(3).Select(d => new Document(d.Raw) { Text = d.Text, Id = d.Id }).ToList();
        small.Learn(three);
        three.ForEach(small.Process);
        Assert.All(three, d => Assert.Empty(d.Furniture));
    }
}
