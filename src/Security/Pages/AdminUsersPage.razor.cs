using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Security.Pages;

/// <summary>
/// The users an Admin manages: the table, and dialogs to create a user or change one; password
/// resets, unlocks and deletions after a confirmation. Every rule (the last Admin, one's own role)
/// lives in <see cref="UserAdmin"/>; the page only shows its answer.
/// </summary>
public sealed partial class AdminUsersPage
{
    [Inject] private UserAdmin Admin { get; set; } = null!;

    private IReadOnlyList<UserRow>? _users;
    private string? _selfId;

    private bool _createOpen;
    private string? _newEmail;
    private string? _newName;
    private AccessDraft _newAccess = new();
    private bool _typePassword;
    private string? _newPassword;

    private bool _editOpen;
    private UserRow? _editing;
    private string? _editName;
    private AccessDraft _editAccess = new();

    private bool CanCreate => !string.IsNullOrWhiteSpace(_newEmail) && (!_typePassword || _newPassword is { Length: > 0 });

    protected override async Task LoadAsync(CancellationToken ct)
    {
        _selfId ??= (await ActorAsync()).FindFirstValue(ClaimTypes.NameIdentifier);
        _users = await Admin.ListAsync(ct);
    }

    private void OpenCreate()
    {
        (_newEmail, _newName, _newAccess, _typePassword, _newPassword, DialogError) = (null, null, new AccessDraft(), false, null, null);
        _createOpen = true;
    }

    private async Task CreateAsync()
    {
        var email = _newEmail?.Trim() ?? "";
        var request = new NewUserRequest(email, _newName, _newAccess.ToGrant(), _typePassword ? _newPassword : null);
        var result = await RunAsync(actor => Admin.CreateAsync(actor, request, CancellationToken.None), inDialog: true);
        if (!result.Succeeded) return;
        _createOpen = false;
        _newPassword = null;
        if (result.Secret is { } password) Secret = (Words.Format("Admin.PasswordFor", email), password);
    }

    private void OpenEdit(UserRow user)
    {
        (_editing, _editName, _editAccess, DialogError) = (user, user.DisplayName, AccessDraft.From(user.Access), null);
        _editOpen = true;
    }

    private async Task SaveAsync()
    {
        if (_editing is not { } user) return;
        var result = await RunAsync(actor => Admin.ChangeAsync(actor, user.Id, _editName, _editAccess.ToGrant(), CancellationToken.None), inDialog: true);
        if (result.Succeeded) _editOpen = false;
    }

    private async Task ResetPasswordAsync(UserRow user)
    {
        if (!await ConfirmAsync(Words.Get("Admin.ResetPassword"), Words.Format("Admin.ResetConfirm", user.Email), Words.Get("Admin.ResetPassword"))) return;
        var result = await RunAsync(actor => Admin.ResetPasswordAsync(actor, user.Id, CancellationToken.None), inDialog: false);
        if (result.Secret is { } password) Secret = (Words.Format("Admin.NewPasswordFor", user.Email), password);
    }

    private async Task UnlockAsync(UserRow user) => await RunAsync(actor => Admin.UnlockAsync(actor, user.Id, CancellationToken.None), inDialog: false);

    private async Task DeleteAsync(UserRow user)
    {
        if (!await ConfirmAsync(Words.Get("Admin.DeleteUser"), Words.Format("Admin.DeleteConfirm", user.Email), Words.Get("Detail.Delete"))) return;
        await RunAsync(actor => Admin.DeleteAsync(actor, user.Id, CancellationToken.None), inDialog: false);
    }
}
