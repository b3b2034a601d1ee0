using System.Security.Cryptography;
using System.Text;
using Tidings.Core;

namespace Tidings.Text;

/// <summary>The document id: SHA-256 (hex) of the normalized title and text (NFKC, whitespace runs folded to one
/// space, trimmed). The same page ingested twice gets the same id and is stored once.</summary>
public sealed class ContentId : IStage
{
    private ContentId() { }

    public static ContentId Create() => new();

    public string Name => "content-id";
    public DocumentFields Requires => DocumentFields.Text | DocumentFields.Title;
    public DocumentFields Assigns => DocumentFields.Id;

    public void Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Id = Compute(document.Title, document.Text);
    }

    /// <summary>The id of a title and text.</summary>
    public static string Compute(string title, string text)
    {
        ArgumentNullException.ThrowIfNull(title);
        ArgumentNullException.ThrowIfNull(text);
        var normalized = Normalize(title + "\n" + text);
        var bytes = Encoding.UTF8.GetBytes(normalized);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    internal static string Normalize(string s) =>
        Whitespace.Collapse(s.IsNormalized(NormalizationForm.FormKC) ? s : s.Normalize(NormalizationForm.FormKC));
}
