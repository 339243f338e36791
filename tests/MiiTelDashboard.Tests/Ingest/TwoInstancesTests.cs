using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MiiTelDashboard.Tests.Infrastructure;
using MiiTelDashboard.Tests.ScaleOut;
using Npgsql;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// Two published instances on one PostgreSQL database and one Redis, as the README's "Scale out" runs
/// them behind a load balancer (<see cref="TwoInstances"/>, a fresh pair per test): deliveries of the
/// same detail reaching both at once are stored once, concurrent sections merge, and killing one
/// instance mid-load loses no call either acknowledged.
/// </summary>
public sealed class TwoInstancesTests
{
    [Fact]
    public async Task ThirtyTwoSendersOverTwoInstances_OneInFiveIdsSentToBoth_EndWithExactCounts()
    {
        await using var two = await TwoInstances.StartAsync();
        var (a, b, database) = (two.A, two.B, two.Database);
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
        Assert.Equal(calls, await ScalarAsync(database, "SELECT count(*) FROM \"Details\""));
        Assert.Equal(calls * utterancesPerCall, await ScalarAsync(database, "SELECT count(*) FROM \"Utterances\""));
        Assert.Equal(calls, await ScalarAsync(database, "SELECT count(*) FROM \"CallSearch\""));
        Assert.Equal(calls + both, await ScalarAsync(database, "SELECT count(*) FROM \"Deliveries\""));
        Assert.Equal(calls, await ScalarAsync(database, "SELECT count(*) FROM \"Deliveries\" WHERE \"Result\" = 'accepted'"));
        Assert.Equal(both, await ScalarAsync(database, "SELECT count(*) FROM \"Deliveries\" WHERE \"Result\" = 'duplicate'"));
        // Stored once, never rewritten by the second copy.
        Assert.Equal(1, await ScalarAsync(database, "SELECT max(\"Version\") FROM \"Details\""));
    }

    [Fact]
    public async Task SectionsSentToBothInstancesAtOnce_AreAllKept()
    {
        await using var two = await TwoInstances.StartAsync();
        var (a, b, database) = (two.A, two.B, two.Database);
        using var toA = Client(a.BaseUrl);
        using var toB = Client(b.BaseUrl);
        const int sections = 16;
        var ids = Enumerable.Range(0, 60).Select(i => $"merge-{i:D3}").ToList();
        // Half the calls have no child rows (participants, utterances, tags, …) whose replacement would
        // collide and so reveal a concurrent change: only serialising the writers keeps their sections.
        void Shape(string id, JsonObject d)
        {
            if (ids.IndexOf(id) % 2 == 0) return;
            foreach (var list in new[] { "participants", "tags", "comments", "keywords", "phrases" }) d[list] = new JsonArray();
        }
        foreach (var id in ids)
            (await toA.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call(id, d => Shape(id, d)).Text()))).EnsureSuccessStatusCode();

        // Per id, sixteen deliveries each adding a section of its own (a key the others do not carry), half
        // to A and half to B, all at once: each must merge onto what the others committed, never onto a
        // copy it read before they did (MergeTests: present keys replace, absent keys stay).
        await Task.WhenAll(ids.SelectMany(id => Enumerable.Range(0, sections).Select(async k =>
        {
            var body = Bodies.Call(id, d =>
            {
                Shape(id, d);
                d[$"section_{k}"] = $"value-{k}-of-{id}";
            });
            using var response = await (k % 2 == 0 ? toA : toB).PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        })));

        foreach (var id in ids)
        {
            for (var k = 0; k < sections; k++)
                Assert.True(await ScalarAsync(database, $"SELECT count(*) FROM \"Details\" WHERE \"Id\" = @id AND \"RawJson\" LIKE '%value-{k}-of-' || @id || '%'", id) == 1,
                    $"{id} lost section {k}");
            // Stored once, then changed once by each of the sixteen.
            Assert.Equal(1 + sections, await ScalarAsync(database, "SELECT \"Version\" FROM \"Details\" WHERE \"Id\" = @id", id));
        }
    }

    [Fact]
    public async Task OneInstanceKilledMidLoad_LosesNoAcknowledgedCall_AndTheOtherCarriesOn()
    {
        await using var two = await TwoInstances.StartAsync();
        var (a, b, database) = (two.A, two.B, two.Database);
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
        // Requests the senders gave up on may still be committing: B drains its queue as it stops.
        Assert.Equal(0, await b.TerminateAsync(TimeSpan.FromSeconds(30)));

        var stored = await StoredIdsAsync(database);
        var lost = acknowledged.Where(id => !stored.Contains(id)).ToList();
        Assert.True(lost.Count == 0, $"{lost.Count} of {acknowledged.Count} acknowledged calls were lost: {string.Join(", ", lost.Take(10))}");
        Assert.True(Volatile.Read(ref attemptedOnA) > acknowledged.Count(id => int.Parse(id[5..7], System.Globalization.CultureInfo.InvariantCulture) % 2 == 0),
            "some deliveries to A were in flight or refused when it died");
        Assert.Equal(stored.Count, await ScalarAsync(database, "SELECT count(*) FROM \"CallSearch\""));
        Assert.Equal(stored.Count * (long)Utterances(Bodies.Call("x")), await ScalarAsync(database, "SELECT count(*) FROM \"Utterances\""));
    }

    private static int Utterances(JsonObject root) =>
        Bodies.Detail(root)["phrases"]!.AsArray().Sum(p => p!["raw"]!.AsArray().Count + p["summary"]!.AsArray().Count);

    private static HttpClient Client(string baseUrl)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        return client;
    }

    private static async Task<long> ScalarAsync(string database, string sql, string? id = null)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        if (id is not null) cmd.Parameters.AddWithValue("id", id);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<HashSet<string>> StoredIdsAsync(string database)
    {
        await using var conn = new NpgsqlConnection(database);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT \"Id\" FROM \"Details\"", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new HashSet<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }
}
