using System.Net.Http.Headers;
using MiiTelDashboard.Tests.Deploy;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.ScaleOut;

/// <summary>
/// Two instances of the published app, as the README's "Scale out" runs them behind a load balancer: two
/// processes on one PostgreSQL database (a fresh one in the tests' throwaway cluster) and, unless made
/// without it, one real redis-server. Each has its own data folder, so nothing reaches the other through
/// files: what they share goes through the database or Redis.
/// </summary>
public class TwoInstances : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "miitel-two-" + Guid.NewGuid().ToString("N"));
    private readonly bool _withRedis;
    private string? _database;

    protected TwoInstances(bool withRedis) => _withRedis = withRedis;

    public TwoInstances() : this(withRedis: true) { }

    public RedisServer? Redis { get; private set; }
    public AppProcess A { get; private set; } = null!;
    public AppProcess B { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var dll = await PublishedApp.DllAsync();
        _database = await PostgresServer.CreateDatabaseAsync();
        if (_withRedis)
        {
            Redis = new RedisServer();
            await Redis.InitializeAsync();
        }
        // One after the other: the first migrates the database and makes the Admin, the second finds both done.
        A = await StartAsync("a", dll);
        B = await StartAsync("b", dll);
    }

    private Task<AppProcess> StartAsync(string name, string dll)
    {
        var data = Path.Combine(_folder, name);
        var settings = new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Calls"] = _database!,
            ["Data__Directory"] = data,
            ["Setup__AdminEmail"] = AppFactory.AdminEmail,
            ["Setup__AdminPassword"] = AppFactory.AdminPassword,
            ["SignIn__FailuresPerAddress"] = "1000",
        };
        if (Redis is not null) settings["ConnectionStrings__Redis"] = Redis.ConnectionString;
        return AppProcess.StartAsync(Path.Combine(_folder, "unused.db"), settings, dll);
    }

    public static HttpClient WebhookClient(AppProcess app)
    {
        var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        return client;
    }

    public async Task DisposeAsync()
    {
        A?.Dispose();
        B?.Dispose();
        if (Redis is not null) await Redis.DisposeAsync();
        if (_database is not null) await PostgresServer.DropDatabaseAsync(_database);
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}

/// <summary>The same two instances without Redis: one process each, as today, sharing only the database.</summary>
public sealed class TwoInstancesWithoutRedis() : TwoInstances(withRedis: false);
