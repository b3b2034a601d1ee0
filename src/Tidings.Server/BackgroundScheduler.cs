using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Tidings.Server;

/// <summary>Threads of the server's own for the CPU-heavy part of ingesting (extraction, language id, features: the
/// pipeline's parallel stages), at a lower OS priority than the threads that answer requests. Without it the stages
/// ran on the thread pool and took every pool thread for as long as a batch lasted, so a GET waited for a thread (and
/// then for a core); now the pool stays free for requests and the OS runs a request's thread before the stages'
/// whenever both want a core. On Linux each thread's nice value is raised (<c>setpriority</c> on its thread id;
/// raising it needs no privilege); elsewhere <see cref="ThreadPriority.BelowNormal"/>.</summary>
internal sealed class BackgroundScheduler : TaskScheduler, IDisposable
{
    /// <summary>The nice value of the stage threads (0 is normal, 19 the lowest priority).</summary>
    internal const int Nice = 10;

    private readonly BlockingCollection<Task> _queue = [];
    private readonly Thread[] _threads;
    private int _lowered;

    public BackgroundScheduler(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        _threads = new Thread[threads];
        for (int i = 0; i < threads; i++)
        {
            _threads[i] = new Thread(Work) { IsBackground = true, Name = $"tidings-stages-{i}" };
            _threads[i].Start();
        }
    }

    public override int MaximumConcurrencyLevel => _threads.Length;

    /// <summary>How many of the threads run at the lowered priority (all of them where the OS allows it).</summary>
    internal int LoweredThreads => Volatile.Read(ref _lowered);

    [ThreadStatic]
    private static BackgroundScheduler? _owner;

    private void Work()
    {
        _owner = this;
        if (Lower())
            Interlocked.Increment(ref _lowered);
        foreach (var task in _queue.GetConsumingEnumerable())
            TryExecuteTask(task);
    }

    private static bool Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                return SetPriority(PrioProcess, GetThreadId(), Nice) == 0;
            }
            catch (EntryPointNotFoundException)
            {
                return false;
            }
            catch (DllNotFoundException)
            {
                return false;
            }
        }
        Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
        return true;
    }

    private const int PrioProcess = 0;

    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetThreadId();

    protected override void QueueTask(Task task) => _queue.Add(task);

    /// <summary>Only the scheduler's own threads run its tasks inline, so a request thread that starts a batch waits
    /// for it instead of doing the stages' work at request priority.</summary>
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        _owner == this && TryExecuteTask(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queue.ToArray();

    /// <summary>Lets the threads finish what is queued and end.</summary>
    public void Dispose()
    {
        _queue.CompleteAdding();
        foreach (var t in _threads)
            t.Join(TimeSpan.FromSeconds(30));
        _queue.Dispose();
    }
}
