using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Replay;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Replay;

/// <summary>
/// The replay command against the real app on a real port: what it says it stored is what the
/// database holds, a second replay changes nothing, bad bodies are named, a wrong token stops it.
/// </summary>
public sealed class ReplayCommandTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("miitel-replay-").FullName;
    private KestrelApp _app = null!;

    public Task InitializeAsync()
    {
        _app = new KestrelApp();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    private string Url => _app.BaseUrl + "/webhooks/miitel";

    private static async Task<(int Exit, string Output)> ReplayAsync(params string[] args)
    {
        var (exit, output, _) = await ReplayWithProgressAsync(args);
        return (exit, output);
    }

    private static async Task<(int Exit, string Output, string Progress)> ReplayWithProgressAsync(params string[] args)
    {
        var output = new StringWriter();
        var progress = new StringWriter();
        var exit = await ReplayCommand.TryRunAsync(["replay", .. args], output, progress, interactive: false);
        Assert.NotNull(exit);
        return (exit.Value, output.ToString(), progress.ToString());
    }

    private async Task<int> CallCountAsync()
    {
        var factory = _app.Factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Details.CountAsync();
    }

    private string[] WriteBodies(int count, string sub = "")
    {
        var dir = Path.Combine(_folder, sub);
        Directory.CreateDirectory(dir);
        return Enumerable.Range(0, count).Select(i =>
        {
            var path = Path.Combine(dir, $"call-{i:D3}.json");
            File.WriteAllText(path, Bodies.Call().Text());
            return path;
        }).ToArray();
    }

    [Fact]
    public async Task Replay_OfAFolder_StoresEveryBody_AndASecondReplayFindsThemUnchanged()
    {
        WriteBodies(6, "history");
        var jsonl = Path.Combine(_folder, "history", "more.jsonl");
        await File.WriteAllLinesAsync(jsonl, [Bodies.Call().Text(), "", Bodies.Call().Text()]);

        var (exit, output, progress) = await ReplayWithProgressAsync(Path.Combine(_folder, "history"), "--url", Url, "--token", AppFactory.WebhookToken);

        Assert.Equal(0, exit);
        Assert.Contains("Replayed 8 bodies", output);
        Assert.Matches(@"\[#{30}\] 100%  8 sent .* stored 8 ", progress.TrimEnd().Split('\n')[^1]);
        Assert.Matches(@"stored\s+8\b", output);
        Assert.Matches(@"p50 [\d.]+ ms, p99 [\d.]+ ms", output);
        Assert.Equal(8, await CallCountAsync());

        var (again, second) = await ReplayAsync(Path.Combine(_folder, "history"), "--url", Url, "--token", AppFactory.WebhookToken);

        Assert.Equal(0, again);
        Assert.Matches(@"stored\s+0\b", second);
        Assert.Matches(@"unchanged\s+8\b", second);
        Assert.Equal(8, await CallCountAsync());
    }

    [Fact]
    public async Task Replay_NamesTheBodiesItCouldNotStore_AndStoresTheRest()
    {
        var jsonl = Path.Combine(_folder, "mixed.jsonl");
        await File.WriteAllLinesAsync(jsonl, [Bodies.Call().Text(), "{\"call\": {\"id\": ", Bodies.Call().Text()]);

        var (exit, output) = await ReplayAsync(jsonl, "--url", Url, "--token", AppFactory.WebhookToken);

        Assert.Equal(1, exit);
        Assert.Matches(@"stored\s+2\b", output);
        Assert.Matches(@"rejected\s+1\b", output);
        Assert.Contains("mixed.jsonl:2: 400", output);
        Assert.Equal(2, await CallCountAsync());
    }

    [Fact]
    public async Task Replay_WithAWrongToken_StopsAtTheFirstRefusal_AndSaysSo()
    {
        WriteBodies(20);

        var (exit, output) = await ReplayAsync(_folder, "--url", Url, "--token", "not-the-token", "--concurrency", "1");

        Assert.Equal(3, exit);
        Assert.Contains("refused the credentials (401)", output);
        Assert.Matches(@"rejected\s+1\b", output);
        Assert.Equal(0, await CallCountAsync());
    }

    [Fact]
    public async Task Replay_WithFreshIds_PostsEachBodyAsANewCall()
    {
        WriteBodies(3);

        await ReplayAsync(_folder, "--url", Url, "--token", AppFactory.WebhookToken, "--fresh-ids");
        var (exit, output) = await ReplayAsync(_folder, "--url", Url, "--token", AppFactory.WebhookToken, "--fresh-ids");

        Assert.Equal(0, exit);
        Assert.Matches(@"stored\s+3\b", output);
        Assert.Equal(6, await CallCountAsync());
    }

    [Fact]
    public async Task Replay_AtARate_NeverSendsFasterThanAsked()
    {
        WriteBodies(11);
        var clock = Stopwatch.StartNew();

        var (exit, _) = await ReplayAsync(_folder, "--url", Url, "--token", AppFactory.WebhookToken, "--rate", "20");

        // Body i leaves no sooner than i/20 s after the start: the 11th at 0.5 s.
        Assert.Equal(0, exit);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), $"11 bodies at 20/s took only {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(11, await CallCountAsync());
    }

    [Theory]
    [InlineData(new string[0], "Name the folder")]
    [InlineData(new[] { "/no/such/folder" }, "There is no file or folder")]
    [InlineData(new[] { ".", "--rate", "fast" }, "--rate needs a number")]
    [InlineData(new[] { ".", "--url", "ftp://example.com/x" }, "--url must be an http(s) address")]
    [InlineData(new[] { ".", "--colour" }, "Unknown option --colour")]
    public async Task Replay_WithAUsageError_ExitsWith2_AndExplains(string[] args, string message)
    {
        var output = new StringWriter();

        var exit = await ReplayCommand.TryRunAsync(["replay", .. args], output, new StringWriter(), interactive: false);

        Assert.Equal(2, exit);
        Assert.Contains(message, output.ToString());
        Assert.Contains("Usage: dotnet run -- replay", output.ToString());
    }

    [Fact]
    public async Task Replay_OfAFolderWithoutBodies_SaysSo()
    {
        var (exit, output) = await ReplayAsync(_folder, "--url", Url, "--token", AppFactory.WebhookToken);

        Assert.Equal(2, exit);
        Assert.Contains("No .json or .jsonl bodies", output);
    }

    [Fact]
    public async Task Replay_IsNotRunForOtherCommands() =>
        Assert.Null(await ReplayCommand.TryRunAsync(["--check"], new StringWriter(), new StringWriter(), interactive: false));

    [Fact]
    public void FreshIds_RenameTheCallAndItsDetails_AndKeepPreviousIdLinks()
    {
        var body = Bodies.Call("leg-1").Text();
        var node = System.Text.Json.Nodes.JsonNode.Parse(body)!;
        var second = node["call"]!["details"]![0]!.DeepClone().AsObject();
        second["id"] = "leg-2";
        second["previous_id"] = "leg-1";
        node["call"]!["details"]!.AsArray().Add(second);

        var fresh = System.Text.Json.Nodes.JsonNode.Parse(FreshIds.Apply(node.ToJsonString()))!;
        var details = fresh["call"]!["details"]!.AsArray();

        var first = details[0]!["id"]!.GetValue<string>();
        Assert.StartsWith("leg-1-", first);
        Assert.StartsWith("leg-2-", details[1]!["id"]!.GetValue<string>());
        Assert.Equal(first, details[1]!["previous_id"]!.GetValue<string>());
        Assert.NotEqual(first, System.Text.Json.Nodes.JsonNode.Parse(FreshIds.Apply(node.ToJsonString()))!["call"]!["details"]![0]!["id"]!.GetValue<string>());
    }
}
