using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Security;
using MiiTelDashboard.Tests.Infrastructure;
using static MiiTelDashboard.Tests.Security.AdminTestData;

namespace MiiTelDashboard.Tests.Security;

/// <summary><see cref="ApiKeyAdmin"/> on the real app: keys made here open the read API, with their scope, until revoked.</summary>
public sealed class AdminKeysTests : IDisposable
{
    private readonly AppFactory app = new();

    private ApiKeyAdmin Keys => app.Services.GetRequiredService<ApiKeyAdmin>();

    public void Dispose() => app.Dispose();

    private HttpClient Client(string key)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<string> CreateAsync(string name, string role, params string[] circuits)
    {
        var result = await Keys.CreateAsync(await AdminAsync(app), name, AccessGrant.Of(role, circuits, []), default);
        Assert.True(result.Succeeded, result.Error);
        return Assert.IsType<string>(result.Secret);
    }

    private static async Task<string[]> IdsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadFromJsonAsync<JsonElement>();
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("detailId").GetString()!).Order().ToArray();
    }

    [Fact]
    public async Task AManagerKey_ReadsEveryCall_AndIsStoredOnlyAsItsHash()
    {
        var (a, b) = await SeedTwoCircuitsAsync(app);

        var key = await CreateAsync("BI export", DashboardRoles.Manager);

        Assert.StartsWith(ApiKeyAdmin.KeyStart, key);
        Assert.True(key.Length >= ApiOptions.MinKeyLength);
        using var client = Client(key);
        Assert.Equal([a, b], await IdsAsync(await client.GetAsync("/api/calls")));

        // Every column of every row, read straight from the file: the hash and a short prefix, never the key.
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM ApiKeys";
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        var secretPart = key[ApiKeyAdmin.KeyStart.Length..];
        while (await reader.ReadAsync())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
            {
                var text = reader.IsDBNull(i) ? "" : reader.GetValue(i) is byte[] bytes ? Encoding.Latin1.GetString(bytes) : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!;
                Assert.False(text.Contains(secretPart[..12], StringComparison.OrdinalIgnoreCase), $"column {reader.GetName(i)} holds part of the key");
            }
            Assert.Equal(ApiKeyAuthenticationHandler.Hash(key), (byte[])reader["Hash"]);
            Assert.True(key.StartsWith((string)reader["Prefix"], StringComparison.Ordinal) && ((string)reader["Prefix"]).Length <= 10);
        }
        Assert.Equal(1, rows);
    }

    [Fact]
    public async Task AViewerKey_SeesOnlyItsScope()
    {
        var (a, _) = await SeedTwoCircuitsAsync(app);

        var key = await CreateAsync("Team A wallboard", DashboardRoles.Viewer, CircuitA);

        using var client = Client(key);
        Assert.Equal([a], await IdsAsync(await client.GetAsync("/api/calls")));
    }

    [Fact]
    public async Task ARevokedKey_Answers401_AtOnce_AndBothStepsAreAudited()
    {
        var key = await CreateAsync("Old integration", DashboardRoles.Manager);
        using var client = Client(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/calls")).StatusCode);
        var row = Assert.Single(await Keys.ListAsync(default));
        Assert.NotNull(row.LastUsedAt);

        var revoked = await Keys.RevokeAsync(await AdminAsync(app), row.Id, default);
        var again = await Keys.RevokeAsync(await AdminAsync(app), row.Id, default);

        Assert.True(revoked.Succeeded, revoked.Error);
        Assert.False(again.Succeeded);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/calls")).StatusCode);
        Assert.NotNull(Assert.Single(await Keys.ListAsync(default)).RevokedAt);
        var lines = await AuditAsync(app);
        Assert.Equal([AuditActions.ApiKeyCreated, AuditActions.ApiKeyRevoked], lines.Where(l => l.Action.StartsWith("api-key", StringComparison.Ordinal)).Select(l => l.Action));
        Assert.All(lines.Where(l => l.Action.StartsWith("api-key", StringComparison.Ordinal)), l =>
        {
            Assert.Equal(AppFactory.AdminEmail, l.Actor);
            Assert.Equal($"Old integration ({row.Prefix}…)", l.Target);
        });
        Assert.DoesNotContain(lines, l => $"{l.Target}{l.Detail}".Contains(key[ApiKeyAdmin.KeyStart.Length..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_IsRefused_ForTheAdminRole_AViewerWithoutScope_OrNoName()
    {
        var admin = await AdminAsync(app);

        var adminKey = await Keys.CreateAsync(admin, "root", AccessGrant.Of(DashboardRoles.Admin, [], []), default);
        var unscoped = await Keys.CreateAsync(admin, "nothing", AccessGrant.Of(DashboardRoles.Viewer, [], []), default);
        var unnamed = await Keys.CreateAsync(admin, "  ", AccessGrant.Of(DashboardRoles.Manager, [], []), default);

        Assert.Equal("The role must be Manager or Viewer.", adminKey.Error);
        Assert.Contains("at least one circuit or user", unscoped.Error);
        Assert.Contains("name", unnamed.Error);
        Assert.Empty(await Keys.ListAsync(default));
    }

    [Fact]
    public async Task OnlyAnAdmin_MakesKeys()
    {
        await app.CreateUserAsync("m@tests.local", DashboardRoles.Manager);

        var result = await Keys.CreateAsync(await PrincipalAsync(app, "m@tests.local"), "mine", AccessGrant.Of(DashboardRoles.Manager, [], []), default);

        Assert.Equal(AdminResult.NotAdmin, result);
        Assert.Empty(await Keys.ListAsync(default));
    }

    [Fact]
    public void NewKeys_AreLongRandomAndRecognisable()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => ApiKeyAdmin.NewKey()).ToList();

        Assert.All(keys, k => Assert.Matches("^mtd_[0-9a-f]{40}$", k));
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }
}
