using System.Threading.Channels;

using MiiTelDashboard.Calls;

namespace MiiTelDashboard.Live;

/// <summary>
/// Each subscriber gets its own bounded buffer drained by its own task, so a slow or failing
/// subscriber can only lose its own oldest batches (counted in <see cref="Dropped"/>); it never
/// delays ingest or other subscribers.
/// </summary>
public sealed class InProcessCallFeed(ILogger<InProcessCallFeed> logger) : ICallFeed
{
    private readonly ILogger _logger = logger;
    public const int BufferSize = 256;

    private readonly Lock _gate = new();
    private Subscription[] _subscriptions = [];
    private long _dropped;

    /// <summary>Batches dropped across all subscribers because their buffer was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public int SubscriberCount => Volatile.Read(ref _subscriptions).Length;

    public void Publish(IReadOnlyList<CallChanged> changes)
    {
        if (changes.Count == 0) return;
        foreach (var s in Volatile.Read(ref _subscriptions)) s.Post(changes);
    }

    public IDisposable Subscribe(Func<IReadOnlyList<CallChanged>, Task> handler)
    {
        var subscription = new Subscription(this, handler);
        lock (_gate) _subscriptions = [.. _subscriptions, subscription];
        return subscription;
    }

    private void Remove(Subscription s)
    {
        lock (_gate) _subscriptions = _subscriptions.Where(x => x != s).ToArray();
    }

    private sealed class Subscription : IDisposable
    {
        private readonly InProcessCallFeed _feed;
        private readonly Func<IReadOnlyList<CallChanged>, Task> _handler;
        private readonly Channel<IReadOnlyList<CallChanged>> _buffer;

        public Subscription(InProcessCallFeed feed, Func<IReadOnlyList<CallChanged>, Task> handler)
        {
            _feed = feed;
            _handler = handler;
            _buffer = Channel.CreateBounded<IReadOnlyList<CallChanged>>(
                new BoundedChannelOptions(BufferSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Increment(ref feed._dropped));
            _ = Task.Run(PumpAsync);
        }

        public void Post(IReadOnlyList<CallChanged> changes) => _buffer.Writer.TryWrite(changes);

        private async Task PumpAsync()
        {
            await foreach (var batch in _buffer.Reader.ReadAllAsync())
            {
                try
                {
                    await _handler(batch);
                }
                catch (Exception e)
                {
                    _feed._logger.LogWarning(e, "A call feed subscriber failed; it stays subscribed.");
                }
            }
        }

        public void Dispose()
        {
            _feed.Remove(this);
            _buffer.Writer.TryComplete();
        }
    }
}
