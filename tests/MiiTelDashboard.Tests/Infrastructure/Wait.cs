using System.Diagnostics;

namespace MiiTelDashboard.Tests.Infrastructure;

public static class Wait
{
    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? because = null)
    {
        // Measured on the monotonic clock: a wall-clock step (NTP) neither cuts nor stretches the wait.
        var started = Stopwatch.GetTimestamp();
        var limit = timeout ?? TimeSpan.FromSeconds(15);
        while (!await condition())
        {
            if (Stopwatch.GetElapsedTime(started) > limit) throw new TimeoutException($"Condition not met in time{(because is null ? "" : ": " + because)}.");
            await Task.Delay(25);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? because = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, because);
}
