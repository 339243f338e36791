using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Security;

namespace MiiTelDashboard.Live;

/// <summary>What the hub calls on its clients.</summary>
public interface ICallsClient
{
    Task CallChanged(CallChanged change);
}

/// <summary>
/// <c>/hubs/calls</c>: a stream of stored call changes for wallboards, bots and other
/// non-Blazor clients. A connection receives nothing until it follows something, and only
/// what its key's access allows: a scoped key follows "all" as each of its circuits and users (a
/// change is sent once to the union of groups, so that is exactly its scope), and may follow
/// only circuits and users inside its scope.
/// </summary>
[Authorize(Policy = SecurityExtensions.ReadApiPolicy)]
public sealed class CallsHub : Hub<ICallsClient>
{
    public const string Path = "/hubs/calls";

    private CallAccess Access => CallAccess.Of(Context.User);

    public Task FollowAll() => Each(Groups.AddToGroupAsync);
    public Task UnfollowAll() => Each(Groups.RemoveFromGroupAsync);

    /// <summary>Follows a circuit by its number or its name.</summary>
    public Task FollowCircuit(string circuit) => Groups.AddToGroupAsync(Context.ConnectionId, CallGroups.Circuit(Allowed(circuit, Access.Circuits)));
    public Task UnfollowCircuit(string circuit) => Groups.RemoveFromGroupAsync(Context.ConnectionId, CallGroups.Circuit(Require(circuit)));

    /// <summary>Follows a user (operator) by name or login id.</summary>
    public Task FollowUser(string user) => Groups.AddToGroupAsync(Context.ConnectionId, CallGroups.User(Allowed(user, Access.Users)));
    public Task UnfollowUser(string user) => Groups.RemoveFromGroupAsync(Context.ConnectionId, CallGroups.User(Require(user)));

    private async Task Each(Func<string, string, CancellationToken, Task> change)
    {
        var access = Access;
        if (access.IsEverything)
        {
            await change(Context.ConnectionId, CallGroups.All, default);
            return;
        }
        foreach (var group in access.Circuits.Select(CallGroups.Circuit).Concat(access.Users.Select(CallGroups.User)))
            await change(Context.ConnectionId, group, default);
    }

    private string Allowed(string value, IReadOnlyList<string> scope)
    {
        var name = Require(value);
        if (!Access.IsEverything && !scope.Contains(name, StringComparer.Ordinal))
            throw new HubException($"'{name}' is outside this key's access.");
        return name;
    }

    private static string Require(string value) =>
        string.IsNullOrWhiteSpace(value) ? throw new HubException("A circuit or user must be named.") : value.Trim();
}

public static class CallGroups
{
    public const string All = "all";
    public static string Circuit(string circuit) => "circuit:" + circuit;
    public static string User(string user) => "user:" + user;

    /// <summary>Every group a change is sent to: all, each name of its circuit and each name of its user (<see cref="CallFilter"/>'s keys).</summary>
    public static IReadOnlyList<string> For(CallChanged change) =>
        [All, .. CallFilter.CircuitKeys(change).Select(Circuit), .. CallFilter.UserKeys(change).Select(User)];
}

/// <summary>Forwards the call feed to the hub's groups; a slow hub client only ever affects itself.</summary>
internal sealed class CallsHubRelay(
    [FromKeyedServices(CallsHubRelay.FeedKey)] ICallFeed feed, IHubContext<CallsHub, ICallsClient> hub, ILogger<CallsHubRelay> logger) : IHostedService
{
    /// <summary>The key of the <see cref="ICallFeed"/> whose changes the hub sends.</summary>
    public const string FeedKey = "hub-relay";

    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = feed.Subscribe(async changes =>
        {
            foreach (var change in changes)
            {
                try
                {
                    // One send to the union of groups, so a client in several groups gets the change once.
                    await hub.Clients.Groups(CallGroups.For(change)).CallChanged(change);
                }
                catch (Exception e)
                {
                    logger.LogWarning(e, "Relaying call {DetailId} to hub clients failed.", change.DetailId);
                }
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
