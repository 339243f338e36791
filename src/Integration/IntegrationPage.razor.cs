using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;
using MiiTelDashboard.Ingest;
using MudBlazor;

namespace MiiTelDashboard.Integration;

/// <summary>
/// Everything needed to connect MiiTel, and whether it works: the endpoint, its credentials
/// (Admins only; masked until revealed, and each reveal is audited), MiiTel Admin's steps
/// and the delivery log.
/// </summary>
public sealed partial class IntegrationPage
{
    public const int LatestCount = 50;
    private static readonly TimeSpan LiveInterval = TimeSpan.FromSeconds(1);
    private static readonly string[] Results =
        [DeliveryResults.Accepted, DeliveryResults.Duplicate, DeliveryResults.Rejected, DeliveryResults.Unauthorized, DeliveryResults.Challenge, DeliveryResults.Failed];

    [Inject] private WebhookAuthenticator Auth { get; set; } = null!;
    [Inject] private IOptions<WebhookOptions> Options { get; set; } = null!;
    [Inject] private DeliveryQueries Deliveries { get; set; } = null!;
    [Inject] private NavigationManager Nav { get; set; } = null!;
    [Inject] private BrowserContext BrowserContext { get; set; } = null!;
    [Inject] private TimeProvider Time { get; set; } = null!;
    [Inject] private ICallFeed Feed { get; set; } = null!;
    [Inject] private MiiTelDashboard.Security.AuditLog Audit { get; set; } = null!;
    [CascadingParameter] private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? AuthenticationState { get; set; }

    private bool _reveal;
    private BrowserInfo? _browser;
    private IReadOnlyList<DeliveryRow>? _latest;
    private DeliveryCounts? _day;
    private DeliveryCounts? _week;
    private LiveFollower? _live;
    private bool _disposed;

    private Formats Fmt => new(_browser ?? BrowserInfo.Utc);

    [Inject] private IDialogService Dialogs { get; set; } = null!;

    /// <summary>A new generated token, after a confirmation: MiiTel's deliveries get 401 until its headers are updated.</summary>
    private async Task RotateAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(Words.Get("Int.RotateTitle"), Words.Get("Int.RotateText"),
            yesText: Words.Get("Int.RotateYes"), cancelText: Words.Get("Dialog.Cancel"));
        if (confirmed != true) return;
        Auth.Rotate();
        _reveal = true;
        if (AuthenticationState is not null)
            await Audit.WriteAsync((await AuthenticationState).User, AuditActions.TokenRotated, "webhook token");
    }

    private async Task ToggleRevealAsync()
    {
        _reveal = !_reveal;
        if (_reveal && AuthenticationState is not null)
            await Audit.WriteAsync((await AuthenticationState).User, AuditActions.TokenRevealed, "webhook token and params_key");
    }

    private string WebhookUrl => Nav.BaseUri.TrimEnd('/') + Options.Value.Path;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _browser = await BrowserContext.TryGetAsync();
        if (_browser is null) return;
        await RefreshAsync();
        // Stored calls mean new deliveries: at once after a quiet spell, then at most once a second.
        if (!_disposed) _live = new LiveFollower(Feed, Time, LiveInterval, LiveInterval, _ => true, InvokeAsync, ApplyLiveAsync);
        StateHasChanged();
    }

    private async Task RefreshAsync()
    {
        var now = Time.GetUtcNow().UtcDateTime;
        _latest = await Deliveries.LatestAsync(LatestCount, CancellationToken.None);
        _day = await Deliveries.CountsSinceAsync(now.AddHours(-24), CancellationToken.None);
        _week = await Deliveries.CountsSinceAsync(now.AddDays(-7), CancellationToken.None);
    }

    private async Task ApplyLiveAsync(IReadOnlyList<CallChanged> changes)
    {
        await RefreshAsync();
        StateHasChanged();
    }

    /// <summary>Enough of the start to recognise the secret, never enough to use it.</summary>
    internal static string Mask(string secret) =>
        secret.Contains("Bearer ", StringComparison.Ordinal)
            ? secret[..(secret.IndexOf("Bearer ", StringComparison.Ordinal) + 7)] + "••••••••••••\"}"
            : secret.Length <= 8 ? "••••••••" : secret[..4] + new string('•', 12);

    /// <summary>The delivery log's result (accepted, duplicate, …) in the reader's language; unknown ones as stored.</summary>
    private static string ResultLabel(string result) => Words.Get("Delivery." + result) is var label && label != "Delivery." + result ? label : result;

    private static MudBlazor.Color ResultColor(string result) => result switch
    {
        DeliveryResults.Accepted => MudBlazor.Color.Success,
        DeliveryResults.Duplicate => MudBlazor.Color.Default,
        DeliveryResults.Challenge => MudBlazor.Color.Info,
        DeliveryResults.Unauthorized => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Error,
    };

    private string ByteSize(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("N1", _browser?.Culture ?? CultureInfo.InvariantCulture) + " KB",
        _ => (bytes / 1024.0 / 1024.0).ToString("N1", _browser?.Culture ?? CultureInfo.InvariantCulture) + " MB",
    };

    private static string Short(string id) => id.Length > 8 ? id[..8] + "…" : id;

    public void Dispose()
    {
        _disposed = true;
        _live?.Dispose();
    }
}
