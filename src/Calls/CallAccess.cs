using System.Security.Claims;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>
/// Which calls a reader may see: every call (Admin, Manager, a Manager API key), or a Viewer's scope —
/// the calls of its circuits (number or name) together with the calls of its users (operator name or
/// login id), matched the way <see cref="CallFilter"/> matches them — or nothing. It is applied in
/// the one query root (<see cref="CallSource"/>) and to live changes (<see cref="Matches"/>), so no
/// page, export, API, search or hub path can forget it. It is read from the reader's claims, which
/// sign-in and the API key handler fill (<see cref="Of"/>); anyone else sees nothing.
/// </summary>
public sealed class CallAccess
{
    /// <summary>Claim of a scoped reader's circuit (one claim per circuit).</summary>
    public const string CircuitClaim = "miitel:circuit";

    /// <summary>Claim of a scoped reader's user (one claim per user).</summary>
    public const string UserClaim = "miitel:user";

    /// <summary>The authorization policy of the read APIs and the calls hub (an API key); Security defines what it requires.</summary>
    public const string ReadApiPolicy = "ReadApi";

    public static readonly CallAccess Everything = new(true, [], []);
    public static readonly CallAccess Nothing = new(false, [], []);

    private CallAccess(bool all, string[] circuits, string[] users)
    {
        IsEverything = all;
        Circuits = circuits;
        Users = users;
    }

    public bool IsEverything { get; }
    public IReadOnlyList<string> Circuits { get; }
    public IReadOnlyList<string> Users { get; }

    /// <summary>A Viewer's scope; blank entries are dropped, and an empty scope sees nothing.</summary>
    public static CallAccess Scoped(IEnumerable<string> circuits, IEnumerable<string> users) =>
        new(false, Clean(circuits), Clean(users));

    private static string[] Clean(IEnumerable<string> values) =>
        values.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The access of a signed-in reader or API key, by role claim: Admin and Manager every call, Viewer its scope claims, anyone else nothing.</summary>
    public static CallAccess Of(ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true) return Nothing;
        if (user.IsInRole(DashboardRoles.Admin) || user.IsInRole(DashboardRoles.Manager)) return Everything;
        if (!user.IsInRole(DashboardRoles.Viewer)) return Nothing;
        return Scoped(user.FindAll(CircuitClaim).Select(c => c.Value), user.FindAll(UserClaim).Select(c => c.Value));
    }

    /// <summary>The claims that carry a Viewer's scope (see <see cref="Of"/>).</summary>
    public static IEnumerable<Claim> Claims(IEnumerable<string> circuits, IEnumerable<string> users) =>
        [.. Clean(circuits).Select(c => new Claim(CircuitClaim, c)), .. Clean(users).Select(u => new Claim(UserClaim, u))];

    /// <summary>The calls of <paramref name="q"/> this reader may see, in SQL.</summary>
    public IQueryable<CallDetail> Apply(IQueryable<CallDetail> q)
    {
        if (IsEverything) return q;
        var circuits = Circuits.ToArray();
        var users = Users.ToArray();
        return q.Where(d =>
            (d.CircuitNumber != null && circuits.Contains(d.CircuitNumber)) || (d.CircuitName != null && circuits.Contains(d.CircuitName))
            || (d.OperatorName != null && users.Contains(d.OperatorName)) || (d.OperatorLoginId != null && users.Contains(d.OperatorLoginId)));
    }

    /// <summary>Whether this reader may see <paramref name="c"/>: the same meaning as <see cref="Apply"/>, for a live change.</summary>
    public bool Matches(CallSummary c) =>
        IsEverything
        || CallFilter.CircuitKeys(c).Any(k => Circuits.Contains(k, StringComparer.Ordinal))
        || CallFilter.UserKeys(c).Any(k => Users.Contains(k, StringComparer.Ordinal));

    /// <summary>A stable text of the scope, e.g. for a cache key.</summary>
    public string Key => IsEverything ? "*" : "c:" + string.Join('\u001f', Circuits.Order(StringComparer.Ordinal)) + "|u:" + string.Join('\u001f', Users.Order(StringComparer.Ordinal));
}

public static class AuthenticationStateAccess
{
    /// <summary>The access of a component's reader (its cascading authentication state); nothing without one.</summary>
    public static async Task<CallAccess> AccessAsync(this Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? state) =>
        state is null ? CallAccess.Nothing : CallAccess.Of((await state).User);
}
