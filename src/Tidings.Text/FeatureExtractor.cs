using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Tidings.Core;

namespace Tidings.Text;

/// <summary>Weights of the feature kinds the analysis emits, before the clusterer's own per-kind weights: how much one
/// occurrence of each kind counts in an article's vector.</summary>
public sealed record TextFeatureOptions
{
    /// <summary>How much more a title occurrence counts than a body occurrence.</summary>
    public float TitleWeight { get; init; } = 2f;

    /// <summary>Weight of one concept occurrence, split over a word's senses.</summary>
    public float ConceptWeight { get; init; } = 1f;

    /// <summary>Whether names and concepts go through ICU (false: the built-in tables, as when ICU is missing).</summary>
    public bool UseIcu { get; init; } = true;
}

/// <summary>Turns an article into features that let articles in different languages and scripts meet: names as
/// script-independent keys, places as gazetteer ids, concepts of ordinary words through bilingual dictionaries,
/// numbers, calendar days, Latin acronyms; plus stemmed content words of its own language. Title features count
/// double.</summary>
public sealed partial class FeatureExtractor : IStage
{
    private readonly Gazetteer _gazetteer;
    private readonly Lexicons _lexicons;
    private readonly Transliteration _translit;
    private readonly TextFeatureOptions _options;

    /// <summary>What a word gives, whatever its place in the text: its stem, the concepts it reaches and how (see
    /// <see cref="Word"/>), a stopword's concepts, a name's keys. Words repeat (Zipf), so each is worked out once per
    /// (language, case-folded form) on each thread: the stemmer, the concept lexicon, the compound split, the Arabic
    /// clitic and ending retries and the name keys then run once per distinct word. Per thread (no locking), for the
    /// lexicons and transliteration it was filled from, and emptied when it holds <see cref="MaxWords"/> entries.</summary>
    [ThreadStatic]
    private static Dictionary<string, LanguageWords>? t_words;
    [ThreadStatic]
    private static Lexicons? t_wordsFrom;
    [ThreadStatic]
    private static Transliteration? t_wordsTranslit;
    [ThreadStatic]
    private static int t_wordCount;
    [ThreadStatic]
    private static LanguageWords? t_last; // the language of the last lookup and its words: a text is in one language

    internal const int MaxWords = 200_000;

    /// <summary>This thread's two feature-count tables, kept from one text to the next (cleared before use) so that a
    /// text does not grow new ones from empty; a table grown past <see cref="MaxKeptCounts"/> by a huge text is let go.</summary>
    [ThreadStatic]
    private static Dictionary<ulong, float>? t_counts;
    [ThreadStatic]
    private static Dictionary<ulong, float>? t_titleCounts;

    private const int MaxKeptCounts = 16_384;

    private static Dictionary<ulong, float> Rent(ref Dictionary<ulong, float>? kept)
    {
        var counts = kept ?? new Dictionary<ulong, float>(256);
        kept = null; // not shared with a nested call while in use
        counts.Clear();
        return counts;
    }

    private static void Return(ref Dictionary<ulong, float>? kept, Dictionary<ulong, float> counts)
    {
        if (counts.Count <= MaxKeptCounts)
            kept = counts;
    }

    private sealed class LanguageWords(string language)
    {
        public readonly string Language = language;
        public readonly Dictionary<string, WordInfo> Words = new(StringComparer.Ordinal);
        public readonly Dictionary<string, (string Stem, string[] Found)?> Stopwords = new(StringComparer.Ordinal);
        public readonly Dictionary<string, string[]> Names = new(StringComparer.Ordinal);
    }

    /// <summary>Forgets the words this thread has worked out (and their stems): for a benchmark that must not be
    /// helped by an earlier pass over the same texts.</summary>
    internal static void ForgetWords()
    {
        t_words = null;
        t_last = null;
        Stemmers.Forget();
    }

    /// <summary><see cref="Listed"/>: the lexicon lists the word or its stem (compounds, Arabic clitics and cognates aside).</summary>
    private sealed record WordInfo(string Stem, bool Listed, (string Concept, float Share)[] Concepts, bool Known, string? Cognate);

    private FeatureExtractor(Gazetteer gazetteer, Lexicons lexicons, TextFeatureOptions options)
    {
        _gazetteer = gazetteer;
        _lexicons = lexicons;
        _options = options;
        _translit = options.UseIcu ? Transliteration.Default : Transliteration.TablesOnly;
    }

    /// <summary>An extractor with the bundled gazetteer, lexicons and stopword lists.</summary>
    public static FeatureExtractor Create(TextFeatureOptions? options = null)
    {
        // the gazetteer and the lexicons load side by side (once per process)
        var gazetteer = Task.Run(() => Gazetteer.Default);
        var lexicons = Lexicons.Default;
        return new(gazetteer.GetAwaiter().GetResult(), lexicons, options ?? new TextFeatureOptions());
    }

    public string Name => "features";
    public DocumentFields Requires => DocumentFields.Text | DocumentFields.Title | DocumentFields.Language | DocumentFields.Metadata | DocumentFields.Furniture;
    public DocumentFields Assigns => DocumentFields.Features;

