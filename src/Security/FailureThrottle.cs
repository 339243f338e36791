using System.Threading.RateLimiting;

namespace MiiTelDashboard.Security;

/// <summary>
/// Counts failed attempts per address with ASP.NET Core's rate limiter (a fixed window per partition)
/// and, once an address has used up its failures, refuses its next attempts until the window ends.
/// Only failures take permits, so many people signing in correctly behind one office address are
/// never held up, and nobody is throttled by someone else's address failing.
/// </summary>
public sealed class FailureThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    public FailureThrottle(int failures, TimeSpan window) =>
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = failures, Window = window, QueueLimit = 0, AutoReplenishment = true,
        }));

    /// <summary>Whether <paramref name="key"/> has failures left; if not, how long until it has.</summary>
    public bool IsBlocked(string key, out TimeSpan retryAfter)
    {
        using var probe = _limiter.AttemptAcquire(key, 0);
        retryAfter = probe.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.Zero;
        return !probe.IsAcquired;
    }

    /// <summary>Counts one failure of <paramref name="key"/>.</summary>
    public void Fail(string key)
    {
        using var _ = _limiter.AttemptAcquire(key, 1);
    }

    /// <summary>The <c>Retry-After</c> header's value: whole seconds, at least one.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose() => _limiter.Dispose();
}
