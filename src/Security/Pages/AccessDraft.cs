using MiiTelDashboard.Data;

namespace MiiTelDashboard.Security.Pages;

/// <summary>The role and scope being edited in a dialog; becomes an <see cref="AccessGrant"/> when saved.</summary>
public sealed class AccessDraft
{
    public string Role { get; set; } = DashboardRoles.Viewer;
    public List<string> Circuits { get; } = [];
    public List<string> Users { get; } = [];

    public AccessGrant ToGrant() => AccessGrant.Of(Role, Circuits, Users);

    public static AccessDraft From(AccessGrant grant)
    {
        var draft = new AccessDraft { Role = grant.Role };
        draft.Circuits.AddRange(grant.Circuits);
        draft.Users.AddRange(grant.Users);
        return draft;
    }
}
