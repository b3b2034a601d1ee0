using System.Text;

namespace Tidings.Core;

/// <summary>Whitespace folding shared by the stages (extraction, content ids, evaluation).</summary>
public static class Whitespace
{
    /// <summary>Folds every run of whitespace (including no-break spaces) to one space and trims both ends;
    /// with <paramref name="dropControl"/>, other control characters are removed too.</summary>
    public static string Collapse(ReadOnlySpan<char> s, bool dropControl = false)
    {
        var sb = new StringBuilder(s.Length);
        bool space = false;
        foreach (char c in s)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            if (dropControl && char.IsControl(c))
                continue;
            if (space)
                sb.Append(' ');
            space = false;
            sb.Append(c);
        }
        return sb.ToString();
    }
}
