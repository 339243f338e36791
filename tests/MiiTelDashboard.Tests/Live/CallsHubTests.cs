using MiiTelDashboard.Calls;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.SignalR.Client;
using MiiTelDashboard.Live;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Live;

public sealed class CallsHubTests : IAsyncLifetime
{
    private KestrelApp _app = null!;
    private HttpClient _webhook = null!;

    public Task InitializeAsync()
    {
        _app = new KestrelApp();
        _webhook = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        _webhook.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _webhook.Dispose();
        await _app.DisposeAsync();
    }

    private async Task<(HubConnection Connection, ConcurrentQueue<CallChanged> Received)> ConnectAsync(string? key = AppFactory.ApiKey)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(_app.BaseUrl + CallsHub.Path, o => o.AccessTokenProvider = () => Task.FromResult(key))
            .Build();
        var received = new ConcurrentQueue<CallChanged>();
        connection.On<CallChanged>(nameof(ICallsClient.CallChanged), received.Enqueue);
        await connection.StartAsync();
        return (connection, received);
    }

    private async Task PostAsync(string id, string circuit, string? loginId = null)
    {
        var body = Bodies.Call(id, d =>
        {
            d["circuit_number"] = circuit;
            d["circuit_name"] = "Team " + circuit;
            if (loginId is not null) d["participants"]![0]!["login_id"] = loginId;
        });
        var response = await _webhook.PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task FollowingACircuit_ShouldDeliverItsCalls_WithListFields_AndNotOthers()
    {
        var (connection, received) = await ConnectAsync();
        await using var _ = connection;
        await connection.InvokeAsync(nameof(CallsHub.FollowCircuit), "0501111");

        await PostAsync("other-circuit", "0509999");
        await PostAsync("followed", "0501111");

        await Wait.UntilAsync(() => received.Any(c => c.DetailId == "followed"), because: "the followed circuit's call arrives");
        var change = Assert.Single(received);
        Assert.Equal("followed", change.DetailId);
        Assert.True(change.IsNew);
        Assert.Equal(1, change.Version);
        Assert.Equal("0501111", change.CircuitNumber);
        Assert.Equal("Team 0501111", change.CircuitName);
        Assert.Equal("Edgardo", change.OperatorName);
        Assert.Equal("connected", change.Outcome);
        Assert.Equal("OUTGOING_CALL", change.CallType);
        Assert.Equal(53, change.DurationSeconds);
        Assert.Equal(0.5575, change.Tlr);
        Assert.Equal(["Left Message"], change.Tags);
        Assert.Equal(new DateTime(2022, 12, 21, 22, 31, 56, DateTimeKind.Utc), change.StartedAt);
    }

    [Fact]
    public async Task FollowingAUserByLoginId_ShouldDeliverTheirCalls_AndAnUpdateAsNotNew()
    {
        var (connection, received) = await ConnectAsync();
        await using var _ = connection;
        await connection.InvokeAsync(nameof(CallsHub.FollowUser), "edgardo@example.jp");

        await PostAsync("someone-else", "0501111");
        await PostAsync("mine", "0501111", loginId: "edgardo@example.jp");
        var update = Bodies.Call("mine", d =>
        {
            d["circuit_number"] = "0501111";
            d["circuit_name"] = "Team 0501111";
            d["participants"]![0]!["login_id"] = "edgardo@example.jp";
            d["analysis"]!["score"] = 88.0;
        });
        await _webhook.PostAsync("/webhooks/miitel", AppFactory.Json(update.Text()));

        await Wait.UntilAsync(() => received.Count(c => c.DetailId == "mine") == 2, because: "the new call and its update arrive");
        Assert.All(received, c => Assert.Equal("mine", c.DetailId));
        var ordered = received.ToArray();
        Assert.True(ordered[0].IsNew);
        Assert.False(ordered[1].IsNew);
        Assert.Equal(2, ordered[1].Version);
        Assert.Equal(88.0, ordered[1].Score);
    }

    [Fact]
    public async Task ADuplicateDelivery_ShouldNotBeBroadcastAgain()
    {
        var (connection, received) = await ConnectAsync();
        await using var _ = connection;
        await connection.InvokeAsync(nameof(CallsHub.FollowAll));

        await PostAsync("dup", "0501111");
        await PostAsync("dup", "0501111");
        await PostAsync("marker", "0501111");

        await Wait.UntilAsync(() => received.Any(c => c.DetailId == "marker"));
        Assert.Equal(["dup", "marker"], received.Select(c => c.DetailId));
    }

    [Fact]
    public async Task WithoutAnApiKey_TheHubShouldRefuseTheConnection()
    {
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(key: null));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        var wrong = await Assert.ThrowsAsync<HttpRequestException>(() => ConnectAsync(key: "wrong"));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
    }
}
