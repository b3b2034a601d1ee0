namespace Tidings.Extraction;

/// <summary>Classifies lines of flattened page text by their own shape.</summary>
internal static class TextLines
{
    /// <summary>A body line reads like prose: long enough, mostly letters, ends like a sentence; teasers ("... |"),
    /// markdown remnants and bare timestamps are not.</summary>
    internal static bool IsBody(string line)
    {
        if (line.EndsWith('|') || line.StartsWith("![", StringComparison.Ordinal) || line.StartsWith('|') || line.StartsWith('['))
            return false;
        int letters = 0, words = 1, cjk = 0;
        foreach (char c in line)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (c >= '\u3040' && c <= '\u9FFF')
                    cjk++;
            }
            else if (c == ' ')
            {
                words++;
            }
        }
        if (letters < line.Length / 2)
            return false;
        char last = line[^1];
        bool sentenceEnd = last is '.' or '!' or '?' or '"' or '”' or '»' or '“' or ')' or '。' or '！' or '？' or '؟' or '」' or '.';
        if (cjk > 20)
            return sentenceEnd || cjk > 60;
        return (words >= 12 && sentenceEnd) || words >= 25;
    }
}
