using System.CommandLine;
using System.Globalization;

namespace Tidings.Cli;

/// <summary>Arguments and options whose wrong values are answered in words (exit code 2), not with .NET type names.</summary>
internal static class Args
{
    /// <summary>A story id: a positive whole number.</summary>
    internal static Argument<long> StoryId() => new("story-id")
    {
        Description = "A story id from `tidings stories`.",
        CustomParser = r =>
        {
            var token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0)
                return id;
            r.AddError($"'{Safe.Terminal(token)}' is not a story id: story ids are whole numbers from 1 up, as `tidings stories` lists them");
            return 0;
        },
    };

    /// <summary>A count: a whole number, 0 or more (or 1 or more).</summary>
    internal static Option<int> Count(string name, string description, int defaultValue, bool allowZero = true) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = r =>
        {
            var token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n) && n >= (allowZero ? 0 : 1))
                return n;
            r.AddError($"{name} needs a whole number {(allowZero ? "of 0 (all) or more" : "of 1 or more")}, not '{Safe.Terminal(token)}'");
            return defaultValue;
        },
    };

    /// <summary>A language tag (bg, sr-Latn, zh-Hans, zh_hant); anything that is not one is refused.</summary>
    internal static Option<string?> Language(string name, string description) => new(name)
    {
        Description = description,
        CustomParser = r =>
        {
            var token = r.Tokens.Count > 0 ? r.Tokens[0].Value : "";
            var tag = Core.LanguageTag.Parse(token);
            if (!tag.IsUndetermined || string.Equals(token.Trim(), "und", StringComparison.OrdinalIgnoreCase))
                return tag.ToString();
            r.AddError($"{name} needs a language code such as bg, en, sr-Latn or zh, not '{Safe.Terminal(token)}'");
            return null;
        },
    };
}
