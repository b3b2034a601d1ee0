using Tidings.Core;
using Tidings.Ingest;
using Tidings.Storage;

namespace Tidings.Server;

/// <summary>The one writer of this process: requests take turns, each request's documents are clustered and saved
/// in one store transaction, so a request is stored whole or not at all. A request in hand is finished even when the
/// server is asked to stop.</summary>
internal sealed class WriteLane : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteStore _store;
    private readonly Ingestor _ingestor;
    private bool _disposed;

    public WriteLane(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = SqliteStore.Open(options.Database);
        // one transaction per request: the batch limit is the store's batch size
        _ingestor = Ingestor.Create(_store, new TidingsOptions { BatchSize = options.MaxBatch });
    }

    /// <summary>Ingests one request's documents. Waiting for the turn can be cancelled; the work, once begun, is not.</summary>
    public async Task<IngestReport> IngestAsync(IReadOnlyList<DocumentInput> documents, CancellationToken waitCancellation)
    {
        var received = DateTimeOffset.UtcNow;
        var pages = documents.Select((d, i) => new PageInput(d.Url ?? $"api#{i}", d.ToRaw(received), null)).ToList();
        await _gate.WaitAsync(waitCancellation).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await Task.Run(() => _ingestor.Ingest(pages, pages.Count), CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Waits for the request in hand, then closes the store.</summary>
    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed)
                return;
            _disposed = true;
            _store.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}
