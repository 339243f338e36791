using System.Net;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Security;

namespace MiiTelDashboard.Ingest;

/// <summary>Refused webhook attempts since the app started, for the Integration page.</summary>
public sealed record RefusedAttempts(long Count, long Throttled, DateTime? LastAtUtc, string? LastFrom, string? LastReason);

/// <summary>
/// Failed webhook authentication: rate-limited per source address and counted.
/// <para>
/// Counted in memory rather than stored as a delivery row each: anyone who can reach the URL can
/// produce refusals, and a row per refusal let them grow the database and take turns of the one
/// writer that MiiTel's calls wait for. The count, the last address and the last reason are what
/// tell an admin that MiiTel's headers are wrong (each 401 is also in the server log, which the
/// limiter bounds); losing the count at a restart loses nothing that matters, and needs no table.
/// </para>
/// <para>
/// Only failures take permits: a request with the right credentials is never throttled, even from
/// an address that is locked out (MiiTel's fixed source IPs are shared by all of its tenants).
/// </para>
/// </summary>
public sealed class WebhookRefusals : IDisposable
{
    private readonly FailureThrottle _failures;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private RefusedAttempts _current = new(0, 0, null, null, null);

    public WebhookRefusals(IOptions<WebhookOptions> options, TimeProvider time)
    {
        var o = options.Value;
        _time = time;
        _failures = new FailureThrottle(o.FailedAuthLimit, o.FailedAuthWindow);
    }

    /// <summary>
    /// Counts a failed attempt from <paramref name="source"/>. Null when it may be answered 401;
    /// otherwise the address has used up its failures and the answer is 429, retry after the value.
    /// </summary>
    public TimeSpan? Fail(IPAddress? source, string reason)
    {
        var retryAfter = _failures.Fail(source);
        lock (_gate)
        {
            _current = new RefusedAttempts(_current.Count + 1, _current.Throttled + (retryAfter is null ? 0 : 1),
                _time.GetUtcNow().UtcDateTime, source?.ToString(), reason);
        }
        return retryAfter;
    }

    public RefusedAttempts Snapshot()
    {
        lock (_gate) return _current;
    }

    public void Dispose() => _failures.Dispose();
}
