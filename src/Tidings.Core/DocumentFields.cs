namespace Tidings.Core;

/// <summary>The parts of a <see cref="Document"/> a stage can read or add. The pipeline checks, when it is built,
/// that every stage's requirements are assigned by the raw input or an earlier stage (spaCy's requires/assigns).</summary>
[Flags]
public enum DocumentFields
{
    None = 0,
    /// <summary>The raw bytes and their source.</summary>
    Raw = 1 << 0,
    /// <summary>Decoded, cleaned article body text.</summary>
    Text = 1 << 1,
    /// <summary>The headline.</summary>
    Title = 1 << 2,
    /// <summary>Publication date, author, site, canonical URL.</summary>
    Metadata = 1 << 3,
    /// <summary>Language tag and confidence.</summary>
    Language = 1 << 4,
    /// <summary>The content id (hash of the normalized text).</summary>
    Id = 1 << 5,
    /// <summary>Tokens, names, numbers and dates turned into features for comparing articles.</summary>
    Features = 1 << 6,
    /// <summary>Lines of the text that the page's site repeats on its other pages (menus, labels, prose-like
    /// furniture): kept in the stored text, left out of the features, so shared furniture joins no stories.</summary>
    Furniture = 1 << 7,
    /// <summary>The page kind (article, forum, product, collection, listing, documentation, service).</summary>
    PageKind = 1 << 8,
}
