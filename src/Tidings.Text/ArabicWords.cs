namespace Tidings.Text;

/// <summary>The forms an Arabic word may be written from: Arabic joins conjunctions, prepositions, the article and the
/// future particle to the front of a word and object pronouns and verb endings to its end (وبالتعاون = and + with +
/// the + cooperation; أعلنت = announced + she; يتخذها = he takes + it), and Lucene's light stemmer removes only the
/// article forms, و and a few noun endings. The analysis looks a word the lexicon does not know up again as each of
/// these forms, least taken off first, and believes the first the lexicon lists (a clitic is only cut where a known
/// word remains: بحث is not ب + حث).</summary>
internal static class ArabicWords
{
    /// <summary>Shortest form worth a lookup (letters), and longest word tried.</summary>
    private const int MinLetters = 3;

    private const int MaxLength = 40;

    private static readonly string[] Conjunctions = ["", "و", "ف"];

    /// <summary>Prepositions and the future particle (س, before a verb's person prefix only).</summary>
    private static readonly string[] Particles = ["", "ب", "ل", "ك", "س"];

    /// <summary>Object and possessive pronouns, then verb endings, then the accusative's written alef (tanween: مشيرًا,
    /// اعتبارا); longest first.</summary>
    private static readonly string[] Endings =
    [
        "تموها", "كموها", "تماها",
        "هما", "كما", "تما", "تها", "تهم", "تنا", "وها", "وهم", "وهن", "ونه", "ونها",
        "ها", "هم", "هن", "كم", "كن", "نا", "ني", "تم", "تن", "وا", "ون", "ين", "ان", "ات", "ته",
        "ه", "ك", "ي", "ت", "ا",
    ];

    /// <summary>Arabic's optional marks and letter variants folded as Lucene's ArabicNormalizer folds them before
    /// stemming (hamza forms of alef → ا, ى → ي, ة → ه, no short vowels, shadda, sukun, tanween or tatweel): a word is
    /// normalized before its forms are made, so that أعلن and اعلن, حكومة and حكومه give the same forms.</summary>
    internal static string Normalize(string word)
    {
        bool change = false;
        foreach (char c in word)
        {
            if (Folded(c) != c)
            {
                change = true;
                break;
            }
        }
        if (!change)
            return word;
        return string.Create(word.Length - Dropped(word), word, static (span, w) =>
        {
            int n = 0;
            foreach (char c in w)
            {
                char f = Folded(c);
                if (f != '\0')
                    span[n++] = f;
            }
        });
    }

    /// <summary><see cref="Normalize(string)"/> of a span, written into <paramref name="into"/> (at least as long);
    /// returns the normalized length.</summary>
    internal static int Normalize(ReadOnlySpan<char> word, Span<char> into)
    {
        int n = 0;
        foreach (char c in word)
        {
            char f = Folded(c);
            if (f != '\0')
                into[n++] = f;
        }
        return n;
    }

    private static int Dropped(string word)
    {
        int n = 0;
        foreach (char c in word)
        {
            if (Folded(c) == '\0')
                n++;
        }
        return n;
    }

    private static char Folded(char c) => c switch
    {
        '\u0623' or '\u0625' or '\u0622' or '\u0671' => '\u0627',
        '\u0649' => '\u064A',
        '\u0629' => '\u0647',
        (>= '\u064B' and <= '\u0652') or '\u0670' or '\u0640' => '\0',
        _ => c,
    };

    /// <summary>The forms a normalized word (<see cref="Normalize"/>) may be written from, fewest letters taken off
    /// first, each at least <see cref="MinLetters"/> letters: without its proclitics (و ف, then ب ل ك or the future
    /// س, then the article; لل is ل + ال), without one ending (a pronoun's ت restored to ة: أسرته → أسرة), and a verb
    /// without its person prefix (ي ت ن ا), as the lexicon lists verbs: by their past tense (يعلن → علن or اعلن,
    /// يتخذ → اتخذ). The word itself is not among them.</summary>
    internal static IEnumerable<string> Forms(string word)
    {
        if (word.Length is < MinLetters + 1 or > MaxLength)
            yield break;
        var seen = new HashSet<string>(StringComparer.Ordinal) { word };
        var forms = new List<(string Form, int Cut)>();
        foreach (var conj in Conjunctions)
        {
            if (!word.StartsWith(conj, StringComparison.Ordinal))
                continue;
            foreach (var particle in Particles)
            {
                int p = conj.Length + particle.Length;
                if (particle.Length > 0 && !word.AsSpan(conj.Length).StartsWith(particle, StringComparison.Ordinal))
                    continue;
                var rest = word[p..];
                bool future = particle == "س";
                if (future && (rest.Length == 0 || rest[0] is not ('ي' or 'ت' or 'ن' or 'ا')))
                    continue;
                // the article after a preposition: بالـ, كالـ; after ل its alef is not written: للـ
                if (!future)
                {
                    if (particle == "ل" && rest.StartsWith('ل') && rest.Length - 1 >= MinLetters)
                        Add(forms, rest[1..], p + 1);
                    if (rest.StartsWith("ال", StringComparison.Ordinal) && rest.Length - 2 >= MinLetters)
                        Add(forms, rest[2..], p + 2);
                }
                if (p > 0 && !future)
                    Add(forms, rest, p);
                // a verb's person prefix, with the future particle or without it: سيعلن, يتخذ
                if (rest.Length - 1 >= MinLetters && rest[0] is 'ي' or 'ت' or 'ن' or 'ا')
                {
                    // derived verbs take an alef in the past (يعلن → أعلن, يتخذ → اتخذ, يستخدم → استخدم), the
                    // simple verb none (يكتب → كتب, three letters: a root, known but no concept): the longer first
                    if (rest[0] != 'ا')
                        Add(forms, "ا" + rest[1..], p + 1);
                    Add(forms, rest[1..], p + 1);
                }
            }
        }
        // each of them (and the word) without one ending
        int bare = forms.Count;
        foreach (var (form, cut) in forms.Take(bare).Prepend((word, 0)).ToList())
        {
            foreach (var ending in Endings)
            {
                if (!form.EndsWith(ending, StringComparison.Ordinal) || form.Length - ending.Length < MinLetters)
                    continue;
                var stem = form[..^ending.Length];
                Add(forms, stem, cut + ending.Length);
                // a pronoun after ة writes it ت: أسرته, حكومتها
                if (stem[^1] == 'ت' && ending is not ("ت" or "ات" or "تم" or "تن" or "تما") && stem.Length - 1 >= MinLetters)
                    Add(forms, stem[..^1] + "ه", cut + ending.Length);
            }
        }
        foreach (var (form, _) in forms.OrderBy(f => f.Cut))
        {
            if (seen.Add(form))
                yield return form;
        }
    }

