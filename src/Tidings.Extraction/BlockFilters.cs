using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>The filters a text block passes to be kept: link density by context (paragraph, list, table) and the
/// phrase lists of Data/phrases (furniture lines, dates, photo credits, section labels, promotion), plus the stop
/// headings that end an article.</summary>
internal static class BlockFilters
{
    /// <summary>Short lines that are page furniture in any article (sharing, navigation, prompts), in several languages.</summary>
    private static readonly Regex FurnitureLine = Phrases("furniture-line", "^", @"[\s:.!»›>|]*$");

    /// <summary>Headings after which an article's own text is over: comments, related stories, further reading.</summary>
    private static readonly Regex StopHeading = Phrases("stop-heading", @"^(?:\d+\s+)?", @"\b");

    /// <summary>Stop headings of related-stories boxes, which some sites place in the middle of the article.</summary>
    private static readonly Regex RelatedHeading = Phrases("related-heading", @"^(?:\d+\s+)?", "");

    /// <summary>A line that is only a date, a time or both ("23.10.2018", "3:59 PM", "05. Februar 2020, 14:30 Uhr").</summary>
    private static readonly Regex DateLine = Phrases("date-prefix", "^(?:",
        @"[:\s]*)?[\s(]*(?:\d{1,4}[./\-]\s?(?:\d{1,2}|[\p{L}]{3,10})\.?[./\-\s]\s?\d{2,4}|\d{1,2}\.?\s+[\p{L}]{3,10}\.?\s+\d{4}|[\p{L}]{3,10}\.?\s+\d{1,2},?\s+\d{4})?[,\s|–-]*(?:(?:um\s+)?\d{1,2}[:.]\d{2}(?:\s?(?:uhr|am|pm|h))?)?[\s)]*$");

    /// <summary>Photo credits and bylines of images.</summary>
    private static readonly Regex CreditLine = Phrases("credit-line", "^", @"\s*[:©]");

    /// <summary>Short lines that announce a teaser or link inside an article ("See also", "Lesen Sie auch"): the line goes,
    /// the article goes on.</summary>
    private static readonly Regex TeaserHeading = Phrases("teaser-heading", "^", "");

    /// <summary>Labels of the boxes around an article (more from, contact, sources, topics, share this), which name a
    /// section of the page rather than say anything: the line goes, what follows is judged on its own.</summary>
    private static readonly Regex SectionLabel = Phrases("section-label", "^", @"[\s:?!.]*$");

    /// <summary>Calls to subscribe, follow, download an app or support the site, and advertising disclosures.</summary>
    private static readonly Regex PromoLine = Phrases("promo-line", @"\b", "");

    /// <summary>A photo credit on its own line: "Name/Getty Images", "Quelle: dpa", "Abbildung 4: …".</summary>
    private static readonly Regex SourceLine = new(
        @"(?:^(?:" + string.Join('|', PatternData.Phrases("source-label")) + @")\s*:|/\s*(?:" + string.Join('|', PatternData.Phrases("photo-agency")) + @")\s*$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    private static Regex Phrases(string list, string before, string after) =>
        PatternData.Build(PatternData.Phrases(list), before, after, RegexOptions.IgnoreCase);

    internal static bool IsRelatedHeading(string text) => RelatedHeading.IsMatch(text);

    internal static bool IsStop(TextBlock b) =>
        b.Length <= 60 && (b.Heading || b.Length <= 40) && StopHeading.IsMatch(b.Text);

    internal static bool Keep(TextBlock b)
    {
        if (b.Length == 0)
            return false;
        if (b.Tag == "h1")
            return false; // the headline is the title, reported on its own
        double ld = b.LinkDensity;
        if (b.Group is "table")
        {
            if (b.GroupLinkDensity > 0.7)
                return false;
        }
        else if (b.Group is not null)
        {
            if ((b.GroupLinkDensity > 0.5 && ld >= 0.3) || (ld > 0.9 && b.GroupLinkDensity > 0.3))
                return false;
        }
        else if (ld >= 0.6 && b.Tag != "pre")
            return false;
        if (b.Group is null && ld > 0.35 && b.Length < 80)
            return false;
        if (b.Length <= 60 && FurnitureLine.IsMatch(b.Text))
            return false;
        if (b.Length <= 40 && TeaserHeading.IsMatch(b.Text))
            return false;
        if (b.Length <= 40 && DateLine.IsMatch(b.Text))
            return false;
        if (b.Length <= 120 && CreditLine.IsMatch(b.Text))
            return false;
        if (b.Length <= 60 && SectionLabel.IsMatch(b.Text))
            return false;
        if (b.Length <= 80 && SourceLine.IsMatch(b.Text))
            return false;
        if (b.Length <= 250 && PromoLine.IsMatch(b.Text))
            return false;
        return true;
    }

    internal static bool LooksLikeSentence(string s)
    {
        if (s.Length == 0)
            return false;
        char last = s[^1];
        // the stops of other scripts too: Devanagari and Bengali danda, Arabic question mark, Urdu full stop, Armenian,
        // Ethiopic, Myanmar, Khmer and Tibetan full stops
        return last is '.' or '!' or '?' or '…' or '。' or '！' or '？' or '"' or '”' or '»' or '«' or ':' or ')'
            or '।' or '॥' or '؟' or '۔' or '։' or '።' or '။' or '។' or '།';
    }
}
