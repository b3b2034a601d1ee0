using Tidings.Composition;
using Tidings.Ingest;

namespace Tidings.Server;

/// <summary>This process's writer: requests take turns on one ingestor (from the composition root); each request's
/// documents are clustered and committed in one store transaction, so a request is stored whole or not at all. Other
/// processes may write to the same database at the same time (the store serializes them). A request in hand is
/// finished even when the server is asked to stop.</summary>
internal sealed class WriteLane : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly TidingsEngine _engine;
    private Ingestor? _ingestor;
    private bool _disposed;

    public WriteLane(TidingsEngine engine) => _engine = engine;

    /// <summary>Ingests one request's documents. Waiting for the turn can be cancelled; the work, once begun, is not.</summary>
    public async Task<IngestReport> IngestAsync(IReadOnlyList<DocumentInput> documents, CancellationToken waitCancellation)
    {
        var received = DateTimeOffset.UtcNow;
        var pages = documents.Select((d, i) => new PageInput(d.Url ?? $"api#{i}", d.ToRaw(received), null)).ToList();
        await _gate.WaitAsync(waitCancellation).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _ingestor ??= await _engine.CreateIngestorAsync(CancellationToken.None).ConfigureAwait(false);
            return await Task.Run(() => _ingestor.IngestAsync(pages, pages.Count, cancellation: CancellationToken.None), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for the request in hand; later requests are refused. The engine (and its store) is closed by its owner after this.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            _disposed = true;
        }
        finally
        {
            _gate.Release();
        }
    }
}
