using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Security;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Security;

/// <summary>
/// One app on a real port with two teams' calls: circuit A ("Team A", 0501111) and circuit B
/// ("Team B", 0502222), each with a transcript word of its own, and a Viewer and a Viewer API key
/// limited to circuit A.
/// </summary>
public class ScopeFixture : IAsyncLifetime
{
    private readonly DatabaseProvider _provider;

    public ScopeFixture() : this(DatabaseProvider.Sqlite) { }

    protected ScopeFixture(DatabaseProvider provider) => _provider = provider;

    public const string ViewerEmail = "viewer-a@tests.local";
    public const string ViewerKey = "mtd_viewer_key_for_circuit_a_0123456789abcdef";
    public const string CircuitA = "0501111";
    public const string CircuitB = "0502222";

    public KestrelApp App { get; private set; } = null!;
    public string ViewerPassword { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App = new KestrelApp(provider: _provider);
        await SeedCall.PostAsync(App.Factory,
            new SeedCall(AppFactory.Now.AddHours(-2)) { Circuit = CircuitA, CircuitName = "Team A", User = "Aiko" },
            new SeedCall(AppFactory.Now.AddHours(-3)) { Circuit = CircuitB, CircuitName = "Team B", User = "Bunta" });
        ViewerPassword = await App.Factory.CreateUserAsync(ViewerEmail, DashboardRoles.Viewer, circuits: ["Team A"]);

        await using var db = await App.Factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        db.ApiKeys.Add(new ApiKey
        {
            Name = "wallboard A", Prefix = ViewerKey[..8], Hash = ApiKeyAuthenticationHandler.Hash(ViewerKey),
            Role = DashboardRoles.Viewer, ScopeCircuits = [CircuitA], CreatedAt = AppFactory.Now,
        });
        await db.SaveChangesAsync();
    }

    public async Task<string> IdOfAsync(string circuit)
    {
        await using var db = await App.Factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        return await db.Details.Where(d => d.CircuitNumber == circuit).Select(d => d.Id).FirstAsync();
    }

    public HttpClient KeyClient(string key)
    {
        var client = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public Task DisposeAsync() => App.DisposeAsync().AsTask();
}

/// <summary><see cref="ScopeFixture"/> on PostgreSQL.</summary>
public sealed class PostgreSqlScopeFixture() : ScopeFixture(DatabaseProvider.PostgreSQL);
