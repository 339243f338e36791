using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// Another OS process holds the database's write lock — as an operator's sqlite3 session or a stuck
/// script would — for longer than the busy timeout of the app, which runs as a process of its own: MiiTel gets 503 with Retry-After for as long as it lasts, and its retry is stored once
/// the lock goes, with no restart and nothing stored twice.
/// </summary>
public sealed class OtherProcessLockTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "miitel-tests", "lock-" + Guid.NewGuid().ToString("N"));

    public OtherProcessLockTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task AWriteLockHeldByAnotherProcess_ShouldGet503WithRetryAfter_AndTheRetryStoredOnceWhenItGoes()
    {
        var database = Path.Combine(_directory, "locked.db");
        // A 1 s busy timeout, so the lock below outlasts it many times over in a few seconds.
        using var app = await AppProcess.StartAsync(database, new Dictionary<string, string> { ["ConnectionStrings__Calls"] = $"Data Source={database};Default Timeout=1" });
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call("before-lock").Text()))).StatusCode);

        List<HttpResponseMessage> retried = [];
        HttpResponseMessage last;
        using (var holder = await LockHolder.TakeAsync(database))
        {

            // MiiTel's side: the same body, re-sent after each 503 until it is stored.
            var body = Bodies.Call("during-lock").Text();
            var sender = Task.Run(async () =>
            {
                while (true)
                {
                    var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(body));
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable) return response;
                    lock (retried) retried.Add(response);
                }
            });
            await Wait.UntilAsync(() => { lock (retried) return retried.Count >= 3 || sender.IsCompleted; }, TimeSpan.FromSeconds(60), "three 503s while the lock is held");
            if (sender.IsCompleted) Assert.Fail($"the sender got {(int)(await sender).StatusCode} while the lock was held");
            await holder.ReleaseAsync();
            last = await sender.WaitAsync(TimeSpan.FromSeconds(60));
        }

        foreach (var refused in retried) await WebhookAnswers.AssertRetryLaterAsync(refused);
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.Contains("\"stored\":1", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // Nothing doubled: one more re-send finds it stored, and every table holds it once.
        var again = await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call("during-lock").Text()));
        Assert.Contains("\"unchanged\":1", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(["before-lock", "during-lock"], (await DatabaseFile.DetailIdsAsync(database)).Order(StringComparer.Ordinal));
        Assert.Equal(0, await DatabaseFile.ScalarAsync(database, "SELECT count(*) FROM Details WHERE Version <> 1"));
        Assert.Equal(2, await DatabaseFile.ScalarAsync(database, "SELECT count(*) FROM CallSearch"));
        Assert.Equal(1, await DatabaseFile.ScalarAsync(database, "SELECT count(*) FROM Deliveries WHERE DetailIds = 'during-lock' AND Stored = 1"));
    }

    /// <summary>
    /// A transaction of this test process that holds the write lock until told to end it. The app runs
    /// in its own process, so the lock reaches it through SQLite's file locks, as a sqlite3 shell's would
    /// (the shell itself is not on a bare CI machine).
    /// </summary>
    private sealed class LockHolder : IDisposable
    {
        private readonly SqliteConnection _connection;

        private LockHolder(SqliteConnection connection) => _connection = connection;

        public static async Task<LockHolder> TakeAsync(string database)
        {
            var connection = new SqliteConnection($"Data Source={database};Pooling=False;Default Timeout=5");
            await connection.OpenAsync();
            await using var begin = connection.CreateCommand();
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
            return new LockHolder(connection);
        }

        public async Task ReleaseAsync()
        {
            await using var rollback = _connection.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        public void Dispose() => _connection.Dispose();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
