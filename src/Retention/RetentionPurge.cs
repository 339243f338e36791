using Microsoft.Extensions.Options;
using MiiTelDashboard.Data;
using MiiTelDashboard.Security;

namespace MiiTelDashboard.Retention;

/// <summary>What one purge deleted; a cutoff is null when its period is 0 (kept forever).</summary>
public sealed record PurgeResult(DateTime? CallCutoff, DeletionResult Calls, int OldDeliveries, DateTime? RefusedCutoff, int RefusedDeliveries);

/// <summary>
/// The retention policy, applied once: calls that started more than <see cref="RetentionOptions.Days"/>
/// ago go with all that was derived from them, and so does every delivery log row received before
/// then (the log keeps nothing older than the calls); rows that stored no call, which may hold the
/// refused body, go after <see cref="RetentionOptions.RejectedDeliveryDays"/>.
/// </summary>
public sealed class RetentionPurge(CallDeletion deletion, IOptions<RetentionOptions> options, TimeProvider time, AuditLog audit, ILogger<RetentionPurge> logger)
{
    /// <summary>Delivery results that stored no call: refused, or failed and left to MiiTel's retry.</summary>
    public static readonly IReadOnlyList<string> RefusedResults = [DeliveryResults.Rejected, DeliveryResults.Unauthorized, DeliveryResults.Failed];

    public async Task<PurgeResult> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow().UtcDateTime;
        var started = time.GetTimestamp();
        DateTime? callCutoff = o.Days > 0 ? now.AddDays(-o.Days) : null;
        DateTime? refusedCutoff = o.RejectedDeliveryDays > 0 ? now.AddDays(-o.RejectedDeliveryDays) : null;

        var calls = DeletionResult.None;
        var oldDeliveries = 0;
        if (callCutoff is { } c)
        {
            calls = await deletion.DeleteCallsStartedBeforeAsync(c, ct);
            oldDeliveries = await deletion.DeleteDeliveriesReceivedBeforeAsync(c, results: null, ct);
        }
        var refused = refusedCutoff is { } r ? await deletion.DeleteDeliveriesReceivedBeforeAsync(r, RefusedResults, ct) : 0;

        // The freed pages stay in the file, on SQLite's free list, and new calls fill them before it grows
        // again; nothing more is reclaimed here. VACUUM would rewrite the whole file under the write lock
        // (webhooks would wait, then get 503s), need as much free disk again, and renumber the Details
        // rowids that CallSearch is keyed by. PRAGMA incremental_vacuum does nothing unless the file was
        // created with auto_vacuum=INCREMENTAL, which ours is not (switching needs that same VACUUM).
        // Nor is CallSearch 'optimize'd: it rewrites the whole index, while FTS5's automerge already folds
        // the deletions into its segments as new calls are written.
        logger.LogInformation(
            "Retention purge: {Calls} calls started before {CallCutoff:O} deleted, {Deliveries} delivery log rows deleted and {Trimmed} trimmed with them, "
            + "{OldDeliveries} log rows received before then and {Refused} refused or failed deliveries received before {RefusedCutoff:O} deleted, in {Seconds:N1} s.",
            calls.Calls, callCutoff, calls.Deliveries, calls.DeliveriesTrimmed, oldDeliveries, refused, refusedCutoff, time.GetElapsedTime(started).TotalSeconds);
        if (calls.Calls > 0)
            await audit.WriteAsync("system", AuditActions.RetentionPurge, $"calls started before {callCutoff:u}", $"{calls.Calls} calls deleted (Retention:Days = {o.Days})", ct: ct);
        return new PurgeResult(callCutoff, calls, oldDeliveries, refusedCutoff, refused);
    }
}
