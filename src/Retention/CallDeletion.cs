using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Retention;

/// <summary>
/// What a deletion removed: call details (each with its participants, tags, comments, keywords,
/// utterances and search row), delivery log rows deleted, and delivery log rows that also carried a
/// call that remains, so they were kept without the deleted ids and without any body.
/// </summary>
public sealed record DeletionResult(int Calls, int Deliveries, int DeliveriesTrimmed)
{
    public static readonly DeletionResult None = new(0, 0, 0);

    public DeletionResult Plus(DeletionResult other) =>
        new(Calls + other.Calls, Deliveries + other.Deliveries, DeliveriesTrimmed + other.DeliveriesTrimmed);
}

/// <summary>
/// Deletes calls for good, with everything derived from them:
/// <list type="bullet">
/// <item>the <c>Details</c> row, whose children (participants, tags, comments, keywords, utterances)
/// go by the foreign keys' ON DELETE CASCADE, and whose <c>CallSearch</c> row goes by the
/// <c>Details_callsearch_ad</c> trigger (on PostgreSQL, its foreign key's cascade) — both in the same statement, so no reader ever sees a
/// call without its transcript or a search row without its call;</item>
/// <item>its mentions in the delivery log: a delivery names its calls only in
/// <c>Delivery.DetailIds</c>, and a delivery that stored calls keeps no body (the merged body is the
/// call's own <c>RawJson</c>). A row that named only deleted calls is deleted; one that also named a
/// call that remains loses the deleted ids and its body, if it had one, since the body cannot be
/// cut apart per call (<see cref="DeliveryDetailIds"/>).</item>
/// </list>
/// Every transaction is short: SQLite has one write lock, and the ingest writer waits for it while
/// MiiTel's webhooks keep arriving.
/// </summary>
public sealed class CallDeletion(IDbContextFactory<CallsDbContext> dbFactory, IOptions<RetentionOptions> options, TimeProvider time, ILogger<CallDeletion> logger)
{
    /// <summary>
    /// Between two batches the lock is let go for this long: a writer that found it taken retries every
    /// 150 ms (Microsoft.Data.Sqlite's busy loop), and must win it before the next batch takes it again.
    /// </summary>
    internal static readonly TimeSpan PauseBetweenBatches = TimeSpan.FromMilliseconds(250);

    /// <summary>Delivery log rows read, or deleted, at a time.</summary>
    private const int DeliveryChunk = 2000;

    private static readonly string[] CallResults = [DeliveryResults.Accepted, DeliveryResults.Duplicate];

    /// <summary>
    /// Deletes one call detail and its mentions in the delivery log, in one transaction. Deleting an
    /// unknown (or already deleted) id deletes nothing and is no error: <see cref="DeletionResult.Calls"/> is 0.
    /// </summary>
    public async Task<DeletionResult> DeleteCallAsync(string detailId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(detailId);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var calls = await db.Details.Where(d => d.Id == detailId).ExecuteDeleteAsync(ct);
        // A substring match (instr, one pass in SQLite) finds the candidates; the exact list element decides.
        var rows = await db.Deliveries.Where(d => d.DetailIds != null && d.DetailIds.Contains(detailId))
            .Select(d => new LoggedDelivery(d.Id, d.DetailIds!)).ToListAsync(ct);
        var (deliveries, trimmed) = await ForgetAsync(db, rows, id => id == detailId, ct);
        await tx.CommitAsync(ct);
        var result = new DeletionResult(calls, deliveries, trimmed);
        logger.LogInformation("Deleted call {DetailId}: {Result}.", detailId, result);
        return result;
    }

