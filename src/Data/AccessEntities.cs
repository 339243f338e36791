using Microsoft.AspNetCore.Identity;

namespace MiiTelDashboard.Data;

/// <summary>The three roles; a user has exactly one.</summary>
public static class DashboardRoles
{
    /// <summary>Everything a Manager can do, plus users, API keys, the MiiTel integration, raw deliveries, deletion and the audit log.</summary>
    public const string Admin = "Admin";

    /// <summary>Reads every call.</summary>
    public const string Manager = "Manager";

    /// <summary>Reads only the calls of its circuits and users.</summary>
    public const string Viewer = "Viewer";

    public static readonly string[] All = [Admin, Manager, Viewer];
}

/// <summary>A person who signs in to the dashboard (ASP.NET Core Identity).</summary>
public sealed class DashboardUser : IdentityUser
{
    public string? DisplayName { get; set; }

    /// <summary>A Viewer's circuits (number or name); ignored for other roles.</summary>
    public List<string> ScopeCircuits { get; set; } = [];

    /// <summary>A Viewer's users (operator name or login id); ignored for other roles.</summary>
    public List<string> ScopeUsers { get; set; } = [];

    public DateTime CreatedAt { get; set; }
}

/// <summary>A key for the read API and the calls hub. Only its SHA-256 is stored; the key itself is shown once.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The key's first characters, so a person can tell keys apart without the secret.</summary>
    public required string Prefix { get; set; }

    public required byte[] Hash { get; set; }

    /// <summary><see cref="DashboardRoles.Manager"/> (every call) or <see cref="DashboardRoles.Viewer"/> (its scope).</summary>
    public required string Role { get; set; }

    public List<string> ScopeCircuits { get; set; } = [];
    public List<string> ScopeUsers { get; set; } = [];
    public DateTime CreatedAt { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>One line of the audit log: who did what to what, when, from where.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime At { get; set; }

    /// <summary>The signed-in user's email, an API key's name, or "system".</summary>
    public required string Actor { get; set; }

    /// <summary>One of <see cref="AuditActions"/>.</summary>
    public required string Action { get; set; }

    public string? Target { get; set; }
    public string? Detail { get; set; }
    public string? RemoteIp { get; set; }
}

public static class AuditActions
{
    public const string SignIn = "sign-in";
    public const string SignInFailed = "sign-in-failed";
    public const string LockedOut = "locked-out";
    public const string SignOut = "sign-out";
    public const string PasswordChanged = "password-changed";
    public const string Setup = "setup";
    public const string UserCreated = "user-created";
    public const string UserChanged = "user-changed";
    public const string UserDeleted = "user-deleted";
    public const string PasswordReset = "password-reset";
    public const string ApiKeyCreated = "api-key-created";
    public const string ApiKeyRevoked = "api-key-revoked";
    public const string TokenRevealed = "token-revealed";
    public const string TokenRotated = "token-rotated";
    public const string CallDeleted = "call-deleted";
    public const string RetentionPurge = "retention-purge";
}
