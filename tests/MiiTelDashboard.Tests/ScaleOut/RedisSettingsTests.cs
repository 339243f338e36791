using System.Net;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.ScaleOut;

/// <summary>What <c>ConnectionStrings:Redis</c> asks of the rest of the configuration, and what /health says of Redis.</summary>
public sealed class RedisSettingsTests : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "miitel-redis-settings-" + Guid.NewGuid().ToString("N"));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        await _redis.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task WithRedis_AndNoConfiguredWebhookToken_TheAppRefusesToStart_SayingWhatToSet()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => AppProcess.StartAsync(Path.Combine(_folder, "miitel.db"), new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = _redis.ConnectionString,
            ["MiiTel__Webhook__BearerToken"] = "",
        }));

        Assert.Contains("The app exited at start", failure.Message, StringComparison.Ordinal);
        Assert.Contains("MiiTel:Webhook:BearerToken", failure.Message, StringComparison.Ordinal);
        Assert.Contains("same value on each", failure.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_folder, "webhook-token.txt")), "no token was generated");
    }

    [Fact]
    public async Task Health_IncludesRedis_UnhealthyWhileItIsGone()
    {
        using var app = await AppProcess.StartAsync(Path.Combine(_folder, "miitel.db"), new Dictionary<string, string>
        {
            ["ConnectionStrings__Redis"] = _redis.ConnectionString,
        });
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

        await _redis.DisposeAsync();

        await Wait.UntilAsync(async () => (await client.GetAsync("/health")).StatusCode == HttpStatusCode.ServiceUnavailable,
            TimeSpan.FromSeconds(20), "/health answers 503 once Redis is gone");
        using var answer = await client.GetAsync("/health");
        Assert.Equal("Unhealthy", await answer.Content.ReadAsStringAsync());
    }
}
