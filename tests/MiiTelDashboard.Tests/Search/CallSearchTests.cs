using System.Globalization;
using System.Text.Json.Nodes;
using MiiTelDashboard.Search;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

/// <summary>The call-level index (one CallSearch row per call detail) and the one MATCH expression built for it.</summary>
public abstract class CallSearchTests(AppFactory app)
{
    [Fact]
    public async Task LaterDelivery_ReplacesTheCallsIndexRow_OldTextGoneNewTextThere()
    {
        var circuit = SearchData.NewCircuit();
        var id = await app.PostAsync(SearchData.Call(circuit, [new(false, "旧バージョンの見積依頼", 1), new(true, "承知しました", 3)]));
        Assert.Equal([id], (await app.SearchAsync(circuit, "旧バージョン")).Ids());

        await app.PostAsync(SearchData.Call(circuit, [new(false, "新バージョンの契約更新", 1), new(true, "確認いたします", 3)], detailId: id,
            edit: d => d["comments"] = new JsonArray(new JsonObject { ["value"] = "折り返し希望あり" })));

        var rows = await app.CallSearchRowsAsync(id);
        var row = Assert.Single(rows);
        Assert.Equal("確認いたします", row.Operator);
        Assert.Equal("新バージョンの契約更新", row.Customer);
        Assert.Contains("折り返し希望あり", row.Notes);
        Assert.Empty((await app.SearchAsync(circuit, "旧バージョン")).Ids());
        Assert.Empty((await app.SearchAsync(circuit, "承知しました")).Ids());
        Assert.Equal([id], (await app.SearchAsync(circuit, "新バージョン 確認いたします")).Ids());
        Assert.Equal([id], (await app.SearchAsync(circuit, "折り返し希望")).Ids());
    }

    [Fact]
    public async Task DuplicateDelivery_LeavesTheIndexRowAlone()
    {
        var circuit = SearchData.NewCircuit();
        var body = SearchData.Call(circuit, [new(false, "重複配信テストの発言", 1)]);
        var id = await app.PostAsync(body);
        await app.PostAsync(body);

        Assert.Single(await app.CallSearchRowsAsync(id));
        Assert.Equal([id], (await app.SearchAsync(circuit, "重複配信テスト")).Ids());
    }

