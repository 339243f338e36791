using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Retention;
using MiiTelDashboard.Tests.Infrastructure;
using MiiTelDashboard.Tests.Ingest;

namespace MiiTelDashboard.Tests.Retention;

public abstract class RetentionPurgeTests(DatabaseProvider provider) : WebhookTestBase(provider)
{
    private const string OldWord = "oldvanishing";
    private const string RecentWord = "recentstaying";

    // The first purge is run by each test, not by the clock.
    protected override void Configure(AppFactory factory) =>
        factory.With("Retention:Days", "90").With("Retention:StartDelay", "1.00:00:00");

    private string[] OldIds { get; } = ["old-1", "old-2", "old-3"];
    private string[] RecentIds { get; } = ["recent-1", "recent-2"];

    /// <summary>Three old calls, two recent ones, and one delivery that carried an old leg and a recent one.</summary>
    private async Task SeedAsync()
    {
        foreach (var id in OldIds) await PostOkAsync(RetentionSeed.Call(id, RetentionSeed.Old, OldWord).Text());
        foreach (var id in RecentIds) await PostOkAsync(RetentionSeed.Call(id, RetentionSeed.Recent, RecentWord).Text());
        await PostOkAsync(RetentionSeed.TwoLegs(("mixed-old", RetentionSeed.Old, OldWord), ("mixed-recent", RetentionSeed.Recent, RecentWord)).Text());
    }

    private string[] AllOld => [.. OldIds, "mixed-old"];
    private string[] AllRecent => [.. RecentIds, "mixed-recent"];

    private async Task PostOkAsync(string body)
    {
        using var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<PurgeResult> PurgeAsync() => App.Services.GetRequiredService<RetentionPurge>().RunAsync(CancellationToken.None);

    private async Task<string[]> ApiListIdsAsync()
    {
        using var response = await App.ApiClient().GetAsync("/api/calls?pageSize=200");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ReadJsonAsync(response);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("detailId").GetString()!).Order(StringComparer.Ordinal).ToArray();
    }

    private async Task<string[]> SearchIdsAsync(string q)
    {
        using var response = await App.ApiClient().GetAsync("/api/search?pageSize=200&q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await ReadJsonAsync(response);
        return page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("detailId").GetString()!).Order(StringComparer.Ordinal).ToArray();
    }

