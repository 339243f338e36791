using Microsoft.AspNetCore.Components;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Security.Pages;

/// <summary>The API keys an Admin makes and revokes; the key itself is on screen once, right after it is made.</summary>
public sealed partial class AdminKeysPage
{
    [Inject] private ApiKeyAdmin Admin { get; set; } = null!;

    private IReadOnlyList<ApiKeyRow>? _keys;
    private bool _createOpen;
    private string? _newName;
    private AccessDraft _newAccess = new();

    protected override async Task LoadAsync(CancellationToken ct) => _keys = await Admin.ListAsync(ct);

    private void OpenCreate()
    {
        (_newName, _newAccess, DialogError) = (null, new AccessDraft(), null);
        _createOpen = true;
    }

    private async Task CreateAsync()
    {
        var name = _newName?.Trim() ?? "";
        var result = await RunAsync(actor => Admin.CreateAsync(actor, name, _newAccess.ToGrant(), CancellationToken.None), inDialog: true);
        if (result.Secret is not { } key) return;
        _createOpen = false;
        Secret = (Words.Format("Keys.KeyFor", name), key);
    }

    private async Task RevokeAsync(ApiKeyRow key)
    {
        if (!await ConfirmAsync(Words.Get("Keys.RevokeTitle"), Words.Format("Keys.RevokeConfirm", key.Name, key.Prefix), Words.Get("Keys.Revoke"))) return;
        await RunAsync(actor => Admin.RevokeAsync(actor, key.Id, CancellationToken.None), inDialog: false);
    }
}
