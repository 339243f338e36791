using System.Collections.Concurrent;

namespace MiiTelDashboard.Calls.Filters;

/// <summary>
/// How a page follows the call feed, written once: it keeps the changes the page cares about,
/// coalesces them (<see cref="LiveThrottle"/>: a lone call at once, a burst at most once per
/// interval), and hands each batch to the page on its renderer (<c>InvokeAsync</c>). Disposing it
/// unsubscribes; a batch that arrives after that, or after the circuit closed, is dropped.
/// </summary>
public sealed class LiveFollower : IDisposable
{
    private readonly Func<CallChanged, bool> _matches;
    private readonly Func<Func<Task>, Task> _invoke;
    private readonly Func<IReadOnlyList<CallChanged>, Task> _apply;
    private readonly LiveThrottle _throttle;
    private readonly ConcurrentQueue<CallChanged> _incoming = new();
    private readonly IDisposable _subscription;
    private volatile bool _disposed;

    /// <param name="matches">Whether the page shows this change; asked on the feed's thread for every change.</param>
    /// <param name="invoke">The component's <c>InvokeAsync</c>, so <paramref name="apply"/> runs on its renderer.</param>
    /// <param name="apply">Applies the matching changes that arrived since the last batch, oldest first.</param>
    public LiveFollower(
        ICallFeed feed, TimeProvider time, TimeSpan interval, TimeSpan maxInterval,
        Func<CallChanged, bool> matches, Func<Func<Task>, Task> invoke, Func<IReadOnlyList<CallChanged>, Task> apply)
    {
        _matches = matches;
        _invoke = invoke;
        _apply = apply;
        _throttle = new LiveThrottle(time, interval, maxInterval);
        _subscription = feed.Subscribe(OnChangesAsync);
    }

    /// <summary>The wait between two batches now: above the base interval while a burst lasts.</summary>
    public TimeSpan CurrentInterval => _throttle.CurrentInterval;

    private Task OnChangesAsync(IReadOnlyList<CallChanged> changes)
    {
        if (_disposed) return Task.CompletedTask;
        var matching = 0;
        foreach (var change in changes)
        {
            if (!_matches(change)) continue;
            _incoming.Enqueue(change);
            matching++;
        }
        if (matching > 0) _throttle.Request(ApplyAsync, matching);
        return Task.CompletedTask;
    }

    private Task ApplyAsync() => _disposed ? Task.CompletedTask : _invoke(async () =>
    {
        if (_disposed) return;
        var batch = new List<CallChanged>();
        while (_incoming.TryDequeue(out var change)) batch.Add(change);
        if (batch.Count > 0) await _apply(batch);
    });

    public void Dispose()
    {
        _disposed = true;
        _subscription.Dispose();
    }
}
