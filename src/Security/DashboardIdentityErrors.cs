using Microsoft.AspNetCore.Identity;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Security;

/// <summary>
/// Identity's messages that the setup, change-password and accounts pages show (password rules, a
/// taken or invalid email) in the reader's language; English keeps Identity's own wording.
/// </summary>
public sealed class DashboardIdentityErrors : IdentityErrorDescriber
{
    private static bool Japanese => Languages.Current == Languages.Japanese;

    private static IdentityError Localized(IdentityError english, string key, params object[] arguments) =>
        Japanese ? new IdentityError { Code = english.Code, Description = Words.Format(key, arguments) } : english;

    public override IdentityError PasswordTooShort(int length) => Localized(base.PasswordTooShort(length), "Identity.PasswordTooShort", length);
    public override IdentityError PasswordRequiresUniqueChars(int uniqueChars) => Localized(base.PasswordRequiresUniqueChars(uniqueChars), "Identity.PasswordRequiresUniqueChars", uniqueChars);
    public override IdentityError PasswordMismatch() => Localized(base.PasswordMismatch(), "Identity.PasswordMismatch");
    public override IdentityError DuplicateEmail(string email) => Localized(base.DuplicateEmail(email), "Identity.DuplicateEmail", email);
    public override IdentityError DuplicateUserName(string userName) => Localized(base.DuplicateUserName(userName), "Identity.DuplicateEmail", userName);
    public override IdentityError InvalidEmail(string? email) => Localized(base.InvalidEmail(email), "Identity.InvalidEmail", email ?? "");
    public override IdentityError InvalidUserName(string? userName) => Localized(base.InvalidUserName(userName), "Identity.InvalidEmail", userName ?? "");
}
