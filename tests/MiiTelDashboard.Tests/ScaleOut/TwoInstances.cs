using System.Net.Http.Headers;
using MiiTelDashboard.Tests.Deploy;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.ScaleOut;

/// <summary>
/// Two instances of the published app, as the README's "Scale out" runs them behind a load balancer: two
/// processes on one PostgreSQL database (a fresh one in the tests' throwaway cluster) and, unless made
/// without it, one real redis-server. Each has its own data folder, so nothing reaches the other through
/// files: what they share goes through the database or Redis. A class fixture, or (<see cref="StartAsync"/>)
/// a test's own pair, for a test that counts every row or kills an instance.
/// </summary>
public class TwoInstances : IAsyncLifetime, IAsyncDisposable
{
    /// <summary>What the instances find of Redis when they start.</summary>
    public enum RedisAtStart
    {
        /// <summary>No <c>ConnectionStrings:Redis</c>: the one-instance default.</summary>
        None,
        Running,
        /// <summary>Configured, with nothing listening yet: the test starts <see cref="Redis"/> when it wants it there.</summary>
        Away,
    }

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "miitel-two-" + Guid.NewGuid().ToString("N"));
    private readonly RedisAtStart _redis;
    private string? _database;

    protected TwoInstances(RedisAtStart redis) => _redis = redis;

    public TwoInstances() : this(RedisAtStart.Running) { }

    /// <summary>A pair of its own for one test, with Redis running; dispose it at the test's end.</summary>
    public static async Task<TwoInstances> StartAsync()
    {
        var two = new TwoInstances();
        try
        {
            await two.InitializeAsync();
            return two;
        }
        catch
        {
            await two.DisposeAsync();
            throw;
        }
    }

    public RedisServer? Redis { get; private set; }
    public AppProcess A { get; private set; } = null!;
    public AppProcess B { get; private set; } = null!;

    /// <summary>The connection string of the database both instances use.</summary>
    public string Database => _database ?? throw new InvalidOperationException("Not started.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var dll = await PublishedApp.DllAsync();
        _database = await PostgresServer.CreateDatabaseAsync();
        if (_redis != RedisAtStart.None)
        {
            Redis = _redis == RedisAtStart.Away ? RedisServer.NotYetStarted() : new RedisServer();
            if (_redis == RedisAtStart.Running) await Redis.InitializeAsync();
        }
        // Both at once on the empty database, as a scaled-out deployment starts: the startup lock makes one
        // migrate it and make the Admin while the other waits, then finds both done.
        var starting = new[] { "a", "b" }.Select(name => StartInstanceAsync(name, dll)).ToArray();
        try
        {
            await Task.WhenAll(starting);
        }
        catch
        {
            // One failed: the other, if it started, must not outlive the test run.
            foreach (var started in starting.Where(t => t.IsCompletedSuccessfully)) started.Result.Dispose();
            throw;
        }
        A = starting[0].Result;
        B = starting[1].Result;
    }

    private Task<AppProcess> StartInstanceAsync(string name, string dll)
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
        // With Redis away /health says Unhealthy: the app is up once it answers at all.
        return AppProcess.StartAsync(Path.Combine(_folder, "unused.db"), settings, dll, healthy: _redis != RedisAtStart.Away);
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

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same two instances without Redis: one process each, as today, sharing only the database.</summary>
public sealed class TwoInstancesWithoutRedis() : TwoInstances(RedisAtStart.None);

/// <summary>The two instances configured for Redis, started while it is away.</summary>
public sealed class TwoInstancesBeforeRedis() : TwoInstances(RedisAtStart.Away);
