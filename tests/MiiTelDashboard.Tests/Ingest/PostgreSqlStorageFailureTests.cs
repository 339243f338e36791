using System.Net;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;
using MiiTelDashboard.Tests.Infrastructure;
using MiiTelDashboard.Tests.Search;
using Npgsql;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// On PostgreSQL, trouble of the store is a 503 (MiiTel retries) and the call is stored with its
/// search row or not at all, as on SQLite (StorageFailureTests, CallSearchIndexTests).
/// </summary>
public sealed class PostgreSqlStorageFailureTests : WebhookTestBase
{
    public PostgreSqlStorageFailureTests() : base(DatabaseProvider.PostgreSQL) { }

    [Fact]
    public async Task AMissingSearchTable_Answers503_StoresNothing_AndTheRetrySucceedsOnceRepaired()
    {
        var circuit = SearchData.NewCircuit();
        await App.PostAsync(SearchData.Call(circuit, [new(false, "索引より前の通話", 1)]));
        await ExecuteAsync("ALTER TABLE \"CallSearch\" RENAME TO \"CallSearchAway\"");

        var body = SearchData.Call(circuit, [new(false, "索引できない通話", 1)]);
        var id = Bodies.Detail(body)["id"]!.GetValue<string>();
        using (var response = await PostAsync(body.Text()))
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.Details.CountAsync(d => d.Id == id)));
        var failed = (await DeliveriesAsync(2)).Last();
        Assert.Equal(DeliveryResults.Failed, failed.Result);
        Assert.Contains("schema", failed.Reason);

        await ExecuteAsync("ALTER TABLE \"CallSearchAway\" RENAME TO \"CallSearch\"");
        using (var retry = await PostAsync(body.Text())) Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal([id], (await App.SearchAsync(circuit, "索引できない")).Ids());
    }

    [Fact]
    public async Task TheServerGone_Answers503()
    {
        await App.PostAsync(SearchData.Call(SearchData.NewCircuit(), [new(false, "before", 1)]));
        // Every connection of this database refused from now on, the open ones ended.
        var name = new NpgsqlConnectionStringBuilder(App.PostgresConnectionString).Database;
        await ExecuteAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false", database: "postgres");
        await ExecuteAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()", database: "postgres");
        try
        {
            using var response = await PostAsync(SearchData.Call(SearchData.NewCircuit(), [new(false, "after", 1)]).Text());
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }
        finally
        {
            await ExecuteAsync($"ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS true", database: "postgres");
        }
    }

    private async Task ExecuteAsync(string sql, string? database = null)
    {
        var csb = new NpgsqlConnectionStringBuilder(App.PostgresConnectionString) { Pooling = false };
        if (database is not null) csb.Database = database;
        await using var conn = new NpgsqlConnection(csb.ToString());
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
