using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Ingest;

/// <summary>What happened to one delivery once its batch committed (or failed).</summary>
public sealed record IngestOutcome(long DeliveryId, int Stored, int Unchanged, IReadOnlyList<string> Warnings, IngestFailure? Failure = null)
{
    public bool Committed => Failure is null;
}

/// <summary>
/// Why a delivery was not stored, in a sentence fit for the delivery log (never an exception's text).
/// <see cref="Retryable"/>: the store failed and a later try of the same body can succeed; otherwise
/// storing this body itself failed, and it would fail the same way on every retry.
/// </summary>
public sealed record IngestFailure(bool Retryable, string Reason);

/// <summary>
/// The only writer of call data. Deliveries queue up while a batch commits; the next batch takes
/// all that are waiting (up to <see cref="IngestOptions.MaxBatch"/>) into one BEGIN IMMEDIATE
/// transaction — group commit — and each request gets its answer only after COMMIT returned.
/// On PostgreSQL several instances each run one writer against the same database; see
/// <see cref="LockDetailsAsync"/> for how their batches agree.
/// </summary>
public sealed class IngestWriter : BackgroundService
{
    private readonly Channel<Work> _queue;
    private readonly IDbContextFactory<CallsDbContext> _dbFactory;
    private readonly ICallFeed _feed;
    private readonly ISearchIndexer _search;
    private readonly TimeProvider _time;
    private readonly ILogger<IngestWriter> _logger;
    private readonly int _maxBatch;

