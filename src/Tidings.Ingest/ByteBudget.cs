namespace Tidings.Ingest;

/// <summary>A count of bytes that one producer takes before it hands a document on and the consumer gives back once the
/// document is committed, so that what is held between reading and commit stays under a size. A take that alone is
/// larger than the whole budget is let through when nothing else is held, so no document ever waits forever.</summary>
internal sealed class ByteBudget
{
    private readonly Lock _gate = new();
    private long _used;
    private long _peak;
    private TaskCompletionSource? _freed;

    public ByteBudget(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    public long Capacity { get; }

    /// <summary>Bytes taken and not yet given back.</summary>
    public long Used
    {
        get
        {
            lock (_gate)
                return _used;
        }
    }

    /// <summary>The most bytes held at once so far.</summary>
    public long Peak
    {
        get
        {
            lock (_gate)
                return _peak;
        }
    }

    /// <summary>Takes <paramref name="bytes"/>, waiting until they fit (or nothing is held).</summary>
    public async ValueTask AcquireAsync(long bytes, CancellationToken cancellation)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        while (true)
        {
            Task freed;
            lock (_gate)
            {
                if (_used == 0 || _used + bytes <= Capacity)
                {
                    _used += bytes;
                    _peak = Math.Max(_peak, _used);
                    return;
                }
                _freed ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                freed = _freed.Task;
            }
            await freed.WaitAsync(cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>Gives back bytes taken before.</summary>
    public void Release(long bytes)
    {
        TaskCompletionSource? freed;
        lock (_gate)
        {
            _used = Math.Max(0, _used - bytes);
            freed = _freed;
            _freed = null;
        }
        freed?.TrySetResult();
    }
}
