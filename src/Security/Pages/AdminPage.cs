using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MiiTelDashboard.Components;
using MiiTelDashboard.Components.Localization;
using MudBlazor;

namespace MiiTelDashboard.Security.Pages;

/// <summary>
/// What the admin pages share: load once the circuit is interactive (times need the browser's
/// zone), run an action as the signed-in Admin and show its refusal in the open dialog or above
/// the table, show a new secret once, confirm before anything that cannot be undone.
/// </summary>
public abstract class AdminPage : ComponentBase
{
    public static readonly DialogOptions Dialog = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };

    [Inject] private BrowserContext BrowserContext { get; set; } = null!;
    [Inject] private IDialogService Dialogs { get; set; } = null!;
    [CascadingParameter] private Task<AuthenticationState>? AuthState { get; set; }

    private BrowserInfo? _browser;

    protected Formats Fmt => new(_browser ?? BrowserInfo.Utc);

    /// <summary>A refusal of an action taken from the table.</summary>
    protected string? Error { get; set; }

    /// <summary>A refusal of the open dialog's action, shown inside it.</summary>
    protected string? DialogError { get; set; }

    /// <summary>A password or key to show once; cleared by the next successful action or "I have copied it".</summary>
    protected (string Title, string Value)? Secret { get; set; }

    protected bool Busy { get; private set; }

    protected abstract Task LoadAsync(CancellationToken ct);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        _browser = await BrowserContext.TryGetAsync();
        if (_browser is null) return;
        await LoadAsync(CancellationToken.None);
        StateHasChanged();
    }

    protected async Task<ClaimsPrincipal> ActorAsync() => AuthState is null ? new ClaimsPrincipal() : (await AuthState).User;

    /// <summary>Runs one action as the signed-in Admin; after a success the table reloads.</summary>
    protected async Task<AdminResult> RunAsync(Func<ClaimsPrincipal, Task<AdminResult>> action, bool inDialog)
    {
        Busy = true;
        (Error, DialogError) = (null, null);
        try
        {
            var result = await action(await ActorAsync());
            if (!result.Succeeded)
            {
                if (inDialog) DialogError = result.Error;
                else Error = result.Error;
                return result;
            }
            Secret = null;
            await LoadAsync(CancellationToken.None);
            return result;
        }
        finally
        {
            Busy = false;
        }
    }

    protected async Task<bool> ConfirmAsync(string title, string message, string yes) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: Words.Get("Dialog.Cancel")) == true;
}
