using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using MiiTelDashboard.Calls;

namespace MiiTelDashboard.Search;

public sealed partial class SearchPage : IAsyncDisposable
{
    public const int PageSize = 20;
    /// <summary>from= value meaning "all time" (the shared URL convention has no other way to say it).</summary>
    public const string AllTimeFrom = "2000-01-01";

    [Inject] private SearchService Search { get; set; } = null!;
    [Inject] private NavigationManager Nav { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }
    [SupplyParameterFromQuery(Name = "side")] public string? Side { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = "circuit")] public string? Circuit { get; set; }
    [SupplyParameterFromQuery(Name = "user")] public string? User { get; set; }
    [SupplyParameterFromQuery(Name = "type")] public string? Type { get; set; }
    [SupplyParameterFromQuery(Name = "outcome")] public string? Outcome { get; set; }
    [SupplyParameterFromQuery(Name = "tag")] public string? Tag { get; set; }
    [SupplyParameterFromQuery(Name = "minScore")] public double? MinScore { get; set; }
    [SupplyParameterFromQuery(Name = "maxScore")] public double? MaxScore { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? Page { get; set; }

    private string? _text;
    private SearchResults? _results;
    private TimeZoneInfo? _zone;
    private CancellationTokenSource? _running;

    private int CurrentPage => Math.Max(1, Page ?? 1);
    private int PageCount => _results is null ? 0 : (int)Math.Ceiling(_results.Total / (double)PageSize);
    private DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Time.GetUtcNow(), _zone ?? TimeZoneInfo.Utc).DateTime);

    protected override async Task OnParametersSetAsync()
    {
        _text = Q;
        // Dates in the URL are in the browser's time zone, known only once the circuit is interactive.
        if (_zone is not null) await LoadAsync();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _zone = await BrowserZoneAsync();
        await LoadAsync();
        StateHasChanged();
    }

    private async Task<TimeZoneInfo> BrowserZoneAsync()
    {
        try
        {
            await using var module = await JS.InvokeAsync<IJSObjectReference>("import", "./js/timezone.js");
            var id = await module.InvokeAsync<string>("timeZone");
            return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
        }
        catch (JSException)
        {
            return TimeZoneInfo.Utc;
        }
    }

    private async Task LoadAsync()
    {
        if (_running is not null) await _running.CancelAsync();
        _running = new CancellationTokenSource();
        var ct = _running.Token;
        if (string.IsNullOrWhiteSpace(Q))
        {
            _results = null;
            return;
        }
        _results = null;
        SearchSide? side = SearchQuery.TryParseSide(Side, out var s) ? s : null;
        try
        {
            _results = await Search.SearchAsync(new SearchRequest(Q, BuildFilter(), side, CurrentPage, PageSize), ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // A newer search replaced this one.
        }
    }

    private CallFilter BuildFilter()
    {
        var (from, to) = Period();
        return new CallFilter
        {
            Circuit = Circuit, User = User, Type = Type, Outcome = Outcome, Tag = Tag,
            MinScore = MinScore, MaxScore = MaxScore,
            From = from is { } f ? ToUtc(f) : null,
            To = to is { } t ? ToUtc(t.AddDays(1)) : null,
        };
    }

    /// <summary>The inclusive local dates searched: the URL's, else the last 30 days.</summary>
    private (DateOnly? From, DateOnly? To) Period()
    {
        var from = ParseDate(From);
        var to = ParseDate(To);
        if (from is null && to is null) from = Today.AddDays(-29);
        return (from, to);
    }

    private DateTime ToUtc(DateOnly date) =>
        TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified), _zone ?? TimeZoneInfo.Utc);

    private static DateOnly? ParseDate(string? value) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private string PeriodChoice
    {
        get
        {
            if (string.IsNullOrEmpty(From) && string.IsNullOrEmpty(To)) return "30";
            if (!string.IsNullOrEmpty(To)) return "custom";
            if (From == AllTimeFrom) return "all";
            foreach (var days in new[] { 30, 90, 365 })
                if (From == Today.AddDays(1 - days).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)) return days.ToString(CultureInfo.InvariantCulture);
            return "custom";
        }
    }

    private string PeriodText => PeriodChoice switch
    {
        "30" => "the last 30 days",
        "90" => "the last 90 days",
        "365" => "the last year",
        "all" => "all time",
        _ => $"{From ?? "…"} – {To ?? "today"}",
    };

    private string PeriodHref(string choice) => Nav.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["from"] = choice switch
        {
            "all" => AllTimeFrom,
            "30" => null,
            _ => Today.AddDays(1 - int.Parse(choice, CultureInfo.InvariantCulture)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        },
        ["to"] = null,
        ["page"] = null,
    });

    private List<(string Name, string Value)> ActiveFilters =>
        new (string Name, string? Value)[]
        {
            ("Circuit", Circuit), ("User", User), ("Type", Type), ("Outcome", Outcome), ("Tag", Tag),
            ("Min score", MinScore?.ToString(CultureInfo.CurrentCulture)), ("Max score", MaxScore?.ToString(CultureInfo.CurrentCulture)),
        }.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => (f.Name, f.Value!)).ToList();

    private string? SideLabel => SearchQuery.TryParseSide(Side, out var s) ? (s == SearchSide.Operator ? "operator" : "customer")
        : _results?.Query.Side is { } qs ? (qs == SearchSide.Operator ? "operator" : "customer") : null;

    private void Submit() => Nav.NavigateTo(Nav.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["q"] = string.IsNullOrWhiteSpace(_text) ? null : _text.Trim(),
        ["page"] = null,
    }));

    private void SideChanged(string value) => Nav.NavigateTo(Nav.GetUriWithQueryParameters(new Dictionary<string, object?>
    {
        ["q"] = string.IsNullOrWhiteSpace(_text) ? Q : _text.Trim(),
        ["side"] = string.IsNullOrEmpty(value) ? null : value,
        ["page"] = null,
    }));

    private void PeriodChanged(string value)
    {
        if (value == "custom") return;
        Nav.NavigateTo(PeriodHref(value));
    }

    private void PageChanged(int page) => Nav.NavigateTo(Nav.GetUriWithQueryParameter("page", page == 1 ? null : page));

    /// <summary>The call detail page jumps to <c>#t=</c> and highlights the utterance (shared contract).</summary>
    public static string CallHref(string detailId, double? startAt) =>
        "calls/" + Uri.EscapeDataString(detailId) + (startAt is { } t ? "#t=" + t.ToString("0.###", CultureInfo.InvariantCulture) : "");

    private string Local(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), _zone ?? TimeZoneInfo.Utc).ToString("g", CultureInfo.CurrentCulture);

    private static string Clock(double seconds) => TimeSpan.FromSeconds(seconds).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    private static string Duration(double seconds) => seconds <= 0 ? "—" : Clock(seconds);

    private static string SpeakerLabel(SearchHit hit) => hit.Source switch
    {
        SearchHit.Utterance => hit.IsOperator == true ? "Operator" : "Customer",
        SearchHit.Tag => "Memo",
        SearchHit.Comment => "Comment",
        _ => "Minutes",
    };

    private static MudBlazor.Color SpeakerColor(SearchHit hit) => hit.Source switch
    {
        SearchHit.Utterance => hit.IsOperator == true ? MudBlazor.Color.Primary : MudBlazor.Color.Secondary,
        _ => MudBlazor.Color.Default,
    };

    public async ValueTask DisposeAsync()
    {
        if (_running is not null)
        {
            await _running.CancelAsync();
            _running.Dispose();
        }
    }
}
