using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>The app as its own process, stopped hard or gracefully while 32 senders keep posting.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "miitel-tests", "crash-" + Guid.NewGuid().ToString("N"));

    public CrashRecoveryTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task KilledFiveTimesUnder32WayLoad_EveryAcknowledgedCallShouldSurvive_OnOneDatabaseFile()
    {
        var database = Path.Combine(_directory, "crash.db");
        var acknowledged = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            Load load;
            using (var app = await AppProcess.StartAsync(database))
            {
                // Each round starts on what the kills before it left: the file must open, and hold everything acknowledged.
                var before = await StoredIdsAsync(database);
                var lost = acknowledged.Where(id => !before.Contains(id)).ToList();
                Assert.True(lost.Count == 0, $"round {round}: {lost.Count} of {acknowledged.Count} acknowledged calls were lost: {string.Join(", ", lost.Take(10))}");

                load = Load.Start(app.BaseUrl, $"crash{round}", senders: 32);
                await Wait.UntilAsync(() => load.Acknowledged.Count >= 150, TimeSpan.FromSeconds(60), "150 acknowledged deliveries");
                app.Kill();
                await load.StopAsync();
            }
            Assert.True(load.Attempted > load.Acknowledged.Count, $"round {round}: some deliveries were in flight when the process died");
            acknowledged.AddRange(load.Acknowledged);
        }

        using var restarted = await AppProcess.StartAsync(database);
        var stored = await StoredIdsAsync(database);
        var missing = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} of {acknowledged.Count} acknowledged calls were lost: {string.Join(", ", missing.Take(10))}");
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check";
        Assert.Equal("ok", (string?)await check.ExecuteScalarAsync());
        // Nothing doubled either: a detail id is the key, and each delivery carried a new one.
        check.CommandText = "SELECT count(*) FROM CallSearch";
        Assert.Equal(stored.Count, Convert.ToInt32(await check.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task GracefulStop_ShouldDrainQueuedDeliveries_AndAnswerEveryRequest200Or503()
    {
        var database = Path.Combine(_directory, "graceful.db");
        Load load;
        using (var app = await AppProcess.StartAsync(database))
        {
            load = Load.Start(app.BaseUrl, "graceful", senders: 32);
            await Wait.UntilAsync(() => load.Acknowledged.Count >= 200, TimeSpan.FromSeconds(60), "200 acknowledged deliveries");
            var exitCode = await app.TerminateAsync(TimeSpan.FromSeconds(30));
            await load.StopAsync();
            Assert.Equal(0, exitCode);
        }

        Assert.Empty(load.Unexpected);
        var stored = await StoredIdsAsync(database);
        Assert.All(load.Acknowledged, id => Assert.Contains(id, stored));
    }

    private static async Task<HashSet<string>> StoredIdsAsync(string database)
    {
        var stored = new HashSet<string>();
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id FROM Details";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) stored.Add(reader.GetString(0));
        return stored;
    }

    /// <summary>Senders posting distinct calls until stopped, recording what was acknowledged.</summary>
    private sealed class Load
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly HttpClient _client;
        private Task[] _senders = [];
        private int _attempted;

        private Load(string baseUrl)
        {
            _client = new HttpClient { BaseAddress = new Uri(baseUrl) };
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        }

        public ConcurrentBag<string> Acknowledged { get; } = [];
        public ConcurrentBag<HttpStatusCode> Unexpected { get; } = [];
        public int Attempted => Volatile.Read(ref _attempted);

        public static Load Start(string baseUrl, string prefix, int senders)
        {
            var load = new Load(baseUrl);
            load._senders = Enumerable.Range(0, senders).Select(sender => Task.Run(() => load.SendAsync($"{prefix}-{sender:D2}"))).ToArray();
            return load;
        }

        private async Task SendAsync(string prefix)
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var id = $"{prefix}-{i:D5}";
                Interlocked.Increment(ref _attempted);
                try
                {
                    var response = await _client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call(id).Text()), _stop.Token);
                    if (response.StatusCode == HttpStatusCode.OK) Acknowledged.Add(id);
                    else if (response.StatusCode != HttpStatusCode.ServiceUnavailable) Unexpected.Add(response.StatusCode);
                }
                catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                {
                    // The process is gone or stopped listening: never acknowledged.
                }
            }
        }

        public async Task StopAsync()
        {
            _stop.Cancel();
            await Task.WhenAll(_senders);
            _client.Dispose();
        }
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