    public IngestWriter(IDbContextFactory<CallsDbContext> dbFactory, ICallFeed feed, ISearchIndexer search, TimeProvider time,
        IOptions<IngestOptions> options, ILogger<IngestWriter> logger)
    {
        _dbFactory = dbFactory;
        _feed = feed;
        _search = search;
        _time = time;
        _logger = logger;
        _maxBatch = options.Value.MaxBatch;
        _queue = Channel.CreateBounded<Work>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>Queues a call delivery and completes when it is committed, or failed.</summary>
    public async Task<IngestOutcome> SubmitAsync(Delivery delivery, CallPayload payload, CancellationToken ct)
    {
        var work = new Work(delivery, payload);
        try
        {
            await _queue.Writer.WriteAsync(work, ct);
        }
        catch (ChannelClosedException)
        {
            return new IngestOutcome(0, 0, 0, payload.Warnings, new IngestFailure(true, StorageFailure.ShuttingDown));
        }
        // The request may go away; the delivery is still committed, and MiiTel re-sending it is a no-op.
        return await work.Done.Task.WaitAsync(ct);
    }

    /// <summary>Records a request that was refused or answered without storing a call. Best effort.</summary>
    public void Log(Delivery delivery)
    {
        if (!_queue.Writer.TryWrite(new Work(delivery, null)))
            _logger.LogWarning("The delivery log is full or closed; the {Result} request from {Ip} was not logged.", delivery.Result, delivery.RemoteIp);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Take no more; ExecuteAsync drains what is queued before the host stops.
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Work>(_maxBatch);
        // Not bound to stoppingToken: on shutdown the queue is completed and drained, never abandoned.
        while (await _queue.Reader.WaitToReadAsync(CancellationToken.None))
        {
            batch.Clear();
            while (batch.Count < _maxBatch && _queue.Reader.TryRead(out var work)) batch.Add(work);
            if (batch.Count == 0) continue;
            await ProcessAsync(batch);
        }
    }

    private async Task ProcessAsync(List<Work> batch)
    {
        try
        {
            Publish(await CommitRetryingConflictsAsync(batch));
            return;
        }
        catch (Exception e) when (StorageFailure.Describe(e) is { } reason)
        {
            // The store failed, not a body: each delivery alone would fail the same way, each after its own busy timeout.
            Fail(batch, e, new IngestFailure(true, reason));
            return;
        }
        catch (Exception e) when (batch.Count > 1)
        {
            _logger.LogWarning(e, "A batch of {Count} deliveries failed; retrying each alone.", batch.Count);
        }
        catch (Exception e)
        {
            Fail(batch, e, BodyFailure(e));
            return;
        }

        foreach (var work in batch)
        {
            try
            {
                Publish(await CommitRetryingConflictsAsync([work]));
            }
            catch (Exception e)
            {
                Fail([work], e, StorageFailure.Describe(e) is { } reason ? new IngestFailure(true, reason) : BodyFailure(e));
            }
        }
    }

    /// <summary>A failure that storing one body raised: a bug that body triggers, named by type only.</summary>
    private static IngestFailure BodyFailure(Exception e) =>
        new(false, $"Storing this body raised {e.GetType().Name}; the error is in the server log. The same body would fail again, so it was refused.");

    private void Fail(List<Work> works, Exception e, IngestFailure failure)
    {
        var deliveries = works.Where(w => w.Payload is not null).ToList();
        if (deliveries.Count < works.Count)
            _logger.LogWarning(e, "Could not log {Count} refused or unstored requests: {Reason}", works.Count - deliveries.Count, failure.Reason);
        if (deliveries.Count == 0) return;
        if (failure.Retryable)
            _logger.LogError(e, "Storing {Count} deliveries failed, answered 503 so MiiTel retries: {Reason}", deliveries.Count, failure.Reason);
        else
            _logger.LogError(e, "Storing the delivery of {DetailIds} from {Ip} failed on this body, answered 422.", deliveries[0].Delivery.DetailIds, deliveries[0].Delivery.RemoteIp);
        // The endpoint, which holds the body, answers and puts the failure on the delivery log.
        foreach (var work in deliveries)
            work.Done.TrySetResult(new IngestOutcome(0, 0, 0, work.Payload!.Warnings, failure));
    }

    private void Publish(List<CallChanged> changes)
    {
        try
        {
            _feed.Publish(changes);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Publishing {Count} call changes failed; they are stored.", changes.Count);
        }
    }

    /// <summary>
    /// Several instances may write to one PostgreSQL database. Their batches touching the same detail
    /// ids take turns (<see cref="LockDetailsAsync"/>); a conflict that still happens (a call deleted
    /// meanwhile) rolls the batch back, and it is tried again on what is then committed.
    /// </summary>
    private async Task<List<CallChanged>> CommitRetryingConflictsAsync(List<Work> batch)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await CommitAsync(batch);
            }
            catch (Exception e) when (attempt < MaxConflictAttempts && StorageFailure.IsConflict(e))
            {
                _logger.LogInformation("A batch of {Count} deliveries conflicted with another writer; trying again ({Attempt}).", batch.Count, attempt);
            }
        }
    }

    private const int MaxConflictAttempts = 5;

    /// <summary>
    /// On PostgreSQL, holds a transaction-scoped advisory lock per detail id of the batch until it
    /// commits, taken in one statement in a fixed order (so two batches never wait for each other in a
    /// cycle). Another instance's batch with one of these ids waits, then reads what this one committed:
    /// the same detail is inserted once and merged onto the newest sections, never onto a stale copy.
    /// SQLite has one writer at a time already.
    /// </summary>
    private static async Task LockDetailsAsync(CallsDbContext db, List<string> ids)
    {
        if (db.Provider != DatabaseProvider.PostgreSQL || ids.Count == 0) return;
        await db.Database.ExecuteSqlRawAsync(
            "SELECT count(pg_advisory_xact_lock(h)) FROM (SELECT DISTINCT hashtextextended(i, 0) AS h FROM unnest({0}::text[]) i ORDER BY h) l",
            [ids.Select(PostgreSqlCallsDbContext.Storable).ToArray()]);
    }

    private async Task<List<CallChanged>> CommitAsync(List<Work> batch)
    {
        await using var db = await _dbFactory.CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        // A try rolled back may have been given ids; the delivery rows are inserted anew.
        foreach (var work in batch) work.Delivery.Id = 0;

        var ids = batch.Where(w => w.Payload is not null).SelectMany(w => w.Payload!.Details.Select(d => d.Id)).Distinct().ToList();
        await LockDetailsAsync(db, ids);
        // Most deliveries are new calls: one cheap key lookup first, and the children only of known details.
        var knownIds = ids.Count == 0 ? [] : await db.Details.Where(d => ids.Contains(d.Id)).Select(d => d.Id).ToListAsync();
        var known = knownIds.Count == 0
            ? new Dictionary<string, CallDetail>(StringComparer.Ordinal)
            : await db.Details.Where(d => knownIds.Contains(d.Id))
                .Include(d => d.Participants).Include(d => d.Tags).Include(d => d.Comments)
                .Include(d => d.Keywords).Include(d => d.Utterances)
                .AsSplitQuery()
                .ToDictionaryAsync(d => d.Id, StringComparer.Ordinal);

        var changed = new Dictionary<string, (CallDetail Detail, bool IsNew)>(StringComparer.Ordinal);
        // New details of this batch, not yet written: a later section of one in the same batch replaces it here.
        var fresh = new Dictionary<string, CallDetail>(StringComparer.Ordinal);
        var deliveries = new List<Delivery>(batch.Count);
        var results = new List<(Work Work, int Stored, int Unchanged, List<string> Warnings)>(batch.Count);
        var now = _time.GetUtcNow().UtcDateTime;

        foreach (var work in batch)
        {
            if (work.Payload is not { } payload)
            {
                deliveries.Add(work.Delivery);
                continue;
            }
            var warnings = new List<string>(payload.Warnings);
            int stored = 0, unchanged = 0;
            foreach (var detail in payload.Details)
            {
                if (known.TryGetValue(detail.Id, out var current))
                {
                    var merged = Merge(current.RawJson, detail.Json, out var mergedJson);
                    if (merged == current.RawJson && (payload.CallId ?? current.CallId) == current.CallId)
                    {
                        unchanged++;
                        continue;
                    }
                    var mapped = DetailMapper.Map(detail.Id, mergedJson, merged, payload.CallId ?? current.CallId, payload.TenantCode ?? current.TenantCode, now, warnings);
                    if (fresh.ContainsKey(detail.Id))
                    {
                        mapped.FirstReceivedAt = current.FirstReceivedAt;
                        mapped.Version = current.Version + 1;
                        fresh[detail.Id] = known[detail.Id] = mapped;
                        changed[detail.Id] = (mapped, true);
                    }
                    else
                    {
                        Apply(db, current, mapped, now);
                        changed[detail.Id] = (current, false);
                    }
                }
                else
                {
                    var raw = detail.Json.ToJsonString(AppJson.Storage);
                    var created = DetailMapper.Map(detail.Id, detail.Json, raw, payload.CallId, payload.TenantCode, now, warnings);
                    created.Version = 1;
                    fresh[detail.Id] = known[detail.Id] = created;
                    changed[detail.Id] = (created, true);
                }
                stored++;
            }

            var delivery = work.Delivery;
            delivery.Result = stored > 0 ? DeliveryResults.Accepted : DeliveryResults.Duplicate;
            delivery.StatusCode = StatusCodes.Status200OK;
            delivery.Stored = stored;
            delivery.Unchanged = unchanged;
            delivery.WarningsJson = warnings.Count > 0 ? JsonSerializer.Serialize(warnings, AppJson.Storage) : null;
            deliveries.Add(delivery);
            results.Add((work, stored, unchanged, warnings));
        }

        await InsertAsync(db, fresh.Values, deliveries);
        // The merges onto stored calls.
        await db.SaveChangesAsync();
        // In the same transaction: a search index that commits apart from the calls could miss one.
        await _search.IndexAsync(db, changed.Keys, CancellationToken.None);
        await tx.CommitAsync();

        foreach (var (work, stored, unchanged, warnings) in results)
            work.Done.TrySetResult(new IngestOutcome(work.Delivery.Id, stored, unchanged, warnings));
        return changed.Values.Select(c => new CallChanged(CallSummary.Of(c.Detail), c.IsNew)).ToList();
    }

    /// <summary>
    /// Writes the batch's new calls and its delivery rows. On SQLite by <see cref="PreparedInserts"/>: each
    /// statement compiled once per batch, where SaveChanges compiles every row's and tracks every entity. On
    /// PostgreSQL by SaveChanges, whose batching saves a round trip per row.
    /// </summary>
    private static async Task InsertAsync(CallsDbContext db, IEnumerable<CallDetail> calls, List<Delivery> deliveries)
    {
        if (db.Provider != DatabaseProvider.Sqlite)
        {
            db.Details.AddRange(calls);
            db.Deliveries.AddRange(deliveries);
            return;
        }
        await using var inserts = new PreparedInserts(db);
        foreach (var call in calls) await inserts.InsertCallAsync(call);
        foreach (var delivery in deliveries) await inserts.InsertAsync(delivery);
    }

    /// <summary>
    /// A later delivery's keys replace the stored ones; keys that are absent or null leave the
    /// stored value alone (customers can drop phrases and keywords from bodies).
    /// </summary>
    internal static string Merge(string storedJson, JsonObject incoming, out JsonObject merged)
    {
        merged = JsonNode.Parse(storedJson) as JsonObject ?? [];
        foreach (var (key, value) in incoming)
        {
            if (value is not null) merged[key] = value.DeepClone();
        }
        return merged.ToJsonString(AppJson.Storage);
    }

    private static void Apply(CallsDbContext db, CallDetail current, CallDetail mapped, DateTime now)
    {
        var firstReceived = current.FirstReceivedAt;
        var version = current.Version;
        db.Entry(current).CurrentValues.SetValues(mapped);
        current.FirstReceivedAt = firstReceived;
        current.LastChangedAt = now;
        current.Version = version + 1;
        Replace(current.Participants, mapped.Participants);
        Replace(current.Tags, mapped.Tags);
        Replace(current.Comments, mapped.Comments);
        Replace(current.Keywords, mapped.Keywords);
        Replace(current.Utterances, mapped.Utterances);
    }

    private static void Replace<T>(List<T> current, List<T> next)
    {
        current.Clear();
        current.AddRange(next);
    }

    private sealed class Work(Delivery delivery, CallPayload? payload)
    {
        public Delivery Delivery { get; } = delivery;
        public CallPayload? Payload { get; } = payload;
        public TaskCompletionSource<IngestOutcome> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
