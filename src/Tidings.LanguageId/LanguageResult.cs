using Tidings.Core;

namespace Tidings.LanguageId;

/// <summary>One candidate language with its probability.</summary>
public sealed record LanguageGuess(LanguageTag Tag, double Confidence);

/// <summary>What the detector says of a text: the best tag, its script, a calibrated confidence, and the runners-up.</summary>
public sealed record LanguageResult(LanguageTag Tag, string Script, double Confidence, IReadOnlyList<LanguageGuess> Alternatives)
{
    public static LanguageResult Undetermined(string script = "Zyyy") => new(LanguageTag.Undetermined, script, 0, []);
}