    /// <summary>
    /// Deletes every call detail that started before <paramref name="cutoffUtc"/>, oldest first,
    /// <see cref="RetentionOptions.BatchSize"/> per transaction, then the delivery log's mentions of
    /// them. Cancelling stops between or within a batch; what was committed stays deleted, and the
    /// next run carries on.
    /// </summary>
    public async Task<DeletionResult> DeleteCallsStartedBeforeAsync(DateTime cutoffUtc, CancellationToken ct)
    {
        var batchSize = options.Value.BatchSize;
        var calls = 0;
        while (true)
        {
            int found;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                var locked = time.GetTimestamp();
                // The covering index starts with StartedAt: the batch's ids come from the index alone.
                var ids = await db.Details.Where(d => d.StartedAt < cutoffUtc).OrderBy(d => d.StartedAt)
                    .Select(d => d.Id).Take(batchSize).ToListAsync(ct);
                found = ids.Count;
                if (found > 0)
                {
                    calls += await db.Details.Where(d => ids.Contains(d.Id)).ExecuteDeleteAsync(ct);
                    await tx.CommitAsync(ct);
                    // How long webhooks waited for the lock: what BatchSize trades against the purge's length.
                    logger.LogDebug("Deleted a batch of {Count} calls in {Milliseconds:N0} ms.", found, time.GetElapsedTime(locked).TotalMilliseconds);
                }
            }
            if (found < batchSize) break;
            await Task.Delay(PauseBetweenBatches, time, ct);
        }
        var (deliveries, trimmed) = calls == 0 ? (0, 0) : await SweepDeliveriesAsync(ct);
        return new DeletionResult(calls, deliveries, trimmed);
    }

    /// <summary>
    /// Deletes delivery log rows received before <paramref name="cutoffUtc"/>, with their bodies:
    /// those of the given <paramref name="results"/> (<see cref="DeliveryResults"/>), or all when null.
    /// Returns how many.
    /// </summary>
    public async Task<int> DeleteDeliveriesReceivedBeforeAsync(DateTime cutoffUtc, IReadOnlyCollection<string>? results, CancellationToken ct)
    {
        var total = 0;
        while (true)
        {
            int deleted;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var old = db.Deliveries.Where(d => d.ReceivedAt < cutoffUtc);
                if (results is not null) old = old.Where(d => results.Contains(d.Result));
                // One statement is its own transaction.
                deleted = await old.OrderBy(d => d.Id).Take(DeliveryChunk).ExecuteDeleteAsync(ct);
            }
            total += deleted;
            if (deleted < DeliveryChunk) return total;
            await Task.Delay(PauseBetweenBatches, time, ct);
        }
    }

    /// <summary>
    /// Takes calls that no longer exist out of the rows that stored or confirmed them (accepted,
    /// duplicate: every id they name existed when they were written). Goes through the whole log a
    /// chunk at a time, reading without the write lock; only a chunk with something to change takes it,
    /// and decides again under it. Being a comparison with what is stored, the next purge that deletes
    /// calls also finishes the work of one that was stopped between its calls and this sweep.
    /// </summary>
    private async Task<(int Deleted, int Trimmed)> SweepDeliveriesAsync(CancellationToken ct)
    {
        int deleted = 0, trimmed = 0;
        long after = 0;
        var sweepStarted = time.GetTimestamp();
        while (true)
        {
            List<LoggedDelivery> stale;
            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            {
                var rows = await db.Deliveries.AsNoTracking()
                    .Where(d => d.Id > after && d.DetailIds != null && CallResults.Contains(d.Result))
                    .OrderBy(d => d.Id).Take(DeliveryChunk)
                    .Select(d => new LoggedDelivery(d.Id, d.DetailIds!)).ToListAsync(ct);
                if (rows.Count == 0)
                {
                    logger.LogDebug("Swept the delivery log in {Milliseconds:N0} ms.", time.GetElapsedTime(sweepStarted).TotalMilliseconds);
                    return (deleted, trimmed);
                }
                after = rows[^1].Id;
                var existing = await ExistingAsync(db, rows, ct);
                stale = rows.Where(r => DeliveryDetailIds.Without(r.DetailIds, id => !existing.Contains(id)) != r.DetailIds).ToList();
            }
            if (stale.Count == 0) continue;

            await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await using (var tx = await db.Database.BeginTransactionAsync(ct))
            {
                var started = time.GetTimestamp();
                // A call MiiTel sent again meanwhile exists again: its mention stays.
                var existing = await ExistingAsync(db, stale, ct);
                var (d, t) = await ForgetAsync(db, stale, id => !existing.Contains(id), ct);
                await tx.CommitAsync(ct);
                deleted += d;
                trimmed += t;
                logger.LogDebug("Forgot deleted calls in {Count} delivery log rows in {Milliseconds:N0} ms.", d + t, time.GetElapsedTime(started).TotalMilliseconds);
            }
            await Task.Delay(PauseBetweenBatches, time, ct);
        }
    }

    private static async Task<HashSet<string>> ExistingAsync(CallsDbContext db, List<LoggedDelivery> rows, CancellationToken ct)
    {
        var ids = rows.SelectMany(r => DeliveryDetailIds.Split(r.DetailIds)).Distinct(StringComparer.Ordinal).ToList();
        var existing = await db.Details.Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync(ct);
        return existing.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Applies <see cref="DeliveryDetailIds.Without"/> to each row, in <paramref name="db"/>'s transaction.</summary>
    private static async Task<(int Deleted, int Trimmed)> ForgetAsync(CallsDbContext db, List<LoggedDelivery> rows, Func<string, bool> isGone, CancellationToken ct)
    {
        var gone = new List<long>();
        var trimmed = 0;
        foreach (var row in rows)
        {
            var rest = DeliveryDetailIds.Without(row.DetailIds, isGone);
            if (rest == row.DetailIds) continue;
            if (rest is null)
            {
                gone.Add(row.Id);
                continue;
            }
            trimmed += await db.Deliveries.Where(d => d.Id == row.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(d => d.DetailIds, rest).SetProperty(d => d.Body, (string?)null), ct);
        }
        var deleted = gone.Count == 0 ? 0 : await db.Deliveries.Where(d => gone.Contains(d.Id)).ExecuteDeleteAsync(ct);
        return (deleted, trimmed);
    }

    private sealed record LoggedDelivery(long Id, string DetailIds);
}
