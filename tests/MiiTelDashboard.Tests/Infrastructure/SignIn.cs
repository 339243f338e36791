using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace MiiTelDashboard.Tests.Infrastructure;

/// <summary>Signs in through the real sign-in form: GET it for the antiforgery token, POST email and password.</summary>
public static partial class SignIn
{
    [GeneratedRegex("""name="__RequestVerificationToken" value="([^"]+)""")]
    private static partial Regex AntiforgeryField();

    public static string AntiforgeryToken(string html) =>
        AntiforgeryField().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : throw new InvalidOperationException("No antiforgery token in:\n" + html);

    /// <summary>Posts the form with an <see cref="HttpClient"/> that keeps cookies; the answer is a redirect on success.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string email, string password, string path = "/account/login")
    {
        var form = await client.GetStringAsync(path);
        return await client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = AntiforgeryToken(form),
            ["_handler"] = "login",
            ["Email"] = email,
            ["Password"] = password,
        }));
    }

    /// <summary>Signs a browser context in (its request context shares the context's cookies).</summary>
    public static async Task BrowserAsync(IBrowserContext context, string email = AppFactory.AdminEmail, string password = AppFactory.AdminPassword)
    {
        var form = await (await context.APIRequest.GetAsync("/account/login")).TextAsync();
        var response = await context.APIRequest.PostAsync("/account/login", new APIRequestContextOptions
        {
            MaxRedirects = 0,
            Form = context.APIRequest.CreateFormData()
                .Append("__RequestVerificationToken", AntiforgeryToken(form))
                .Append("_handler", "login")
                .Append("Email", email)
                .Append("Password", password),
        });
        if (response.Status != 302)
        {
            var body = await response.TextAsync();
            throw new InvalidOperationException($"Browser sign-in as {email} answered {response.Status}: {body[..Math.Min(body.Length, 600)]}");
        }
    }
}
