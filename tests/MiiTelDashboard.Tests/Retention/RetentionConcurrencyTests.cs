using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Retention;
using MiiTelDashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MiiTelDashboard.Tests.Retention;

public sealed class RetentionConcurrencyTests(ITestOutputHelper output)
{
    private const int OldCalls = 3_000;
    private const int Senders = 4;

    [Fact]
    public async Task APurgeOf3000OldCalls_WhileWebhooksKeepArriving_AnswersEveryWebhook2xx_AndKeepsItsCall()
    {
        await using var app = new AppFactory().With("Retention:Days", "90").With("Retention:StartDelay", "1.00:00:00").With("Logging:LogLevel:MiiTelDashboard.Retention", "Debug");
        using var webhook = app.WebhookClient();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, OldCalls), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, ct) =>
        {
            using var response = await webhook.PostAsync("/webhooks/miitel",
                AppFactory.Json(RetentionSeed.Call($"old-{i}", RetentionSeed.Old.AddMinutes(i), "oldword").Text()), ct);
            response.EnsureSuccessStatusCode();
        });
        output.WriteLine($"seeded {OldCalls} old calls in {clock.Elapsed.TotalSeconds:N1} s");

        clock.Restart();
        var purge = app.Services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None);
        var answers = new ConcurrentBag<(string Id, int Status, TimeSpan Took, bool DuringPurge)>();
        var next = -1;
        // Several senders, each posting a new call as soon as the last one was answered, for as long as the purge runs.
        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async _ =>
        {
            while (!purge.IsCompleted)
            {
                var id = $"new-{Interlocked.Increment(ref next)}";
                var sent = Stopwatch.StartNew();
                using var response = await webhook.PostAsync("/webhooks/miitel", AppFactory.Json(RetentionSeed.Call(id, RetentionSeed.Recent, "newword").Text()));
                answers.Add((id, (int)response.StatusCode, sent.Elapsed, !purge.IsCompleted));
            }
        }));
        var result = await purge;
        var purgeTook = clock.Elapsed;

        Assert.Equal(OldCalls, result.Calls.Calls);
        Assert.Equal(OldCalls, result.Calls.Deliveries);
        Assert.All(answers, a => Assert.InRange(a.Status, 200, 299));
        Assert.True(answers.Count(a => a.DuringPurge) >= 10, $"only {answers.Count(a => a.DuringPurge)} webhooks were answered while the purge ran");
        await using (var db = await app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync())
        {
            var stored = await db.Details.Select(d => d.Id).ToListAsync();
            Assert.Equal(answers.Select(a => a.Id).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        }
        Assert.Equal(0, await RetentionSeed.SearchRowsAsync(app, "oldword"));
        Assert.Equal(answers.Count, await RetentionSeed.SearchRowsAsync(app, "newword"));

        var took = answers.Select(a => a.Took.TotalMilliseconds).Order().ToList();
        output.WriteLine($"purge of {OldCalls} calls: {purgeTook.TotalSeconds:N1} s; {answers.Count} webhooks meanwhile, "
            + $"p50 {took[took.Count / 2]:N0} ms, p95 {took[took.Count * 95 / 100]:N0} ms, max {took[^1]:N0} ms");
    }
}