    /// <summary>Prepositions and particles that take a pronoun suffix (normalized: عليه, منها, أنه, لكنهم, بينهما).</summary>
    private static readonly HashSet<string> PronounHosts = new(StringComparer.Ordinal)
    {
        "ان", "لان", "لكن", "كان", "في", "من", "عن", "علي", "الي", "مع", "بين", "عند", "حول", "لدي", "منذ", "ضد", "دون",
        "عبر", "غير", "كل", "بعض", "نفس", "جميع", "معظم", "مثل", "خلال", "بعد", "قبل", "امام", "وراء", "فوق", "تحت", "حيث",
        "ل", "ب", "ك",
    };

    private static readonly string[] Pronouns = ["هما", "كما", "هم", "هن", "ها", "كم", "كن", "نا", "ني", "ه", "ك", "ي"];

    private static readonly string[] FunctionProclitics = ["وب", "ول", "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك"];

    private static readonly Lazy<HashSet<string>> NormalizedStopwords = new(() =>
        new HashSet<string>(Stopwords.For("ar").Select(Normalize), StringComparer.Ordinal));

    /// <summary>Whether a case-folded Arabic word is a stopword as the list does not write it: with or without hamza or
    /// another variant letter (the list has اعلنت, the text أعلنت), with a conjunction or preposition on it (وذلك, والتي,
    /// بأن, لذلك, وفي: "and in", not وفيّ, loyal) or with a pronoun on a preposition or particle (أنه, عليها, منهم, لكنه,
    /// بينهما, لأنه). The stopword lists hold the bare words only.</summary>
    internal static bool IsFunctionWord(string caseFolded)
    {
        var w = Normalize(caseFolded);
        var stop = NormalizedStopwords.Value;
        if (stop.Contains(w))
            return true;
        foreach (var p in FunctionProclitics.Prepend(""))
        {
            if (!w.StartsWith(p, StringComparison.Ordinal) || w.Length - p.Length < 2)
                continue;
            var rest = w[p.Length..];
            if (p.Length > 0 && stop.Contains(rest))
                return true;
            foreach (var pronoun in Pronouns)
            {
                if (rest.Length <= pronoun.Length || !rest.EndsWith(pronoun, StringComparison.Ordinal))
                    continue;
                var host = rest[..^pronoun.Length];
                // a one-letter preposition takes no first-person pronoun here: بني (sons of, Bani) is no "in me"
                if (PronounHosts.Contains(host) && (host.Length > 1 || pronoun is not ("ني" or "ي")))
                    return true;
            }
        }
        return false;
    }

    /// <summary>A word with the article and the feminine plural ending (الإمدادات, التحريات): a noun, never a person.</summary>
    internal static bool IsPluralNoun(string caseFolded)
    {
        var w = Normalize(caseFolded);
        // the article, alone or after و ب ف ك; after ل its alef is not written (للتحريات)
        int start = w.StartsWith("ال", StringComparison.Ordinal) || w.StartsWith("لل", StringComparison.Ordinal) ? 2
            : w.Length > 3 && w[0] is 'و' or 'ب' or 'ف' or 'ك' && w.AsSpan(1).StartsWith("ال", StringComparison.Ordinal) ? 3
            : -1;
        return start > 0 && w.Length - start >= 5 && w.EndsWith("ات", StringComparison.Ordinal);
    }

    private static void Add(List<(string, int)> forms, string form, int cut)
    {
        if (form.Length >= MinLetters)
            forms.Add((form, cut));
    }
}
