using System.Net.Http.Headers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Demo;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Calls;

/// <summary>
/// The real app on a real port with demo calls of the last weeks posted through the webhook.
/// Shared by read-only browser tests of one class; tests that post more calls start their own.
/// </summary>
public sealed class SeededApp : IAsyncLifetime
{
    public const int Calls = 160;

    public KestrelApp App { get; private set; } = null!;
    public string BaseUrl => App.BaseUrl;

    public async Task InitializeAsync()
    {
        App = new KestrelApp();
        await PostAsync(App.Factory, new DemoCallGenerator(new DemoOptions { Calls = Calls, Days = 20, Seed = 42, End = AppFactory.Now.AddMinutes(-30) }).Bodies());
    }

    public static async Task PostAsync(AppFactory factory, IEnumerable<byte[]> bodies)
    {
        using var client = factory.WebhookClient();
        foreach (var body in bodies)
        {
            using var response = await client.PostAsync("/webhooks/miitel", Json(body));
            response.EnsureSuccessStatusCode();
        }
    }

    public static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    public async Task<T> QueryAsync<T>(Func<CallsDbContext, Task<T>> query)
    {
        await using var db = await App.Factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    public async Task DisposeAsync() => await App.DisposeAsync();
}