    internal Transliteration Transliteration => _translit;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        (document.Features, document.TitleFeatures) = ExtractBoth(document.Title, document.FeatureText, document.Language.Language, document.Published);
    }

    /// <summary>The feature vector of a title and body in a language (ISO 639 code; "und" when unknown).</summary>
    public FeatureVector Extract(string title, string text, string language, DateTimeOffset? published = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        var counts = Rent(ref t_counts);
        Analyze(title, text, language, published, (in Feature f, float weight) =>
        {
            var key = FeatureVector.Key(f.Kind, f.Prefix, f.Key);
            CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += weight * f.Weight;
        });
        var vector = FeatureVector.FromCounts(counts);
        Return(ref t_counts, counts);
        return vector;
    }

    /// <summary>The features of the headline alone (names as <see cref="Extract"/> finds them, with the body's help).</summary>
    public FeatureVector ExtractTitle(string title, string text, string language, DateTimeOffset? published = null) =>
        ExtractBoth(title, text, language, published).Title;

    /// <summary>The article's features and its headline's features, in one pass.</summary>
    public (FeatureVector All, FeatureVector Title) ExtractBoth(string title, string text, string language, DateTimeOffset? published = null)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        var counts = Rent(ref t_counts);
        var titleCounts = Rent(ref t_titleCounts);
        Analyze(title, text, language, published, (in Feature f, float weight) =>
        {
            var key = FeatureVector.Key(f.Kind, f.Prefix, f.Key);
            CollectionsMarshal.GetValueRefOrAddDefault(counts, key, out _) += weight * f.Weight;
            if (f.InTitle)
                CollectionsMarshal.GetValueRefOrAddDefault(titleCounts, key, out _) += f.Weight;
        });
        var both = (FeatureVector.FromCounts(counts), FeatureVector.FromCounts(titleCounts));
        Return(ref t_counts, counts);
        Return(ref t_titleCounts, titleCounts);
        return both;
    }

    /// <summary>The features with readable names, for tests and the docs: kind and text per feature.</summary>
    internal List<(FeatureKind Kind, string Text)> Explain(string text, string language, DateTimeOffset? published = null)
    {
        var list = new List<(FeatureKind, string)>();
        Analyze("", text, language, published, (in Feature f, float _) =>
            list.Add((f.Kind, f.Prefix.Length == 0 ? f.Key.ToString() : string.Concat(f.Prefix, ":", f.Key))));
        return list;
    }

    /// <summary>One feature found in the text: its kind, key (with an optional prefix joined by ':'), weight, and where
    /// in the title or body it was found (<see cref="InTitle"/>).</summary>
    internal readonly ref struct Feature
    {
        public FeatureKind Kind { get; init; }
        public ReadOnlySpan<char> Prefix { get; init; }
        public ReadOnlySpan<char> Key { get; init; }
        public float Weight { get; init; }
        public int Start { get; init; }
        public int Length { get; init; }
        public bool InTitle { get; init; }
        /// <summary>For names: the mention's kind (person/organisation or place); for dates: the full value; for numbers:
        /// the unit or currency written next to it (or null).</summary>
        public string? Detail { get; init; }
    }

    internal delegate void Sink(in Feature feature, float weight);

    /// <summary>Walks title and body and reports every feature with its position.</summary>
    internal void Analyze(string title, string text, string? language, DateTimeOffset? published, Sink sink)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        var lang = string.IsNullOrEmpty(language) ? "und" : language;
        var bodyTokens = Tokenizer.Tokenize(text);
        Clitics.Detach(text, bodyTokens, lang);
        var titleCased = TitleCasedRuns(text, bodyTokens, lang);
        var names = MidSentenceCapitalized(text, bodyTokens, titleCased);
        var titleTokens = title.Length > 0 ? Tokenizer.Tokenize(title) : [];
        Clitics.Detach(title, titleTokens, lang);
        var arabic = ArabicWordsOf(title, titleTokens, text, bodyTokens);
        if (title.Length > 0)
            Walk(title, titleTokens, lang, names, arabic, isTitle: true, published, sink, _options.TitleWeight);
        Walk(text, bodyTokens, lang, names, arabic, isTitle: false, published, sink, 1f, titleCased);
    }

    /// <summary>The words of a Title Case headline a scraper glued to the start of the text ("Taksi, Dolmuş ve Halk
    /// Otobüsü Fiyatlarına Düzenleme Şart ..."): at least <see cref="TitleCaseRun"/> capitalized words of four letters or
    /// more from the start of a sentence or of the text on (shorter words between them may be lower case: of, the, ve,
    /// de), up to the last of them. Their capitals say nothing, as in a title. Only from a sentence's start: inside a
    /// sentence a list of names (Angela Merkel, Emmanuel Macron and Boris Johnson) makes such runs too. Not in languages that capitalize
    /// every noun (German), whose headlines are not in Title Case. Null when there is none.</summary>
    private static bool[]? TitleCasedRuns(string text, List<Token> tokens, string language)
    {
        if (language is "de" or "lb")
            return null;
        bool[]? marks = null;
        for (int k = 0; k < tokens.Count; k++)
        {
            // a run starts where a sentence (or the text) does
            if (k > 0 && !tokens[k].SentenceStart)
                continue;
            int capitals = 0, last = -1, m = k;
            for (; m < tokens.Count; m++)
            {
                var t = tokens[m];
                if (t.Type == TokenType.Number)
                    continue;
                if (t.Type != TokenType.Word || (t.SentenceStart && m > k))
                    break;
                if (t.Length < 4)
                    continue;
                if (!char.IsUpper(text[t.Start]))
                    break;
                capitals++;
                last = m;
            }
            if (capitals >= TitleCaseRun)
            {
                marks ??= new bool[tokens.Count];
                for (int q = k; q <= last; q++)
                    marks[q] = true;
            }
            k = Math.Max(k, m - 1);
        }
        return marks;
    }

    /// <summary>Capitalized words of four letters or more in a row that make a headline inside the text.</summary>
    private const int TitleCaseRun = 6;

    /// <summary>Words written capitalized in mid-sentence: names, even where they also open a sentence or stand in a
    /// headline (whose Title Case says nothing); the words of a headline glued to the text (<paramref name="titleCased"/>)
    /// are not counted.</summary>
    private static HashSet<string> MidSentenceCapitalized(string text, List<Token> tokens, bool[]? titleCased)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        // by span: a name's string is made once, not once per occurrence
        var add = set.GetAlternateLookup<ReadOnlySpan<char>>();
        for (int k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            if (t.Type == TokenType.Word && !t.SentenceStart && char.IsUpper(text[t.Start]) && titleCased?[k] != true)
                add.Add(text.AsSpan(t.Start, t.Length));
        }
        return set;
    }

    /// <summary>The folded Arabic-script words of a page's headline and text (null when it has none).</summary>
    private static HashSet<string>? ArabicWordsOf(string title, List<Token> titleTokens, string text, List<Token> bodyTokens)
    {
        HashSet<string>? set = null;
        foreach (var (s, tokens) in new[] { (title, titleTokens), (text, bodyTokens) })
        {
            foreach (var t in tokens)
            {
                if (t.Type == TokenType.Word && Scripts.Of(s[t.Start]) == Script.Arabic)
                    (set ??= new HashSet<string>(StringComparer.Ordinal)).Add(Gazetteer.Fold(Normalizer.Fold(s.AsSpan(t.Start, t.Length))));
            }
        }
        return set;
    }

    /// <summary>An Arabic name as the page writes it alone: a conjunction or preposition joined to it (وميركل, لأردوغان,
    /// بالسيسي → السيسي) is left out when the page also has the word without it; else the word as written (بايدن is
    /// not ب + ايدن).</summary>
    private static string ArabicName(string folded, HashSet<string>? pageWords)
    {
        if (pageWords is null || folded.Length < 5)
            return folded;
        for (int cut = 1; cut <= 2 && folded.Length - cut >= 4 && folded[cut - 1] is 'و' or 'ف' or 'ب' or 'ل' or 'ك'; cut++)
        {
            var rest = folded[cut..];
            if (pageWords.Contains(rest))
                return rest;
            // ل before the article drops its alef: للسيسي
            if (folded[cut - 1] == 'ل' && rest.StartsWith('ل') && pageWords.Contains("ا" + rest))
                return "ا" + rest;
        }
        return folded;
    }

    private void Walk(string text, List<Token> tokens, string language, HashSet<string> midCapitalized, HashSet<string>? arabicWords, bool isTitle, DateTimeOffset? published, Sink sink, float weight, bool[]? titleCased = null)
    {
        if (text.Length == 0)
            return;
        var stop = Stopwords.For(language);
        var words = new List<(int Start, int Length)>(tokens.Count);
        var folded = new List<string>(tokens.Count);
        var caseFoldedWords = new string[tokens.Count];
        for (int k = 0; k < tokens.Count; k++)
        {
            var t = tokens[k];
            words.Add((t.Start, t.Length));
            if (t.Type == TokenType.Word)
            {
                // case-folded once; the bare form (diacritics folded) from it: Normalizer.Bare without a second NFKC
                caseFoldedWords[k] = Normalizer.Fold(text.AsSpan(t.Start, t.Length));
                folded.Add(Gazetteer.Fold(caseFoldedWords[k]));
            }
            else
            {
                folded.Add("");
            }
        }
        bool latinDocument = IsLatinLanguage(text, tokens);
        bool afterTitleWord = false;
        var unspacedTitle = UnspacedTitle.None;

        void Emit(FeatureKind kind, ReadOnlySpan<char> prefix, ReadOnlySpan<char> key, int start, int length, float w = 1f, string? detail = null) =>
            sink(new Feature { Kind = kind, Prefix = prefix, Key = key, Weight = w, Start = start, Length = length, InTitle = isTitle, Detail = detail }, weight);

        // a name's keys (a second reading splits the weight with the first), each as its first four and all six letters
        void EmitName(string name, string lang, Script script, int start, int length, string kind, int minKey = 0)
        {
            var nameKeys = NameKeysOf(name, lang, script);
            // a name guessed only because no dictionary knows the word needs a key that says something: most such
            // Arabic words are ordinary words FreeDict lacks (جائحة, pandemic → "st"; أحمد → "mt"), and a skeleton of
            // two consonants meets dozens of unrelated words
            if (minKey > 0 && !AnyAtLeast(nameKeys, minKey))
                return;
            float w = 1f / Math.Max(1, nameKeys.Length);
            foreach (var key in nameKeys)
            {
                Emit(FeatureKind.Name, "4", key.AsSpan(0, Math.Min(4, key.Length)), start, length, w, kind);
                if (key.Length > 4)
                    Emit(FeatureKind.Name, "6", key, start, length, w, kind);
            }
        }

        bool EmitConcepts(string lang, string stem, int start, int length) => EmitSenses(stem, _lexicons.Concepts(lang, stem), start, length);

        bool EmitSenses(string stem, string[] found, int start, int length)
        {
            if (SensesOf(stem, found) is not { } senses)
                return false;
            float w = _options.ConceptWeight / Math.Max(1, senses.Length);
            foreach (var c in senses)
                Emit(FeatureKind.Concept, "", c, start, length, w);
            return true;
        }

        for (int i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            var span = text.AsSpan(t.Start, t.Length);
            switch (t.Type)
            {
                case TokenType.Number:
                {
                    // with its scale word and unit: "1,5 млн" = "1.5 million" = 1500000; a bare digit only with them
                    var number = NormalizeNumber(span);
                    var (value, unit, end) = Numbers.Read(text, tokens, i, number ?? span.ToString(), language);
                    if (number is not null || (unit is not null || value != span.ToString()) && span.Length == 1 && span[0] is >= '1' and <= '9')
                        Emit(FeatureKind.Number, "", value, t.Start, end - t.Start, 1f, unit);
                }
                    afterTitleWord = false;
                    break;
                case TokenType.Unspaced:
                    unspacedTitle = WalkUnspaced(text, t, language, Emit, (n, l, sc, st, len, k) => EmitName(n, l, sc, st, len, k), EmitConcepts,
                        i > 0 && tokens[i - 1].Type == TokenType.Unspaced ? unspacedTitle : UnspacedTitle.None);
                    afterTitleWord = false;
                    break;
                case TokenType.Word:
                {
                    var lower = folded[i];
                    var caseFolded = caseFoldedWords[i];
                    var script = Scripts.Of(span[0]);
                    bool isLatinWord = script == Script.Latin;
                    bool cased = char.IsUpper(span[0]) || char.IsLower(span[0]);
                    // an abbreviation of a place, dots or not (UK, U.S., EE.UU.): its tokens are read as one
                    if (span.Length <= 4 && char.IsUpper(span[0]) && IsAllUpper(span) && _gazetteer.MatchAbbreviation(text, t.Start, language, out int abbreviationEnd) is { } abbreviated)
                    {
                        Emit(FeatureKind.Place, "", abbreviated, t.Start, abbreviationEnd - t.Start, 1f, "place");
                        while (i + 1 < tokens.Count && tokens[i + 1].Start < abbreviationEnd)
                            i++;
                        afterTitleWord = false;
                        break;
                    }
                    // place names are capitalized wherever the script has capitals ("police" is not Poland)
                    if (lower.Length >= 3 && !Scripts.MatchesBySubstring(script) && !char.IsLower(span[0]))
                    {
                        // a Latin word in a text of another script is not inflected by that language's grammar
                        var (place, n) = _gazetteer.Match(folded, i, language, inflect: !isLatinWord || latinDocument);
                        // where no capital says a one-word place is a name (a script without capitals, a sentence's or
                        // a title's first word), a word of the language spelled like one is that word
                        if (place is not null && n == 1 && (!cased || t.SentenceStart || isTitle)
                            && IsOrdinaryWord(place, language, caseFolded, lower, span, cased, stop, midCapitalized))
                            place = null;
                        if (place is not null)
                        {
                            var end = tokens[i + n - 1];
                            Emit(FeatureKind.Place, "", place, t.Start, end.Start + end.Length - t.Start, 1f, "place");
                            i += n - 1;
                            afterTitleWord = false;
                            break;
                        }
                    }
                    else if (script == Script.Hangul)
                    {
                        foreach (var (place, at, n) in _gazetteer.MatchUnspaced(span.ToString()))
                            Emit(FeatureKind.Place, "", place, t.Start + at, n, 1f, "place");
                    }
                    // an Arabic stopword written with a clitic (وذلك, أنه, عليها) or without its hamza is one too
                    bool isStop = stop.Contains(caseFolded) || (language == "ar" && ArabicWords.IsFunctionWord(caseFolded));
                    bool upper = char.IsUpper(span[0]);
                    bool isLatin = script == Script.Latin;
                    if (upper && span.Length >= 2 && IsAllUpper(span) && isLatin)
                        Emit(FeatureKind.Token, "", lower, t.Start, t.Length); // NASA, WHO, UEFA
                    else if (isLatin && !latinDocument && span.Length >= 3)
                        Emit(FeatureKind.Token, "", lower, t.Start, t.Length); // a Latin brand or name inside Cyrillic, Arabic or CJK text
                    bool titled = Lexicons.IsTitleWord(caseFolded);
                    bool nameByCase = upper && ((!t.SentenceStart && !isTitle && titleCased?[i] != true) || midCapitalized.GetAlternateLookup<ReadOnlySpan<char>>().Contains(span)
                        || (!isStop && FirstNameOfSpan(text, tokens, i, script) && !Word(language, caseFolded, lower).Listed));
                    // without capitals, a word the lexicon reads is the title's field, not a name: وزير الصحة (of health)
                    bool nameByTitle = afterTitleWord && (upper || (!cased && !isStop && Word(language, caseFolded, lower).Concepts.Length == 0));
                    if (!isStop && !titled && span.Length >= 3 && (nameByCase || nameByTitle))
                    {
                        EmitName(script == Script.Arabic ? ArabicName(lower, arabicWords) : lower, language, script, t.Start, t.Length, "name");
                    }
                    afterTitleWord = titled || (afterTitleWord && nameByTitle && upper);
                    if (!isStop && span.Length >= 3)
                    {
                        var word = Word(language, caseFolded, lower);
                        Emit(FeatureKind.Word, language, word.Stem, t.Start, t.Length);
                        foreach (var (concept, share) in word.Concepts)
                            Emit(FeatureKind.Concept, "", concept, t.Start, t.Length, _options.ConceptWeight * share);
                        bool known = word.Known;
                        if (!known && isLatin && word.Cognate is { } cognate)
                        {
                            Emit(FeatureKind.Concept, "", cognate, t.Start, t.Length, _options.ConceptWeight);
                            known = true;
                        }
                        // scripts without capitals: a word no dictionary knows is most likely a name (أمنمحات, الأقصر)
                        if (!known && !cased && !nameByTitle && span.Length >= 4 && _lexicons.HasConcepts(language) && !Dates.IsMonth(language, caseFolded)
                            && !(script == Script.Arabic && ArabicWords.IsPluralNoun(caseFolded)))
                            EmitName(script == Script.Arabic ? ArabicName(lower, arabicWords) : lower, language, script, t.Start, t.Length, "name",
                                script == Script.Arabic ? MinGuessedNameKey : 0);
                    }
                    else if (isStop && span.Length >= 3 && StopwordConcepts(language, caseFolded) is { } stopword)
                    {
                        // a stopword of stopwords-iso that is no function word (ru война, мир): its concepts only;
                        // in Arabic as its clitics and endings allow (the list has news verbs: اعلنت, أعلنت)
                        if (language == "ar")
                        {
                            foreach (var (concept, share) in Word(language, caseFolded, lower).Concepts)
                                Emit(FeatureKind.Concept, "", concept, t.Start, t.Length, _options.ConceptWeight * share);
                        }
                        else
                        {
                            EmitSenses(stopword.Stem, stopword.Found, t.Start, t.Length);
                        }
                    }
                    break;
                }
                default:
                    break;
            }
        }
        foreach (var d in Dates.Find(text, language, words, published))
            Emit(FeatureKind.Date, "", d.MonthDay, d.Start, d.Length, 1f, d.Value);
    }

    /// <summary>The concepts of a stem: null when the lexicon gives none, empty for a listed Arabic stem of three letters
    /// or less (a root shared by too many words to say which one is meant: known, but no concept). An unlisted short
    /// stem is not known: شلبي, stemmed شلب, is a name.</summary>
    private static string[]? SensesOf(string stem, string[] senses)
    {
        if (senses.Length == 0)
            return null;
        return stem.Length < 4 && Scripts.OfWord(stem) == Script.Arabic ? [] : senses;
    }

    /// <summary>The stem and concepts of a word (case-folded, and bare: diacritics folded), from the cache or worked out:
    /// the stem's senses, else a compound's two parts, else an Arabic word without its clitics or an ending (whose stem
    /// is then the word's key); the Latin cognate is kept for a word none of them reach (used only for a Latin-script
    /// word).</summary>
    private WordInfo Word(string language, string caseFolded, string bare)
    {
        var words = WordsOf(language).Words;
        if (words.TryGetValue(caseFolded, out var info))
            return info;
        info = WordUncached(language, caseFolded, bare);
        Counted();
        words[caseFolded] = info;
        return info;
    }

    /// <summary><see cref="Word"/> worked out (a method of its own: the closures below would otherwise be allocated on
    /// every call, cache hits included).</summary>
    private WordInfo WordUncached(string language, string caseFolded, string bare)
    {
        var stem = Stemmers.StemOnce(caseFolded, language); // cached with the word
        var concepts = new List<(string, float)>();
        bool Record(string lang, string s, int start, int length) => RecordSenses(s, _lexicons.Concepts(lang, s));
        bool RecordSenses(string s, string[] found)
        {
            if (SensesOf(s, found) is not { } senses)
                return false;
            float share = 1f / Math.Max(1, senses.Length);
            foreach (var c in senses)
                concepts.Add((c, share));
            return true;
        }
        // the word's own entry first (a listed word of four letters or more is no root, whatever its stem: أثري,
        // archaeological, stems to the root اثر), then its stem's
        var ownEntry = _lexicons.OwnConcepts(language, caseFolded);
        var own = ownEntry ?? _lexicons.Concepts(language, stem);
        bool known = (ownEntry is not null ? RecordSenses(language == "ar" ? ArabicWords.Normalize(caseFolded) : caseFolded, own) : RecordSenses(stem, own))
            || Decompound(caseFolded, language, 0, 0, Record);
        if (!known && language == "ar" && ArabicForm(caseFolded) is var (formStem, senses))
        {
            // the word a clitic or an ending was joined to: its stem is the word's key too (بمنطقة meets منطقة)
            stem = formStem;
            RecordSenses(formStem, senses);
            known = true;
        }
        string? cognate = !known && language != "en" && _lexicons.HasConcepts(language) ? _lexicons.Cognate(bare) : null;
        return new WordInfo(stem, own.Length > 0, [.. concepts], known, cognate);
    }

    /// <summary>This thread's cache for <paramref name="language"/> (made anew when the lexicons or the
    /// transliteration differ from what filled it).</summary>
    private LanguageWords WordsOf(string language)
    {
        if (t_words is null || t_wordsFrom != _lexicons || t_wordsTranslit != _translit)
        {
            t_words = new Dictionary<string, LanguageWords>(StringComparer.Ordinal);
            t_wordsFrom = _lexicons;
            t_wordsTranslit = _translit;
            t_wordCount = 0;
            t_last = null;
        }
        var last = t_last;
        if (last is not null && string.Equals(language, last.Language, StringComparison.Ordinal))
            return last;
        if (!t_words.TryGetValue(language, out var words))
            t_words[language] = words = new LanguageWords(language);
        t_last = words;
        return words;
    }

    /// <summary>Counts one more cached entry; empties every language's cache beyond <see cref="MaxWords"/>.</summary>
    private static void Counted()
    {
        if (++t_wordCount <= MaxWords || t_words is null)
            return;
        foreach (var perLanguage in t_words.Values)
        {
            perLanguage.Words.Clear();
            perLanguage.Stopwords.Clear();
            perLanguage.Names.Clear();
        }
        t_wordCount = 0;
    }

    /// <summary>A stopword's stem and the concepts its own entry or stem lists; null for a function word, which has none
    /// (cached like <see cref="Word"/>).</summary>
    private (string Stem, string[] Found)? StopwordConcepts(string language, string caseFolded)
    {
        var stops = WordsOf(language).Stopwords;
        if (stops.TryGetValue(caseFolded, out var known))
            return known;
        if (FunctionWords.Contains(language, caseFolded))
        {
            known = null;
        }
        else
        {
            var stem = Stemmers.StemOnce(caseFolded, language); // cached with the stopword
            known = (stem, _lexicons.Concepts(language, caseFolded, stem));
        }
        Counted();
        stops[caseFolded] = known;
        return known;
    }

    /// <summary>Whether a one-word place found where no capital says it is a name is a word of the language instead: a
    /// function word (Arabic لما "when" is Lima in CLDR's Persian and Urdu names; a Spanish "Como" opening a sentence;
    /// Lucene's function words, as stopwords-iso also lists content words, ru россия and москва), or a city that is an
    /// ordinary word of the language, never capitalized in mid-sentence on the page, unless the dictionary's sense of it
    /// is the city ("Tell us" is not Tell City, which one CLDR locale calls Tell; "Paris is calm" stays Paris).</summary>
    private bool IsOrdinaryWord(string place, string language, string caseFolded, string bare, ReadOnlySpan<char> written, bool cased,
        HashSet<string> stop, HashSet<string> midCapitalized)
    {
        if ((language == "ar" && ArabicWords.IsFunctionWord(caseFolded))
            || (FunctionWords.HasList(language) && stop.Contains(caseFolded) && FunctionWords.Contains(language, caseFolded)))
            return true;
        return cased && place.StartsWith("C:", StringComparison.Ordinal) && !midCapitalized.GetAlternateLookup<ReadOnlySpan<char>>().Contains(written)
            && Word(language, caseFolded, bare) is { Listed: true } common && !IsCitySense(place, common);
    }

    /// <summary>Whether one of a word's dictionary senses is the city a gazetteer id names (C:Europe/Paris: paris).</summary>
    private static bool IsCitySense(string place, WordInfo word)
    {
        var city = place.AsSpan(place.LastIndexOf('/') + 1);
        foreach (var (concept, _) in word.Concepts)
        {
            if (city.Equals(concept, StringComparison.OrdinalIgnoreCase) || (concept.Length >= 4 && city.StartsWith(concept, StringComparison.OrdinalIgnoreCase) && city.Length - concept.Length <= 2))
                return true;
        }
        return false;
    }

    /// <summary>The keys of a name (<see cref="Lexicons.NameKeysOf"/>, cached like <see cref="Word"/>).</summary>
    private string[] NameKeysOf(string name, string language, Script script)
    {
        var names = WordsOf(language).Names;
        if (names.TryGetValue(name, out var keys))
            return keys;
        var list = new List<string>(2);
        _lexicons.NameKeysOf(name, language, script, _translit, list);
        keys = [.. list];
        Counted();
        names[name] = keys;
        return keys;
    }

    /// <summary>An Arabic word the lexicon does not list as written: the first of its forms without clitics or endings
    /// (<see cref="ArabicWords.Forms"/>) whose stem the lexicon lists, with that stem's senses. Without this, بمنطقة
    /// ("in" + region), أعلنت and يتخذها are unknown and count as names.</summary>
    private (string Stem, string[] Senses)? ArabicForm(string caseFolded)
    {
        var word = ArabicWords.Normalize(caseFolded);
        foreach (var form in ArabicWords.Forms(word).Prepend(word))
        {
            // the form's stem, or the form itself: the light stemmer takes و off وزير (minister), and the lexicon's
            // entry was stemmed from الوزير
            var stem = Stemmers.Stem(form, "ar");
            var senses = _lexicons.Concepts("ar", stem);
            if (senses.Length > 0)
                return (stem, senses);
            senses = _lexicons.Concepts("ar", form);
            if (senses.Length > 0)
                return (form, senses);
        }
        return null;
    }

    /// <summary>The shortest name key (consonant skeleton) of an Arabic word taken for a name only because the lexicon
    /// does not know it: with two consonants (st, mt, bt) such guesses met unrelated words in unrelated reports.</summary>
    private const int MinGuessedNameKey = 3;

    private static readonly HashSet<string> CompoundingLanguages = new(StringComparer.Ordinal) { "de", "nl", "sv", "da", "no", "nb", "fi", "hu", "is", "af" };

    /// <summary>A compound no dictionary lists (Wasserstoffprojekt) gives the concepts of its two parts when both are
    /// known: the modifier as written (with a linking s dropped), the head through the stemmer.</summary>
    private bool Decompound(string lower, string language, int start, int length, ConceptFn emitConcepts)
    {
        if (lower.Length < 8 || !CompoundingLanguages.Contains(language))
            return false;
        for (int i = lower.Length - 4; i >= 4; i--)
        {
            var head = Stemmers.Stem(lower[i..], language);
            if (_lexicons.Concepts(language, head).Length == 0)
                continue;
            var modifier = lower[..i];
            if (_lexicons.Concepts(language, modifier).Length == 0)
            {
                modifier = Stemmers.Stem(modifier, language);
                if (_lexicons.Concepts(language, modifier).Length == 0 && lower[i - 1] == 's')
                    modifier = lower[..(i - 1)];
                if (_lexicons.Concepts(language, modifier).Length == 0)
                    continue;
            }
            emitConcepts(language, modifier, start, length);
            emitConcepts(language, head, start, length);
            return true;
        }
        return false;
    }

    private delegate bool ConceptFn(string lang, string stem, int start, int length);

    private delegate void NameFn(string name, string lang, Script script, int start, int length, string kind);

    private delegate void EmitFn(FeatureKind kind, ReadOnlySpan<char> prefix, ReadOnlySpan<char> key, int start, int length, float w = 1f, string? detail = null);

    /// <summary>A run of an unspaced script: places as substrings; Han segmented into dictionary words (CC-CEDICT,
    /// longest match) with bigrams of what no word covers, proper names from the lexicon and runs of
    /// transliteration characters; Katakana runs as words (and names: Katakana writes foreign names); Thai, Lao,
    /// Khmer and Myanmar through ICU's word breaker, bigrams without ICU.</summary>
    private UnspacedTitle WalkUnspaced(string text, Token t, string language, EmitFn emit, NameFn emitName, ConceptFn emitConcepts, UnspacedTitle before)
    {
        var span = text.AsSpan(t.Start, t.Length);
        foreach (var (place, at, n) in _gazetteer.MatchUnspaced(span.ToString()))
            emit(FeatureKind.Place, "", place, t.Start + at, n, 1f, "place");
        var script = Scripts.Of(span[0]);
        // ICU's words of a Thai, Lao, Khmer or Myanmar run, broken once for the titled names and the segments
        var icuWords = Segmenter.IcuLocale(script) is { } locale && Icu.System is { } icu && _translit.UsesIcu ? icu.Words(span, locale) : null;
        var after = UnspacedTitle.None;
        if (script is Script.Thai or Script.Lao && icuWords is not null)
            after = TitledNames(span, t.Start, script, language, before, icuWords, emitName);
        var wordLang = script is Script.Han ? (language is "ja" ? "ja" : "zh") : language;
        foreach (var seg in Segmenter.Segment(span, script, _lexicons, icuWords))
        {
            var s = span.Slice(seg.Start, seg.Length);
            int at = t.Start + seg.Start;
            switch (seg.Kind)
            {
                case SegmentKind.Word:
                    emit(FeatureKind.Word, language, s, at, seg.Length);
                    emitConcepts(wordLang, s.ToString(), at, seg.Length);
                    break;
                case SegmentKind.Bigram:
                    emit(FeatureKind.Word, language, s, at, seg.Length);
                    break;
                case SegmentKind.Name:
                {
                    emit(FeatureKind.Word, language, s, at, seg.Length);
                    emitName(s.ToString(), wordLang, script, at, seg.Length, "name");
                    break;
                }
                default:
                    break;
            }
        }
        return after;
    }

    /// <summary>Where a name stands after a title in a run of Thai or Lao (scripts without capitals, where a
    /// title is the one sign of a name): the run ended with a title, so the next run is the name; or the title had a
    /// given name written onto it, so the next run is the family name (Thai and Lao write "นายกรัฐมนตรีประยุทธ์ จันทร์โอชา").</summary>
    internal enum UnspacedTitle : byte
    {
        None,
        NameNext,
        FamilyNameNext,
    }

    /// <summary>Whether a stretch of a run after a title can be a name: no clause (it opens with no function word:
    /// ได้พบกับ, "met with"), no place in it (ປະທານາທິບໍດີ ຣັດເຊຍ, "the President of Russia"; เดินทางถึงกรุงมอสโก,
    /// "travelled to Moscow") and not longer than <see cref="MaxUnspacedName"/>.</summary>
    private bool IsName(ReadOnlySpan<char> run, int from, int to, List<(int Start, int Length)> words, HashSet<string> stop)
    {
        if (to - from is < 2 or > MaxUnspacedName)
            return false;
        // the word that opens the stretch (words are in order)
        int lo = 0, hi = words.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            if (words[mid].Start < from)
                lo = mid + 1;
            else
                hi = mid - 1;
        }
        if (lo < words.Count && words[lo].Start == from && Lexicons.IsUnspacedFunctionWord(run.Slice(from, words[lo].Length), stop))
            return false;
        return !_gazetteer.MatchUnspaced(run[from..to].ToString()).Any();
    }

    /// <summary>The longest name a run part may be: a longer stretch after a title is a clause, not a name.</summary>
    private const int MaxUnspacedName = 20;

    /// <summary>Names introduced by a title in a run of Thai or Lao (<see cref="Lexicons.UnspacedTitleAt"/>): the
    /// rest of the run after a title at a boundary of ICU's <paramref name="words"/>, or the whole run when the run
    /// before ended with a title or a titled given name. Returns what the next run is.</summary>
    private UnspacedTitle TitledNames(ReadOnlySpan<char> run, int offset, Script script, string language, UnspacedTitle before,
        List<(int Start, int Length)> words, NameFn emitName)
    {
        int from = 0;
        // most runs hold no title
        if (before == UnspacedTitle.None && !Lexicons.HasUnspacedTitle(run))
            return UnspacedTitle.None;
        var stop = Stopwords.For(language);
        if (before != UnspacedTitle.None && Lexicons.UnspacedTitleAt(run, 0) == 0)
        {
            if (!IsName(run, 0, run.Length, words, stop))
                return UnspacedTitle.None;
            emitName(run.ToString(), language, script, offset, run.Length, "name");
            return before == UnspacedTitle.NameNext ? UnspacedTitle.FamilyNameNext : UnspacedTitle.None;
        }
        var ends = new HashSet<int>(words.Select(w => w.Start + w.Length)) { run.Length };
        var result = UnspacedTitle.None;
        for (int wi = 0; wi < words.Count; wi++)
        {
            int start = words[wi].Start;
            if (start < from)
                continue;
            int n = Lexicons.UnspacedTitleAt(run, start);
            if (n == 0 || !ends.Contains(start + n))
                continue;
            int nameAt = start + n;
            if (nameAt == run.Length)
                return UnspacedTitle.NameNext;
            // another title later in the run ends this name; looked for only as far as a name can reach, so a long run
            // of titles costs linear time
            int nameEnd = run.Length;
            for (int wj = wi + 1; wj < words.Count && words[wj].Start <= nameAt + MaxUnspacedName; wj++)
            {
                if (words[wj].Start > nameAt && Lexicons.UnspacedTitleAt(run, words[wj].Start) > 0)
                {
                    nameEnd = words[wj].Start;
                    break;
                }
            }
            if (IsName(run, nameAt, nameEnd, words, stop))
            {
                emitName(run[nameAt..nameEnd].ToString(), language, script, offset + nameAt, nameEnd - nameAt, "name");
                result = nameEnd == run.Length ? UnspacedTitle.FamilyNameNext : UnspacedTitle.None;
            }
            from = nameEnd;
        }
        return result;
    }

    /// <summary>Whether a capitalized word opening a sentence or headline stands right before a name in mid-sentence
    /// capitals of its script ("Владимир Путин и ...", "Angela Merkel said"): the first word of a multiword name.</summary>
    private static bool FirstNameOfSpan(string text, List<Token> tokens, int i, Script script)
    {
        if (i + 1 >= tokens.Count)
            return false;
        var t = tokens[i];
        var next = tokens[i + 1];
        if (next.Type != TokenType.Word || next.SentenceStart || next.Length < 2 || !char.IsUpper(text[next.Start]) || Scripts.Of(text[next.Start]) != script)
            return false;
        for (int k = t.Start + t.Length; k < next.Start; k++)
        {
            if (text[k] is not (' ' or '\u00A0'))
                return false;
        }
        return true;
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
                if (Scripts.Of(text[t.Start]) == Script.Latin)
                    latin += t.Length;
                else
                    other += t.Length;
            }
        }
        return latin >= other;
    }

    private static bool AnyAtLeast(string[] keys, int length)
    {
        foreach (var k in keys)
        {
            if (k.Length >= length)
                return true;
        }
        return false;
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
