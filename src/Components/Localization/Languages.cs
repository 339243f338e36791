using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Components.Localization;

/// <summary>
/// The dashboard's two languages and where a choice is kept: the culture cookie (read first, then
/// Accept-Language) and, for a signed-in user, an Identity user claim, so the choice follows the
/// user to another browser. A claim needs no schema change (AspNetUserClaims exists).
/// </summary>
public static class Languages
{
    public const string English = "en";
    public const string Japanese = "ja";
    public const string ClaimType = "miitel:culture";

    /// <summary>Where the language switches post (the app bar's and the sign-in pages').</summary>
    public const string SwitchPath = "/account/language";

    public static readonly IReadOnlyList<string> Supported = [English, Japanese];

    /// <summary>A supported language name, or null for anything else (so a posted value is never trusted as is).</summary>
    public static string? Normalize(string? name) =>
        Supported.FirstOrDefault(s => string.Equals(s, name?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static bool IsJapanese(CultureInfo culture) => culture.TwoLetterISOLanguageName == Japanese;

    /// <summary>The language the current request or circuit reads in.</summary>
    public static string Current => IsJapanese(CultureInfo.CurrentUICulture) ? Japanese : English;

    /// <summary>The culture that writes dates and numbers when the browser's own culture speaks another language.</summary>
    public static CultureInfo FormattingCulture(string language) =>
        CultureInfo.GetCultureInfo(language == Japanese ? "ja-JP" : "en-US");

    public static void WriteCookie(HttpResponse response, string language, bool secure) =>
        response.Cookies.Append(CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(language)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, Secure = secure, SameSite = SameSiteMode.Lax, Path = "/" });

    /// <summary>Keeps <paramref name="language"/> on the user as their one <see cref="ClaimType"/> claim.</summary>
    public static async Task SaveAsync(UserManager<DashboardUser> users, DashboardUser user, string language)
    {
        var existing = (await users.GetClaimsAsync(user)).Where(c => c.Type == ClaimType).ToList();
        if (existing.Count == 1 && existing[0].Value == language) return;
        if (existing.Count > 0) await users.RemoveClaimsAsync(user, existing);
        await users.AddClaimAsync(user, new Claim(ClaimType, language));
    }

    /// <summary>The user's stored language, if they ever chose one.</summary>
    public static async Task<string?> StoredAsync(UserManager<DashboardUser> users, DashboardUser user) =>
        Normalize((await users.GetClaimsAsync(user)).FirstOrDefault(c => c.Type == ClaimType)?.Value);
}
