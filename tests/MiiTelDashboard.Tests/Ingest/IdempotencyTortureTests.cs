using MiiTelDashboard.Data;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// Re-sends, shuffled and concurrent, as MiiTel's retries and a replayed history produce them:
/// nothing acknowledged is lost, nothing is stored twice, and a repeat rewrites nothing.
/// </summary>
public abstract class IdempotencyTortureTests(DatabaseProvider provider) : WebhookTestBase(provider)
{
    // The analysis and a few phrases, not the whole sample: thousands of deliveries stay fast.
    private static string Slim(string id) => Bodies.Call(id, d =>
    {
        var phrases = d["phrases"]?.AsArray();
        while (phrases is { Count: > 3 }) phrases.RemoveAt(phrases.Count - 1);
    }).Text();

    private async Task<(ConcurrentBag<JsonElement> Answers, ConcurrentBag<HttpStatusCode> Other)> SendAllAsync(string[] bodies, int senders)
    {
        var answers = new ConcurrentBag<JsonElement>();
        var other = new ConcurrentBag<HttpStatusCode>();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, senders).Select(_ => Task.Run(async () =>
        {
            for (var i = Interlocked.Increment(ref next); i < bodies.Length; i = Interlocked.Increment(ref next))
            {
                using var response = await PostAsync(bodies[i]);
                if (response.StatusCode == HttpStatusCode.OK) answers.Add(await ReadJsonAsync(response));
                else other.Add(response.StatusCode);
            }
        })));
        return (answers, other);
    }

    [Fact]
    public async Task TheSameBatch_SentTenTimesShuffledAndConcurrently_IsStoredOnce_AndNeverRewritten()
    {
        var ids = Enumerable.Range(0, 20).Select(i => $"batch-{i:D2}").ToArray();
        var bodies = ids.SelectMany(id => Enumerable.Repeat(Slim(id), 10)).ToArray();
        new Random(11).Shuffle(bodies);

        var (answers, other) = await SendAllAsync(bodies, senders: 16);

        Assert.Empty(other);
        Assert.Equal(200, answers.Count);
        Assert.Equal(20, answers.Sum(a => a.GetProperty("stored").GetInt32()));
        Assert.Equal(180, answers.Sum(a => a.GetProperty("unchanged").GetInt32()));
        var stored = await QueryAsync(db => db.Details.Select(d => new { d.Id, d.Version, Utterances = db.Utterances.Count(u => u.DetailId == d.Id) }).ToListAsync());
        Assert.Equal(ids, stored.Select(s => s.Id).Order(StringComparer.Ordinal));
        Assert.All(stored, s => Assert.Equal(1, s.Version)); // a repeat changed nothing, so it wrote nothing
        Assert.Single(stored.Select(s => s.Utterances).Distinct()); // no leg got its phrases twice
        Assert.Equal(20, await SearchRowsAsync());
    }

    [Fact]
    public async Task TenThousandDeliveries_WithOneInFiveARepeat_EndWithExactCounts()
    {
        const int distinct = 8_000, repeats = 2_000;
        var random = new Random(29);
        var bodies = Enumerable.Range(0, distinct).Select(i => Slim($"load-{i:D5}"))
            .Concat(Enumerable.Range(0, repeats).Select(_ => Slim($"load-{random.Next(distinct):D5}")))
            .ToArray();
        random.Shuffle(bodies);

        var (answers, other) = await SendAllAsync(bodies, senders: 32);

        Assert.Empty(other);
        Assert.Equal(distinct + repeats, answers.Count);
        Assert.Equal(distinct, answers.Sum(a => a.GetProperty("stored").GetInt32()));
        Assert.Equal(repeats, answers.Sum(a => a.GetProperty("unchanged").GetInt32()));
        Assert.Equal(distinct, await QueryAsync(db => db.Details.CountAsync()));
        Assert.Equal(distinct, await SearchRowsAsync());
        Assert.Equal(0, await QueryAsync(db => db.Details.CountAsync(d => d.Version != 1)));
    }

    public sealed class OnSqlite() : IdempotencyTortureTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : IdempotencyTortureTests(DatabaseProvider.PostgreSQL);
}
