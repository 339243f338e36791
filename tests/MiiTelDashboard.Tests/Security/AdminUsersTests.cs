using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Security;
using MiiTelDashboard.Tests.Infrastructure;
using static MiiTelDashboard.Tests.Security.AdminTestData;

namespace MiiTelDashboard.Tests.Security;

/// <summary><see cref="UserAdmin"/> on the real app: each test its own database, signing in through the real form.</summary>
public sealed class AdminUsersTests : IDisposable
{
    private readonly AppFactory app = new();

    private UserAdmin Admin => app.Services.GetRequiredService<UserAdmin>();

    private static AccessGrant Viewer(params string[] circuits) => AccessGrant.Of(DashboardRoles.Viewer, circuits, []);
    private static readonly AccessGrant Manager = AccessGrant.Of(DashboardRoles.Manager, [], []);
    private static readonly AccessGrant AdminRole = AccessGrant.Of(DashboardRoles.Admin, [], []);

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Create_WithAGeneratedPassword_ReturnsItOnce_TheUserSignsInWithIt_AndTheLogNeverHoldsIt()
    {
        var result = await Admin.CreateAsync(await AdminAsync(app), new NewUserRequest(" viewer@tests.local ", "Team A lead", Viewer(CircuitA, " ", CircuitA)), default);

        Assert.True(result.Succeeded, result.Error);
        var password = Assert.IsType<string>(result.Secret);
        Assert.True(password.Length >= 12);
        using var client = await app.SignedInClientAsync("viewer@tests.local", password);

        var row = Assert.Single(await Admin.ListAsync(default), u => u.Email == "viewer@tests.local");
        Assert.Equal(("Team A lead", DashboardRoles.Viewer), (row.DisplayName, row.Access.Role));
        Assert.Equal([CircuitA], row.Access.Circuits);
        var line = Assert.Single(await AuditAsync(app, AuditActions.UserCreated));
        Assert.Equal((AppFactory.AdminEmail, "viewer@tests.local"), (line.Actor, line.Target));
        Assert.Contains("Viewer of circuits " + CircuitA, line.Detail);
        Assert.DoesNotContain(await AuditAsync(app), a => $"{a.Target}{a.Detail}".Contains(password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_WithATypedPassword_NeedsTwelveCharacters_AndReturnsNoSecret()
    {
        var admin = await AdminAsync(app);

        var shortOne = await Admin.CreateAsync(admin, new NewUserRequest("m@tests.local", null, Manager, "short pass"), default);
        var typed = await Admin.CreateAsync(admin, new NewUserRequest("m@tests.local", null, Manager, "twelve chars ok"), default);

        Assert.False(shortOne.Succeeded);
        Assert.Contains("12", shortOne.Error);
        Assert.True(typed.Succeeded, typed.Error);
        Assert.Null(typed.Secret);
        using var client = await app.SignedInClientAsync("m@tests.local", "twelve chars ok");
    }

    [Fact]
    public async Task Create_IsRefused_ForAViewerWithoutScope_ATakenEmail_OrABadEmail()
    {
        var admin = await AdminAsync(app);

        var noScope = await Admin.CreateAsync(admin, new NewUserRequest("v@tests.local", null, Viewer()), default);
        var taken = await Admin.CreateAsync(admin, new NewUserRequest(AppFactory.AdminEmail, null, Manager), default);
        var bad = await Admin.CreateAsync(admin, new NewUserRequest("not an email", null, Manager), default);

        Assert.Contains("at least one circuit or user", noScope.Error);
        Assert.Contains("taken", taken.Error);
        Assert.False(bad.Succeeded);
        Assert.Single(await Admin.ListAsync(default));
    }

    [Fact]
    public async Task Change_SetsRoleAndScope_ChangesTheStamp_AndAuditsWhatChanged()
    {
        await app.CreateUserAsync("v@tests.local", DashboardRoles.Viewer, circuits: [CircuitA]);
        var id = (await Admin.ListAsync(default)).Single(u => u.Email == "v@tests.local").Id;
        var stamp = await StampAsync(app, "v@tests.local");

        var widened = await Admin.ChangeAsync(await AdminAsync(app), id, null, Viewer(CircuitA, CircuitB), default);
        var stampAfterScope = await StampAsync(app, "v@tests.local");
        var promoted = await Admin.ChangeAsync(await AdminAsync(app), id, null, Manager, default);

        Assert.True(widened.Succeeded && promoted.Succeeded);
        Assert.NotEqual(stamp, stampAfterScope);
        Assert.NotEqual(stampAfterScope, await StampAsync(app, "v@tests.local"));
        var row = (await Admin.ListAsync(default)).Single(u => u.Email == "v@tests.local");
        Assert.Equal(DashboardRoles.Manager, row.Access.Role);
        Assert.Empty(row.Access.Circuits); // a Manager sees every call: a scope kept would only mislead
        var lines = await AuditAsync(app, AuditActions.UserChanged);
        Assert.Equal([$"circuits {CircuitA} → {CircuitA}, {CircuitB}", $"role Viewer → Manager; circuits {CircuitA}, {CircuitB} → (none)"], lines.Select(l => l.Detail));
        Assert.All(lines, l => Assert.Equal((AppFactory.AdminEmail, "v@tests.local"), (l.Actor, l.Target)));
    }

    [Fact]
    public async Task ChangingOnlyTheDisplayName_KeepsTheStamp_SoTheAdminEditingThemselfStaysSignedIn()
    {
        var self = (await Admin.ListAsync(default)).Single();
        var stamp = await StampAsync(app, AppFactory.AdminEmail);

        var renamed = await Admin.ChangeAsync(await AdminAsync(app), self.Id, "The Admin", AdminRole, default);

        Assert.True(renamed.Succeeded, renamed.Error);
        Assert.Equal("The Admin", (await Admin.ListAsync(default)).Single().DisplayName);
        Assert.Equal(stamp, await StampAsync(app, AppFactory.AdminEmail));
    }

    [Fact]
    public async Task AViewerMadeManager_SeesEveryCall_AfterSigningInAgain()
    {
        var (a, b) = await SeedTwoCircuitsAsync(app);
        var password = await app.CreateUserAsync("lead@tests.local", DashboardRoles.Viewer, circuits: [CircuitA]);
        using (var asViewer = await app.SignedInClientAsync("lead@tests.local", password))
        {
            var csv = await asViewer.GetStringAsync("/calls/export.csv?period=all");
            Assert.Contains(a, csv);
            Assert.DoesNotContain(b, csv);
        }

        var id = (await Admin.ListAsync(default)).Single(u => u.Email == "lead@tests.local").Id;
        Assert.True((await Admin.ChangeAsync(await AdminAsync(app), id, null, Manager, default)).Succeeded);

        using var asManager = await app.SignedInClientAsync("lead@tests.local", password);
        var all = await asManager.GetStringAsync("/calls/export.csv?period=all");
        Assert.Contains(a, all);
        Assert.Contains(b, all);
    }

    [Fact]
    public async Task TheLastAdmin_CanNeitherBeDemotedNorDeleted_AndNoAdminDemotesOrDeletesThemself()
    {
        var admin = await AdminAsync(app);
        var selfId = (await Admin.ListAsync(default)).Single().Id;

        var demoteLast = await Admin.ChangeAsync(admin, selfId, null, Manager, default);
        var deleteLast = await Admin.DeleteAsync(admin, selfId, default);
        await app.CreateUserAsync("second@tests.local", DashboardRoles.Admin);
        var demoteSelf = await Admin.ChangeAsync(admin, selfId, null, Manager, default);
        var deleteSelf = await Admin.DeleteAsync(admin, selfId, default);

        Assert.Equal($"{AppFactory.AdminEmail} is the last Admin: make another user Admin first.", demoteLast.Error);
        Assert.Equal(demoteLast.Error, deleteLast.Error);
        Assert.Equal("You cannot take the Admin role from yourself: another Admin must do it.", demoteSelf.Error);
        Assert.Equal("You cannot delete yourself: another Admin must do it.", deleteSelf.Error);
        Assert.Equal(2, (await Admin.ListAsync(default)).Count(u => u.Access.Role == DashboardRoles.Admin));
        Assert.Empty(await AuditAsync(app, AuditActions.UserChanged));
    }

    [Fact]
    public async Task TwoAdminsDemotingEachOtherAtOnce_LeaveOneAdmin()
    {
        await app.CreateUserAsync("second@tests.local", DashboardRoles.Admin);
        var rows = await Admin.ListAsync(default);
        var (first, second) = (rows.Single(u => u.Email == AppFactory.AdminEmail), rows.Single(u => u.Email == "second@tests.local"));

        var results = await Task.WhenAll(
            Admin.ChangeAsync(await AdminAsync(app), second.Id, null, Manager, default),
            Admin.ChangeAsync(await PrincipalAsync(app, "second@tests.local"), first.Id, null, Manager, default));

        Assert.Single(results, r => r.Succeeded);
        Assert.Equal(AdminResult.NotAdmin.Error, Assert.Single(results, r => !r.Succeeded).Error);
        Assert.Single(await Admin.ListAsync(default), u => u.Access.Role == DashboardRoles.Admin);
    }

    [Fact]
    public async Task ResetPassword_LetsTheUserSignInWithTheNewOneOnly_AndEndsALockout()
    {
        var old = await app.CreateUserAsync("m@tests.local", DashboardRoles.Manager);
        await LockAsync("m@tests.local");
        var row = (await Admin.ListAsync(default)).Single(u => u.Email == "m@tests.local");
        Assert.NotNull(row.LockedUntil);

        var result = await Admin.ResetPasswordAsync(await AdminAsync(app), row.Id, default);

        var fresh = Assert.IsType<string>(result.Secret);
        Assert.NotEqual(old, fresh);
        using var client = await app.SignedInClientAsync("m@tests.local", fresh);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignedInClientAsync("m@tests.local", old));
        var line = Assert.Single(await AuditAsync(app, AuditActions.PasswordReset));
        Assert.Equal("new generated password; lockout ended", line.Detail);
        Assert.DoesNotContain(await AuditAsync(app), a => $"{a.Target}{a.Detail}".Contains(fresh, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResetPassword_OfTheAdminThemself_PointsToChangePassword()
    {
        var self = (await Admin.ListAsync(default)).Single();

        var result = await Admin.ResetPasswordAsync(await AdminAsync(app), self.Id, default);

        Assert.Contains("Change password", result.Error);
        using var client = await app.SignedInClientAsync();
    }

    [Fact]
    public async Task Unlock_EndsALockout_AndIsAudited()
    {
        var password = await app.CreateUserAsync("m@tests.local", DashboardRoles.Manager);
        await LockAsync("m@tests.local");
        var id = (await Admin.ListAsync(default)).Single(u => u.Email == "m@tests.local").Id;

        Assert.True((await Admin.UnlockAsync(await AdminAsync(app), id, default)).Succeeded);

        Assert.Null((await Admin.ListAsync(default)).Single(u => u.Id == id).LockedUntil);
        using var client = await app.SignedInClientAsync("m@tests.local", password);
        Assert.Equal("unlocked", Assert.Single(await AuditAsync(app, AuditActions.UserChanged)).Detail);
    }

    [Fact]
    public async Task Delete_RemovesTheUser_WhoCannotSignInAgain()
    {
        var password = await app.CreateUserAsync("v@tests.local", DashboardRoles.Viewer, circuits: [CircuitA]);
        var id = (await Admin.ListAsync(default)).Single(u => u.Email == "v@tests.local").Id;

        var result = await Admin.DeleteAsync(await AdminAsync(app), id, default);
        var again = await Admin.DeleteAsync(await AdminAsync(app), id, default);

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal("This user no longer exists.", again.Error);
        await Assert.ThrowsAsync<InvalidOperationException>(() => app.SignedInClientAsync("v@tests.local", password));
        var line = Assert.Single(await AuditAsync(app, AuditActions.UserDeleted));
        Assert.Equal(("v@tests.local", $"Viewer of circuits {CircuitA}"), (line.Target, line.Detail));
    }

    [Fact]
    public async Task AnAdminDemotedMeanwhile_CanNoLongerAct_EvenWithTheOldCookiesClaims()
    {
        await app.CreateUserAsync("second@tests.local", DashboardRoles.Admin);
        var stale = await PrincipalAsync(app, "second@tests.local");
        var second = (await Admin.ListAsync(default)).Single(u => u.Email == "second@tests.local");
        Assert.True((await Admin.ChangeAsync(await AdminAsync(app), second.Id, null, Manager, default)).Succeeded);

        var result = await Admin.CreateAsync(stale, new NewUserRequest("x@tests.local", null, Manager), default);

        Assert.Equal(AdminResult.NotAdmin, result);
    }

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/admin/keys")]
    [InlineData("/admin/audit")]
    public async Task AdminPages_AreDeniedToManagersAndViewers_AndOpenForAdmins(string path)
    {
        var manager = await app.CreateUserAsync("m@tests.local", DashboardRoles.Manager);
        var viewer = await app.CreateUserAsync("v@tests.local", DashboardRoles.Viewer, circuits: [CircuitA]);

        foreach (var (email, password) in new[] { ("m@tests.local", manager), ("v@tests.local", viewer) })
        {
            using var client = await app.SignedInClientAsync(email, password);
            using var denied = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, denied.StatusCode);
            Assert.StartsWith("/account/denied", denied.Headers.Location?.PathAndQuery);
        }
        using var admin = await app.SignedInClientAsync();
        using var page = await admin.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public void NewPassword_IsLongAndUnpredictable()
    {
        var passwords = Enumerable.Range(0, 200).Select(_ => UserAdmin.NewPassword()).ToList();

        Assert.All(passwords, p => Assert.Matches("^[a-z2-9]{5}(-[a-z2-9]{5}){3}$", p));
        Assert.Equal(passwords.Count, passwords.Distinct().Count());
    }

    [Fact]
    public void AccessGrant_KeepsAScopeOnlyForAViewer_AndDescribesIt()
    {
        var viewer = AccessGrant.Of(DashboardRoles.Viewer, [" A ", "A", ""], ["tanaka@example.jp"]);
        var manager = AccessGrant.Of(DashboardRoles.Manager, ["A"], ["x"]);

        Assert.Equal("Viewer of circuits A; users tanaka@example.jp", viewer.Describe());
        Assert.Equal(("Manager", "every call"), (manager.Describe(), manager.ScopeText));
        Assert.Null(viewer.Problem(DashboardRoles.All));
        Assert.Equal("The role must be Manager or Viewer.", AccessGrant.Of(DashboardRoles.Admin, [], []).Problem(ApiKeyAdmin.Roles));
    }

    private async Task LockAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = (await users.FindByEmailAsync(email))!;
        await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15));
    }
}
