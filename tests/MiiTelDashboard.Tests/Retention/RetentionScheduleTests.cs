using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Data;
using MiiTelDashboard.Retention;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Retention;

/// <summary>
/// The purge as the running app does it on its own, over a database file that earlier runs of the
/// app wrote (on an earlier clock, for deliveries that are days old when the later app starts).
/// </summary>
public sealed class RetentionScheduleTests
{
    /// <summary>Runs the app on <paramref name="target"/>'s database file before <paramref name="target"/> starts, with its clock at <paramref name="clock"/>.</summary>
    private static async Task EarlierRunAsync(AppFactory target, DateTime clock, Func<AppFactory, Task> act)
    {
        await using var earlier = new AppFactory()
            .With("ConnectionStrings:Calls", $"Data Source={target.DatabasePath}")
            .With("Clock:StartAt", clock.ToString("O", CultureInfo.InvariantCulture));
        await act(earlier);
    }

    private static async Task PostAsync(HttpClient client, string body, HttpStatusCode expected)
    {
        using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(body));
        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task<List<Delivery>> DeliveriesAsync(AppFactory app, int atLeast)
    {
        List<Delivery> rows = [];
        await Wait.UntilAsync(async () =>
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
            rows = await db.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
            return rows.Count >= atLeast;
        }, because: $"{atLeast} delivery log rows");
        return rows;
    }

    [Fact]
    public async Task TheAppPurges_ShortlyAfterStart_WithoutBeingAsked()
    {
        await using var app = new AppFactory().With("Retention:Days", "90").With("Retention:StartDelay", "00:00:00");
        await EarlierRunAsync(app, AppFactory.Now, async earlier =>
        {
            using var webhook = earlier.WebhookClient();
            await PostAsync(webhook, RetentionSeed.Call("old-1", RetentionSeed.Old, "oldword").Text(), HttpStatusCode.OK);
            await PostAsync(webhook, RetentionSeed.Call("recent-1", RetentionSeed.Recent, "recentword").Text(), HttpStatusCode.OK);
        });

        using var api = app.ApiClient();
        await Wait.UntilAsync(async () => (await api.GetAsync("/api/calls/old-1")).StatusCode == HttpStatusCode.NotFound,
            TimeSpan.FromSeconds(30), "the purge at start deletes the call of 400 days ago");

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/calls/recent-1")).StatusCode);
        Assert.Equal(0, await RetentionSeed.SearchRowsAsync(app, "oldword"));
    }

    [Fact]
    public async Task RefusedDeliveries_ExpireAfterRejectedDeliveryDays_WhileAcceptedOnesStayWithTheirCalls()
    {
        await using var app = new AppFactory().With("Retention:RejectedDeliveryDays", "7").With("Retention:StartDelay", "1.00:00:00");
        // Deliveries of 8 days ago (past the 7) and of 6 days ago, each day one accepted and one rejected with its body
        // (refused authentications are only counted, never stored: see WebhookRefusals).
        foreach (var daysAgo in new[] { 8, 6 })
        {
            await EarlierRunAsync(app, AppFactory.Now.AddDays(-daysAgo), async earlier =>
            {
                using var webhook = earlier.WebhookClient();
                await PostAsync(webhook, RetentionSeed.Call($"call-{daysAgo}", RetentionSeed.Recent, "word").Text(), HttpStatusCode.OK);
                await PostAsync(webhook, "{\"call\": \"not a call " + daysAgo + "\"", HttpStatusCode.BadRequest);
                await DeliveriesAsync(earlier, atLeast: daysAgo == 8 ? 2 : 4);
            });
        }
        var before = await DeliveriesAsync(app, atLeast: 4);
        Assert.Contains(before, d => d.Result == DeliveryResults.Rejected && d.Body is not null && d.Body.Contains("not a call 8", StringComparison.Ordinal));

        var result = await app.Services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None);

        Assert.Equal(1, result.RefusedDeliveries);
        Assert.Null(result.CallCutoff);
        var after = await DeliveriesAsync(app, atLeast: 3);
        var kept = after.Select(d => $"{d.Result} {Math.Round((AppFactory.Now - d.ReceivedAt).TotalDays)}d").Order(StringComparer.Ordinal);
        Assert.Equal(["accepted 6d", "accepted 8d", "rejected 6d"], kept);
        Assert.DoesNotContain(after, d => d.Body?.Contains("not a call 8", StringComparison.Ordinal) == true);
        using var api = app.ApiClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/calls/call-8")).StatusCode);
    }

    [Fact]
    public async Task WithDays_TheDeliveryLogKeepsNothingOlder_WhateverItsResult()
    {
        // Refused rows kept forever by their own setting, yet older than Retention:Days.
        await using var app = new AppFactory().With("Retention:Days", "7").With("Retention:RejectedDeliveryDays", "0").With("Retention:StartDelay", "1.00:00:00");
        await EarlierRunAsync(app, AppFactory.Now.AddDays(-8), async earlier =>
        {
            using var webhook = earlier.WebhookClient();
            await PostAsync(webhook, Bodies.ChallengeText, HttpStatusCode.OK);
            await PostAsync(webhook, "[]", HttpStatusCode.BadRequest);
            await DeliveriesAsync(earlier, atLeast: 2);
        });
        using (var webhook = app.WebhookClient())
            await PostAsync(webhook, "[]", HttpStatusCode.BadRequest);
        await DeliveriesAsync(app, atLeast: 3);

        var result = await app.Services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None);

        Assert.Equal(2, result.OldDeliveries);
        Assert.Equal(0, result.RefusedDeliveries);
        var left = Assert.Single(await DeliveriesAsync(app, atLeast: 1));
        Assert.Equal(DeliveryResults.Rejected, left.Result);
        Assert.True(AppFactory.Now - left.ReceivedAt < TimeSpan.FromHours(1));
    }

    [Theory]
    [InlineData("Retention:Days", "-1")]
    [InlineData("Retention:RejectedDeliveryDays", "-7")]
    [InlineData("Retention:BatchSize", "0")]
    public void ABadSetting_FailsStartUp_NamingTheKey(string key, string value)
    {
        using var app = new AppFactory().With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is OptionsValidationException invalid)
            {
                Assert.Contains(key, invalid.Message);
                return;
            }
        }
        Assert.Fail($"Start-up failed, but not on the options: {error}");
    }
}
