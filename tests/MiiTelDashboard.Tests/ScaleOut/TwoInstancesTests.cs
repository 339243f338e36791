using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Live;
using MiiTelDashboard.ScaleOut;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;
using StackExchange.Redis;

namespace MiiTelDashboard.Tests.ScaleOut;

/// <summary>
/// Two instances on one database and one Redis (ConnectionStrings:Redis): what one instance takes in
/// or hands out, the other one shows and accepts, as the README's "Scale out" section says.
/// </summary>
public sealed class TwoInstancesTests(TwoInstances two, BrowserFixture browser) : IClassFixture<TwoInstances>, IClassFixture<BrowserFixture>
{
    internal static async Task PostAsync(AppProcess app, string detailId, int minutesAgo = 5)
    {
        using var client = TwoInstances.WebhookClient(app);
        var json = System.Text.Json.Nodes.JsonNode.Parse(new SeedCall(AppFactory.Now.AddMinutes(-minutesAgo)).Body())!.AsObject();
        json["call"]!["id"] = detailId;
        Bodies.Detail(json)["id"] = detailId;
        using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(json.Text()));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{app.BaseUrl} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    internal static async Task<(HubConnection Connection, ConcurrentQueue<CallChanged> Received)> FollowAllAsync(AppProcess app)
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
    public Task ASignedInCallsPageOnB_ShowsACallPostedToA_Live() => CallsPageShowsLiveAsync(browser, two.B, two.A, "two-instances-calls-live");

    /// <summary>A signed-in Calls page on <paramref name="pageOn"/> shows a call posted to <paramref name="postTo"/> as its new first row.</summary>
    internal static async Task CallsPageShowsLiveAsync(BrowserFixture browser, AppProcess pageOn, AppProcess postTo, string screenshot)
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(pageOn.BaseUrl, errors);
        await PostAsync(pageOn, "two-page-seed-" + Guid.NewGuid().ToString("N"), minutesAgo: 30);
        await page.GotoAsync("/calls");
        await page.Locator("a[data-testid=call-link]").First.WaitForAsync(new() { Timeout = 30_000 });

        var call = "two-page-" + Guid.NewGuid().ToString("N");
        await PostAsync(postTo, call, minutesAgo: 1);

        var firstRow = page.Locator("[data-testid=calls-grid] tbody tr").First;
        await Assertions.Expect(firstRow.Locator("a[data-testid=call-link]")).ToHaveAttributeAsync("href", $"/calls/{call}", new() { Timeout = 20_000 });
        await page.ScreenshotAsync(new() { Path = BrowserFixture.Screenshot(screenshot) });
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

/// <summary>Redis away when both instances start: they start anyway, say so on /health, and scale out once it is there.</summary>
public sealed class RedisAwayAtStartTests(TwoInstancesBeforeRedis two, BrowserFixture browser) : IClassFixture<TwoInstancesBeforeRedis>, IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task BothInstancesStart_Unhealthy_ThenOnceRedisIsUp_AreHealthy_AndShareLiveUpdates()
    {
        using var toA = new HttpClient { BaseAddress = new Uri(two.A.BaseUrl) };
        using var toB = new HttpClient { BaseAddress = new Uri(two.B.BaseUrl) };
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await toA.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await toB.GetAsync("/health")).StatusCode);

        // Both have given up a first attempt to subscribe (the connection's backlog would otherwise carry it over Redis's start).
        await Wait.UntilAsync(() => two.A.Output.Contains("Redis is away", StringComparison.Ordinal) && two.B.Output.Contains("Redis is away", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "both instances' first subscription attempts fail");

        await two.Redis!.InitializeAsync();

        await Wait.UntilAsync(async () => (await toA.GetAsync("/health")).StatusCode == HttpStatusCode.OK
                && (await toB.GetAsync("/health")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "both instances are healthy once Redis is there");
        // Each instance's call feed (what its pages show live) subscribes to the channel once Redis is there.
        await using var observer = await ConnectionMultiplexer.ConnectAsync(two.Redis.ConnectionString);
        var server = observer.GetServer(observer.GetEndPoints()[0]);
        await Wait.UntilAsync(async () => await server.SubscriptionSubscriberCountAsync(RedisChannel.Literal(RedisCallFeed.ChannelName)) == 2,
            TimeSpan.FromSeconds(30), "both instances subscribe to the call feed's channel");

        var (onB, receivedOnB) = await TwoInstancesTests.FollowAllAsync(two.B);
        await using var _ = onB;
        var call = "after-redis-" + Guid.NewGuid().ToString("N");
        await TwoInstancesTests.PostAsync(two.A, call);
        await Wait.UntilAsync(() => receivedOnB.Any(c => c.DetailId == call), TimeSpan.FromSeconds(20), "B's hub client gets A's call through Redis");
        // The hub's way is SignalR's backplane; the pages' is the call feed's own subscription.
        await TwoInstancesTests.CallsPageShowsLiveAsync(browser, two.B, two.A, "redis-away-at-start-calls-live");
    }
}
