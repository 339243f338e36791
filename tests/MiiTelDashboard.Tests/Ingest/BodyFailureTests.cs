using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Search;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// A failure that storing one body raises, other than the store's own, would fail that body on
/// every retry: it is refused with 422 (never a 5xx, which MiiTel re-sends forever) and kept in the
/// delivery log, while the deliveries committed beside it are stored.
/// <para>
/// No body is known that makes the writer throw (the hostile corpus found those and they were fixed),
/// so the bug is injected: a search indexer that throws for detail ids starting with "poison".
/// </para>
/// </summary>
public sealed class BodyFailureTests : IAsyncLifetime
{
    private readonly AppFactory _factory = new();
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _webhook = null!;

    /// <summary>Stands in for a bug that one body's content triggers.</summary>
    private sealed class PoisonSensitiveIndexer(ISearchIndexer inner) : ISearchIndexer
    {
        public Task IndexAsync(CallsDbContext db, IReadOnlyCollection<string> detailIds, CancellationToken ct) =>
            detailIds.Any(id => id.StartsWith("poison", StringComparison.Ordinal))
                ? throw new InvalidOperationException("secret internals of the bug")
                : inner.IndexAsync(db, detailIds, ct);
    }

    public Task InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
            s.AddSingleton<ISearchIndexer>(new PoisonSensitiveIndexer(new CallSearchIndex()))));
        _webhook = _app.CreateClient();
        _webhook.DefaultRequestHeaders.Authorization = new("Bearer", AppFactory.WebhookToken);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    private Task<HttpResponseMessage> PostAsync(string body) => _webhook.PostAsync("/webhooks/miitel", AppFactory.Json(body));

    [Fact]
    public async Task ABodyThatMakesStoringThrow_ShouldBe422ProblemJson_AndKeptInTheDeliveryLogAsRejected()
    {
        var response = await PostAsync(Bodies.Call("poison-1").Text());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal("Could not be stored", JsonDocument.Parse(text).RootElement.GetProperty("title").GetString());
        Assert.DoesNotContain("secret internals", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);

        var row = await WaitForRowAsync("poison-1");
        Assert.Equal((DeliveryResults.Rejected, 422), (row.Result, row.StatusCode));
        Assert.Contains("\"id\":\"poison-1\"", row.Body, StringComparison.Ordinal);
        Assert.Contains(nameof(InvalidOperationException), row.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("secret internals", row.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await QueryAsync(db => db.Details.CountAsync()));

        // The same body again: the same answer, still no 5xx.
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await PostAsync(Bodies.Call("poison-1").Text())).StatusCode);
    }

    [Fact]
    public async Task ABadBodyAmongConcurrentDeliveries_ShouldNotCostTheOthersTheirCommit()
    {
        var ids = Enumerable.Range(0, 40).Select(i => i == 17 ? "poison-17" : $"fine-{i:D2}").ToArray();
        var answers = new ConcurrentDictionary<string, HttpStatusCode>();
        await Task.WhenAll(ids.Select(id => Task.Run(async () => answers[id] = (await PostAsync(Bodies.Call(id).Text())).StatusCode)));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, answers["poison-17"]);
        Assert.All(ids.Where(id => id != "poison-17"), id => Assert.Equal(HttpStatusCode.OK, answers[id]));
        var stored = await QueryAsync(db => db.Details.Select(d => d.Id).ToListAsync());
        Assert.Equal(ids.Where(id => id != "poison-17").Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
    }

    private async Task<T> QueryAsync<T>(Func<CallsDbContext, Task<T>> query)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    private async Task<Delivery> WaitForRowAsync(string detailIds)
    {
        Delivery? row = null;
        await Wait.UntilAsync(async () => (row = await QueryAsync(db => db.Deliveries.AsNoTracking().FirstOrDefaultAsync(d => d.DetailIds == detailIds))) is not null,
            because: $"a delivery log row for {detailIds}");
        return row!;
    }
}

/// <summary>Which failures of a write become 503 (the store's: retried) and which 422 (the body's: refused).</summary>
public sealed class StorageFailureClassificationTests
{
    public static TheoryData<Exception> StoreFailures() => new(
        new SqliteException("database is locked", 5),
        new SqliteException("database table is locked", 6),
        new SqliteException("disk I/O error", 10, 10 | (19 << 8)),
        new SqliteException("database or disk is full", 13),
        new DbUpdateException("An error occurred while saving", new SqliteException("database or disk is full", 13)),
        new IOException("No space left on device"),
        new SqliteException("no such table: CallSearch", 1),
        new OperationCanceledException());

    public static TheoryData<Exception> BodyFailures() => new(
        new InvalidOperationException("The instance of entity type cannot be tracked"),
        new DbUpdateException("An error occurred while saving", new SqliteException("UNIQUE constraint failed", 19)),
        new SqliteException("string or blob too big", 18),
        new JsonException("'0x00' is invalid"),
        new KeyNotFoundException("details[x].participants"),
        new ArgumentOutOfRangeException("value"));

    [Theory]
    [MemberData(nameof(StoreFailures))]
    public void AFailureOfTheStore_ShouldBeRetried_WithASentenceThatIsNotTheExceptionText(Exception e)
    {
        var reason = StorageFailure.Describe(e);
        Assert.NotNull(reason);
        Assert.NotEqual(e.Message, reason);
    }

    [Theory]
    [MemberData(nameof(BodyFailures))]
    public void AnyOtherFailure_ShouldBeTheBodys(Exception e) => Assert.Null(StorageFailure.Describe(e));
}
