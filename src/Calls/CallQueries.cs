using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

public sealed record CallPageResult(int Total, IReadOnlyList<CallSummary> Rows);

/// <summary>The column a call list is ordered by; the URL names are in <see cref="CallSort"/>.</summary>
public enum CallSortColumn { Time, Type, Outcome, Circuit, User, Counterpart, Duration, Score, TalkRatio, Overlaps, Silences }

/// <summary>The <c>sort</c>/<c>desc</c> part of a calls URL. Newest first unless the URL says otherwise.</summary>
public sealed record CallSort(CallSortColumn Column, bool Descending)
{
    public static readonly CallSort Default = new(CallSortColumn.Time, true);

    private static readonly Dictionary<string, CallSortColumn> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["time"] = CallSortColumn.Time, ["type"] = CallSortColumn.Type, ["outcome"] = CallSortColumn.Outcome,
        ["circuit"] = CallSortColumn.Circuit, ["user"] = CallSortColumn.User, ["counterpart"] = CallSortColumn.Counterpart,
        ["duration"] = CallSortColumn.Duration, ["score"] = CallSortColumn.Score, ["talk"] = CallSortColumn.TalkRatio,
        ["overlaps"] = CallSortColumn.Overlaps, ["silences"] = CallSortColumn.Silences,
    };

    public bool IsDefault => this == Default;

    public string Name => ByName.First(p => p.Value == Column).Key;

    /// <summary>Unknown names fall back to the default order rather than failing the page; a missing desc means descending.</summary>
    public static CallSort Parse(string? sort, string? desc)
    {
        if (string.IsNullOrWhiteSpace(sort) || !ByName.TryGetValue(sort.Trim(), out var column)) column = CallSortColumn.Time;
        var descending = !bool.TryParse(desc, out var d) || d;
        return new CallSort(column, descending);
    }

    public static bool TryParseName(string name, out CallSortColumn column) => ByName.TryGetValue(name, out column);

    /// <summary>The query pairs for a URL; none for the default order, so default URLs stay short.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ToQuery()
    {
        if (IsDefault) yield break;
        yield return new("sort", Name);
        yield return new("desc", Descending ? "true" : "false");
    }
}

/// <summary>
/// The calls list (page, read API, CSV): filter, order and page in SQL, projected to
/// <see cref="CallSummary"/> without tracking. The default order (newest first) walks the StartedAt
/// index and stops after one page.
/// </summary>
public sealed class CallQueries(IDbContextFactory<CallsDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<CallPageResult> PageAsync(CallAccess access, CallFilter filter, CallSort sort, int page, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(Math.Clamp(pageSize, 1, MaxPageSize), pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = db.Calls(access, filter);
        var total = await q.CountAsync(ct);
        // Two steps: the page's ids come from IX_Details_Covering alone (a sort by score over a
        // month sorts narrow index entries, not 8 KB rows); then only those rows are read.
        var ids = await Order(q, sort).Skip((page - 1) * pageSize).Take(pageSize).Select(d => d.Id).ToListAsync(ct);
        var rows = await db.Calls(access, CallFilter.All).Where(d => ids.Contains(d.Id)).Select(CallSummary.Project).ToListAsync(ct);
        var position = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        return new CallPageResult(total, rows.OrderBy(r => position[r.DetailId]).ToList());
    }

    /// <summary>How many calls the filter matches.</summary>
    public async Task<int> CountAsync(CallAccess access, CallFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Calls(access, filter).CountAsync(ct);
    }

    /// <summary>Every call of the filter, streamed from the database (for the CSV export).</summary>
    public async IAsyncEnumerable<CallSummary> StreamAsync(CallAccess access, CallFilter filter, CallSort sort, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await foreach (var row in Order(db.Calls(access, filter), sort).Select(CallSummary.Project).AsAsyncEnumerable().WithCancellation(ct)) yield return row;
    }

    /// <summary>Orders by the chosen column, then newest first and by id, so paging is stable.</summary>
    private static IQueryable<CallDetail> Order(IQueryable<CallDetail> q, CallSort sort)
    {
        var d = sort.Descending;
        IOrderedQueryable<CallDetail> o = sort.Column switch
        {
            CallSortColumn.Time => d ? q.OrderByDescending(x => x.StartedAt) : q.OrderBy(x => x.StartedAt),
            CallSortColumn.Type => d ? q.OrderByDescending(x => x.CallType) : q.OrderBy(x => x.CallType),
            CallSortColumn.Outcome => d ? q.OrderByDescending(x => x.Outcome) : q.OrderBy(x => x.Outcome),
            CallSortColumn.Circuit => d ? q.OrderByDescending(x => x.CircuitName) : q.OrderBy(x => x.CircuitName),
            CallSortColumn.User => d ? q.OrderByDescending(x => x.OperatorName) : q.OrderBy(x => x.OperatorName),
            CallSortColumn.Counterpart => d ? q.OrderByDescending(x => x.CounterpartCompany).ThenByDescending(x => x.CounterpartName) : q.OrderBy(x => x.CounterpartCompany).ThenBy(x => x.CounterpartName),
            CallSortColumn.Duration => d ? q.OrderByDescending(x => x.DurationSeconds) : q.OrderBy(x => x.DurationSeconds),
            CallSortColumn.Score => d ? q.OrderByDescending(x => x.Score) : q.OrderBy(x => x.Score),
            CallSortColumn.TalkRatio => d ? q.OrderByDescending(x => x.Tlr) : q.OrderBy(x => x.Tlr),
            CallSortColumn.Overlaps => d ? q.OrderByDescending(x => x.OverlapCount) : q.OrderBy(x => x.OverlapCount),
            CallSortColumn.Silences => d ? q.OrderByDescending(x => x.SilenceCount) : q.OrderBy(x => x.SilenceCount),
            _ => throw new ArgumentOutOfRangeException(nameof(sort)),
        };
        if (sort.Column != CallSortColumn.Time) o = o.ThenByDescending(x => x.StartedAt);
        return o.ThenBy(x => x.Id);
    }
}
