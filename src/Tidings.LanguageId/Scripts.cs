namespace Tidings.LanguageId;

/// <summary>Unicode script of characters, by ranges (ISO 15924 codes).</summary>
internal static class Scripts
{
    internal static string Of(char c) => c switch
    {
        < 'A' => "Zyyy",
        <= 'Z' or (>= 'a' and <= 'z') => "Latn",
        < '\u00C0' => "Zyyy",
        <= '\u024F' => c is '\u00D7' or '\u00F7' ? "Zyyy" : "Latn",
        >= '\u1E00' and <= '\u1EFF' => "Latn",
        >= '\u0370' and <= '\u03FF' => "Grek",
        >= '\u1F00' and <= '\u1FFF' => "Grek",
        >= '\u0400' and <= '\u052F' => "Cyrl",
        >= '\u0530' and <= '\u058F' => "Armn",
        >= '\u0590' and <= '\u05FF' => "Hebr",
        >= '\u0600' and <= '\u06FF' => "Arab",
        >= '\u0750' and <= '\u077F' => "Arab",
        >= '\u08A0' and <= '\u08FF' => "Arab",
        >= '\uFB50' and <= '\uFDFF' => "Arab",
        >= '\uFE70' and <= '\uFEFF' => "Arab",
        >= '\u0900' and <= '\u097F' => "Deva",
        >= '\u0980' and <= '\u09FF' => "Beng",
        >= '\u0A00' and <= '\u0A7F' => "Guru",
        >= '\u0A80' and <= '\u0AFF' => "Gujr",
        >= '\u0B80' and <= '\u0BFF' => "Taml",
        >= '\u0C00' and <= '\u0C7F' => "Telu",
        >= '\u0E00' and <= '\u0E7F' => "Thai",
        >= '\u10A0' and <= '\u10FF' => "Geor",
        >= '\u1100' and <= '\u11FF' => "Hang",
        >= '\u3130' and <= '\u318F' => "Hang",
        >= '\uAC00' and <= '\uD7AF' => "Hang",
        >= '\u3040' and <= '\u30FF' => "Kana",
        >= '\u3400' and <= '\u4DBF' => "Hani",
        >= '\u4E00' and <= '\u9FFF' => "Hani",
        >= '\uF900' and <= '\uFAFF' => "Hani",
        _ => "Zyyy",
    };
}
