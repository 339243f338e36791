using MiiTelDashboard.Calls;
using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security;

/// <summary>
/// A role and, for a Viewer, its scope — what an Admin gives a user or an API key. The one place
/// that knows that only a Viewer has a scope and that a Viewer without one would see nothing.
/// </summary>
public sealed record AccessGrant(string Role, IReadOnlyList<string> Circuits, IReadOnlyList<string> Users)
{
    /// <summary>A grant as stored: the scope cleaned the way <see cref="CallAccess"/> reads it, and dropped for roles that see every call.</summary>
    public static AccessGrant Of(string role, IEnumerable<string> circuits, IEnumerable<string> users)
    {
        if (role != DashboardRoles.Viewer) return new(role, [], []);
        var scope = CallAccess.Scoped(circuits, users);
        return new(role, scope.Circuits, scope.Users);
    }

    /// <summary>Why this grant cannot be given, or null when it can.</summary>
    public string? Problem(IReadOnlyCollection<string> allowedRoles)
    {
        if (!allowedRoles.Contains(Role)) return Words.Format("AdminError.Role", string.Join(Words.Get("AdminError.Or"), allowedRoles.Select(r => Words.Get("Role." + r))));
        if (Role == DashboardRoles.Viewer && Circuits.Count == 0 && Users.Count == 0)
            return Words.Get("AdminError.EmptyScope");
        return null;
    }

    public bool SameAs(AccessGrant other) =>
        Role == other.Role && Circuits.SequenceEqual(other.Circuits, StringComparer.Ordinal) && Users.SequenceEqual(other.Users, StringComparer.Ordinal);

    /// <summary>For the audit log, always in English (a record, not a page): "Manager", "Viewer of circuits A, B; users C".</summary>
    public string Describe() => Role == DashboardRoles.Viewer ? $"{Role} of {Scope(Words.English)}" : Role;

    /// <summary>What the grant sees, for the admin tables in the reader's language: "every call", "circuits A, B; users C".</summary>
    public string ScopeText => Scope(Words.Format);

    private string Scope(Func<string, object[], string> word) =>
        Role != DashboardRoles.Viewer ? word("Scope.Every", [])
        : string.Join(word("Scope.Separator", []), new[] { List(word, "Scope.Circuits", Circuits), List(word, "Scope.Users", Users) }.Where(s => s.Length > 0)) is { Length: > 0 } text ? text : word("Scope.Nothing", []);

    private static string List(Func<string, object[], string> word, string key, IReadOnlyList<string> values) =>
        values.Count == 0 ? "" : word(key, [string.Join(", ", values)]);
}
