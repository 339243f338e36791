using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>One row of the calls grid and of the CSV export.</summary>
public sealed record CallRow(
    string DetailId, string? CallId, DateTime StartedAt, string? CallType, string Outcome,
    string? CircuitNumber, string? CircuitName, string? OperatorName, string? OperatorLoginId,
    string? CounterpartName, string? CounterpartCompany, string? CounterpartNumber,
    double DurationSeconds, double? Score, double? Tlr, int? OverlapCount, int? SilenceCount,
    IReadOnlyList<string> Tags);

public sealed record CallRowPage(int Total, IReadOnlyList<CallRow> Rows);

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
    public IEnumerable<KeyValuePair<string, string>> ToQuery()
    {
        if (IsDefault) yield break;
        yield return new("sort", Name);
        yield return new("desc", Descending ? "true" : "false");
    }
}

/// <summary>
/// The calls list: filter, order and page in SQL, projected to <see cref="CallRow"/> without
/// tracking. The default order (newest first) walks the StartedAt index and stops after one page.
/// </summary>
public sealed class CallQueries(IDbContextFactory<CallsDbContext> dbFactory)
{
    // Tags travel as one string per row; the separator is a control character no tag contains.
    private const char TagSeparator = '\u001F';

    public const int MaxPageSize = 200;

    public async Task<CallRowPage> PageAsync(CallFilter filter, CallSort sort, int page, int pageSize, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfNotEqual(Math.Clamp(pageSize, 1, MaxPageSize), pageSize);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = filter.Apply(db.Details.AsNoTracking());
        var total = await q.CountAsync(ct);
        // Two steps: the page's ids come from IX_Details_Covering alone (a sort by score over a
        // month sorts narrow index entries, not 8 KB rows); then only those rows are read.
        var ids = await Order(q, sort).Skip((page - 1) * pageSize).Take(pageSize).Select(d => d.Id).ToListAsync(ct);
        var rows = await Project(db.Details.AsNoTracking().Where(d => ids.Contains(d.Id))).ToListAsync(ct);
        var position = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
        return new CallRowPage(total, rows.OrderBy(r => position[r.DetailId]).Select(Finish).ToList());
    }

    /// <summary>How many calls the filter matches.</summary>
    public async Task<int> CountAsync(CallFilter filter, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await filter.Apply(db.Details.AsNoTracking()).CountAsync(ct);
    }

    /// <summary>Every row of the filter, streamed from the database (for the CSV export).</summary>
    public async IAsyncEnumerable<CallRow> StreamAsync(CallFilter filter, CallSort sort, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var q = Project(Order(filter.Apply(db.Details.AsNoTracking()), sort));
        await foreach (var row in q.AsAsyncEnumerable().WithCancellation(ct)) yield return Finish(row);
    }

    /// <summary>One row by detail id, e.g. for a call that just arrived live.</summary>
    public async Task<CallRow?> RowAsync(string detailId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await Project(db.Details.AsNoTracking().Where(d => d.Id == detailId)).FirstOrDefaultAsync(ct);
        return row is null ? null : Finish(row);
    }

    private sealed record RawRow(
        string DetailId, string? CallId, DateTime StartedAt, string? CallType, string Outcome,
        string? CircuitNumber, string? CircuitName, string? OperatorName, string? OperatorLoginId,
        string? CounterpartName, string? CounterpartCompany, string? CounterpartNumber,
        double DurationSeconds, double? Score, double? Tlr, int? OverlapCount, int? SilenceCount, string? Tags);

    private static IQueryable<RawRow> Project(IQueryable<CallDetail> q) => q.Select(d => new RawRow(
        d.Id, d.CallId, d.StartedAt, d.CallType, d.Outcome, d.CircuitNumber, d.CircuitName, d.OperatorName, d.OperatorLoginId,
        d.CounterpartName, d.CounterpartCompany, d.CounterpartNumber, d.DurationSeconds, d.Score, d.Tlr, d.OverlapCount, d.SilenceCount,
        string.Join(TagSeparator, d.Tags.OrderBy(t => t.Id).Select(t => t.Value))));

    private static CallRow Finish(RawRow r) => new(
        r.DetailId, r.CallId, DateTime.SpecifyKind(r.StartedAt, DateTimeKind.Utc), r.CallType, r.Outcome,
        r.CircuitNumber, r.CircuitName, r.OperatorName, r.OperatorLoginId, r.CounterpartName, r.CounterpartCompany, r.CounterpartNumber,
        r.DurationSeconds, r.Score, r.Tlr, r.OverlapCount, r.SilenceCount,
        string.IsNullOrEmpty(r.Tags) ? [] : r.Tags.Split(TagSeparator));

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
