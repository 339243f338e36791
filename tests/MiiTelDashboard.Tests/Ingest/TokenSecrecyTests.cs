using System.Net;
using System.Net.Http.Headers;
using System.Runtime.Versioning;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// The generated webhook token as a first start leaves it: the real app's own console output
/// (where journald, docker logs and support tickets get it) never holds the token, only where the
/// file is and where an admin sees it; the file and its folder are the app user's alone.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class TokenSecrecyTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "miitel-tests", "secret-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TheGeneratedToken_ShouldNeverBeLogged_AndItsFileAndFolderBeOwnerOnly()
    {
        var data = Path.Combine(_directory, "data"); // not there yet: the app creates it, as on a first start
        var database = Path.Combine(data, "miitel.db");
        var tokenFile = Path.Combine(data, "webhook-token.txt");
        var settings = new Dictionary<string, string> { ["MiiTel__Webhook__BearerToken"] = "" };

        string firstStart;
        using (var app = await AppProcess.StartAsync(database, settings))
        {
            var token = File.ReadAllText(tokenFile).Trim();
            using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()))).StatusCode);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token[..^1]);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()))).StatusCode);
            await Wait.UntilAsync(() => app.Output.Contains("answered 401", StringComparison.Ordinal), because: "the refusal is logged");
            firstStart = app.Output;
        }
        string secondStart;
        using (var app = await AppProcess.StartAsync(database, settings)) secondStart = app.Output;

        var secret = File.ReadAllText(tokenFile).Trim();
        Assert.Matches("^[0-9a-f]{64}$", secret);
        Assert.Contains($"generated and saved to {tokenFile}", firstStart, StringComparison.Ordinal);
        Assert.Contains($"read from {tokenFile}", secondStart, StringComparison.Ordinal);
        Assert.Contains("Integration page (/integration)", secondStart, StringComparison.Ordinal);
        // Not even most of it: a prefix long enough to narrow a guess is as bad as the whole.
        Assert.DoesNotContain(secret[..16], firstStart, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(secret[..16], secondStart, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(data));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
