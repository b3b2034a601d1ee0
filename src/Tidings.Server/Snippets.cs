namespace Tidings.Server;

/// <summary>A short passage of text around the first match of a query, for search results.</summary>
internal static class Snippets
{
    internal static string Around(string text, string query, int width = 160)
    {
        int at = text.IndexOf(query, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
            return text.Length <= width ? text : text[..width] + "…";
        int start = Math.Max(0, at - (width / 2));
        int end = Math.Min(text.Length, start + width);
        return (start > 0 ? "…" : "") + text[start..end] + (end < text.Length ? "…" : "");
    }
}
