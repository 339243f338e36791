using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// The file system that holds the database fills up under the app (its own process): deliveries get
/// 503 with Retry-After, the file stays sound and keeps everything acknowledged, and once space
/// returns the next deliveries are stored without a restart.
/// <para>
/// The disk is real, not an injected fault: a 16 MiB tmpfs mounted for this test (CI runs as root),
/// filled by a file until the kernel answers ENOSPC, so SQLite meets the full disk the way it would
/// in production.
/// </para>
/// </summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly string _mount = Path.Combine(Path.GetTempPath(), "miitel-tests", "full-" + Guid.NewGuid().ToString("N"));
    private bool _mounted;
    private AppProcess? _app;

    private string Database => Path.Combine(_mount, "miitel.db");
    private string Filler => Path.Combine(_mount, "filler");

    [Fact]
    public async Task AFullDisk_ShouldGet503WithRetryAfter_KeepTheFileSoundAndEveryAcknowledgedCall_AndRecoverWhenSpaceReturns()
    {
        Directory.CreateDirectory(_mount);
        var (exit, error) = await RunAsync("mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", _mount);
        Assert.True(exit == 0, $"mounting a tmpfs failed ({error.Trim()}): this test needs root, as CI runs it");
        _mounted = true;

        _app = await AppProcess.StartAsync(Database, new Dictionary<string, string> { ["ConnectionStrings__Calls"] = $"Data Source={Database};Default Timeout=2" });
        using var client = new HttpClient { BaseAddress = new Uri(_app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        Task<HttpResponseMessage> PostAsync(string id) => client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call(id).Text()));

        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync($"before-{i:D2}")).StatusCode);
            acknowledged.Add($"before-{i:D2}");
        }

        FillTheDisk();

        // Pages SQLite already holds may take a few more; new ones cannot.
        HttpResponseMessage? refused = null;
        string? refusedId = null;
        for (var i = 0; i < 200 && refused is null; i++)
        {
            var id = $"full-{i:D3}";
            var response = await PostAsync(id);
            if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
            else (refused, refusedId) = (response, id);
        }
        Assert.NotNull(refused);
        await WebhookAnswers.AssertRetryLaterAsync(refused);

        Assert.Equal("ok", await DatabaseFile.IntegrityCheckAsync(Database));
        var stored = await DatabaseFile.DetailIdsAsync(Database);
        var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} acknowledged calls are missing: {string.Join(", ", lost)}");
        Assert.False(stored.Contains(refusedId!), "the refused delivery was stored");

        File.Delete(Filler);

        // MiiTel re-sends the refused one; it and the next deliveries are stored by the same running app.
        HttpStatusCode retried = default;
        await Wait.UntilAsync(async () => (retried = (await PostAsync(refusedId!)).StatusCode) == HttpStatusCode.OK, TimeSpan.FromSeconds(30),
            "the refused delivery is stored once space returns");
        acknowledged.Add(refusedId!);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostAsync($"after-{i:D2}")).StatusCode);
            acknowledged.Add($"after-{i:D2}");
        }

        Assert.Equal("ok", await DatabaseFile.IntegrityCheckAsync(Database));
        stored = await DatabaseFile.DetailIdsAsync(Database);
        Assert.Equal(acknowledged.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.Equal(stored.Count, await DatabaseFile.ScalarAsync(Database, "SELECT count(*) FROM CallSearch"));
    }

    /// <summary>Writes until the kernel refuses a byte more: first in large blocks, then page by page.</summary>
    private void FillTheDisk()
    {
        using var filler = new FileStream(Filler, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
        foreach (var size in new[] { 1 << 20, 4096, 1 })
        {
            var block = new byte[size];
            try
            {
                while (true) filler.Write(block);
            }
            catch (IOException)
            {
                // ENOSPC for this block size; go on with a smaller one.
            }
        }
    }

    private static async Task<(int Exit, string Error)> RunAsync(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, error);
    }

    public void Dispose()
    {
        _app?.Dispose();
        SqliteConnection.ClearAllPools();
        if (_mounted)
        {
            var (exit, error) = RunAsync("umount", _mount).GetAwaiter().GetResult();
            if (exit != 0) throw new InvalidOperationException($"umount {_mount} failed: {error}");
        }
        try { Directory.Delete(_mount, recursive: true); } catch (IOException) { }
    }
}
