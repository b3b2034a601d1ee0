using Tidings.Core;

namespace Tidings.LanguageId;

/// <summary>Tells the language of a text. First the script, then, within a script, the language by its most
/// frequent words and letters. Also the pipeline stage that assigns the language of a document.</summary>
public sealed class LanguageDetector : IStage
{
    private static readonly Dictionary<string, string[]> LatinStopwords = new()
    {
        ["en"] = ["the", "and", "of", "to", "in", "is", "that", "for", "was", "with", "on", "said", "by", "from", "has", "have", "at", "it", "will", "were"],
        ["de"] = ["der", "die", "und", "das", "den", "von", "ist", "nicht", "mit", "sich", "des", "auf", "für", "im", "dem", "ein", "eine", "wurde", "bei", "nach"],
        ["fr"] = ["le", "la", "les", "de", "des", "et", "est", "une", "dans", "du", "que", "pour", "qui", "au", "sur", "pas", "avec", "par", "ont", "été"],
        ["es"] = ["el", "la", "de", "que", "los", "las", "del", "en", "por", "una", "con", "para", "se", "es", "su", "al", "fue", "según", "como", "han"],
        ["it"] = ["il", "di", "che", "la", "della", "per", "gli", "del", "una", "con", "sono", "non", "nel", "alla", "è", "ha", "dei", "delle", "anche", "stato"],
        ["pt"] = ["o", "de", "que", "os", "não", "da", "do", "em", "uma", "para", "com", "as", "dos", "foi", "ao", "das", "pelo", "são", "também", "disse"],
        ["pl"] = ["się", "nie", "na", "że", "jest", "do", "to", "w", "z", "oraz", "jak", "przez", "od", "po", "jego", "które", "został", "roku", "był", "dla"],
        ["vi"] = ["của", "và", "các", "là", "có", "được", "cho", "trong", "với", "người", "không", "này", "những", "đã", "một", "ông", "cũng", "tại", "khi", "sẽ"],
        ["tr"] = ["ve", "bir", "bu", "için", "ile", "da", "de", "olarak", "çok", "daha", "olan", "gibi", "en", "ancak", "kadar", "sonra", "yüzde", "dedi", "ise", "etti"],
        ["nl"] = ["de", "het", "een", "van", "en", "is", "dat", "op", "te", "niet", "zijn", "voor", "met", "ook", "door", "werd", "bij", "naar", "heeft", "worden"],
    };

    private LanguageDetector() { }

    /// <summary>A detector with the bundled models.</summary>
    public static LanguageDetector Create() => new();

    public string Name => "language";
    public DocumentFields Requires => DocumentFields.Text | DocumentFields.Title;
    public DocumentFields Assigns => DocumentFields.Language;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var result = Detect(document.Title + "\n" + document.Text);
        document.Language = result.Tag;
        document.LanguageConfidence = result.Confidence;
    }

    /// <summary>Detects the language of a text; <c>und</c> when it is too short or has no letters.</summary>
    public LanguageResult Detect(ReadOnlySpan<char> text)
    {
        var scriptCounts = new Dictionary<string, int>();
        int letters = 0;
        foreach (char c in text)
        {
            if (!char.IsLetter(c))
                continue;
            letters++;
            var s = Scripts.Of(c);
            scriptCounts[s] = scriptCounts.GetValueOrDefault(s) + 1;
        }
        if (letters < 3)
            return LanguageResult.Undetermined();
        var (script, count) = scriptCounts.MaxBy(kv => kv.Value);
        double share = (double)count / letters;
        return script switch
        {
            "Cyrl" => Cyrillic(text, share),
            "Latn" => Latin(text, share),
            "Arab" => Single(text.ContainsAny("پچژگ") ? "fa" : "ar", "Arab", share),
            "Hebr" => Single("he", "Hebr", share),
            "Grek" => Single("el", "Grek", share),
            "Thai" => Single("th", "Thai", share),
            "Hang" => Single("ko", "Kore", share),
            "Kana" => Single("ja", "Jpan", share),
            "Hani" => scriptCounts.ContainsKey("Kana") ? Single("ja", "Jpan", share) : Single("zh", "Hans", share),
            "Armn" => Single("hy", "Armn", share),
            "Geor" => Single("ka", "Geor", share),
            "Deva" => Single("hi", "Deva", share),
            _ => LanguageResult.Undetermined(script),
        };
    }

    private static LanguageResult Single(string lang, string script, double share) =>
        new(new LanguageTag(lang), script, Math.Round(0.5 + (0.49 * share), 3), []);

    private static LanguageResult Cyrillic(ReadOnlySpan<char> text, double share)
    {
        int hard = 0, ru = 0, uk = 0, sr = 0, mk = 0, be = 0;
        foreach (char c in text)
        {
            switch (char.ToLowerInvariant(c))
            {
                case 'ъ': hard++; break;
                case 'ы' or 'э' or 'ё': ru++; break;
                case 'і' or 'ї' or 'є' or 'ґ': uk++; break;
                case 'ђ' or 'ћ' or 'џ' or 'ј': sr++; break;
                case 'ќ' or 'ѓ' or 'ѕ': mk++; break;
                case 'ў': be++; break;
                default: break;
            }
        }
        string lang = be > 0 && be >= uk ? "be" : uk > 0 ? "uk" : mk > 0 ? "mk" : sr > 0 ? "sr" : hard > ru ? "bg" : "ru";
        return Single(lang, "Cyrl", share);
    }

    private static LanguageResult Latin(ReadOnlySpan<char> text, double share)
    {
        var scores = new Dictionary<string, int>();
        foreach (var range in text.SplitAny(" \n\t.,;:!?\"'()«»„“”"))
        {
            var word = text[range].ToString().ToLowerInvariant();
            if (word.Length == 0)
                continue;
            foreach (var (lang, words) in LatinStopwords)
            {
                if (Array.IndexOf(words, word) >= 0)
                    scores[lang] = scores.GetValueOrDefault(lang) + 1;
            }
        }
        if (scores.Count == 0)
            return new(LanguageTag.Undetermined, "Latn", 0, []);
        var ranked = scores.OrderByDescending(kv => kv.Value).ToArray();
        int total = ranked.Sum(kv => kv.Value);
        var alternatives = ranked.Skip(1).Take(3).Select(kv => new LanguageGuess(new LanguageTag(kv.Key), Math.Round((double)kv.Value / total, 3))).ToArray();
        double conf = Math.Round(share * ranked[0].Value / total, 3);
        return new(new LanguageTag(ranked[0].Key), "Latn", conf, alternatives);
    }
}
