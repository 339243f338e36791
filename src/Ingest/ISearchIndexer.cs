using MiiTelDashboard.Data;

namespace MiiTelDashboard.Ingest;

/// <summary>
/// What the ingest writer needs from search: bring its index in step with calls the writer just
/// stored. Owned here, by the consumer, so the writer does not know how search indexes; Search
/// implements it.
/// </summary>
public interface ISearchIndexer
{
    /// <summary>
    /// Re-indexes the given (new, changed or removed) call details. Runs on <paramref name="db"/>'s
    /// connection inside the writer's open transaction, after its SaveChanges: the index commits
    /// or rolls back with the calls, never apart from them.
    /// </summary>
    Task IndexAsync(CallsDbContext db, IReadOnlyCollection<string> detailIds, CancellationToken ct);
}
