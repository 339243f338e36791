using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Live;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Security;

/// <summary>A Viewer of circuit A reads circuit A's calls and never one of circuit B, by any path but the browser's (see ViewerScopeBrowserTests).</summary>
public abstract class ViewerScopeTests(ScopeFixture scope)
{
    /// <summary>Counts stop before the calls the hub test posts live, so no test depends on another's having run.</summary>
    private static readonly string SeededUntil = Uri.EscapeDataString(AppFactory.Now.AddHours(-1).ToString("O"));

    [Fact]
    public async Task ReadApi_ListsOnlyTheKeysScope()
    {
        using var client = scope.KeyClient(ScopeFixture.ViewerKey);
        var json = JsonDocument.Parse(await client.GetStringAsync("/api/calls?from=2000-01-01&to=" + SeededUntil)).RootElement;

        Assert.Equal(1, json.GetProperty("total").GetInt32());
        Assert.Equal(ScopeFixture.CircuitA, json.GetProperty("items")[0].GetProperty("circuitNumber").GetString());
    }

    [Fact]
    public async Task ReadApi_ACallOfAnotherCircuit_IsNotFound_EvenByItsId()
    {
        using var client = scope.KeyClient(ScopeFixture.ViewerKey);

        using var b = await client.GetAsync("/api/calls/" + await scope.IdOfAsync(ScopeFixture.CircuitB));
        using var a = await client.GetAsync("/api/calls/" + await scope.IdOfAsync(ScopeFixture.CircuitA));

        Assert.Equal(HttpStatusCode.NotFound, b.StatusCode);
        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
    }

    [Fact]
    public async Task ReadApi_FilteringForAnotherCircuit_FindsNothing()
    {
        using var client = scope.KeyClient(ScopeFixture.ViewerKey);
        var json = JsonDocument.Parse(await client.GetStringAsync($"/api/calls?circuit={ScopeFixture.CircuitB}&from=2000-01-01")).RootElement;

        Assert.Equal(0, json.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Search_FindsOnlyTheScopesCalls()
    {
        using var viewer = scope.KeyClient(ScopeFixture.ViewerKey);
        using var manager = scope.KeyClient(AppFactory.ApiKey);
        // Both calls carry the sample's transcript; the Manager's key finds both, the Viewer's only A.
        var all = JsonDocument.Parse(await manager.GetStringAsync("/api/search?q=Midtown&to=" + SeededUntil)).RootElement;
        var scoped = JsonDocument.Parse(await viewer.GetStringAsync("/api/search?q=Midtown&to=" + SeededUntil)).RootElement;

        Assert.Equal(2, all.GetProperty("total").GetInt32());
        Assert.Equal(1, scoped.GetProperty("total").GetInt32());
        Assert.Equal("Team A", scoped.GetProperty("items")[0].GetProperty("circuitName").GetString());
    }

    [Fact]
    public async Task CsvExport_OfASignedInViewer_HoldsOnlyTheScope()
    {
        using var client = await scope.App.Factory.SignedInClientAsync(ScopeFixture.ViewerEmail, scope.ViewerPassword);
        using var response = await client.GetAsync("/calls/export.csv?period=all");
        var csv = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Team A", csv);
        Assert.DoesNotContain("Team B", csv);
        Assert.DoesNotContain("Bunta", csv);
    }

    [Fact]
    public async Task CsvExport_OfTheAdmin_HoldsBoth()
    {
        using var client = await scope.App.Factory.SignedInClientAsync();
        var csv = await client.GetStringAsync("/calls/export.csv?period=all");

        Assert.Contains("Team A", csv);
        Assert.Contains("Team B", csv);
    }

    [Fact]
    public async Task Hub_AScopedKey_FollowingAll_ReceivesOnlyItsScope_AndMayNotFollowAnotherCircuit()
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(scope.App.BaseUrl + CallsHub.Path, o => o.AccessTokenProvider = () => Task.FromResult<string?>(ScopeFixture.ViewerKey))
            .Build();
        await using var _ = connection;
        var received = new ConcurrentQueue<CallChanged>();
        connection.On<CallChanged>(nameof(ICallsClient.CallChanged), received.Enqueue);
        await connection.StartAsync();
        await connection.InvokeAsync(nameof(CallsHub.FollowAll));

        var refused = await Assert.ThrowsAsync<HubException>(() => connection.InvokeAsync(nameof(CallsHub.FollowCircuit), ScopeFixture.CircuitB));
        Assert.Contains("outside", refused.Message);

        await SeedCall.PostAsync(scope.App.Factory,
            new SeedCall(AppFactory.Now.AddMinutes(-5)) { Circuit = ScopeFixture.CircuitB, CircuitName = "Team B", User = "Bunta-live" },
            new SeedCall(AppFactory.Now.AddMinutes(-4)) { Circuit = ScopeFixture.CircuitA, CircuitName = "Team A", User = "Aiko-live" });
        await Wait.UntilAsync(() => received.Any(c => c.OperatorName == "Aiko-live"), TimeSpan.FromSeconds(10), "circuit A's live call reaches the scoped key");

        Assert.DoesNotContain(received, c => c.CircuitNumber == ScopeFixture.CircuitB);
    }

    [Fact]
    public async Task ARevokedOrUnknownKey_Is401()
    {
        using var unknown = scope.KeyClient("mtd_not_a_key_0123456789abcdef0123456789");
        using var response = await unknown.GetAsync("/api/calls");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public sealed class OnSqlite(ScopeFixture scope) : ViewerScopeTests(scope), IClassFixture<ScopeFixture>;
    public sealed class OnPostgreSql(PostgreSqlScopeFixture scope) : ViewerScopeTests(scope), IClassFixture<PostgreSqlScopeFixture>;
}
