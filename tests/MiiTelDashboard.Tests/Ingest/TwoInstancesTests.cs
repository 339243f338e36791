using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MiiTelDashboard.Tests.Infrastructure;
using Npgsql;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// Two app processes on one PostgreSQL database, as behind a load balancer: deliveries of the same
/// detail reaching both at once are stored once, concurrent sections merge, and killing one instance
/// mid-load loses no call either acknowledged.
/// </summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "miitel-tests", "two-" + Guid.NewGuid().ToString("N"));
    private string _database = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _database = await PostgresServer.CreateDatabaseAsync();
    }

    /// <summary>Both instances start at once on the empty database: one applies the migrations, the other waits for it.</summary>
    private async Task<(AppProcess A, AppProcess B)> StartBothAsync()
    {
        var starting = new[] { "a", "b" }.Select(name => AppProcess.StartAsync(Path.Combine(_directory, "unused.db"), new Dictionary<string, string>
        {
            ["Database__Provider"] = "PostgreSQL",
            ["ConnectionStrings__Calls"] = _database,
            ["Data__Directory"] = Path.Combine(_directory, name),
        })).ToArray();
        var started = await Task.WhenAll(starting);
        return (started[0], started[1]);
    }

    [Fact]
    public async Task ThirtyTwoSendersOverTwoInstances_OneInFiveIdsSentToBoth_EndWithExactCounts()
    {
        var (a, b) = await StartBothAsync();
        using (a)
        using (b)
        {
            using var toA = Client(a.BaseUrl);
            using var toB = Client(b.BaseUrl);
            const int calls = 400;
            var ids = Enumerable.Range(0, calls).Select(i => $"two-{i:D4}").ToList();
            var utterancesPerCall = Utterances(Bodies.Call("x"));
            var failures = new ConcurrentBag<string>();

            // 32 senders share the ids; every fifth id goes to both instances at the same moment.
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, 32).Select(sender => Task.Run(async () =>
            {
                for (var i = Interlocked.Increment(ref next); i < calls; i = Interlocked.Increment(ref next))
                {
                    var body = Bodies.Call(ids[i]).Text();
                    var targets = i % 5 == 0 ? new[] { toA, toB } : [i % 2 == 0 ? toA : toB];
                    foreach (var response in await Task.WhenAll(targets.Select(t => t.PostAsync("/webhooks/miitel", AppFactory.Json(body)))))
                    {
                        if (response.StatusCode != HttpStatusCode.OK) failures.Add($"{ids[i]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                        response.Dispose();
                    }
                }
            })));

            Assert.Empty(failures);
            const int both = calls / 5;
            Assert.Equal(calls, await ScalarAsync("SELECT count(*) FROM \"Details\""));
            Assert.Equal(calls * utterancesPerCall, await ScalarAsync("SELECT count(*) FROM \"Utterances\""));
            Assert.Equal(calls, await ScalarAsync("SELECT count(*) FROM \"CallSearch\""));
            Assert.Equal(calls + both, await ScalarAsync("SELECT count(*) FROM \"Deliveries\""));
            Assert.Equal(calls, await ScalarAsync("SELECT count(*) FROM \"Deliveries\" WHERE \"Result\" = 'accepted'"));
            Assert.Equal(both, await ScalarAsync("SELECT count(*) FROM \"Deliveries\" WHERE \"Result\" = 'duplicate'"));
            // Stored once, never rewritten by the second copy.
            Assert.Equal(1, await ScalarAsync("SELECT max(\"Version\") FROM \"Details\""));
        }
    }

    [Fact]
    public async Task SectionsSentToBothInstancesAtOnce_AreBothKept()
    {
        var (a, b) = await StartBothAsync();
        using (a)
        using (b)
        {
            using var toA = Client(a.BaseUrl);
            using var toB = Client(b.BaseUrl);
            var ids = Enumerable.Range(0, 40).Select(i => $"merge-{i:D3}").ToList();
            foreach (var id in ids)
                (await toA.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call(id, d => { d["tags"] = new JsonArray(); d.Remove("comments"); }).Text()))).EnsureSuccessStatusCode();

            // Per id, A gets a body whose tags changed and B one whose comments changed, at the same moment:
            // whichever commits second must merge onto the first's, not onto the copy it read before.
            await Task.WhenAll(ids.Select(async id =>
            {
                var tags = Bodies.Call(id, d =>
                {
                    d["tags"] = new JsonArray(new JsonObject { ["created_by"] = "A", ["creator_type"] = "TENANT_USER", ["value"] = $"tag-of-{id}" });
                    d.Remove("comments");
                });
                var comments = Bodies.Call(id, d =>
                {
                    d.Remove("tags");
                    d["comments"] = new JsonArray(new JsonObject { ["created_by"] = "B", ["value"] = $"comment-of-{id}" });
                });
                var answers = await Task.WhenAll(toA.PostAsync("/webhooks/miitel", AppFactory.Json(tags.Text())), toB.PostAsync("/webhooks/miitel", AppFactory.Json(comments.Text())));
                Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            }));

            foreach (var id in ids)
            {
                Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM \"Tags\" WHERE \"DetailId\" = @id AND \"Value\" = 'tag-of-' || @id", id));
                Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM \"Comments\" WHERE \"DetailId\" = @id AND \"Value\" = 'comment-of-' || @id", id));
                Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM \"Details\" WHERE \"Id\" = @id AND \"RawJson\" LIKE '%tag-of-' || @id || '%' AND \"RawJson\" LIKE '%comment-of-' || @id || '%'", id));
                Assert.Equal(3, await ScalarAsync("SELECT \"Version\" FROM \"Details\" WHERE \"Id\" = @id", id));
            }
        }
    }

    [Fact]
    public async Task OneInstanceKilledMidLoad_LosesNoAcknowledgedCall_AndTheOtherCarriesOn()
    {
        var (a, b) = await StartBothAsync();
        using (a)
        using (b)
        {
            var acknowledged = new ConcurrentBag<string>();
            using var stop = new CancellationTokenSource();
            using var toA = Client(a.BaseUrl);
            using var toB = Client(b.BaseUrl);
            var attemptedOnA = 0;
            var senders = Enumerable.Range(0, 32).Select(sender => Task.Run(async () =>
            {
                var client = sender % 2 == 0 ? toA : toB;
                for (var i = 0; !stop.IsCancellationRequested; i++)
                {
                    var id = $"kill-{sender:D2}-{i:D5}";
                    if (client == toA) Interlocked.Increment(ref attemptedOnA);
                    try
                    {
                        using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call(id).Text()), stop.Token);
                        if (response.StatusCode == HttpStatusCode.OK) acknowledged.Add(id);
                    }
                    catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException)
                    {
                        // A is gone: never acknowledged. Do not spin on a refused port.
                        if (!stop.IsCancellationRequested) await Task.Delay(50);
                    }
                }
            })).ToArray();

            await Wait.UntilAsync(() => acknowledged.Count >= 200, TimeSpan.FromSeconds(90), "200 acknowledged deliveries");
            a.Kill();
            var atKill = acknowledged.Count;
            // B keeps storing after A died holding connections (and, maybe, advisory locks) mid-transaction.
            await Wait.UntilAsync(() => acknowledged.Count >= atKill + 200, TimeSpan.FromSeconds(90), "200 more acknowledged by B");
            await stop.CancelAsync();
            await Task.WhenAll(senders);

            var stored = await StoredIdsAsync();
            var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
            Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged calls were lost: {string.Join(", ", lost.Take(10))}");
            Assert.True(Volatile.Read(ref attemptedOnA) > acknowledged.Count(id => int.Parse(id[5..7], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0),
                "some deliveries to A were in flight or refused when it died");
            Assert.Equal(stored.Count, await ScalarAsync("SELECT count(*) FROM \"CallSearch\""));
            Assert.Equal(stored.Count * (long)Utterances(Bodies.Call("x")), await ScalarAsync("SELECT count(*) FROM \"Utterances\""));
        }
    }

    private static int Utterances(JsonObject root) =>
        Bodies.Detail(root)["phrases"]!.AsArray().Sum(p => p!["raw"]!.AsArray().Count + p["summary"]!.AsArray().Count);

    private static HttpClient Client(string baseUrl)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        return client;
    }

    private async Task<long> ScalarAsync(string sql, string? id = null)
    {
        await using var conn = new NpgsqlConnection(_database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (id is not null) cmd.Parameters.AddWithValue("id", id);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private async Task<HashSet<string>> StoredIdsAsync()
    {
        await using var conn = new NpgsqlConnection(_database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT \"Id\" FROM \"Details\"", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new HashSet<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    public async Task DisposeAsync()
    {
        await PostgresServer.DropDatabaseAsync(_database);
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
