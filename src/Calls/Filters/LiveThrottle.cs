namespace MiiTelDashboard.Calls.Filters;

/// <summary>
/// Coalesces live changes into at most one apply per interval: a change after a quiet spell is
/// applied at once, changes arriving while one is pending ride along with it. In a burst (at least
/// <see cref="BurstChanges"/> changes between two applies) the interval doubles, up to
/// <c>maxInterval</c>, and falls back to the base interval once the changes thin out again: a
/// sustained burst costs a bounded number of reloads, a call at human pace still shows at once.
/// </summary>
public sealed class LiveThrottle(TimeProvider time, TimeSpan interval, TimeSpan? maxInterval = null)
{
    /// <summary>Changes between two applies from which on the next interval grows.</summary>
    public const int BurstChanges = 10;

    private readonly long _maxTicks = Math.Max((maxInterval ?? interval).Ticks, interval.Ticks);
    private long _currentTicks = interval.Ticks;
    private int _pending;
    private int _changes;
    private long _lastApplied;

    /// <summary>The wait between two applies now (grows in a burst).</summary>
    public TimeSpan CurrentInterval => TimeSpan.FromTicks(Interlocked.Read(ref _currentTicks));

    /// <summary>Schedules <paramref name="apply"/> unless an apply is already pending; <paramref name="changes"/> says how many changes this request brings.</summary>
    public void Request(Func<Task> apply, int changes = 1)
    {
        Interlocked.Add(ref _changes, changes);
        if (Interlocked.Exchange(ref _pending, 1) == 1) return;
        _ = RunAsync(apply);
    }

    private async Task RunAsync(Func<Task> apply)
    {
        try
        {
            var wait = CurrentInterval - time.GetElapsedTime(Interlocked.Read(ref _lastApplied));
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time);
            Interlocked.Exchange(ref _pending, 0);
            Interlocked.Exchange(ref _lastApplied, time.GetTimestamp());
            var changes = Interlocked.Exchange(ref _changes, 0);
            var next = changes >= BurstChanges ? Math.Min(Interlocked.Read(ref _currentTicks) * 2, _maxTicks) : interval.Ticks;
            Interlocked.Exchange(ref _currentTicks, next);
            await apply();
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while the apply waited.
        }
    }
}
