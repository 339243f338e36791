using System.Net;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

public sealed class StorageFailureTests : WebhookTestBase
{
    protected override void Configure(AppFactory factory) =>
        factory.With("ConnectionStrings:Calls", $"Data Source={factory.DatabasePath};Default Timeout=1");

    [Fact]
    public async Task LockedDatabase_ShouldAnswer503_SoMiiTelRetries_AndTheRetryIsStored()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Bodies.Call("before-lock").Text())).StatusCode);

        // Another process holding the write lock is what a stuck backup or a second writer looks like.
        await using (var blocker = new SqliteConnection($"Data Source={App.DatabasePath}"))
        {
            await blocker.OpenAsync();
            using (var begin = blocker.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }

            // The cause is in the server log, not in the answer: a plain sentence, no exception text.
            await WebhookAnswers.AssertRetryLaterAsync(await PostAsync(Bodies.Call("during-lock").Text()));

            using var rollback = blocker.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Bodies.Call("during-lock").Text())).StatusCode);
        var ids = await QueryAsync(db => db.Details.Select(d => d.Id).OrderBy(i => i).ToListAsync());
        Assert.Equal(["before-lock", "during-lock"], ids);

        // The failure itself is on record for the integration page, once the database took writes again.
        var log = await DeliveriesAsync(3);
        var failed = Assert.Single(log, l => l.Result == "failed");
        Assert.Equal(503, failed.StatusCode);
        Assert.Equal("during-lock", failed.DetailIds);
        Assert.Contains("locked", failed.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OnceTheWriterStopped_ADelivery_ShouldAnswer503_WithTheSamePlainSentence()
    {
        // What a delivery meets between SIGTERM and the process's exit.
        await App.Services.GetRequiredService<IngestWriter>().StopAsync(CancellationToken.None);
        await WebhookAnswers.AssertRetryLaterAsync(await PostAsync(Bodies.Call().Text()));
    }
}