    [Fact]
    public async Task SideFilter_IsAColumnFilter_EachWordOnThatSide()
    {
        var circuit = SearchData.NewCircuit();
        // Both words in one call, but on different sides.
        var split = await app.PostAsync(SearchData.Call(circuit, [new(false, "discount please", 1), new(true, "delivery date", 3)]));
        var customerBoth = await app.PostAsync(SearchData.Call(circuit, [new(false, "discount and delivery", 1), new(true, "sure", 3)]));

        Assert.Equal([customerBoth], (await app.SearchAsync(circuit, "discount delivery side:customer")).Ids());
        Assert.Empty((await app.SearchAsync(circuit, "discount delivery side:operator")).Ids());
        Assert.Equal([split], (await app.SearchAsync(circuit, "delivery side:operator")).Ids());
        Assert.Equal(2, (await app.SearchAsync(circuit, "discount delivery"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task NotExcludesAWordFoundInAnyOtherUtterance_OrOnlyOnTheChosenSide()
    {
        var circuit = SearchData.NewCircuit();
        var keep = await app.PostAsync(SearchData.Call(circuit, [new(false, "pricing question", 1), new(false, "thanks", 5)]));
        // The excluded word is in a different utterance, said by the other side.
        var drop = await app.PostAsync(SearchData.Call(circuit, [new(false, "pricing question", 1), new(true, "competitor offer", 5)]));

        Assert.Equal([keep], (await app.SearchAsync(circuit, "pricing -competitor")).Ids());
        Assert.Equal([keep], (await app.SearchAsync(circuit, "-competitor pricing")).Ids());
        // Limited to the customer's side, the operator's word does not exclude the call.
        Assert.Equal(2, (await app.SearchAsync(circuit, "pricing -competitor side:customer"))["total"]!.GetValue<int>());
        // Only a short word to look for: the exclusion still applies.
        Assert.Contains(keep, (await app.SearchAsync(circuit, "pr -competitor")).Ids());
        Assert.DoesNotContain(drop, (await app.SearchAsync(circuit, "pr -competitor")).Ids());
    }

    [Fact]
    public async Task Ranking_IsRelevanceThenNewest_AcrossPages_WhenScoresTie()
    {
        // Five calls with the same transcript score the same, so page boundaries fall inside a tie;
        // one call saying the word three times ranks first. Times differ by hours, oldest first.
        var circuit = SearchData.NewCircuit();
        var word = "tiebreak" + Guid.NewGuid().ToString("N")[..6];
        var same = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var hoursAgo = 10 - i;
            same.Add(await app.PostAsync(SearchData.Call(circuit, [new(false, $"about the {word} plan", 1)], edit: d => StartHoursAgo(d, hoursAgo))));
        }
        var best = await app.PostAsync(SearchData.Call(circuit, [new(false, $"{word} {word} {word}", 1)], edit: d => StartHoursAgo(d, 20)));
        // Outside the circuit: never counted or shown.
        await app.PostAsync(SearchData.Call(SearchData.NewCircuit(), [new(false, $"{word} {word} {word}", 1)]));

        var pages = new List<string>();
        for (var page = 1; page <= 4; page++)
        {
            var result = await app.SearchAsync(circuit, word, $"&page={page}&pageSize=2");
            Assert.Equal(6, result["total"]!.GetValue<int>());
            pages.AddRange(result.Ids());
        }
        Assert.Equal([best, .. Enumerable.Reverse(same)], pages);
    }

    [Fact]
    public async Task Search_WithoutAnyFilter_CountsAndRanksEveryCall()
    {
        var word = "nofilter" + Guid.NewGuid().ToString("N")[..6];
        var older = await app.PostAsync(SearchData.Call(SearchData.NewCircuit(), [new(true, $"the {word} offer", 1)], edit: d => StartHoursAgo(d, 5)));
        var newer = await app.PostAsync(SearchData.Call(SearchData.NewCircuit(), [new(true, $"the {word} offer", 1)], edit: d => StartHoursAgo(d, 3)));
        var stronger = await app.PostAsync(SearchData.Call(SearchData.NewCircuit(), [new(true, $"{word}, {word}!", 1)], edit: d => StartHoursAgo(d, 9)));

        using var client = app.ApiClient();
        var result = JsonNode.Parse(await client.GetStringAsync($"/api/search?q={word}"))!.AsObject();

        Assert.Equal(3, result["total"]!.GetValue<int>());
        Assert.Equal([stronger, newer, older], result.Ids());

        // "All time" as the page sends it, and bounds around every call, answer the same; a bound
        // that leaves a call out still applies.
        foreach (var range in new[] { "&from=2000-01-01", $"&from=2000-01-01&to={AppFactory.Now.AddDays(1):yyyy-MM-dd}" })
        {
            var wide = JsonNode.Parse(await client.GetStringAsync($"/api/search?q={word}{range}"))!.AsObject();
            Assert.Equal(3, wide["total"]!.GetValue<int>());
            Assert.Equal([stronger, newer, older], wide.Ids());
        }
        var recent = JsonNode.Parse(await client.GetStringAsync($"/api/search?q={word}&from={AppFactory.Now.AddHours(-4):yyyy-MM-ddTHH:mm:ssZ}"))!.AsObject();
        Assert.Equal([newer], recent.Ids());
    }

    private static void StartHoursAgo(JsonObject detail, int hours)
    {
        var start = AppFactory.Now.AddHours(-hours);
        detail["dial_starts_at"] = start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        detail["dial_answered_at"] = start.AddSeconds(5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        detail["dial_ends_at"] = start.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
    }

    [Fact]
    public void MatchExpression_QuotesEveryTerm_AndLimitsEachToTheSideColumn()
    {
        SearchTerm[] include = [new("見積", false), new("say \"hi\" NEAR(x)", true)];
        SearchTerm[] exclude = [new("競合", false), new("a*b", false)];
        Assert.Equal("(\"見積\" AND \"say \"\"hi\"\" NEAR(x)\") NOT (\"競合\" OR \"a*b\")",
            SearchService.MatchExpression(include, exclude, null));
        Assert.Equal("({Customer} : \"見積\") NOT ({Customer} : \"競合\" OR {Customer} : \"a*b\")",
            SearchService.MatchExpression([include[0]], exclude, SearchSide.Customer));
        Assert.Equal("({Operator} : \"x\"\"y\")", SearchService.MatchExpression([new SearchTerm("x\"y", false)], [], SearchSide.Operator));
    }

    public sealed class OnSqlite(AppFactory app) : CallSearchTests(app), IClassFixture<AppFactory>;
    public sealed class OnPostgreSql(PostgreSqlAppFactory app) : CallSearchTests(app), IClassFixture<PostgreSqlAppFactory>;
}
