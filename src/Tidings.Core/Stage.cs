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

/// <summary>A stage that needs to see a whole batch before it processes any of its documents (cross-page knowledge such
/// as a site's repeated lines). <see cref="Pipeline.ProcessBatch"/> calls <see cref="Learn"/> with every document of
/// the batch that reached the stage, in input order, then <see cref="IStage.Process"/> on each: what a document gets
/// depends on the set of documents seen, not on the order or the threads.</summary>
public interface IBatchStage : IStage
{
    /// <summary>Takes in what the stage needs to know from these documents (its Requires are assigned on each).</summary>
    void Learn(IReadOnlyList<Document> batch);
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

    private readonly int[] _reads;

    private Pipeline(IStage[] stages, DocumentFields produces, bool checkAccess)
    {
        _stages = stages;
        _reads = new int[stages.Length];
        Produces = produces;
        ChecksAccess = checkAccess;
    }

#if DEBUG
    private const bool DefaultCheck = true;
#else
    private const bool DefaultCheck = false;
#endif

    /// <summary>Whether every run checks that each stage read only fields it requires (or assigns itself) and wrote
    /// every field it declares (on in debug builds, so in every test run; off in release builds).</summary>
    public bool ChecksAccess { get; }

    public IReadOnlyList<IStage> Stages => _stages;

    /// <summary>Everything a document carries after the last stage.</summary>
    public DocumentFields Produces { get; }

    /// <summary>Builds a pipeline, checking that every stage's requirements are assigned by an earlier stage.</summary>
    /// <exception cref="InvalidOperationException">A stage needs a field nothing before it assigns.</exception>
    public static Pipeline Create(IEnumerable<IStage> stages) => Create(stages, DefaultCheck);

    /// <summary>Builds a pipeline; <paramref name="checkAccess"/> turns the per-stage read/write check on or off.</summary>
    public static Pipeline Create(IEnumerable<IStage> stages, bool checkAccess)
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
        return new Pipeline(list, available, checkAccess);
    }

    /// <summary>Runs every stage on the document, in order.</summary>
    public Document Process(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        foreach (var stage in _stages)
        {
            if (stage is IBatchStage batch)
                Learn(batch, [document]);
            Run(stage, document);
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

    /// <summary>Runs every stage on a batch: the per-document stages in parallel, each <see cref="IBatchStage"/> after
    /// learning from every document still in the batch. A document a stage rejects (or fails on) leaves the batch;
    /// its exception is returned at its index, null for the documents that went through.</summary>
    public IReadOnlyList<Exception?> ProcessBatch(IReadOnlyList<Document> documents, CancellationToken cancellation = default) =>
        ProcessBatch(documents, null, cancellation);

    /// <summary>As <see cref="ProcessBatch(IReadOnlyList{Document}, CancellationToken)"/>, with the parallel part on
    /// <paramref name="scheduler"/> (null: the thread pool), e.g. threads of their own at a lower OS priority.</summary>
    public IReadOnlyList<Exception?> ProcessBatch(IReadOnlyList<Document> documents, TaskScheduler? scheduler, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var errors = new Exception?[documents.Count];
        int from = 0;
        while (from < _stages.Length)
        {
            int to = from;
            while (to < _stages.Length && (to == from || _stages[to] is not IBatchStage))
                to++;
            if (_stages[from] is IBatchStage batch)
            {
                var alive = new List<Document>(documents.Count);
                for (int i = 0; i < documents.Count; i++)
                {
                    if (errors[i] is null)
                        alive.Add(documents[i]);
                }
                Learn(batch, alive);
            }
            int start = from, end = to;
            Parallel.For(0, documents.Count, new ParallelOptions { CancellationToken = cancellation, TaskScheduler = scheduler }, i =>
            {
                if (errors[i] is not null)
                    return;
                try
                {
                    for (int s = start; s < end; s++)
                        Run(_stages[s], documents[i]);
                }
#pragma warning disable CA1031 // one bad page must never stop the batch: its exception is handed back with it
                catch (Exception e) when (e is not OperationCanceledException && !IsContractViolation(e))
#pragma warning restore CA1031
                {
                    errors[i] = e;
                }
            });
            from = to;
        }
        return errors;
    }

    private void Learn(IBatchStage stage, IReadOnlyList<Document> batch)
    {
        if (ChecksAccess)
        {
            foreach (var d in batch)
                d.ResetAccess();
        }
        stage.Learn(batch);
        if (ChecksAccess)
        {
            foreach (var d in batch)
            {
                CheckReads(stage, d, "learning from");
                Record(stage, d);
            }
        }
    }

    private void Run(IStage stage, Document document)
    {
        if (!ChecksAccess)
        {
            stage.Process(document);
            document.Assigned |= stage.Assigns;
            ApplyHints(stage, document);
            return;
        }
        document.ResetAccess();
        stage.Process(document);
        CheckReads(stage, document, "processing");
        Record(stage, document);
        var unwritten = stage.Assigns & ~document.WrittenFields & ~DocumentFields.Raw;
        if (unwritten != DocumentFields.None)
            throw new StageContractException($"Stage '{stage.Name}' declares that it assigns {unwritten} but did not assign it.");
        var undeclared = document.WrittenFields & ~stage.Assigns;
        if (undeclared != DocumentFields.None)
            throw new StageContractException($"Stage '{stage.Name}' assigned {undeclared}, which it does not declare in Assigns.");
        document.Assigned |= stage.Assigns;
        ApplyHints(stage, document);
    }

    /// <summary>After the check (so the hints' writes are not charged to the stage): the sender's stated fields
    /// replace what the stage just assigned.</summary>
    private static void ApplyHints(IStage stage, Document document)
    {
        if (document.Raw.Hints is { } hints)
            Apply(hints, stage.Assigns, document);
    }

    /// <summary>The fields <paramref name="stage"/> was seen reading so far (only recorded while <see cref="ChecksAccess"/>):
    /// a test compares it with the stage's declared Requires.</summary>
    public DocumentFields ObservedReads(IStage stage)
    {
        int i = Array.IndexOf(_stages, stage);
        if (i < 0)
            throw new ArgumentException($"stage '{stage?.Name}' is not in this pipeline", nameof(stage));
        return (DocumentFields)Volatile.Read(ref _reads[i]);
    }

    private void Record(IStage stage, Document document)
    {
        int i = Array.IndexOf(_stages, stage);
        Interlocked.Or(ref _reads[i], (int)(document.ReadFields & ~document.WrittenFields));
    }

    private static void CheckReads(IStage stage, Document document, string what)
    {
        // a stage may read back what it writes itself; anything else it reads must be required
        var undeclared = document.ReadFields & ~stage.Requires & ~document.WrittenFields & ~DocumentFields.Raw;
        if (undeclared != DocumentFields.None)
            throw new StageContractException($"Stage '{stage.Name}' read {undeclared} while {what} a document but does not declare it in Requires.");
    }

    private static bool IsContractViolation(Exception e) => e is StageContractException;

    public Document Process(RawDocument raw) => Process(new Document(raw));
}

/// <summary>A stage broke its declared contract: it read a field it does not require or did not assign a field it
/// declares. A programming error, never a property of the input, so it is not caught per document.</summary>
public sealed class StageContractException : InvalidOperationException
{
    public StageContractException() { }
    public StageContractException(string message) : base(message) { }
    public StageContractException(string message, Exception inner) : base(message, inner) { }
}
