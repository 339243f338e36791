using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "miitel-tests", "crash-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task KilledWhileDeliveriesAreInFlight_EveryAcknowledgedCallShouldSurviveTheRestart()
    {
        Directory.CreateDirectory(_directory);
        var database = Path.Combine(_directory, "miitel.db");
        var acknowledged = new ConcurrentBag<string>();
        var attempted = 0;

        using (var app = await AppProcess.StartAsync(database))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
            using var stop = new CancellationTokenSource();

            var senders = Enumerable.Range(0, 16).Select(sender => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = $"crash-{sender:D2}-{i:D5}";
                    Interlocked.Increment(ref attempted);
                    try
                    {
                        var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call(id).Text()), stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                    {
                        // The process is gone; those calls were never acknowledged.
                    }
                }
            })).ToArray();

            await Wait.UntilAsync(() => acknowledged.Count >= 300, TimeSpan.FromSeconds(60), "300 acknowledged deliveries");
            app.Kill();
            stop.Cancel();
            await Task.WhenAll(senders);
        }

        Assert.True(attempted > acknowledged.Count, "some deliveries were in flight or refused when the process died");

        using (var restarted = await AppProcess.StartAsync(database))
        {
            var stored = new HashSet<string>();
            await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
            await connection.OpenAsync();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT Id FROM Details";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
            }
            var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged calls were lost: {string.Join(", ", lost.Take(10))}");

            await using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        }
    }

    [Fact]
    public async Task GracefulStop_ShouldDrainQueuedDeliveries_AndAnswerEveryRequest200Or503()
    {
        Directory.CreateDirectory(_directory);
        var database = Path.Combine(_directory, "graceful.db");
        var acknowledged = new ConcurrentBag<string>();
        var unexpected = new ConcurrentBag<HttpStatusCode>();

        using (var app = await AppProcess.StartAsync(database))
        {
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
            using var stop = new CancellationTokenSource();
            var senders = Enumerable.Range(0, 16).Select(sender => Task.Run(async () =>
            {
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = $"graceful-{sender:D2}-{i:D5}";
                    try
                    {
                        var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call(id).Text()), stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
                        else if (response.StatusCode != HttpStatusCode.ServiceUnavailable) unexpected.Add(response.StatusCode);
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                    {
                        // Refused connections once Kestrel stopped listening.
                    }
                }
            })).ToArray();

            await Wait.UntilAsync(() => acknowledged.Count >= 200, TimeSpan.FromSeconds(60), "200 acknowledged deliveries");
            var exitCode = await app.TerminateAsync(TimeSpan.FromSeconds(30));
            stop.Cancel();
            await Task.WhenAll(senders);
            Assert.Equal(0, exitCode);
        }

        Assert.Empty(unexpected);
        var stored = new HashSet<string>();
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Details";
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        Assert.All(acknowledged, id => Assert.Contains(id, stored));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
