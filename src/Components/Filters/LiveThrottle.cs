namespace MiiTelDashboard.Components.Filters;

/// <summary>
/// Coalesces live changes into at most one apply per interval: a change after a quiet spell is
/// applied at once, changes arriving while one is pending ride along with it.
/// </summary>
public sealed class LiveThrottle(TimeProvider time, TimeSpan interval)
{
    private int _pending;
    private long _lastApplied;

    /// <summary>Schedules <paramref name="apply"/> unless an apply is already pending.</summary>
    public void Request(Func<Task> apply)
    {
        if (Interlocked.Exchange(ref _pending, 1) == 1) return;
        _ = RunAsync(apply);
    }

    private async Task RunAsync(Func<Task> apply)
    {
        try
        {
            var wait = interval - time.GetElapsedTime(Interlocked.Read(ref _lastApplied));
            if (wait > TimeSpan.Zero) await Task.Delay(wait, time);
            Interlocked.Exchange(ref _pending, 0);
            Interlocked.Exchange(ref _lastApplied, time.GetTimestamp());
            await apply();
        }
        catch (ObjectDisposedException)
        {
            // The circuit closed while the apply waited.
        }
    }
}
