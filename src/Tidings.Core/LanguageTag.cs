namespace Tidings.Core;

/// <summary>A BCP-47-style language tag: an ISO 639 language code and an optional ISO 15924 script ("bg", "sr-Latn", "zh-Hans").</summary>
public readonly record struct LanguageTag
{
    /// <summary>The tag for text whose language could not be told.</summary>
    public static readonly LanguageTag Undetermined = new("und", null);

    public LanguageTag(string language, string? script = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(language);
        Language = language.ToLowerInvariant();
        Script = string.IsNullOrEmpty(script) ? null : char.ToUpperInvariant(script[0]) + script[1..].ToLowerInvariant();
    }

    /// <summary>ISO 639-1 (or 639-3 where there is no two-letter code) language code, lower case.</summary>
    public string Language { get; }

    /// <summary>ISO 15924 script code in title case, when it is part of the tag.</summary>
    public string? Script { get; }

    public bool IsUndetermined => Language is "und" or null;

    public override string ToString() => Script is null ? Language ?? "und" : $"{Language}-{Script}";

    /// <summary>Parses "bg", "sr-Latn", "zh_Hans"; anything unusable gives <see cref="Undetermined"/>.</summary>
    public static LanguageTag Parse(string? tag)
    {
        if (string.IsNullOrWhiteSpace(tag))
            return Undetermined;
        var parts = tag.Trim().Split('-', '_');
        if (parts[0].Length is < 2 or > 3 || !parts[0].All(char.IsAsciiLetter))
            return Undetermined;
        string? script = parts.Skip(1).FirstOrDefault(p => p.Length == 4 && p.All(char.IsAsciiLetter));
        return new LanguageTag(parts[0], script);
    }
}
