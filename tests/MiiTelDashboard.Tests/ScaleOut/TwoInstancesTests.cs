using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Live;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.ScaleOut;

/// <summary>
/// Two instances on one database and one Redis (ConnectionStrings:Redis): what one instance takes in
/// or hands out, the other one shows and accepts, as the README's "Scale out" section says.
/// </summary>
public sealed class TwoInstancesTests(TwoInstances two, BrowserFixture browser) : IClassFixture<TwoInstances>, IClassFixture<BrowserFixture>
{
    private static async Task PostAsync(AppProcess app, string detailId, int minutesAgo = 5)
    {
        using var client = TwoInstances.WebhookClient(app);
        var json = System.Text.Json.Nodes.JsonNode.Parse(new SeedCall(AppFactory.Now.AddMinutes(-minutesAgo)).Body())!.AsObject();
        json["call"]!["id"] = detailId;
        Bodies.Detail(json)["id"] = detailId;
        using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(json.Text()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{app.BaseUrl} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task<(HubConnection Connection, ConcurrentQueue<CallChanged> Received)> FollowAllAsync(AppProcess app)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(app.BaseUrl + CallsHub.Path, o => o.AccessTokenProvider = () => Task.FromResult<string?>(AppFactory.ApiKey))
            .Build();
        var received = new ConcurrentQueue<CallChanged>();
        connection.On<CallChanged>(nameof(ICallsClient.CallChanged), received.Enqueue);
        await connection.StartAsync();
        await connection.InvokeAsync(nameof(CallsHub.FollowAll));
        return (connection, received);
    }

    [Fact]
    public async Task AHubClientOnB_ReceivesACallPostedToA_AndEachClientGetsItOnce()
    {
        var (onB, receivedOnB) = await FollowAllAsync(two.B);
        await using var _ = onB;
        var (onA, receivedOnA) = await FollowAllAsync(two.A);
        await using var __ = onA;

        var call = "two-hub-" + Guid.NewGuid().ToString("N");
        await PostAsync(two.A, call);
        await Wait.UntilAsync(() => receivedOnB.Any(c => c.DetailId == call), TimeSpan.FromSeconds(20), "B's hub client gets A's call");

        // A later call from the same instance arrives after any duplicate of the first would have.
        var marker = "two-hub-marker-" + Guid.NewGuid().ToString("N");
        await PostAsync(two.A, marker);
        await Wait.UntilAsync(() => receivedOnB.Any(c => c.DetailId == marker) && receivedOnA.Any(c => c.DetailId == marker),
            TimeSpan.FromSeconds(20), "both hub clients get the marker");

        Assert.Single(receivedOnB, c => c.DetailId == call);
        Assert.Single(receivedOnA, c => c.DetailId == call);
        var change = receivedOnB.Single(c => c.DetailId == call);
        Assert.True(change.IsNew);
        Assert.Equal("Edgardo", change.OperatorName);
    }

    [Fact]
    public async Task ACookieAndAnAntiforgeryTokenIssuedByA_AreAcceptedByB()
    {
        // Cookies are per host, not per port: one container carries A's cookies to B, as a browser behind one address would.
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies };
        using var toA = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(two.A.BaseUrl) };
        using var toB = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(two.B.BaseUrl) };

        // The sign-in form (and its antiforgery cookie and token) from A, posted to B.
        var form = await toA.GetStringAsync("/account/login");
        using var signIn = await toB.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SignIn.AntiforgeryToken(form),
            ["_handler"] = "login",
            ["Email"] = AppFactory.AdminEmail,
            ["Password"] = AppFactory.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        // The authentication cookie B issued, accepted by A (and by B itself).
        using var pageOnA = await toA.GetAsync("/calls");
        Assert.Equal(HttpStatusCode.OK, pageOnA.StatusCode);
        using var pageOnB = await toB.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.OK, pageOnB.StatusCode);
    }

    [Fact]
    public async Task ASignedInCallsPageOnB_ShowsACallPostedToA_Live()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(two.B.BaseUrl, errors);
        await PostAsync(two.B, "two-page-seed-" + Guid.NewGuid().ToString("N"), minutesAgo: 30);
        await page.GotoAsync("/calls");
        await page.Locator("a[data-testid=call-link]").First.WaitForAsync(new() { Timeout = 30_000 });

        var call = "two-page-" + Guid.NewGuid().ToString("N");
        await PostAsync(two.A, call, minutesAgo: 1);

        var firstRow = page.Locator("[data-testid=calls-grid] tbody tr").First;
        await Assertions.Expect(firstRow.Locator("a[data-testid=call-link]")).ToHaveAttributeAsync("href", $"/calls/{call}", new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot("two-instances-calls-live") });
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }
}

/// <summary>The control: without Redis, two instances share only the database, which is what one instance needs (the default).</summary>
public sealed class TwoInstancesWithoutRedisTests(TwoInstancesWithoutRedis two) : IClassFixture<TwoInstancesWithoutRedis>
{
    [Fact]
    public async Task ACookieIssuedByA_IsNotAcceptedByB_ForTheirKeysAreTheirOwn()
    {
        var cookies = new CookieContainer();
        using var handler = new SocketsHttpHandler { AllowAutoRedirect = false, CookieContainer = cookies };
        using var toA = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(two.A.BaseUrl) };
        using var toB = new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri(two.B.BaseUrl) };
        Assert.Equal(HttpStatusCode.Redirect, (await SignIn.PostAsync(toA, AppFactory.AdminEmail, AppFactory.AdminPassword)).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await toA.GetAsync("/calls")).StatusCode);
        using var onB = await toB.GetAsync("/calls");
        Assert.Equal(HttpStatusCode.Redirect, onB.StatusCode);
        Assert.Contains("/account/login", onB.Headers.Location?.ToString(), StringComparison.Ordinal);
    }
}
