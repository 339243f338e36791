using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace MiiTelDashboard.Tests.Infrastructure;

/// <summary>
/// The real app on a real SQLite file in its own temp folder. Each instance is isolated, so
/// tests never depend on each other's data. Call <c>UseKestrel</c> before the first
/// client for a real port (browser and SignalR tests).
/// </summary>
public class AppFactory : WebApplicationFactory<Program>
{
    public const string WebhookToken = "test-webhook-token-0123456789abcdef";
    public const string ApiKey = "test-api-key-0123456789";

    /// <summary>
    /// Where the app's clock starts (<c>Clock:StartAt</c>) unless a test sets its own; it runs on in
    /// real time from there. Tests build their calls from this instant, so "today" is the same day
    /// on every run: 15:00 in Tokyo, the browsers' zone, and 06:00 UTC, far from either midnight.
    /// </summary>
    public static readonly DateTime Now = new(2026, 11, 25, 6, 0, 0, DateTimeKind.Utc);

    private readonly Dictionary<string, string?> _settings = new();

    public AppFactory()
    {
        DataDirectory = Path.Combine(Path.GetTempPath(), "miitel-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        DatabasePath = Path.Combine(DataDirectory, "miitel.db");
        _settings["ConnectionStrings:Calls"] = $"Data Source={DatabasePath}";
        _settings["MiiTel:Webhook:BearerToken"] = WebhookToken;
        _settings["Api:Keys:0"] = ApiKey;
        _settings["Clock:StartAt"] = Now.ToString("O");
    }

    public string DataDirectory { get; }
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
        builder.UseSetting("ConnectionStrings:Calls", _settings["ConnectionStrings:Calls"]);
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

    public static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
