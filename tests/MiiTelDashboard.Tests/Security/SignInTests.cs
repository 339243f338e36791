using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Security;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Security;

public sealed class SignInTests
{
    private static HttpClient Anonymous(AppFactory app) => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    [Fact]
    public async Task SignIn_WithTheRightPassword_SetsAnHttpOnlyLaxCookie_AndOpensTheOverview()
    {
        using var app = new AppFactory();
        using var client = Anonymous(app);

        using var response = await SignIn.PostAsync(client, AppFactory.AdminEmail, AppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("miitel.auth=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
        using var overview = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, overview.StatusCode);
    }

    [Fact]
    public async Task SignInPage_IsAPlainForm_ThatWorksWithoutScripts()
    {
        using var app = new AppFactory();
        var html = await Anonymous(app).GetStringAsync("/account/login");

        Assert.Contains("<form method=\"post\"", html);
        Assert.Contains("name=\"Email\"", html);
        Assert.Contains("name=\"Password\"", html);
        // Static rendering: no Blazor circuit is started for this page.
        Assert.DoesNotContain("\"type\":\"server\"", html);
    }

    [Fact]
    public async Task AWrongPassword_ShowsAMessage_AndAReturnUrlElsewhere_IsIgnored()
    {
        using var app = new AppFactory();
        using var client = Anonymous(app);

        using var wrong = await SignIn.PostAsync(client, AppFactory.AdminEmail, "not the password at all");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("The email or password is not right.", await wrong.Content.ReadAsStringAsync());

        var form = await client.GetStringAsync("/account/login?returnUrl=https://evil.example/");
        Assert.Contains("name=\"ReturnUrl\" value=\"/\"", form);
        Assert.Equal("/", LocalUrl.OrHome("//evil.example/x"));
        Assert.Equal("/", LocalUrl.OrHome("/\\evil.example"));
        Assert.Equal("/calls?period=all", LocalUrl.OrHome("/calls?period=all"));
    }

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_With429AndRetryAfter_EvenForTheRightPassword()
    {
        using var app = new AppFactory();
        using var client = Anonymous(app);
        for (var i = 0; i < 4; i++)
            Assert.Equal(HttpStatusCode.OK, (await SignIn.PostAsync(client, AppFactory.AdminEmail, "wrong password " + i)).StatusCode);

        using var fifth = await SignIn.PostAsync(client, AppFactory.AdminEmail, "wrong password 5");
        using var right = await SignIn.PostAsync(client, AppFactory.AdminEmail, AppFactory.AdminPassword);

        Assert.Equal((HttpStatusCode)429, fifth.StatusCode);
        Assert.Equal((HttpStatusCode)429, right.StatusCode);
        Assert.InRange(right.Headers.RetryAfter!.Delta!.Value.TotalMinutes, 1, 15);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnAddressThatKeepsFailing_IsThrottled_429WithRetryAfter_WhileAnotherAddressSignsIn()
    {
        await using var app = new KestrelApp(f => f.With("SignIn:FailuresPerAddress", "3"));
        using var attacker = ClientFrom(app.BaseUrl, "127.0.0.2");
        using var colleague = ClientFrom(app.BaseUrl, "127.0.0.3");
        for (var i = 0; i < 3; i++)
            await SignIn.PostAsync(attacker, "nobody-" + i + "@tests.local", "wrong password here");

        using var blocked = await SignIn.PostAsync(attacker, AppFactory.AdminEmail, AppFactory.AdminPassword);
        using var fine = await SignIn.PostAsync(colleague, AppFactory.AdminEmail, AppFactory.AdminPassword);

        Assert.Equal((HttpStatusCode)429, blocked.StatusCode);
        Assert.NotNull(blocked.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed sign-ins", await blocked.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, fine.StatusCode);
    }

    /// <summary>A client whose connections come from <paramref name="localAddress"/> (any 127.x address is this machine).</summary>
    private static HttpClient ClientFrom(string baseUrl, string localAddress) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        CookieContainer = new(),
        ConnectCallback = async (context, ct) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(localAddress), 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = new Uri(baseUrl) };

    [Fact]
    public async Task FirstRun_WithoutAUser_PrintsASetupCode_AndSetupMakesTheFirstAdmin_ThenIsGone()
    {
        using var app = new AppFactory().With("Setup:AdminEmail", null).With("Setup:AdminPassword", null);
        using var client = Anonymous(app);
        var code = app.Services.GetRequiredService<SetupCode>().Current;
        Assert.NotNull(code);
        Assert.Contains(app.Logs, l => l.Contains(code, StringComparison.Ordinal));
        Assert.Contains("/setup", await client.GetStringAsync("/account/login"));

        using var wrongCode = await PostSetupAsync(client, "000000-000000", "first@tests.local", "first admin passphrase");
        Assert.Equal(HttpStatusCode.BadRequest, wrongCode.StatusCode);
        using var weak = await PostSetupAsync(client, code, "first@tests.local", "short");
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        using var created = await PostSetupAsync(client, code, "first@tests.local", "first admin passphrase");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        // Gone: a 404, which the status-code page turns into the sign-in page for someone not signed in.
        using var gone = await Anonymous(app).GetAsync("/setup");
        Assert.True(gone.StatusCode is HttpStatusCode.NotFound || gone.Headers.Location?.OriginalString.Contains("/account/login") == true, $"{(int)gone.StatusCode}");
        Assert.DoesNotContain("setup-form", await gone.Content.ReadAsStringAsync());
        Assert.False(app.Services.GetRequiredService<SetupCode>().IsOpen);
        Assert.Null(app.Services.GetRequiredService<SetupCode>().TryTake(code));
        using var signedIn = await app.SignedInClientAsync("first@tests.local", "first admin passphrase");
    }

    private static async Task<HttpResponseMessage> PostSetupAsync(HttpClient client, string code, string email, string password)
    {
        var form = await client.GetStringAsync("/setup");
        return await client.PostAsync("/setup", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = form.Contains("__RequestVerificationToken", StringComparison.Ordinal) ? SignIn.AntiforgeryToken(form) : "",
            ["_handler"] = "setup", ["SetupCodeText"] = code, ["Email"] = email, ["Password"] = password, ["Confirm"] = password,
        }));
    }

