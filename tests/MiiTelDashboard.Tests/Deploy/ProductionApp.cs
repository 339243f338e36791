using System.Net.Http.Headers;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Deploy;

/// <summary>
/// The published build run as deployed: its own process, <c>ASPNETCORE_ENVIRONMENT=Production</c>, a fresh
/// data folder, the first Admin from <c>Setup:AdminEmail</c>/<c>AdminPassword</c>, and calls posted
/// through the webhook; removed afterwards.
/// </summary>
public sealed class ProductionApp : IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "miitel-production-" + Guid.NewGuid().ToString("N"));

    public AppProcess App { get; private set; } = null!;
    public string AppDll { get; private set; } = "";
    public string BaseUrl => App.BaseUrl;

    /// <summary>The detail id of one of Edgardo's calls (the Viewer's scope), for the call page.</summary>
    public string DetailId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        AppDll = await PublishedApp.DllAsync();
        Directory.CreateDirectory(_folder);
        App = await AppProcess.StartAsync(Path.Combine(_folder, "miitel.db"), new Dictionary<string, string>
        {
            ["Setup__AdminEmail"] = AppFactory.AdminEmail,
            ["Setup__AdminPassword"] = AppFactory.AdminPassword,
            ["SignIn__FailuresPerAddress"] = "1000",
        }, AppDll);

        using var webhook = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        webhook.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        foreach (var call in OverviewBrowserTests.RecentCalls())
        {
            using var response = await webhook.PostAsync("/webhooks/miitel", AppFactory.Json(call.Body()));
            Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        using var api = new HttpClient { BaseAddress = new Uri(App.BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.ApiKey);
        using var list = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync("/api/calls?user=Edgardo&pageSize=1"));
        DetailId = list.RootElement.GetProperty("items")[0].GetProperty("detailId").GetString()!;
    }

    public Task DisposeAsync()
    {
        App?.Dispose();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
        return Task.CompletedTask;
    }
}