    private async Task<string> CsvAsync()
    {
        using var client = await Viewer.ClientAsync(App);
        using var response = await client.GetAsync("/calls/export.csv?period=all");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private Task<int> ChildRowsAsync(string[] ids) => QueryAsync(async db =>
        await db.Utterances.CountAsync(u => ids.Contains(u.DetailId)) + await db.Participants.CountAsync(p => ids.Contains(p.DetailId))
        + await db.Tags.CountAsync(t => ids.Contains(t.DetailId)) + await db.Comments.CountAsync(c => ids.Contains(c.DetailId))
        + await db.Keywords.CountAsync(k => ids.Contains(k.DetailId)));

    private Task<List<Delivery>> CallDeliveriesAsync() =>
        QueryAsync(db => db.Deliveries.AsNoTracking().Where(d => d.Result == DeliveryResults.Accepted).OrderBy(d => d.Id).ToListAsync());

    [Fact]
    public async Task Purge_RemovesOldCallsFromEveryReadPathAndTable_AndLeavesRecentOnes()
    {
        await SeedAsync();
        // Everything is there before, so each "gone" below is the purge's doing.
        Assert.Equal(AllOld.Concat(AllRecent).Order(StringComparer.Ordinal), await ApiListIdsAsync());
        Assert.Equal(AllOld.Order(StringComparer.Ordinal), await SearchIdsAsync(OldWord));
        Assert.Equal(4, await RetentionSeed.SearchRowsAsync(App, OldWord));
        Assert.Contains("old-1", await CsvAsync());
        Assert.True(await ChildRowsAsync(AllOld) > 0);

        var result = await PurgeAsync();

        Assert.Equal(4, result.Calls.Calls);
        // Three deliveries carried only old calls; the two-leg one also carried a recent call.
        Assert.Equal(3, result.Calls.Deliveries);
        Assert.Equal(1, result.Calls.DeliveriesTrimmed);

        // Read API: the list, and the detail by id.
        Assert.Equal(AllRecent.Order(StringComparer.Ordinal), await ApiListIdsAsync());
        foreach (var id in AllOld)
            Assert.Equal(HttpStatusCode.NotFound, (await App.ApiClient().GetAsync($"/api/calls/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await App.ApiClient().GetAsync("/api/calls/recent-1")).StatusCode);

        // Search, through the API and in the FTS5 table itself.
        Assert.Empty(await SearchIdsAsync(OldWord));
        Assert.Equal(AllRecent.Order(StringComparer.Ordinal), await SearchIdsAsync(RecentWord));
        Assert.Equal(0, await RetentionSeed.SearchRowsAsync(App, OldWord));
        Assert.Equal(3, await RetentionSeed.SearchRowsAsync(App, RecentWord));
        Assert.Equal(0, await RetentionSeed.OrphanSearchRowsAsync(App));

        // The CSV of all time.
        var csv = await CsvAsync();
        Assert.All(AllOld, id => Assert.DoesNotContain(id, csv));
        Assert.All(AllRecent, id => Assert.Contains(id, csv));

        // Utterances and every other child row; the recent calls keep theirs.
        Assert.Equal(0, await ChildRowsAsync(AllOld));
        Assert.Equal(0, await RetentionSeed.ScalarAsync(App, "SELECT count(*) FROM Utterances WHERE Text LIKE '%' || $w || '%';",
            "SELECT count(*) FROM \"Utterances\" WHERE \"Text\" ILIKE '%' || @w || '%';", ("$w", OldWord)));
        Assert.True(await ChildRowsAsync(AllRecent) > 0);
        var recent = await LoadDetailAsync("recent-1");
        Assert.NotNull(recent);
        Assert.Contains(recent.Utterances, u => u.Text.Contains(RecentWord, StringComparison.Ordinal));

        // The delivery log names no old call any more; what carried recent ones is as it was.
        var deliveries = await CallDeliveriesAsync();
        Assert.Equal(["recent-1", "recent-2", "mixed-recent"], deliveries.Select(d => d.DetailIds));
        Assert.All(deliveries, d => Assert.Null(d.Body));
    }

    [Fact]
    public async Task Purge_WithNothingOld_DeletesNothing_AndASecondPurgeFindsNothingLeft()
    {
        await SeedAsync();
        var first = await PurgeAsync();
        Assert.Equal(4, first.Calls.Calls);

        var second = await PurgeAsync();
        Assert.Equal(DeletionResult.None, second.Calls);
        Assert.Equal(0, second.OldDeliveries);
        Assert.Equal(AllRecent.Order(StringComparer.Ordinal), await ApiListIdsAsync());
    }

    [Fact]
    public async Task DeleteCall_RemovesThatCallEverywhere_AndLeavesTheOthers()
    {
        await SeedAsync();
        var deletion = App.Services.GetRequiredService<CallDeletion>();

        var result = await deletion.DeleteCallAsync("recent-1", CancellationToken.None);

        Assert.Equal(new DeletionResult(1, 1, 0), result);
        Assert.Equal(HttpStatusCode.NotFound, (await App.ApiClient().GetAsync("/api/calls/recent-1")).StatusCode);
        Assert.Equal(["mixed-old", "mixed-recent", "old-1", "old-2", "old-3", "recent-2"], await ApiListIdsAsync());
        Assert.Equal(["mixed-recent", "recent-2"], await SearchIdsAsync(RecentWord));
        Assert.Equal(2, await RetentionSeed.SearchRowsAsync(App, RecentWord));
        Assert.Equal(0, await RetentionSeed.OrphanSearchRowsAsync(App));
        Assert.DoesNotContain("recent-1", await CsvAsync());
        Assert.Equal(0, await ChildRowsAsync(["recent-1"]));
        Assert.True(await ChildRowsAsync(["recent-2"]) > 0);
        Assert.DoesNotContain(await CallDeliveriesAsync(), d => DeliveryDetailIds.Split(d.DetailIds).Contains("recent-1"));

        // One leg of a two-leg delivery: the delivery stays for the other leg, without the deleted id.
        var leg = await deletion.DeleteCallAsync("mixed-old", CancellationToken.None);
        Assert.Equal(new DeletionResult(1, 0, 1), leg);
        Assert.Contains(await CallDeliveriesAsync(), d => d.DetailIds == "mixed-recent");
        Assert.Equal(HttpStatusCode.OK, (await App.ApiClient().GetAsync("/api/calls/mixed-recent")).StatusCode);

        // Deleting it again, or an id never seen, deletes nothing.
        Assert.Equal(DeletionResult.None, await deletion.DeleteCallAsync("recent-1", CancellationToken.None));
        Assert.Equal(DeletionResult.None, await deletion.DeleteCallAsync("never-seen", CancellationToken.None));
    }

    [Fact]
    public async Task DeleteCall_OfAnIdThatIsAPrefixOfAnother_LeavesTheOther()
    {
        await PostOkAsync(RetentionSeed.Call("abc", RetentionSeed.Recent, RecentWord).Text());
        await PostOkAsync(RetentionSeed.Call("abc-2", RetentionSeed.Recent, RecentWord).Text());
        await PostOkAsync(RetentionSeed.Call("ABC", RetentionSeed.Recent, RecentWord).Text());

        var result = await App.Services.GetRequiredService<CallDeletion>().DeleteCallAsync("abc", CancellationToken.None);

        Assert.Equal(new DeletionResult(1, 1, 0), result);
        Assert.Equal(["ABC", "abc-2"], await ApiListIdsAsync());
        Assert.Equal(["ABC", "abc-2"], (await CallDeliveriesAsync()).Select(d => d.DetailIds).Order(StringComparer.Ordinal));
    }

    public sealed class OnSqlite() : RetentionPurgeTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : RetentionPurgeTests(DatabaseProvider.PostgreSQL);
}
