using System.Globalization;
using System.Linq.Expressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.WebUtilities;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Shared;
using MudBlazor;

using MiiTelDashboard.Components.Catalog;

namespace MiiTelDashboard.Calls;

/// <summary>
/// The calls grid. The URL is the source of truth: filters (<see cref="FilteredPage"/>), plus
/// <c>page</c>, <c>sort</c> and <c>desc</c>. The grid asks the server for one page at a time; when
/// the user pages or sorts, the URL follows, and when the URL changes from outside (links, back
/// button, the app bar's filters) the grid is rebuilt from it.
/// </summary>
public sealed partial class CallsPage
{
    public const int PageSize = 50;
    /// <summary>Live changes are applied at most this often, however fast calls arrive.</summary>
    public static readonly TimeSpan LiveRowsInterval = TimeSpan.FromMilliseconds(400);
    /// <summary>In a sustained burst the interval doubles up to this (see <see cref="LiveThrottle"/>).</summary>
    public static readonly TimeSpan LiveRowsMaxInterval = TimeSpan.FromSeconds(1.6);
    /// <summary>
    /// In a burst the grid's rows reload at most this often, and once more when it ends; the count keeps
    /// the faster cadence above. Every reload in a burst replaced all fifty rows, which was most of what
    /// an open /calls page cost the server and the browser (bench/Live).
    /// </summary>
    public static readonly TimeSpan LiveGridBurstInterval = TimeSpan.FromSeconds(3);

    // The columns' properties, made once: a lambda written in the markup is a new expression tree
    // on every render, and PropertyColumn compiles every new one. With live rows that was 11
    // compilations per render, the largest server cost of an open /calls page in a burst
    // (dotnet-trace of bench/Live; the dynamic methods also kept the finalizer thread busy).
    private static class Columns
    {
        public static readonly Expression<Func<CallSummary, DateTime>> Time = x => x.StartedAt;
        public static readonly Expression<Func<CallSummary, string?>> Type = x => x.CallType;
        public static readonly Expression<Func<CallSummary, string>> Outcome = x => x.Outcome;
        public static readonly Expression<Func<CallSummary, string?>> Circuit = x => x.CircuitName;
        public static readonly Expression<Func<CallSummary, string?>> User = x => x.OperatorName;
        public static readonly Expression<Func<CallSummary, string?>> Counterpart = x => x.CounterpartName;
        public static readonly Expression<Func<CallSummary, double>> Duration = x => x.DurationSeconds;
        public static readonly Expression<Func<CallSummary, double?>> Score = x => x.Score;
        public static readonly Expression<Func<CallSummary, double?>> TalkRatio = x => x.Tlr;
        public static readonly Expression<Func<CallSummary, int?>> Overlaps = x => x.OverlapCount;
        public static readonly Expression<Func<CallSummary, int?>> Silences = x => x.SilenceCount;
    }

    private static readonly Dictionary<string, CallSortColumn> ColumnByProperty = new()
    {
        [nameof(CallSummary.StartedAt)] = CallSortColumn.Time, [nameof(CallSummary.CallType)] = CallSortColumn.Type,
        [nameof(CallSummary.Outcome)] = CallSortColumn.Outcome, [nameof(CallSummary.CircuitName)] = CallSortColumn.Circuit,
        [nameof(CallSummary.OperatorName)] = CallSortColumn.User, [nameof(CallSummary.CounterpartName)] = CallSortColumn.Counterpart,
        [nameof(CallSummary.DurationSeconds)] = CallSortColumn.Duration, [nameof(CallSummary.Score)] = CallSortColumn.Score,
        [nameof(CallSummary.Tlr)] = CallSortColumn.TalkRatio, [nameof(CallSummary.OverlapCount)] = CallSortColumn.Overlaps,
        [nameof(CallSummary.SilenceCount)] = CallSortColumn.Silences,
    };

