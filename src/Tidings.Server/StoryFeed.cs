using System.Threading.Channels;

namespace Tidings.Server;

/// <summary>A story that appeared or changed, as the stream sends it.</summary>
internal sealed record StoryEvent(long Sequence, string Change, StoryCard Story);

/// <summary>Fans story changes out to every stream subscriber. A subscriber that cannot keep up loses its oldest
/// events (a page reloads the list when it sees a gap), never blocks the writer.</summary>
internal sealed class StoryFeed
{
    private const int Buffer = 256;
    private readonly Lock _lock = new();
    private readonly List<Channel<StoryEvent>> _subscribers = [];
    private long _sequence;

    public int SubscriberCount
    {
        get
        {
            lock (_lock)
                return _subscribers.Count;
        }
    }

    public void Publish(string change, StoryCard story)
    {
        Channel<StoryEvent>[] targets;
        StoryEvent e;
        lock (_lock)
        {
            e = new StoryEvent(++_sequence, change, story);
            targets = [.. _subscribers];
        }
        foreach (var c in targets)
            c.Writer.TryWrite(e);
    }

    /// <summary>Events from now on, until the subscription is disposed.</summary>
    public Subscription Subscribe()
    {
        var channel = Channel.CreateBounded<StoryEvent>(new BoundedChannelOptions(Buffer) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        lock (_lock)
            _subscribers.Add(channel);
        return new Subscription(this, channel);
    }

    internal sealed class Subscription(StoryFeed feed, Channel<StoryEvent> channel) : IDisposable
    {
        public ChannelReader<StoryEvent> Reader => channel.Reader;

        public void Dispose()
        {
            lock (feed._lock)
                feed._subscribers.Remove(channel);
        }
    }
}
