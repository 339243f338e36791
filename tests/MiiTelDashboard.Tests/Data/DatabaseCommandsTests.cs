using Microsoft.Data.Sqlite;
using MiiTelDashboard.Data;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Data;

/// <summary><c>--backup</c> and <c>--check</c> against the real app's database file.</summary>
public sealed class DatabaseCommandsTests : IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private string Target => Path.Combine(_app.DataDirectory, "backups", "copy.db");
    private string[] On(params string[] args) => [.. args, $"--ConnectionStrings:Calls=Data Source={_app.DatabasePath}"];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<long> CountAsync(string path, string sql)
    {
        await using var db = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task ABackupTakenWhileWebhooksKeepArriving_IsAConsistentStandaloneCopy()
    {
        using var client = _app.WebhookClient();
        await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call("before-backup").Text()));
        using var stop = new CancellationTokenSource();
        var acknowledged = 0;
        var senders = Enumerable.Range(0, 4).Select(s => Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call($"during-{s}-{i}").Text()));
                Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode} during the backup");
                Interlocked.Increment(ref acknowledged);
            }
        })).ToArray();
        await Wait.UntilAsync(() => Volatile.Read(ref acknowledged) >= 20); // the backup runs under load

        var output = new StringWriter();
        var exit = await DatabaseCommands.TryRunAsync(On(DatabaseCommands.BackupFlag, Target), output);
        var duringBackup = Volatile.Read(ref acknowledged);
        await stop.CancelAsync();
        await Task.WhenAll(senders);

        Assert.True(exit == 0, output.ToString());
        Assert.Contains("integrity_check: ok", output.ToString());
        Assert.False(File.Exists(Target + "-wal"), "the copy must stand alone");
        var copied = await CountAsync(Target, "SELECT count(*) FROM Details");
        Assert.InRange(copied, 21, duringBackup + 1);
        // One snapshot: every copied call has its search row and its delivery, written in the same transactions.
        Assert.Equal(copied, await CountAsync(Target, "SELECT count(*) FROM CallSearch"));
        Assert.Equal(copied, await CountAsync(Target, "SELECT count(DISTINCT DetailId) FROM Utterances"));
        Assert.Equal(1, await CountAsync(Target, "SELECT count(*) FROM Details WHERE Id = 'before-backup'"));
        Assert.True(await CountAsync(_app.DatabasePath, "SELECT count(*) FROM Details") > copied, "the app kept storing calls after the snapshot");
    }

    [Fact]
    public async Task ABackup_NeverOverwritesAFile()
    {
        await _app.WebhookClient().PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call("one").Text()));
        Directory.CreateDirectory(Path.GetDirectoryName(Target)!);
        await File.WriteAllTextAsync(Target, "keep me");

        var output = new StringWriter();
        var exit = await DatabaseCommands.TryRunAsync(On(DatabaseCommands.BackupFlag, Target), output);

        Assert.Equal(2, exit);
        Assert.Contains("never overwrites", output.ToString());
        Assert.Equal("keep me", await File.ReadAllTextAsync(Target));
    }

    [Fact]
    public async Task Check_SaysOkOnAGoodFile_AndFailsOnADamagedCopy()
    {
        await _app.WebhookClient().PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call("checked").Text()));
        var output = new StringWriter();
        Assert.Equal(0, await DatabaseCommands.TryRunAsync(On(DatabaseCommands.CheckFlag), output));
        Assert.Contains("1 call details", output.ToString());
        Assert.Contains("integrity_check: ok", output.ToString());

        Assert.Equal(0, await DatabaseCommands.TryRunAsync(On(DatabaseCommands.BackupFlag, Target), new StringWriter()));
        await using (var file = File.Open(Target, FileMode.Open, FileAccess.ReadWrite))
        {
            // Scribble over pages past the schema: SQLite's own check must notice.
            var garbage = Enumerable.Repeat((byte)0xA5, 16 * 1024).ToArray();
            file.Seek(Math.Min(file.Length / 2, 64 * 1024), SeekOrigin.Begin);
            await file.WriteAsync(garbage);
        }
        var damaged = new StringWriter();
        Assert.False(await DatabaseCommands.CheckAsync(Target, damaged));
        Assert.DoesNotContain("integrity_check: ok", damaged.ToString());
    }

    [Fact]
    public async Task WithoutTheFlags_NothingRuns() =>
        Assert.Null(await DatabaseCommands.TryRunAsync(["--urls", "http://127.0.0.1:0"]));

    [Theory]
    [InlineData(DatabaseCommands.BackupFlag, "pg_dump -h db.internal -p 5433 -U miitel -Fc")]
    [InlineData(DatabaseCommands.CheckFlag, "pg_amcheck -h db.internal -p 5433 -U miitel")]
    public async Task OnPostgreSql_TheCommandsSayTheyAreForSqlite_AndNameTheServersTool_WithoutThePassword(string flag, string tool)
    {
        var output = new StringWriter();
        string[] args = flag == DatabaseCommands.BackupFlag ? [flag, Target] : [flag];
        var exit = await DatabaseCommands.TryRunAsync([.. args, "--Database:Provider=PostgreSQL",
            "--ConnectionStrings:Calls=Host=db.internal;Port=5433;Database=miitel;Username=miitel;Password=s3cret-pg-pass"], output);

        Assert.Equal(2, exit);
        var text = output.ToString();
        Assert.Contains("SQLite", text);
        Assert.Contains(tool, text);
        Assert.Contains("miitel", text);
        Assert.DoesNotContain("s3cret-pg-pass", text);
        Assert.False(File.Exists(Target));
    }
}
