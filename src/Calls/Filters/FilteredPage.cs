using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Charts;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Calls.Filters;

/// <summary>
/// Base of every dashboard page that shows data for the URL's filters. It reads the query
/// (<see cref="SupplyParameterFromQueryAttribute"/>), learns the browser's time zone after the
/// first render (prerendering has no browser), loads, and reloads when the URL changes. A
/// newer load cancels an older one. Pages that opt in with <see cref="LiveRefresh"/> also follow
/// the call feed (<see cref="LiveFollower"/>): calls inside the filter reload the page at once after
/// a quiet spell, at most every <see cref="LiveInterval"/> in a burst.
/// </summary>
public abstract class FilteredPage : ComponentBase, IDisposable
{
    /// <summary>Minimum time between two live reloads: a burst costs one query set per interval (2 s measured 44% vs 34% of no-page throughput at 0.5 s, bench/Live).</summary>
    public static readonly TimeSpan LiveInterval = TimeSpan.FromSeconds(2);

    /// <summary>In a sustained burst the interval doubles up to this (see <see cref="LiveThrottle"/>).</summary>
    public static readonly TimeSpan LiveMaxInterval = TimeSpan.FromSeconds(8);

    [Inject] protected NavigationManager Nav { get; set; } = null!;
    [Inject] protected BrowserContext BrowserContext { get; set; } = null!;
    [Inject] protected TimeProvider Time { get; set; } = null!;
    [Inject] private ICallFeed Feed { get; set; } = null!;
    [Inject] protected LiveRender LiveRender { get; set; } = null!;
    [Inject] private ILogger<FilteredPage> Logger { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [SupplyParameterFromQuery(Name = "from")] public string? FromQuery { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToQuery { get; set; }
    [SupplyParameterFromQuery(Name = "period")] public string? PeriodQuery { get; set; }
    [SupplyParameterFromQuery(Name = "circuit")] public string? CircuitQuery { get; set; }
    [SupplyParameterFromQuery(Name = "user")] public string? UserQuery { get; set; }
    [SupplyParameterFromQuery(Name = "type")] public string? TypeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "outcome")] public string? OutcomeQuery { get; set; }
    [SupplyParameterFromQuery(Name = "tag")] public string? TagQuery { get; set; }
    [SupplyParameterFromQuery(Name = "minScore")] public string? MinScoreQuery { get; set; }
    [SupplyParameterFromQuery(Name = "maxScore")] public string? MaxScoreQuery { get; set; }

    /// <summary>The filters of the URL (after <see cref="AdjustFilter"/>).</summary>
    protected PageFilter Filter { get; private set; } = new();

    /// <summary>Which calls the signed-in reader may see; every query of the page passes it (see <see cref="CallSource"/>).</summary>
    protected CallAccess Access { get; private set; } = CallAccess.Nothing;

    /// <summary>Null until the circuit is interactive.</summary>
    protected BrowserInfo? Browser { get; private set; }

    protected Formats Fmt => new(Browser ?? BrowserInfo.Utc);

    protected DateOnly Today => (Browser ?? BrowserInfo.Utc).Today(Time);

    /// <summary>The query filter for the current period, in UTC.</summary>
    protected CallFilter CallFilter
    {
        get
        {
            // Asked for every live change on the feed's thread: made again only when the filter, zone or day changes.
            var (filter, zone, today) = (Filter, (Browser ?? BrowserInfo.Utc).Zone, Today);
            var cached = _callFilter; // one reference read: the renderer may replace it meanwhile
            if (cached is not null && cached.Filter == filter && cached.Zone == zone && cached.Today == today) return cached.Value;
            cached = new CachedCallFilter(filter, zone, today, filter.ToCallFilter(zone, today));
            _callFilter = cached;
            return cached.Value;
        }
    }

    private sealed record CachedCallFilter(PageFilter Filter, TimeZoneInfo Zone, DateOnly Today, CallFilter Value);

    private CachedCallFilter? _callFilter;

    /// <summary>True until the first load of the current filters finished.</summary>
    protected bool Loading { get; private set; } = true;

    /// <summary>A load failed; shown instead of the data.</summary>
    protected string? LoadError { get; private set; }

    /// <summary>Opt in to following matching live calls.</summary>
    protected virtual bool LiveRefresh => false;

    /// <summary>The base and burst intervals between two live batches.</summary>
    protected virtual (TimeSpan Interval, TimeSpan Max) LiveIntervals => (LiveInterval, LiveMaxInterval);

    /// <summary>Follows the feed once the page is interactive and <see cref="LiveRefresh"/>; null before.</summary>
    protected LiveFollower? Live { get; private set; }

    private PageFilter? _loadedFilter;
    private CancellationTokenSource? _cts;
    private bool _disposed;

    /// <summary>Whether this page's disposal has begun (work scheduled earlier must not touch it).</summary>
    protected bool IsDisposed => _disposed;

    /// <summary>Route parameters (e.g. /users/{user}) fold into the filter here.</summary>
    protected virtual PageFilter AdjustFilter(PageFilter filter) => filter;

    /// <summary>Loads the page's data for <see cref="Filter"/>; called on the renderer's context.</summary>
    protected abstract Task LoadAsync(CancellationToken ct);

    protected override async Task OnParametersSetAsync()
    {
        Access = await AuthenticationState.AccessAsync();
        Filter = AdjustFilter(PageFilter.Parse(FromQuery, ToQuery, PeriodQuery, CircuitQuery, UserQuery, TypeQuery, OutcomeQuery, TagQuery, MinScoreQuery, MaxScoreQuery));
        if (Browser is not null && Filter != _loadedFilter) await ReloadAsync(showLoading: true);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        Browser = await BrowserContext.TryGetAsync();
        if (Browser is null) return;
        await ReloadAsync(showLoading: true);
        if (LiveRefresh && !_disposed)
        {
            var (interval, max) = LiveIntervals;
            Live = new LiveFollower(Feed, Time, interval, max, c => Access.Matches(c) && CallFilter.Matches(c), InvokeAsync, OnLiveCallsAsync);
        }
        StateHasChanged();
    }

    /// <summary>Runs <see cref="LoadAsync"/> for the current filter, cancelling a load still running.</summary>
    protected async Task ReloadAsync(bool showLoading)
    {
        _cts?.Cancel();
        var cts = _cts = new CancellationTokenSource();
        var filter = Filter;
        if (showLoading) Loading = true;
        try
        {
            await LoadAsync(cts.Token);
            if (cts.IsCancellationRequested) return;
            _loadedFilter = filter;
            LoadError = null;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reader gets a sentence; the details (SQL, paths) go to the log only.
            Logger.LogError(e, "Loading {Page} failed.", GetType().Name);
            LoadError = Words.Get("Error.LoadFailed");
        }
        if (!cts.IsCancellationRequested) Loading = false;
    }

    /// <summary>Applies a batch of live calls inside the filter: by default the page reloads quietly.</summary>
    protected virtual async Task OnLiveCallsAsync(IReadOnlyList<CallChanged> changes)
    {
        await ReloadAsync(showLoading: false);
        LiveRender.Render(StateHasChanged);
    }

    public virtual void Dispose()
    {
        _disposed = true;
        Live?.Dispose();
        _cts?.Cancel();
        GC.SuppressFinalize(this);
    }
}
