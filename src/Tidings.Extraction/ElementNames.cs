using System.Text.RegularExpressions;

namespace Tidings.Extraction;

/// <summary>What an element's class and id names say it is: the article body, its lead, or furniture (strong words,
/// fragments, and weak words that count only for small or link-heavy elements). The name lists are data
/// (Data/class-names.txt); each test runs once per distinct name on a page (<see cref="PageNode.Names"/>).</summary>
internal static class ElementNames
{
    /// <summary>Class/id words that name furniture whatever its size.</summary>
    private static readonly Regex FurnitureMarks = Words("furniture-word");

    /// <summary>Class/id words that name furniture when the element is small or mostly links (a "meta" or "author"
    /// wrapper around a whole recipe or article is not furniture).</summary>
    private static readonly Regex WeakFurnitureMarks = Words("weak-furniture-word");

    /// <summary>Furniture words found anywhere in a class/id ("BorlabsCookie", "imagecaption", "authorbox").</summary>
    private static readonly Regex FurnitureSubstrings = Fragments("furniture-fragment");

    /// <summary>Names of the element that holds the article body.</summary>
    private static readonly Regex ContentMarks = Fragments("content-fragment");

    /// <summary>Class/id words of an article's lead or standfirst, often placed outside the marked body.</summary>
    private static readonly Regex LeadMarks = Fragments("lead-fragment");

    private static Regex Words(string list) => PatternData.Build(PatternData.Names(list), @"(?:^|[\s_\-])", @"(?:$|[\s_\-])", RegexOptions.None);

    private static Regex Fragments(string list) => PatternData.Build(PatternData.Names(list), "", "", RegexOptions.None);

    private const int ContentName = 1, FurnitureName = 2, WeakFurnitureName = 4, LeadName = 8;

    /// <summary>The class/id tests, cached per distinct name on a page.</summary>
    private static readonly Func<int, string, bool> NameTest = (kind, marks) => kind switch
    {
        ContentName => ContentMarks.IsMatch(marks),
        FurnitureName => FurnitureMarks.IsMatch(marks) || FurnitureSubstrings.IsMatch(marks),
        WeakFurnitureName => WeakFurnitureMarks.IsMatch(marks),
        LeadName => LeadMarks.IsMatch(marks) && !marks.Contains("caption", StringComparison.Ordinal) && !marks.Contains("image", StringComparison.Ordinal),
        _ => false,
    };

    internal static bool IsFurnitureName(PageNode n)
    {
        if (n.ItemProp is { } ip && ip.Contains("articleBody", StringComparison.OrdinalIgnoreCase))
            return false;
        if (IsContentName(n))
            return false;
        if (n.Names.Has(FurnitureName, NameTest))
            return true;
        return (n.TextLen < 400 || n.LinkDensity > 0.4) && n.Names.Has(WeakFurnitureName, NameTest);
    }

    internal static bool IsContentName(PageNode n) => n.Marks.Length > 0 && n.Names.Has(ContentName, NameTest);

    internal static bool IsLeadName(PageNode n) => n.Marks.Length > 0 && n.Names.Has(LeadName, NameTest);
}