    [Fact]
    public void AConfiguredApiKeyShorterThan32Characters_StopsTheStart()
    {
        using var app = new AppFactory().With("Api:Keys:0", "short-key-1234");

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());
        Assert.Contains("at least 32 characters", error.ToString());
    }

    [Fact]
    public async Task ChangingThePassword_KeepsThisBrowserSignedIn_AndTheOldPasswordStopsWorking()
    {
        using var app = new AppFactory();
        using var client = await app.SignedInClientAsync();
        var form = await client.GetStringAsync("/account/password");

        using var changed = await client.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignIn.AntiforgeryToken(form), ["_handler"] = "password",
            ["Current"] = AppFactory.AdminPassword, ["New"] = "a brand new passphrase", ["Confirm"] = "a brand new passphrase",
        }));

        Assert.Contains("Your password is changed", await changed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SignIn.PostAsync(Anonymous(app), AppFactory.AdminEmail, AppFactory.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostAsync(Anonymous(app), AppFactory.AdminEmail, "a brand new passphrase")).StatusCode);
    }

    [Fact]
    public async Task SigningOut_EndsTheSession_AndIsAudited()
    {
        using var app = new AppFactory();
        using var client = await app.SignedInClientAsync();
        var page = await client.GetStringAsync("/account/password");

        using var signedOut = await client.PostAsync(SecurityExtensions.LogoutPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignIn.AntiforgeryToken(page),
        }));

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        using var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        var audit = await app.Services.GetRequiredService<AuditLog>().LatestAsync(null, CancellationToken.None);
        Assert.Contains(audit, a => a.Action == AuditActions.SignIn && a.Actor == AppFactory.AdminEmail);
        Assert.Contains(audit, a => a.Action == AuditActions.SignOut && a.Actor == AppFactory.AdminEmail);
    }

    [Fact]
    public async Task SigningOut_WithoutTheFormsToken_IsRefused_AndTheSessionStays()
    {
        using var app = new AppFactory();
        using var client = await app.SignedInClientAsync();

        using var forged = await client.PostAsync(SecurityExtensions.LogoutPath, new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("antiforgery", await forged.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task AViewer_IsRefusedTheIntegrationPage_WhichHoldsTheToken()
    {
        using var app = new AppFactory();
        var password = await app.CreateUserAsync("viewer@tests.local", DashboardRoles.Viewer, circuits: ["x"]);
        using var viewer = await app.SignedInClientAsync("viewer@tests.local", password);
        using var admin = await app.SignedInClientAsync();

        using var refused = await viewer.GetAsync("/integration");
        using var allowed = await admin.GetAsync("/integration");

        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/account/denied", refused.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        foreach (var path in new[] { "/", "/calls", "/search", "/users", "/circuits", "/account/password", "/account/denied" })
            Assert.DoesNotContain(AppFactory.WebhookToken, await (await viewer.GetAsync(path)).Content.ReadAsStringAsync());
    }
}
