using System.Globalization;
using System.Text;
using Tidings.Core;

namespace Tidings.Text;

/// <summary>Turns an article into features that let articles in different languages and scripts meet: names as
/// script-independent skeletons, places as gazetteer ids, numbers, calendar days, Latin acronyms; plus stemmed
/// content words of its own language. Title features count double.</summary>
public sealed class FeatureExtractor : IStage
{
    /// <summary>How much more a title occurrence counts than a body occurrence.</summary>
    internal const float TitleWeight = 2f;

    /// <summary>Words are cut to this many characters: a cheap stemmer that conflates most inflections.</summary>
    internal const int StemLength = 6;

    private readonly Gazetteer _gazetteer;

    private FeatureExtractor(Gazetteer gazetteer) => _gazetteer = gazetteer;

    /// <summary>An extractor with the bundled gazetteer and stopword lists.</summary>
    public static FeatureExtractor Create() => new(Gazetteer.Default);

    public string Name => "features";
    public DocumentFields Requires => DocumentFields.Text | DocumentFields.Title | DocumentFields.Language;
    public DocumentFields Assigns => DocumentFields.Features;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Features = Extract(document.Title, document.Text, document.Language.Language);
        document.TitleFeatures = ExtractTitle(document.Title, document.Text, document.Language.Language);
    }

    /// <summary>The feature vector of a title and body in a language (ISO 639 code; "und" when unknown).</summary>
    public FeatureVector Extract(string title, string text, string language)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<ulong, float>();
        var bodyTokens = Tokenizer.Tokenize(text);
        var names = MidSentenceCapitalized(text, bodyTokens);
        AddFeatures(counts, title, Tokenizer.Tokenize(title), language ?? "und", TitleWeight, names, isTitle: true);
        AddFeatures(counts, text, bodyTokens, language ?? "und", 1f, names, isTitle: false);
        return FeatureVector.FromCounts(counts);
    }

    /// <summary>The features of the headline alone; names are the headline words that the body also capitalizes in
    /// mid-sentence (as in <see cref="Extract"/>).</summary>
    public FeatureVector ExtractTitle(string title, string text, string language)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<ulong, float>();
        var names = MidSentenceCapitalized(text, Tokenizer.Tokenize(text));
        AddFeatures(counts, title, Tokenizer.Tokenize(title), language ?? "und", 1f, names, isTitle: true);
        return FeatureVector.FromCounts(counts);
    }

    /// <summary>The features with readable names, for tests and the docs: kind and text per feature.</summary>
    internal List<(FeatureKind Kind, string Text)> Explain(string text, string language)
    {
        var list = new List<(FeatureKind, string)>();
        var tokens = Tokenizer.Tokenize(text);
        Walk(text, tokens, language, MidSentenceCapitalized(text, tokens), false,
            (kind, prefix, s) => list.Add((kind, prefix.Length == 0 ? s.ToString() : string.Concat(prefix, ":", s))));
        return list;
    }

    private void AddFeatures(Dictionary<ulong, float> counts, string text, List<Token> tokens, string language, float weight, HashSet<string> names, bool isTitle) =>
        Walk(text, tokens, language, names, isTitle, (kind, prefix, s) =>
        {
            var key = FeatureVector.Key(kind, prefix, s);
            counts[key] = counts.GetValueOrDefault(key) + weight;
        });

    /// <summary>Receives one feature: its kind and its text as an optional prefix (a language, a skeleton length) and
    /// the text proper, which are joined with ':' when the feature is named.</summary>
    private delegate void Emit(FeatureKind kind, ReadOnlySpan<char> prefix, ReadOnlySpan<char> text);

    /// <summary>Words written capitalized in mid-sentence: names, even where they also open a sentence or stand in a
    /// headline (whose Title Case says nothing).</summary>
    private static HashSet<string> MidSentenceCapitalized(string text, List<Token> tokens)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            if (t.Type == TokenType.Word && !t.SentenceStart && char.IsUpper(text[t.Start]))
                set.Add(text.Substring(t.Start, t.Length));
        }
        return set;
    }

    /// <summary>Emits the features of <paramref name="text"/>, whose tokens the caller has already made (the body's
    /// tokens also feed <see cref="MidSentenceCapitalized"/>, so they are made once).</summary>
    private void Walk(string text, List<Token> tokens, string language, HashSet<string> midCapitalized, bool isTitle, Emit emit)
    {
        if (text.Length == 0)
            return;
        var stop = Stopwords.For(language);
        var words = new List<(int Start, int Length)>(tokens.Count);
        var folded = new List<string>(tokens.Count);
        foreach (var t in tokens)
        {
            words.Add((t.Start, t.Length));
            folded.Add(t.Type == TokenType.Word ? Gazetteer.Fold(text.AsSpan(t.Start, t.Length)) : "");
        }
        bool latinDocument = IsLatinLanguage(text, tokens);

        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var span = text.AsSpan(t.Start, t.Length);
            switch (t.Type)
            {
                case TokenType.Number:
                    if (NormalizeNumber(span) is { } number)
                        emit(FeatureKind.Number, "", number);
                    break;
                case TokenType.Unspaced:
                    foreach (var place in _gazetteer.MatchUnspaced(span.ToString()))
                        emit(FeatureKind.Place, "", place);
                    for (int k = 0; k + 1 < span.Length; k++)
                        emit(FeatureKind.Word, language, span.Slice(k, 2));
                    break;
                case TokenType.Word:
                {
                    var lower = folded[i];
                    if (folded[i].Length >= 3)
                    {
                        var (place, n) = _gazetteer.Match(folded, i);
                        if (place is not null)
                        {
                            emit(FeatureKind.Place, "", place);
                            i += n - 1;
                            break;
                        }
                    }
                    bool isStop = stop.Contains(span.ToString().ToLowerInvariant());
                    bool upper = char.IsUpper(span[0]);
                    bool isLatin = span[0] < '\u0250';
                    if (upper && span.Length >= 2 && IsAllUpper(span) && isLatin)
                    {
                        emit(FeatureKind.Token, "", lower); // NASA, WHO, UEFA
                    }
                    else if (isLatin && !latinDocument && span.Length >= 3)
                    {
                        emit(FeatureKind.Token, "", lower); // a Latin brand or name inside Cyrillic, Arabic or CJK text
                    }
                    if (!isStop && upper && span.Length >= 3 && ((!t.SentenceStart && !isTitle) || midCapitalized.Contains(span.ToString())))
                    {
                        var skeleton = Latinizer.Skeleton(Latinizer.ToAscii(span));
                        if (skeleton.Length >= 2)
                        {
                            emit(FeatureKind.Name, "4", skeleton.AsSpan(0, Math.Min(4, skeleton.Length)));
                            if (skeleton.Length > 4)
                                emit(FeatureKind.Name, "6", skeleton.AsSpan(0, Math.Min(6, skeleton.Length)));
                        }
                    }
                    if (!isStop && span.Length >= 3)
                    {
                        // Arabic writes the article, conjunctions and prepositions onto the word: stem them away
                        var stem = span[0] is >= '\u0600' and <= '\u06FF' ? Gazetteer.ArabicStems(lower).Where(x => x.Length >= 3).DefaultIfEmpty(lower).Last() : lower;
                        emit(FeatureKind.Word, language, stem.AsSpan(0, Math.Min(StemLength, stem.Length)));
                    }
                    break;
                }
                default:
                    break;
            }
        }
        foreach (var day in Dates.Find(text, language, words))
            emit(FeatureKind.Date, "", day);
    }

    private static bool IsLatinLanguage(string text, List<Token> tokens)
    {
        int latin = 0, other = 0;
        foreach (var t in tokens)
        {
            if (t.Type == TokenType.Unspaced)
                other += t.Length;
            else if (t.Type == TokenType.Word)
            {
                if (text[t.Start] < '\u0250')
                    latin += t.Length;
                else
                    other += t.Length;
            }
        }
        return latin >= other;
    }

    private static bool IsAllUpper(ReadOnlySpan<char> s)
    {
        foreach (char c in s)
        {
            if (char.IsLetter(c) && !char.IsUpper(c))
                return false;
        }
        return true;
    }

    /// <summary>"1,280", "1.280" and "1 280" give "1280"; "6.4" and "6,4" give "6.4"; Arabic-Indic digits are read as
    /// digits. Bare integers below 10 say too little and give null.</summary>
    internal static string? NormalizeNumber(ReadOnlySpan<char> s)
    {
        var digits = new StringBuilder(s.Length);
        var groups = new List<int>();
        var seps = new List<char>();
        int groupLen = 0;
        foreach (char c in s)
        {
            if (char.IsDigit(c))
            {
                digits.Append((char)('0' + (int)char.GetNumericValue(c)));
                groupLen++;
            }
            else
            {
                groups.Add(groupLen);
                seps.Add(c);
                groupLen = 0;
                digits.Append('|');
            }
        }
        groups.Add(groupLen);
        var parts = digits.ToString().Split('|');
        string result;
        if (parts.Length == 1)
        {
            result = parts[0].TrimStart('0');
            if (result.Length == 0 || (result.Length == 1))
                return null;
        }
        else
        {
            bool thousands = parts.Skip(1).All(p => p.Length == 3) && seps.Distinct().Count() == 1 && parts[0].Length <= 3;
            if (thousands && !(parts.Length == 2 && seps[0] is '.' or ',' && parts[0] == "0"))
            {
                result = string.Concat(parts).TrimStart('0');
            }
            else
            {
                // the last separator is the decimal mark; any before it group thousands
                result = string.Concat(parts[..^1]).TrimStart('0') + "." + parts[^1];
                if (result.StartsWith('.'))
                    result = "0" + result;
            }
        }
        return result.Length == 0 ? null : result;
    }
}
