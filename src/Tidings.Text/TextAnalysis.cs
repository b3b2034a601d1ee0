using Tidings.Core;

namespace Tidings.Text;

/// <summary>What the analysis found in one page (<c>tidings analyze</c>): its language, how many tokens, and every
/// language-neutral key (name, place, concept, date, number, token) with where it was found.</summary>
public sealed record TextAnalysis
{
    /// <summary>The language the page was analyzed as (ISO 639 code, "und" when unknown).</summary>
    public required string Language { get; init; }

    /// <summary>Tokens of title and text (words, numbers, runs of unspaced scripts).</summary>
    public required int Tokens { get; init; }

    /// <summary>Every key, in order of first appearance (title first).</summary>
    public required IReadOnlyList<TextKey> Keys { get; init; }

    /// <summary>Each feature key of the page's vector (words included) and its most frequent surface form: what
    /// turns the hashed keys a story join was decided on (`show --why`) back into words.</summary>
    public IReadOnlyDictionary<ulong, string> Forms { get; init; } = new Dictionary<ulong, string>();
}

/// <summary>One language-neutral key and its occurrences. <see cref="Kind"/> is <c>name</c>, <c>place</c>,
/// <c>concept</c>, <c>date</c>, <c>number</c> or <c>token</c> (a Latin acronym or brand); <see cref="Key"/> is what
/// the features compare (a name's skeleton, a gazetteer id, an English concept stem, <c>MM-DD</c>, a number's value);
/// <see cref="Value"/> is a date's full value (<c>2020-08-09</c> when the year is known) or a number's unit.</summary>
public sealed record TextKey
{
    public required string Kind { get; init; }
    public required string Key { get; init; }
    public string? Value { get; init; }
    public required IReadOnlyList<TextOccurrence> Occurrences { get; init; }

    /// <summary>The surface forms, most frequent first.</summary>
    public IReadOnlyList<string> Forms => Occurrences.GroupBy(o => o.Text, StringComparer.Ordinal)
        .OrderByDescending(g => g.Count()).Select(g => g.Key).ToArray();
}

/// <summary>Where a key was found: in the title or the text, at a UTF-16 offset and length, as written there.</summary>
public readonly record struct TextOccurrence(bool InTitle, int Start, int Length, string Text);

public sealed partial class FeatureExtractor
{
    /// <summary>The key one written name gets, as the features and <see cref="Inspect"/> give it: the gazetteer's id
    /// when the name is a place it knows (Москва, Moscou → <c>C:Europe/Moscow</c>), else the name key (lexicon canonical
    /// form or skeleton: Лукашенко → <c>lksnk</c>); empty when it gets none.</summary>
    internal List<string> KeysOfName(string name, string language)
    {
        ArgumentNullException.ThrowIfNull(name);
        var keys = new List<string>(2);
        // an abbreviation of a place (UK, U.S.), as the features read it
        if (name.Length is > 1 and <= 12 && char.IsUpper(name[0]) && _gazetteer.MatchAbbreviation(name, 0, language, out int end) is { } abbreviated && end == name.Length)
            return [abbreviated];
        var script = Scripts.OfWord(name);
        if (Scripts.MatchesBySubstring(script))
        {
            keys.AddRange(_gazetteer.MatchUnspaced(name).Take(1).Select(m => m.Id));
            if (keys.Count > 0)
                return keys;
        }
        else
        {
            var tokens = Tokenizer.Tokenize(name);
            Clitics.Detach(name, tokens, language);
            if (tokens.Count == 1)
                name = name.Substring(tokens[0].Start, tokens[0].Length);
            var folded = tokens.Select(t => Normalizer.Bare(name.AsSpan(t.Start, t.Length))).ToList();
            if (folded.Count > 0)
            {
                var (place, n) = _gazetteer.Match(folded, 0, language);
                if (place is not null && n == folded.Count)
                    return [place];
            }
        }
        var wordLang = script is Script.Han ? (language is "ja" ? "ja" : "zh") : language;
        _lexicons.NameKeysOf(script == Script.Han ? name : Normalizer.Bare(name), wordLang, script, _translit, keys);
        return keys;
    }

    /// <summary>Everything the features of a page are made of, readable: each key with its kind and occurrences.</summary>
    public TextAnalysis Inspect(string title, string text, string language, DateTimeOffset? published = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        var lang = string.IsNullOrEmpty(language) ? "und" : language;
        var order = new List<(string Kind, string Key)>();
        var found = new Dictionary<(string Kind, string Key), (string? Value, List<TextOccurrence> At)>();
        // a name gives a short and a long feature at one place; its key is the longest
        var names = new Dictionary<(bool InTitle, int Start, int Length), string>();
        var nameOrder = new List<(bool InTitle, int Start, int Length)>();

        void Add(string kind, string key, string? value, TextOccurrence at)
        {
            if (!found.TryGetValue((kind, key), out var entry))
            {
                entry = (value, new List<TextOccurrence>());
                found[(kind, key)] = entry;
                order.Add((kind, key));
            }
            entry.At.Add(at);
        }

        var forms = new Dictionary<ulong, Dictionary<string, int>>();
        Analyze(title, text, lang, published, (in Feature f, float _) =>
        {
            var source = f.InTitle ? title : text;
            int start = Math.Clamp(f.Start, 0, source.Length);
            int length = Math.Clamp(f.Length, 0, source.Length - start);
            var at = new TextOccurrence(f.InTitle, start, length, source.Substring(start, length));
            if (length > 0)
            {
                var hash = FeatureVector.Key(f.Kind, f.Prefix, f.Key);
                if (!forms.TryGetValue(hash, out var counts))
                    forms[hash] = counts = new Dictionary<string, int>(StringComparer.Ordinal);
                counts[at.Text] = counts.GetValueOrDefault(at.Text) + 1;
            }
            switch (f.Kind)
            {
                case FeatureKind.Name:
                {
                    var where = (f.InTitle, start, length);
                    var key = f.Key.ToString();
                    if (!names.TryGetValue(where, out var known))
                    {
                        nameOrder.Add(where);
                        names[where] = key;
                    }
                    else if (key.Length > known.Length)
                    {
                        names[where] = key;
                    }
                    break;
                }
                case FeatureKind.Place:
                    Add("place", f.Key.ToString(), null, at);
                    break;
                case FeatureKind.Concept:
                    Add("concept", f.Key.ToString(), null, at);
                    break;
                case FeatureKind.Date:
                    Add("date", f.Key.ToString(), f.Detail, at);
                    break;
                case FeatureKind.Number:
                    Add("number", f.Key.ToString(), f.Detail, at);
                    break;
                case FeatureKind.Token:
                    Add("token", f.Key.ToString(), null, at);
                    break;
                default:
                    break;
            }
        });
        foreach (var where in nameOrder)
        {
            var source = where.InTitle ? title : text;
            Add("name", names[where], null, new TextOccurrence(where.InTitle, where.Start, where.Length, source.Substring(where.Start, where.Length)));
        }
        var keys = order.Select(k => new TextKey { Kind = k.Kind, Key = k.Key, Value = found[k].Value, Occurrences = found[k].At })
            .OrderBy(k => k.Occurrences[0].InTitle ? 0 : 1).ThenBy(k => k.Occurrences[0].Start).ToArray();
        return new TextAnalysis
        {
            Language = lang,
            Tokens = Tokenizer.Tokenize(title).Count + Tokenizer.Tokenize(text).Count,
            Keys = keys,
            Forms = forms.ToDictionary(p => p.Key, p => p.Value.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key),
        };
    }
}
