using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;
using MiiTelDashboard.Security;
using MudBlazor;

namespace MiiTelDashboard.Shell;

/// <summary>
/// Japanese and English: the culture of a request comes from the culture cookie, then the browser's
/// Accept-Language, else English; a Blazor circuit keeps the culture of the request that started it,
/// so the app bar's switch reloads the page. The read API, the hub and problem answers do not use it.
/// </summary>
public static class LanguageExtensions
{
    public static IHostApplicationBuilder AddLanguages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddLocalization();
        builder.Services.AddTransient<MudLocalizer, DashboardMudLocalizer>();
        builder.Services.Configure<RequestLocalizationOptions>(o =>
        {
            string[] cultures = [.. Languages.Supported];
            o.SetDefaultCulture(Languages.English).AddSupportedCultures(cultures).AddSupportedUICultures(cultures);
            // "ja-JP" in Accept-Language reads as ja; the query string is not a way in (links stay shareable across languages).
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return builder;
    }

    public static WebApplication UseLanguages(this WebApplication app)
    {
        app.UseRequestLocalization();
        // The app bar's switch and the sign-in page's: a form POST with the antiforgery token.
        app.MapPost(Languages.SwitchPath, async ([FromForm] string? language, [FromForm] string? returnUrl, HttpContext context, UserManager<DashboardUser> users, IAntiforgery antiforgery) =>
        {
            // Checked here (the middleware's check is turned off below): its refusal is an empty 400 that the
            // status-code page turns into a sign-in redirect. A page of another site must not change a user's language.
            if (!await antiforgery.IsRequestValidAsync(context))
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid form", detail: "The form's antiforgery token is missing or wrong: reload the page and try again.");
            if (Languages.Normalize(language) is not { } chosen)
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unknown language", detail: "language must be 'en' or 'ja'.");
            Languages.WriteCookie(context.Response, chosen, context.Request.IsHttps);
            if (context.User.Identity?.IsAuthenticated == true && await users.GetUserAsync(context.User) is { } user)
                await Languages.SaveAsync(users, user, chosen);
            return Results.LocalRedirect(LocalUrl.OrHome(returnUrl));
        }).DisableAntiforgery().AllowAnonymous();
        return app;
    }
}
