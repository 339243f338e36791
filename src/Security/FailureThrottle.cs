using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading.RateLimiting;

namespace MiiTelDashboard.Security;

/// <summary>
/// Counts failed attempts per address with ASP.NET Core's rate limiter (a fixed window per partition).
/// Only failures take permits, so many people signing in correctly behind one office address, or
/// MiiTel's shared sending addresses with the right token, are never held up, and nobody is
/// throttled by someone else's address failing. Used by sign-in and by the webhook's authentication.
/// The limiter library measures windows on its own monotonic clock; it takes no TimeProvider.
/// </summary>
public sealed class FailureThrottle : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public FailureThrottle(int failures, TimeSpan window)
    {
        _window = window;
        _limiter = PartitionedRateLimiter.Create<string, string>(key => RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = failures, Window = window, QueueLimit = 0, AutoReplenishment = true,
        }));
    }

    /// <summary>Whether <paramref name="source"/> has used up its failures; if so, how long until it has more.</summary>
    public bool IsBlocked(IPAddress? source, out TimeSpan retryAfter)
    {
        using var probe = _limiter.AttemptAcquire(Key(source), 0);
        retryAfter = probe.IsAcquired ? TimeSpan.Zero : RetryAfter(probe);
        return !probe.IsAcquired;
    }

    /// <summary>Counts one failure of <paramref name="source"/>: null while it is within its limit, else how long it must wait.</summary>
    public TimeSpan? Fail(IPAddress? source)
    {
        using var lease = _limiter.AttemptAcquire(Key(source), 1);
        return lease.IsAcquired ? null : RetryAfter(lease);
    }

    private TimeSpan RetryAfter(RateLimitLease lease) =>
        lease.TryGetMetadata(MetadataName.RetryAfter, out var after) && after > TimeSpan.Zero ? after : _window;

    /// <summary>One partition per IPv4 address and per IPv6 /64, the block one host usually holds whole.</summary>
    public static string Key(IPAddress? source)
    {
        if (source is null) return "unknown";
        if (source.IsIPv4MappedToIPv6) source = source.MapToIPv4();
        if (source.AddressFamily != AddressFamily.InterNetworkV6) return source.ToString();
        var bytes = source.GetAddressBytes();
        bytes.AsSpan(8).Clear();
        return new IPAddress(bytes) + "/64";
    }

    /// <summary>The <c>Retry-After</c> header's value: whole seconds, at least one.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    public void Dispose() => _limiter.Dispose();
}
