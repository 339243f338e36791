using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file in its own temp folder, or (<see cref="DatabaseProvider.PostgreSQL"/>)
/// on its own new database of the test run's PostgreSQL cluster (<see cref="PostgresServer"/>). Each
/// instance is isolated, so tests never depend on each other's data. Call <c>UseKestrel</c> before
/// the first client for a real port (browser and SignalR tests).
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string WebhookToken = "test-webhook-token-0123456789abcdef";
    public const string ApiKey = "test-api-key-0123456789abcdef-0123456789";

    /// <summary>The first Admin, made at start from <c>Setup:*</c> (as an unattended install does).</summary>
    public const string AdminEmail = "admin@tests.local";
    public const string AdminPassword = "test admin passphrase 2026";

    /// <summary>
    /// Where the app's clock starts (<c>Clock:StartAt</c>) unless a test sets its own; it runs on in
    /// real time from there. Tests build their calls from this instant, so "today" is the same day
    /// on every run: 15:00 in Tokyo, the browsers' zone, and 06:00 UTC, far from either midnight.
    /// </summary>
    public static readonly DateTime Now = new(2026, 11, 25, 6, 0, 0, DateTimeKind.Utc);

    private readonly Dictionary<string, string?> _settings = new();

    public AppFactory() : this(DatabaseProvider.Sqlite) { }

    /// <summary>An app on <paramref name="provider"/>'s database (xunit wants one public constructor of a fixture).</summary>
    public static AppFactory For(DatabaseProvider provider) => provider == DatabaseProvider.PostgreSQL ? new PostgreSqlAppFactory() : new AppFactory();

    protected AppFactory(DatabaseProvider provider)
    {
        Provider = provider;
        DataDirectory = Path.Combine(Path.GetTempPath(), "miitel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        DatabasePath = Path.Combine(DataDirectory, "miitel.db");
        if (provider == DatabaseProvider.PostgreSQL)
        {
            // The host is built on first use, synchronously; the database must exist by then.
            PostgresConnectionString = Task.Run(PostgresServer.CreateDatabaseAsync).GetAwaiter().GetResult();
            _settings["Database:Provider"] = "PostgreSQL";
            _settings["ConnectionStrings:Calls"] = PostgresConnectionString;
            _settings["Data:Directory"] = DataDirectory;
        }
        else
        {
            _settings["ConnectionStrings:Calls"] = $"Data Source={DatabasePath}";
        }
        _settings["MiiTel:Webhook:BearerToken"] = WebhookToken;
        _settings["Api:Keys:0"] = ApiKey;
        _settings["Clock:StartAt"] = Now.ToString("O");
        _settings["Setup:AdminEmail"] = AdminEmail;
        _settings["Setup:AdminPassword"] = AdminPassword;
        // Tests sign in many times from one address; the throttle's own tests set it low.
        _settings["SignIn:FailuresPerAddress"] = "1000";
    }

    public string DataDirectory { get; }

    public DatabaseProvider Provider { get; }

    /// <summary>On PostgreSQL, this app's own database; null on SQLite.</summary>
    public string? PostgresConnectionString { get; }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _logs = new();

    /// <summary>Every line the app logged, formatted, with its exception.</summary>
    public IReadOnlyCollection<string> Logs => _logs;

    /// <summary>The real port's address once <see cref="KestrelApp"/> started the app on one.</summary>
    public Uri? KestrelAddress { get; internal set; }
    public string DatabasePath { get; }

    /// <summary>Overrides a configuration key; call before the app starts.</summary>
    public AppFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the static web assets (MudBlazor, blazor.web.js) come from the build manifest.
        builder.UseStaticWebAssets();
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(_settings));
        builder.ConfigureLogging(logging => logging.AddProvider(new ListLoggerProvider(_logs)));
        builder.UseSetting("ConnectionStrings:Calls", _settings["ConnectionStrings:Calls"]);
        builder.UseSetting("Database:Provider", _settings.GetValueOrDefault("Database:Provider") ?? "Sqlite");
    }

    /// <summary>A client that sends the webhook's bearer token.</summary>
    public HttpClient WebhookClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", WebhookToken);
        return client;
    }

    /// <summary>A client that sends a read-API key.</summary>
    public HttpClient ApiClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>A client signed in through the real sign-in form (antiforgery token, cookie), as the Admin unless told.</summary>
    public async Task<HttpClient> SignedInClientAsync(string email = AdminEmail, string password = AdminPassword)
    {
        // On a real port the factory's client follows redirects whatever it is told; a plain client does not,
        // so a page that sends it to the sign-in page fails the test instead of answering that page's 200.
        var client = KestrelAddress is { } address
            ? new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new() }) { BaseAddress = address }
            : CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await SignIn.PostAsync(client, email, password);
        if (response.StatusCode != System.Net.HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in as {email} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return client;
    }

    /// <summary>Creates a user with a role and (for a Viewer) a scope, straight through Identity; returns its password.</summary>
    public async Task<string> CreateUserAsync(string email, string role, IEnumerable<string>? circuits = null, IEnumerable<string>? users = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = new DashboardUser
        {
            UserName = email, Email = email, EmailConfirmed = true,
            ScopeCircuits = [.. circuits ?? []], ScopeUsers = [.. users ?? []],
        };
        const string password = "a long enough test password";
        Check(await manager.CreateAsync(user, password));
        Check(await manager.AddToRoleAsync(user, role));
        return password;

        static void Check(IdentityResult r)
        {
            if (!r.Succeeded) throw new InvalidOperationException(string.Join(" ", r.Errors.Select(e => e.Description)));
        }
    }

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (PostgresConnectionString is { } pg) Task.Run(() => PostgresServer.DropDatabaseAsync(pg)).GetAwaiter().GetResult();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>An <see cref="AppFactory"/> on PostgreSQL with a parameterless constructor, for <c>IClassFixture</c>.</summary>
public sealed class PostgreSqlAppFactory() : AppFactory(DatabaseProvider.PostgreSQL);
