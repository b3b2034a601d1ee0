namespace Tidings.Core;

/// <summary>One step of the pipeline. It declares what it reads from a document and what it adds.</summary>
public interface IStage
{
    string Name { get; }

    /// <summary>Fields that must be assigned before this stage runs.</summary>
    DocumentFields Requires { get; }

    /// <summary>Fields this stage assigns.</summary>
    DocumentFields Assigns { get; }

    /// <summary>Processes one document in place. Throws <see cref="DocumentRejectedException"/> for input it cannot use.</summary>
    void Process(Document document);
}

/// <summary>A page the pipeline cannot use (binary, empty, undecodable). The message says why, for the user.</summary>
public sealed class DocumentRejectedException : Exception
{
    public DocumentRejectedException() { }
    public DocumentRejectedException(string message) : base(message) { }
    public DocumentRejectedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>The stages in an order that was checked: each stage's requirements are met by those before it.</summary>
public sealed class Pipeline
{
    private readonly IStage[] _stages;

    private Pipeline(IStage[] stages, DocumentFields produces)
    {
        _stages = stages;
        Produces = produces;
    }

    public IReadOnlyList<IStage> Stages => _stages;

    /// <summary>Everything a document carries after the last stage.</summary>
    public DocumentFields Produces { get; }

    /// <summary>Builds a pipeline, checking that every stage's requirements are assigned by an earlier stage.</summary>
    /// <exception cref="InvalidOperationException">A stage needs a field nothing before it assigns.</exception>
    public static Pipeline Create(IEnumerable<IStage> stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var list = stages.ToArray();
        var available = DocumentFields.Raw;
        foreach (var stage in list)
        {
            var missing = stage.Requires & ~available;
            if (missing != DocumentFields.None)
            {
                throw new InvalidOperationException(
                    $"Stage '{stage.Name}' requires {missing}, which no earlier stage assigns (available: {available}).");
            }
            available |= stage.Assigns;
        }
        return new Pipeline(list, available);
    }

    /// <summary>Runs every stage on the document, in order.</summary>
    public Document Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var stage in _stages)
        {
            stage.Process(document);
            document.Assigned |= stage.Assigns;
            if (document.Raw.Hints is { } hints)
                Apply(hints, stage.Assigns, document);
        }
        return document;
    }

    /// <summary>The sender's stated fields replace what a stage just assigned, so the stages after it (content id,
    /// features) read the stated title and language.</summary>
    private static void Apply(DocumentHints hints, DocumentFields assigned, Document document)
    {
        if ((assigned & DocumentFields.Title) != 0 && !string.IsNullOrWhiteSpace(hints.Title))
            document.Title = Whitespace.Collapse(hints.Title, dropControl: true);
        if ((assigned & DocumentFields.Metadata) != 0)
        {
            if (hints.Published is { } published)
                document.Published = published;
            if (!string.IsNullOrWhiteSpace(hints.Site))
                document.Site = hints.Site.Trim();
        }
        if ((assigned & DocumentFields.Language) != 0 && hints.Language is { IsUndetermined: false } language)
        {
            document.Language = language;
            document.LanguageConfidence = 1.0;
        }
    }

    public Document Process(RawDocument raw) => Process(new Document(raw));
}
