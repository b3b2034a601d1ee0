using Tidings.Core;

namespace Tidings.LanguageId;

/// <summary>One candidate language with its probability.</summary>
public sealed record LanguageGuess(LanguageTag Tag, double Confidence);

/// <summary>What the detector says of a text: the best tag, its script, a calibrated confidence, and the runners-up.</summary>
public sealed record LanguageResult(LanguageTag Tag, string Script, double Confidence, IReadOnlyList<LanguageGuess> Alternatives)
{
    public static LanguageResult Undetermined(string script = "Zyyy") => new(LanguageTag.Undetermined, script, 0, []);

    /// <summary>For documents: the paragraphs, with their own language (filled by <see cref="LanguageDetector.DetectDocument"/>).</summary>
    public IReadOnlyList<LanguageSegment> Segments { get; init; } = [];
}

/// <summary>A stretch of a document (UTF-16 offsets) and its language.</summary>
public sealed record LanguageSegment(int Start, int Length, LanguageResult Result);
