namespace MiiTelDashboard.Clock;

/// <summary>
/// Wall-clock time that starts at a chosen instant and advances in real time from there. Only
/// <see cref="GetUtcNow"/> is shifted: timestamps and timers stay the real clock's, so throttles,
/// delays and timeouts keep their real durations.
/// </summary>
public sealed class ShiftedTimeProvider : TimeProvider
{
    private readonly DateTimeOffset _startAt;
    private readonly TimeProvider _real;
    private readonly long _started;

    /// <param name="real">The clock that measures the time elapsed since construction; the system clock unless a test passes a fake.</param>
    public ShiftedTimeProvider(DateTimeOffset startAt, TimeProvider? real = null)
    {
        _startAt = startAt.ToUniversalTime();
        _real = real ?? System;
        _started = _real.GetTimestamp();
    }

    public override DateTimeOffset GetUtcNow() => _startAt + _real.GetElapsedTime(_started);

    public override long GetTimestamp() => _real.GetTimestamp();

    public override long TimestampFrequency => _real.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => _real.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, dueTime, period);
}
