using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Catalog;
using MiiTelDashboard.Components.Charts;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Calls;

/// <summary>
/// One leg of a call. Loads after the first render (the browser's time zone is known then),
/// honours <c>#t=SECONDS</c> through a small JS module, and reloads when a later delivery
/// changes this detail or another leg of the same call.
/// </summary>
public sealed partial class CallDetailPage
{
    public const string ModulePath = "./src/Calls/CallDetailPage.razor.js";
    /// <summary>A later delivery shows at once after a quiet spell, then at most once per interval.</summary>
    public static readonly TimeSpan LiveInterval = TimeSpan.FromMilliseconds(400);

    [Parameter] public string DetailId { get; set; } = "";

    /// <summary>The address of a call's page (this page's route), optionally at a moment: <c>#t=SECONDS</c> is the shared contract of jumps.</summary>
    public static string Url(string detailId, double? at = null) =>
        "/calls/" + Uri.EscapeDataString(detailId) + (at is { } t ? "#t=" + t.ToString("0.###", CultureInfo.InvariantCulture) : "");

    [Inject] private CallDetailQuery Query { get; set; } = null!;
    [Inject] private ICallFeed Feed { get; set; } = null!;
    [Inject] private BrowserContext BrowserContext { get; set; } = null!;
    [Inject] private LiveRender LiveRender { get; set; } = null!;
    [Inject] private IJSRuntime JS { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private CallDetailView? _call;
    private ChartSpec _timeline = new();
    private bool _notFound;
    private bool _updated;
    private BrowserInfo? _browser;
    private ElementReference _transcript;
    private IJSObjectReference? _module;
    private IJSObjectReference? _hashWatcher;
    private LiveFollower? _live;
    private string? _loadedId;
    private bool _attachPending;
    private bool _disposed;
    private CancellationTokenSource _cts = new();

    private Formats Fmt => new(_browser ?? BrowserInfo.Utc);

    private string Title => _call is null ? Words.Get("Detail.Call") : $"{CallTypes.Label(_call.CallType)} {(_call.OperatorName is { } u ? "· " + u : "")}";

    private static string BackUrl => "/calls";

    protected override async Task OnParametersSetAsync()
    {
        // Moving from one leg to another re-uses the component: load the new id.
        if (_browser is not null && _loadedId != DetailId) await LoadAsync(reset: true);
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _browser = await BrowserContext.TryGetAsync();
            if (_browser is null) return;
            await LoadAsync(reset: true);
            if (!_disposed) _live = new LiveFollower(Feed, Time, LiveInterval, LiveInterval, IsThisCall, InvokeAsync, ApplyLiveAsync);
            StateHasChanged();
            return;
        }
        if (_attachPending && _call is not null)
        {
            _attachPending = false;
            await AttachTranscriptAsync();
        }
    }

    private async Task LoadAsync(bool reset)
    {
        var id = DetailId;
        var previous = _call;
        _call = await Query.GetAsync(await AuthenticationState.AccessAsync(), id, _cts.Token);
        _loadedId = id;
        _notFound = _call is null;
        _updated = !reset && previous is not null && _call is not null && _call.Version != previous.Version;
        if (_call is not null) _timeline = CallTimeline.Build(_call);
        _attachPending = true;
    }

    private async Task AttachTranscriptAsync()
    {
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            if (_hashWatcher is null) _hashWatcher = await _module.InvokeAsync<IJSObjectReference>("attach", _transcript);
            else await _hashWatcher.InvokeVoidAsync("refresh");
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private async Task JumpAsync(double seconds)
    {
        if (_hashWatcher is null) return;
        try
        {
            await _hashWatcher.InvokeVoidAsync("jump", seconds);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>A later delivery of this leg, or of another leg of the same call.</summary>
    private bool IsThisCall(CallChanged c) =>
        _call is { } call && (c.DetailId == call.Id || (call.CallId is not null && c.CallId == call.CallId));

    private async Task ApplyLiveAsync(IReadOnlyList<CallChanged> changes)
    {
        await LoadAsync(reset: false);
        LiveRender.Render(StateHasChanged);
    }

    private static ParticipantView? OperatorOf(CallDetailView c) => c.Participants.FirstOrDefault(p => p.IsOperator);

    private static ParticipantView? CustomerOf(CallDetailView c) => c.Participants.FirstOrDefault(p => !p.IsOperator);

    private static string SpeakerLabel(ParticipantView? p, string role) => p?.Name is { Length: > 0 } name ? $"{name}" : role;

    private double? PerMinute(int? count) => _call is { } c ? ScoreExplanation.PerMinute(count, c.DurationSeconds) : null;

    private static string Css(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Minutes as text: a JSON string as it is, anything else indented (shape varies between MiiTel versions).</summary>
    internal static string? MinutesText(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind switch
            {
                JsonValueKind.String => doc.RootElement.GetString() is { Length: > 0 } s ? s : null,
                JsonValueKind.Null => null,
                _ => JsonSerializer.Serialize(doc.RootElement, IndentedJson),
            };
        }
        catch (JsonException)
        {
            return json;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        _live?.Dispose();
        _cts.Cancel();
        try
        {
            if (_hashWatcher is not null)
            {
                await _hashWatcher.InvokeVoidAsync("dispose");
                await _hashWatcher.DisposeAsync();
            }
            if (_module is not null) await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
        }
        _cts.Dispose();
    }
}
