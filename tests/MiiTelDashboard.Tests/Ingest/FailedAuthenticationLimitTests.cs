using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// Failed authentication is rate-limited per source address (MiiTel:Webhook:FailedAuthLimit per
/// FailedAuthWindow), with 429 — never 503, which MiiTel would retry forever — and a request with the
/// right credentials is never held back, even from an address that is locked out.
/// </summary>
public sealed class FailedAuthenticationLimitTests : WebhookTestBase
{
    private const int Limit = 3;

    protected override void Configure(AppFactory factory) => factory
        .With("MiiTel:Webhook:FailedAuthLimit", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .With("MiiTel:Webhook:FailedAuthWindow", "00:01:00");

    private async Task<HttpResponseMessage> PostWrongAsync()
    {
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-the-token");
        return await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()));
    }

    private RefusedAttempts Refused => App.Services.GetRequiredService<WebhookRefusals>().Snapshot();

    [Fact]
    public async Task AfterTheLimit_AFailedAttempt_ShouldBe429WithRetryAfter_AsProblemJson()
    {
        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await PostWrongAsync()).StatusCode);

        var throttled = await PostWrongAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(1), throttled.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", throttled.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Too many failed attempts", (await ReadJsonAsync(throttled)).GetProperty("title").GetString());
        var refused = Refused;
        Assert.Equal((Limit + 1L, 1L), (refused.Count, refused.Throttled));
        Assert.Equal("The Authorization header does not carry valid credentials.", refused.LastReason);
    }

    [Fact]
    public async Task TheRightCredentials_DuringALockoutOfTheSameAddress_ShouldBeStored()
    {
        for (var i = 0; i <= Limit; i++) await PostWrongAsync();
        Assert.Equal(HttpStatusCode.TooManyRequests, (await PostWrongAsync()).StatusCode);

        var right = await PostAsync(Bodies.Call("during-lockout").Text());

        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.NotNull(await LoadDetailAsync("during-lockout"));
        // Refusals are counted, not logged: the delivery log holds only the stored call.
        Assert.Equal("accepted", Assert.Single(await DeliveriesAsync(1)).Result);
    }

    [Fact]
    public async Task RequestsWithTheRightCredentials_ShouldTakeNoPermits()
    {
        for (var i = 0; i < 10; i++) Assert.Equal(HttpStatusCode.OK, (await PostAsync(Bodies.Call().Text())).StatusCode);

        for (var i = 0; i < Limit; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await PostWrongAsync()).StatusCode);
        Assert.Equal(0, Refused.Throttled);
    }
}

/// <summary>The limiter and counter alone, with the addresses a test host cannot give a request.</summary>
public sealed class WebhookRefusalsTests
{
    private static WebhookRefusals Create(int limit) => new(
        Microsoft.Extensions.Options.Options.Create(new WebhookOptions { FailedAuthLimit = limit, FailedAuthWindow = TimeSpan.FromMinutes(1) }),
        TimeProvider.System);

    [Fact]
    public void FailuresFromOneAddress_ShouldNotThrottleAnother()
    {
        using var refusals = Create(limit: 2);
        var attacker = IPAddress.Parse("198.51.100.7");
        Assert.Null(refusals.Fail(attacker, "wrong"));
        Assert.Null(refusals.Fail(attacker, "wrong"));
        Assert.Equal(TimeSpan.FromMinutes(1), refusals.Fail(attacker, "wrong"));

        Assert.Null(refusals.Fail(IPAddress.Parse("203.0.113.9"), "missing"));
        var snapshot = refusals.Snapshot();
        Assert.Equal((4L, 1L, "203.0.113.9", "missing"), (snapshot.Count, snapshot.Throttled, snapshot.LastFrom, snapshot.LastReason));
    }

    [Theory]
    [InlineData("::ffff:198.51.100.7", "198.51.100.7")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::/64")]
    public void AnIPv6Host_ShouldNotEscapeByRotatingItsLowBits_AndMappedIPv4IsIPv4(string address, string partition) =>
        Assert.Equal(partition, MiiTelDashboard.Security.FailureThrottle.Key(IPAddress.Parse(address)));
}