    [Inject] private CallQueries Queries { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "page")] public int? PageQuery { get; set; }
    [SupplyParameterFromQuery(Name = "sort")] public string? SortQuery { get; set; }
    [SupplyParameterFromQuery(Name = "desc")] public string? DescQuery { get; set; }

    private MudDataGrid<CallSummary>? _grid;
    private int _gridKey;
    private int _urlPage = 1;
    private CallSort _urlSort = CallSort.Default;
    private (PageFilter Filter, int Page, CallSort Sort)? _gridState;
    private int? _total;
    private int _newCalls;
    private RowHighlights? _highlights;
    // Live applies re-render these parts, not the page (LivePart): the grid re-renders itself when it reloads.
    private LivePart? _totalPart, _bannerPart, _gridPart;
    private bool _applyingLive;
    private long _lastGridLoad;
    private bool _gridCatchUpPending;
    // Calls arrived that the grid's rows do not show yet (a burst between two grid loads).
    private bool _gridStale;

    protected override async Task OnParametersSetAsync()
    {
        _urlPage = Math.Max(1, PageQuery ?? 1);
        _urlSort = CallSort.Parse(SortQuery, DescQuery);
        await base.OnParametersSetAsync();
        // The URL moved away from what the grid shows (not by the grid itself): rebuild the grid from the URL.
        if (_gridState is { } g && (g.Filter != Filter || g.Page != _urlPage || g.Sort != _urlSort))
        {
            _gridKey++;
            _newCalls = 0;
            _highlights?.Clear();
        }
    }

    // The grid loads its own pages; a new filter is a new grid (see OnParametersSetAsync).
    protected override Task LoadAsync(CancellationToken ct) => Task.CompletedTask;

    private async Task<GridData<CallSummary>> LoadRowsAsync(GridState<CallSummary> state, CancellationToken ct)
    {
        var sort = SortOf(state);
        var page = state.Page + 1;
        var filter = Filter;
        _gridState = (filter, page, sort);
        if (page != _urlPage || sort != _urlSort)
        {
            _urlPage = page;
            _urlSort = sort;
            Nav.NavigateTo(Url(filter, page, sort));
        }
        var result = await Queries.PageAsync(Access, CallFilter, sort, page, state.PageSize, ct);
        _total = result.Total;
        _lastGridLoad = Time.GetTimestamp();
        _gridStale = false;
        if (_applyingLive) _totalPart?.Refresh();
        else StateHasChanged();
        return new GridData<CallSummary> { Items = result.Rows, TotalItems = result.Total };
    }

    private static CallSort SortOf(GridState<CallSummary> state)
    {
        var s = state.SortDefinitions.FirstOrDefault();
        return s is not null && ColumnByProperty.TryGetValue(s.SortBy, out var column) ? new CallSort(column, s.Descending) : CallSort.Default;
    }

    private SortDirection Direction(CallSortColumn column) =>
        _urlSort.Column != column ? SortDirection.None : _urlSort.Descending ? SortDirection.Descending : SortDirection.Ascending;

    private static string Url(PageFilter filter, int page, CallSort sort)
    {
        var pairs = filter.ToQuery().Concat(sort.ToQuery());
        if (page > 1) pairs = pairs.Append(new("page", page.ToString(CultureInfo.InvariantCulture)));
        return QueryHelpers.AddQueryString("/calls", pairs);
    }

    private string ExportUrl => QueryHelpers.AddQueryString("/calls/export.csv",
        Filter.ToQuery().Concat(_urlSort.ToQuery()).Append(new("tz", (Browser ?? BrowserInfo.Utc).Zone.Id)));

    private static string DetailUrl(CallSummary row) => CallDetailPage.Url(row.DetailId);

    private bool HasPageFilters => Filter.Type is not null || Filter.Outcome is not null || Filter.Tag is not null || Filter.MinScore is not null || Filter.MaxScore is not null;

    private bool IsUnfiltered => !HasPageFilters && Filter.Circuit is null && Filter.User is null;

    private static string TypeLabel(string? type) => type is null ? "" : CallTypes.Label(type);

    private static string CircuitOf(CallSummary c) => c.CircuitName ?? c.CircuitNumber ?? Formats.Missing;

    private static string UserOf(CallSummary c) => c.OperatorName ?? Formats.Missing;

    private static string CounterpartOf(CallSummary c) => c.CounterpartName ?? c.CounterpartNumber ?? Formats.Missing;

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private void SetFilter(PageFilter next) => Nav.NavigateTo(next.ApplyTo(Nav.Uri));

    private void ClearPageFilters() => SetFilter(Filter with { Type = null, Outcome = null, Tag = null, MinScore = null, MaxScore = null });

    private void ShowNewest() => Nav.NavigateTo(Url(Filter, 1, CallSort.Default));

    private RowHighlights Highlights => _highlights ??= new RowHighlights(Time);

    private string RowClass(CallSummary row, int index) => _highlights?.ClassFor(row.DetailId) ?? "";

    // ---------------------------------------------------------------- live

    protected override bool LiveRefresh => true;

    protected override (TimeSpan Interval, TimeSpan Max) LiveIntervals => (LiveRowsInterval, LiveRowsMaxInterval);

    // A burst becomes one render and at most one page query per interval; a lone call shows at once.
    protected override async Task OnLiveCallsAsync(IReadOnlyList<CallChanged> changes)
    {
        if (IsDisposed || _grid is null) return;

        var newOnes = changes.Where(c => c.IsNew).Select(c => c.DetailId).Distinct().ToList();
        var visible = _grid.FilteredItems.Select(r => r.DetailId).ToHashSet(StringComparer.Ordinal);
        var changedVisible = changes.Any(c => !c.IsNew && visible.Contains(c.DetailId));
        var atTop = _urlPage == 1 && _urlSort.IsDefault;

        if (atTop && newOnes.Count > 0)
        {
            var burst = Live?.CurrentInterval > LiveRowsInterval;
            Highlights.Add(newOnes, burst);
            // Armed now, not only after the reload below: a reload that never returns must not leave a tint behind.
            ExpireHighlightsLater();
            if (burst && Time.GetElapsedTime(_lastGridLoad) < LiveGridBurstInterval)
            {
                await RefreshTotalAsync();
                _gridStale = true;
                ScheduleGridCatchUp();
                return;
            }
            await ReloadLiveAsync();
        }
        else if (changedVisible)
        {
            await ReloadLiveAsync();
        }
        if (!atTop && newOnes.Count > 0)
        {
            _newCalls += newOnes.Count;
            _bannerPart?.Refresh();
        }
    }

    /// <summary>Reloads the grid's rows for live calls, and arms the timer that removes their tint.</summary>
    private async Task ReloadLiveAsync()
    {
        _applyingLive = true;
        try
        {
            await _grid!.ReloadServerData();
        }
        finally
        {
            _applyingLive = false;
        }
    }

    private async Task RefreshTotalAsync()
    {
        _total = await Queries.CountAsync(Access, CallFilter, CancellationToken.None);
        _totalPart?.Refresh();
    }

    /// <summary>Reloads the grid once <see cref="LiveGridBurstInterval"/> has passed since its last load (one timer at a time).</summary>
    private void ScheduleGridCatchUp()
    {
        if (_gridCatchUpPending || IsDisposed) return;
        _gridCatchUpPending = true;
        _ = CatchUpAsync(LiveGridBurstInterval - Time.GetElapsedTime(_lastGridLoad));

        async Task CatchUpAsync(TimeSpan wait)
        {
            try
            {
                if (wait > TimeSpan.Zero) await Task.Delay(wait, Time);
                await InvokeAsync(async () =>
                {
                    _gridCatchUpPending = false;
                    if (IsDisposed || _grid is null || !_gridStale) return;
                    // The grid loaded meanwhile (a filter or page change): wait for its next turn.
                    if (Time.GetElapsedTime(_lastGridLoad) < LiveGridBurstInterval)
                    {
                        ScheduleGridCatchUp();
                        return;
                    }
                    await ReloadLiveAsync();
                });
            }
            catch (ObjectDisposedException)
            {
                // The circuit closed while the reload waited.
            }
        }
    }

    /// <summary>
    /// Re-renders the grid once the rows just highlighted are due to lose their tint. One timer per live
    /// batch (a few per tint's lifetime even in a burst), each independent of the others: a single
    /// re-armed timer with a pending flag left a tint on for good, now and then, under a full test run,
    /// and no path that lost it was ever found. A render after the deadline cannot show the tint.
    /// </summary>
    private void ExpireHighlightsLater()
    {
        if (IsDisposed) return;
        _ = ExpireAsync();

        async Task ExpireAsync()
        {
            try
            {
                // A timer may fire a hair before its due time; the margin makes the render certainly later.
                await Task.Delay(RowHighlights.Duration + TimeSpan.FromMilliseconds(50), Time);
                await InvokeAsync(() =>
                {
                    if (IsDisposed) return;
                    _highlights?.Prune();
                    _gridPart?.Refresh();
                });
            }
            catch (ObjectDisposedException)
            {
                // The circuit closed while the highlight waited.
            }
        }
    }
}
