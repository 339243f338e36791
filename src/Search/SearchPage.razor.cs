using System.Globalization;
using Microsoft.AspNetCore.Components;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components.Catalog;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Search;

/// <summary>
/// <c>/search?q=…</c>: the shared URL filters (<see cref="FilteredPage"/>, set by the app bar)
/// plus <c>q</c>, <c>side</c> and <c>page</c>. Results come from <see cref="SearchService"/>,
/// one server-side page at a time.
/// </summary>
public sealed partial class SearchPage
{
    public const int PageSize = 20;

    [Inject] private SearchService Search { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "q")] public string? Q { get; set; }
    [SupplyParameterFromQuery(Name = "side")] public string? Side { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? Page { get; set; }

    private string? _text;
    private SearchResults? _results;
    private (PageFilter, string?, string?, int)? _loaded;

    // A page past the search's cap (a hand-edited ?page=) shows the last page that may be read, never every match.
    private int CurrentPage => Math.Clamp(Page ?? 1, 1, Search.MaxPage(PageSize));
    private int PageCount => _results is null ? 0 : Math.Min((int)Math.Ceiling(_results.Total / (double)PageSize), Search.MaxPage(PageSize));
    private bool PagingCapped => _results is not null && _results.Total > Search.MaxPage(PageSize) * PageSize;
    private (PageFilter, string?, string?, int) Key => (Filter, Q, Side, CurrentPage);

    private string NoticeText(SearchNotice notice) => notice.Kind switch
    {
        SearchNoticeKind.TermTooLong => L["Search.NoticeTermTooLong", SearchQuery.MaxTermLength],
        SearchNoticeKind.TooManyTerms => L["Search.NoticeTooManyTerms", SearchQuery.MaxTerms],
        _ => L["Search.NoticeOnlyExclusions"],
    };

    protected override async Task OnParametersSetAsync()
    {
        _text = Q;
        await base.OnParametersSetAsync();
        // The base reloads when the filters change; a new q, side or page needs a reload too.
        if (Browser is not null && _loaded != Key) await ReloadAsync(showLoading: true);
    }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        var key = Key;
        _results = null;
        if (string.IsNullOrWhiteSpace(Q))
        {
            _loaded = key;
            return;
        }
        SearchSide? side = SearchQuery.TryParseSide(Side, out var s) ? s : null;
        _results = await Search.SearchAsync(new SearchRequest(Access, Q, CallFilter, side, CurrentPage, PageSize), ct);
        _loaded = key;
    }

    private string PeriodText
    {
        get
        {
            if (Filter.AllTime) return Words.Get("Search.AllTimeText");
            return PeriodPresets.Describe(Filter, Today, Fmt, datesOnly: true);
        }
    }

    private string AllTimeHref => PeriodPresets.AllTime.Apply(Filter, Today).ApplyTo(Nav.Uri);

    private List<(string Name, string Value)> ActiveFilters =>
        new (string Name, string? Value)[]
        {
            (Words.Get("Calls.CallType"), Filter.Type is { } t ? CallTypes.Label(t) : null), (Words.Get("Col.Outcome"), Filter.Outcome is { } o ? OutcomeLabels.Label(o) : null), (Words.Get("Calls.Tag"), Filter.Tag),
            (Words.Get("Calls.MinScore"), Filter.MinScore?.ToString(CultureInfo.CurrentCulture)), (Words.Get("Calls.MaxScore"), Filter.MaxScore?.ToString(CultureInfo.CurrentCulture)),
        }.Where(f => !string.IsNullOrEmpty(f.Value)).Select(f => (f.Name, f.Value!)).ToList();

    private string? SideLabel => SearchQuery.TryParseSide(Side, out var s) ? SideWord(s)
        : _results?.Query.Side is { } qs ? SideWord(qs) : null;

    private static string SideWord(SearchSide side) => Words.Get(side == SearchSide.Operator ? "Search.ByOperator" : "Search.ByCustomer");

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

    private void PageChanged(int page) => Nav.NavigateTo(Nav.GetUriWithQueryParameter("page", page == 1 ? null : page));


    private static string SpeakerLabel(SearchHit hit) => hit.Source switch
    {
        SearchHit.Utterance => Words.Get(hit.IsOperator == true ? "Speaker.Operator" : "Speaker.Customer"),
        SearchHit.Tag => Words.Get("Search.Memo"),
        SearchHit.Comment => Words.Get("Search.Comment"),
        _ => Words.Get("Detail.Minutes"),
    };

    private static MudBlazor.Color SpeakerColor(SearchHit hit) => hit.Source switch
    {
        SearchHit.Utterance => hit.IsOperator == true ? MudBlazor.Color.Primary : MudBlazor.Color.Secondary,
        _ => MudBlazor.Color.Default,
    };
}
