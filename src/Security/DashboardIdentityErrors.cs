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

    // The rest of Identity's messages: most cannot happen with this app's options (no external logins,
    // no recovery codes, no character-class rules), but a message that does reach a page is then never English.
    public override IdentityError DefaultError() => Localized(base.DefaultError(), "Identity.DefaultError");
    public override IdentityError ConcurrencyFailure() => Localized(base.ConcurrencyFailure(), "Identity.ConcurrencyFailure");
    public override IdentityError UserAlreadyInRole(string role) => Localized(base.UserAlreadyInRole(role), "Identity.UserAlreadyInRole", Role(role));
    public override IdentityError UserNotInRole(string role) => Localized(base.UserNotInRole(role), "Identity.UserNotInRole", Role(role));
    public override IdentityError InvalidRoleName(string? role) => Localized(base.InvalidRoleName(role), "Identity.InvalidRoleName", role ?? "");
    public override IdentityError DuplicateRoleName(string role) => Localized(base.DuplicateRoleName(role), "Identity.DuplicateRoleName", role);
    public override IdentityError InvalidToken() => Localized(base.InvalidToken(), "Identity.InvalidToken");
    public override IdentityError LoginAlreadyAssociated() => Localized(base.LoginAlreadyAssociated(), "Identity.LoginAlreadyAssociated");
    public override IdentityError RecoveryCodeRedemptionFailed() => Localized(base.RecoveryCodeRedemptionFailed(), "Identity.RecoveryCodeRedemptionFailed");
    public override IdentityError UserLockoutNotEnabled() => Localized(base.UserLockoutNotEnabled(), "Identity.UserLockoutNotEnabled");
    public override IdentityError UserAlreadyHasPassword() => Localized(base.UserAlreadyHasPassword(), "Identity.UserAlreadyHasPassword");
    public override IdentityError PasswordRequiresNonAlphanumeric() => Localized(base.PasswordRequiresNonAlphanumeric(), "Identity.PasswordRequiresNonAlphanumeric");
    public override IdentityError PasswordRequiresDigit() => Localized(base.PasswordRequiresDigit(), "Identity.PasswordRequiresDigit");
    public override IdentityError PasswordRequiresLower() => Localized(base.PasswordRequiresLower(), "Identity.PasswordRequiresLower");
    public override IdentityError PasswordRequiresUpper() => Localized(base.PasswordRequiresUpper(), "Identity.PasswordRequiresUpper");

    // A role the app knows reads as the pages name it (閲覧者); any other stays as it is.
    private static string Role(string role) => Words.Get("Role." + role) is var label && label != "Role." + role ? label : role;
}
