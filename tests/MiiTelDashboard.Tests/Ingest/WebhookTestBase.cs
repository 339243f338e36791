using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>Each test class gets its own app and database (a SQLite file, or a PostgreSQL database); each test its own call ids.</summary>
public abstract class WebhookTestBase(DatabaseProvider provider = DatabaseProvider.Sqlite) : IAsyncLifetime
{
    protected DatabaseProvider Provider => provider;

    protected AppFactory App { get; private set; } = null!;
    protected HttpClient Webhook { get; private set; } = null!;

    protected virtual void Configure(AppFactory factory) { }

    public Task InitializeAsync()
    {
        App = AppFactory.For(provider);
        Configure(App);
        Webhook = App.WebhookClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await App.DisposeAsync();

    protected Task<HttpResponseMessage> PostAsync(string body) => Webhook.PostAsync("/webhooks/miitel", AppFactory.Json(body));

    protected async Task<T> QueryAsync<T>(Func<CallsDbContext, Task<T>> query)
    {
        var factory = App.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await query(db);
    }

    protected Task<CallDetail?> LoadDetailAsync(string id) => QueryAsync(db => db.Details.AsNoTracking()
        .Include(d => d.Participants).Include(d => d.Tags).Include(d => d.Comments)
        .Include(d => d.Keywords).Include(d => d.Utterances)
        .AsSplitQuery().FirstOrDefaultAsync(d => d.Id == id));

    /// <summary>Rows of the search index's table (CallSearch on either provider), or those holding <paramref name="phrase"/>.</summary>
    protected Task<int> SearchRowsAsync(string? phrase = null) => QueryAsync(db => (provider, phrase) switch
    {
        (DatabaseProvider.PostgreSQL, null) => db.Database.SqlQueryRaw<int>("SELECT count(*)::int AS \"Value\" FROM \"CallSearch\"").SingleAsync(),
        (DatabaseProvider.PostgreSQL, _) => db.Database.SqlQuery<int>(
            $"SELECT count(*)::int AS \"Value\" FROM \"CallSearch\" WHERE concat_ws(E'\n', \"Operator\", \"Customer\", \"Notes\") ILIKE '%' || {phrase} || '%'").SingleAsync(),
        (_, null) => db.Database.SqlQueryRaw<int>("SELECT count(*) AS Value FROM CallSearch").SingleAsync(),
        _ => db.Database.SqlQuery<int>($"SELECT COUNT(*) AS Value FROM CallSearch WHERE CallSearch MATCH {'"' + phrase + '"'}").SingleAsync(),
    });

    /// <summary>Delivery log rows are written by the same single writer; wait until it has caught up.</summary>
    protected async Task<List<Delivery>> DeliveriesAsync(int atLeast)
    {
        List<Delivery> rows = [];
        await Wait.UntilAsync(async () =>
        {
            rows = await QueryAsync(db => db.Deliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync());
            return rows.Count >= atLeast;
        }, because: $"{atLeast} delivery log rows");
        return rows;
    }

    /// <summary>Buffers the content, so a test may read the same response more than once.</summary>
    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
}
