using MiiTelDashboard.Data;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

public abstract class MergeTests(DatabaseProvider provider) : WebhookTestBase(provider)
{
    [Fact]
    public async Task SameDeliveryTwice_ShouldChangeNothing()
    {
        var body = Bodies.Call("twice").Text();
        var first = await ReadJsonAsync(await PostAsync(body));
        var before = await LoadDetailAsync("twice");
        var second = await ReadJsonAsync(await PostAsync(body));
        var after = await LoadDetailAsync("twice");

        Assert.Equal(1, first.GetProperty("stored").GetInt32());
        Assert.Equal(0, second.GetProperty("stored").GetInt32());
        Assert.Equal(1, second.GetProperty("unchanged").GetInt32());
        Assert.Equal(1, after!.Version);
        Assert.Equal(before!.LastChangedAt, after.LastChangedAt);
        Assert.Equal(before.Utterances.Select(u => u.Id), after.Utterances.Select(u => u.Id));
        var log = await DeliveriesAsync(2);
        Assert.Equal(["accepted", "duplicate"], log.Select(l => l.Result));
    }

    [Fact]
    public async Task TwentyConcurrentCopies_ShouldStoreOneRow_AndOneAcceptedDelivery()
    {
        var body = Bodies.Call("concurrent").Text();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PostAsync(body)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(1, await QueryAsync(db => db.Details.CountAsync(d => d.Id == "concurrent")));
        Assert.Equal(13, await QueryAsync(db => db.Utterances.CountAsync(u => u.DetailId == "concurrent")));
        Assert.Equal(1, (await LoadDetailAsync("concurrent"))!.Version);
        var log = await DeliveriesAsync(20);
        Assert.Equal(1, log.Count(l => l.Result == "accepted"));
        Assert.Equal(19, log.Count(l => l.Result == "duplicate"));
    }

    [Fact]
    public async Task LaterDelivery_ShouldReplacePresentSections_AndKeepAbsentOnes()
    {
        // First delivery: a missed-looking call with no analysis yet, but with phrases and keywords.
        await PostAsync(Bodies.Call("grows", d =>
        {
            d.Remove("analysis");
            d["tags"] = new JsonArray();
        }).Text());
        var first = await LoadDetailAsync("grows");
        Assert.False(first!.HasAnalysis);
        Assert.Equal(13, first.Utterances.Count);

        // Later: analysis finished and tags edited; phrases and keywords dropped from the body
        // (a customer setting), and comments sent as null.
        await PostAsync(Bodies.Call("grows", d =>
        {
            d.Remove("phrases");
            d.Remove("keywords");
            d["comments"] = null;
            d["analysis"]!["score"] = 71.5;
            d["tags"] = new JsonArray(new JsonObject { ["created_by"] = "Edgardo", ["creator_type"] = "TENANT_USER", ["value"] = "アポ獲得" });
        }).Text());

        var merged = await LoadDetailAsync("grows");
        Assert.True(merged!.HasAnalysis);
        Assert.Equal(71.5, merged.Score);
        Assert.Equal(["アポ獲得"], merged.Tags.Select(t => t.Value));
        Assert.Equal(13, merged.Utterances.Count);
        Assert.Equal(2, merged.Keywords.Count);
        Assert.Equal(2, merged.Version);
    }

    [Fact]
    public async Task LaterDelivery_WithAnEmptySection_ShouldEmptyIt()
    {
        await PostAsync(Bodies.Call("emptied").Text());
        await PostAsync(Bodies.Call("emptied", d => d["tags"] = new JsonArray()).Text());
        Assert.Empty((await LoadDetailAsync("emptied"))!.Tags);
    }

    [Fact]
    public async Task LaterDelivery_WithNewPhrases_ShouldReplaceTheIndexedText()
    {
        await PostAsync(Bodies.Call("reindexed").Text());
        Assert.Equal(1, await CountMatchesAsync("Midtown"));

        await PostAsync(Bodies.Call("reindexed", d =>
        {
            d["phrases"] = new JsonArray(new JsonObject
            {
                ["participant_id"] = d["participants"]![0]!["id"]!.GetValue<string>(),
                ["raw"] = new JsonArray(new JsonObject { ["order"] = 0, ["phrase"] = "見積書を送付いたします", ["start_at"] = 1.0, ["end_at"] = 3.0 }),
                ["summary"] = new JsonArray(),
            });
        }).Text());

        Assert.Equal(0, await CountMatchesAsync("Midtown"));
        Assert.Equal(1, await CountMatchesAsync("見積書"));
    }

    private Task<int> CountMatchesAsync(string text) => SearchRowsAsync(text);

    [Fact]
    public async Task TwoHundredDistinctConcurrentDeliveries_ShouldAllBeStored()
    {
        var ids = Enumerable.Range(0, 200).Select(i => $"distinct-{i:D3}").ToList();
        var responses = await Task.WhenAll(ids.Select(id => PostAsync(Bodies.Call(id).Text())));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var stored = await QueryAsync(db => db.Details.Where(d => d.Id.StartsWith("distinct-")).Select(d => d.Id).ToListAsync());
        Assert.Equal(ids, stored.Order());
        Assert.Equal(200 * 13, await QueryAsync(db => db.Utterances.CountAsync(u => u.DetailId.StartsWith("distinct-"))));
    }

    public sealed class OnSqlite() : MergeTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : MergeTests(DatabaseProvider.PostgreSQL);
}
