using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

public abstract class SearchApiTests(AppFactory app)
{
    [Fact]
    public async Task JapaneseSubstrings_AreFound_WithAndWithoutTheIndex()
    {
        var circuit = SearchData.NewCircuit();
        var hit = await app.PostAsync(SearchData.Call(circuit, [new(false, "お見積書を今週中に送っていただけますか", 12)]));
        await app.PostAsync(SearchData.Call(circuit, [new(false, "また来週お電話します", 5)]));

        Assert.Equal([hit], (await app.SearchAsync(circuit, "見積書")).Ids());   // trigram index
        Assert.Equal([hit], (await app.SearchAsync(circuit, "見積")).Ids());     // two characters: LIKE fallback
        Assert.Equal([hit], (await app.SearchAsync(circuit, "見積書を今週")).Ids());
    }

    [Fact]
    public async Task EnglishWords_MatchRegardlessOfCase()
    {
        var circuit = SearchData.NewCircuit();
        var hit = await app.PostAsync(SearchData.Call(circuit, [new(false, "What about the Pricing of the premium plan?", 3)]));

        foreach (var q in new[] { "pricing", "PRICING", "PrIcInG", "premium PLAN" })
            Assert.Equal([hit], (await app.SearchAsync(circuit, q)).Ids());
    }

    [Fact]
    public async Task EveryWord_MustOccurInTheCall_InAnyUtterance()
    {
        var circuit = SearchData.NewCircuit();
        var both = await app.PostAsync(SearchData.Call(circuit, [new(true, "Let me send the proposal today.", 1), new(false, "Our deadline is Friday.", 9)]));
        await app.PostAsync(SearchData.Call(circuit, [new(true, "Let me send the proposal today.", 1)]));

        Assert.Equal([both], (await app.SearchAsync(circuit, "proposal deadline")).Ids());
        Assert.Equal([both], (await app.SearchAsync(circuit, "DEADLINE　proposal")).Ids());
        Assert.Equal(2, (await app.SearchAsync(circuit, "proposal"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task QuotedPhrase_MustOccurExactly()
    {
        var circuit = SearchData.NewCircuit();
        var exact = await app.PostAsync(SearchData.Call(circuit, [new(false, "Can we meet next week?", 1)]));
        await app.PostAsync(SearchData.Call(circuit, [new(false, "The week after next works.", 1)]));

        Assert.Equal([exact], (await app.SearchAsync(circuit, "\"next week\"")).Ids());
        Assert.Equal(2, (await app.SearchAsync(circuit, "next week"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task MinusWord_ExcludesTheCall_LongAndShort()
    {
        var circuit = SearchData.NewCircuit();
        var keep = await app.PostAsync(SearchData.Call(circuit, [new(false, "料金プランについて教えてください", 1)]));
        await app.PostAsync(SearchData.Call(circuit, [new(false, "料金プランは競合他社より高いです", 1)]));

        Assert.Equal([keep], (await app.SearchAsync(circuit, "料金プラン -競合他社")).Ids());
        Assert.Equal([keep], (await app.SearchAsync(circuit, "料金プラン -高い")).Ids());
    }

    [Fact]
    public async Task SideFilter_LimitsToWhatThatSideSaid()
    {
        var circuit = SearchData.NewCircuit();
        var customerSaid = await app.PostAsync(SearchData.Call(circuit, [new(false, "導入費用はいくらですか", 4)]));
        var operatorSaid = await app.PostAsync(SearchData.Call(circuit, [new(true, "導入費用は無料です", 4)]));

        Assert.Equal([customerSaid], (await app.SearchAsync(circuit, "導入費用", "&side=customer")).Ids());
        Assert.Equal([operatorSaid], (await app.SearchAsync(circuit, "導入費用 side:operator")).Ids());
        Assert.Equal([operatorSaid], (await app.SearchAsync(circuit, "費用", "&side=operator")).Ids());
        Assert.Equal(2, (await app.SearchAsync(circuit, "導入費用"))["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task ShortWords_FallBackToAScan_AndAnswerCorrectly()
    {
        var circuit = SearchData.NewCircuit();
        var price = await app.PostAsync(SearchData.Call(circuit, [new(false, "価格はどのくらいですか", 1)]));
        var afternoon = await app.PostAsync(SearchData.Call(circuit, [new(true, "午後に折り返します", 1)]));
        var both = await app.PostAsync(SearchData.Call(circuit, [new(false, "価格の件、午後でもいいですか", 1)]));

        Assert.Equal(new[] { price, both }.Order(), (await app.SearchAsync(circuit, "価格")).Ids().Order());
        Assert.Equal(new[] { afternoon, both }.Order(), (await app.SearchAsync(circuit, "午後")).Ids().Order());
        Assert.Equal([both], (await app.SearchAsync(circuit, "価格　午後")).Ids());
        var result = await app.SearchAsync(circuit, "価格");
        Assert.False(result["scanLimited"]!.GetValue<bool>());
        Assert.Contains("価格", result["items"]![0]!["snippet"]!.GetValue<string>());
    }

    [Fact]
    public async Task OneCharacterTerms_AreFound_Excluded_AndShownInTheSnippet()
    {
        var circuit = SearchData.NewCircuit();
        var price = await app.PostAsync(SearchData.Call(circuit, [new(false, "値段は高いですか", 1)]));
        var callBack = await app.PostAsync(SearchData.Call(circuit, [new(true, "明日また電話します", 1)]));

        Assert.Equal([price], (await app.SearchAsync(circuit, "値")).Ids());
        Assert.Equal([callBack], (await app.SearchAsync(circuit, "明")).Ids());
        Assert.Equal(new[] { price, callBack }.Order(), (await app.SearchAsync(circuit, "す")).Ids().Order());
        Assert.Equal([callBack], (await app.SearchAsync(circuit, "す -値")).Ids());
        Assert.Equal([price], (await app.SearchAsync(circuit, "す -電話")).Ids());
        var item = (await app.SearchAsync(circuit, "値"))["items"]![0]!;
        Assert.Equal("値段は高いですか", item["snippet"]!.GetValue<string>());
        Assert.Equal("[[0,1]]", item["highlights"]!.ToJsonString());
    }

    [Fact]
    public async Task ShortWordScan_SaysWhenItHitItsBound()
    {
        await using var bounded = AppFactory.For(app.Provider).With("Search:ShortTermScanCalls", "2");
        var circuit = SearchData.NewCircuit();
        for (var i = 0; i < 3; i++) await bounded.PostAsync(SearchData.Call(circuit, [new(false, $"価格 {i}", 1)]));

        var result = await bounded.SearchAsync(circuit, "価格");

        Assert.True(result["scanLimited"]!.GetValue<bool>());
        Assert.Equal(2, result["total"]!.GetValue<int>());
    }

    [Theory]
    [MemberData(nameof(HostileInputs.All), MemberType = typeof(HostileInputs))]
    public async Task HostileInput_ReturnsResultsOrAnEmptyState(string q)
    {
        var circuit = SearchData.NewCircuit();
        await app.PostAsync(SearchData.Call(circuit, [new(false, "a AND b NEAR(x) \"quoted\" * 😀😀😀 <script> 50% a_b", 1)]));
        var result = await app.SearchAsync(circuit, q);
        Assert.True(result["total"]!.GetValue<int>() >= 0);
        Assert.NotNull(result["items"]);
    }

    [Theory]
    [InlineData("NEAR(x)")]
    [InlineData("\"quoted\"")]
    [InlineData("AND b")]
    [InlineData("*")]
    [InlineData("😀😀😀")]
    [InlineData("<script>")]
    [InlineData("50%")]
    [InlineData("a_b")]
    public async Task OperatorsAndWildcards_AreSearchedAsPlainText(string q)
    {
        var circuit = SearchData.NewCircuit();
        var hit = await app.PostAsync(SearchData.Call(circuit, [new(false, "a AND b NEAR(x) quoted * 😀😀😀 <script> 50% a_b", 1)]));
        await app.PostAsync(SearchData.Call(circuit, [new(false, "nothing special 50 ab", 1)]));
        Assert.Equal([hit], (await app.SearchAsync(circuit, q)).Ids());
    }

    [Fact]
    public async Task TooLongInput_GivesANotice_NotAnError()
    {
        var result = await app.SearchAsync(SearchData.NewCircuit(), new string('価', 10_000));
        Assert.Equal(0, result["total"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(result["notice"]?.GetValue<string>()));
    }

    [Fact]
    public async Task LaterDeliveryOfTheSameDetail_ReplacesWhatIsFound()
    {
        var circuit = SearchData.NewCircuit();
        var id = await app.PostAsync(SearchData.Call(circuit, [new(false, "古い見積書の話です", 1)]));
        Assert.Equal([id], (await app.SearchAsync(circuit, "古い見積書")).Ids());

        await app.PostAsync(SearchData.Call(circuit, [new(false, "新しい契約書の話です", 1)], detailId: id, edit: d => d["tags"] = new JsonArray(new JsonObject { ["value"] = "再送メモ" })));

        Assert.Empty((await app.SearchAsync(circuit, "古い見積書")).Ids());
        Assert.Empty((await app.SearchAsync(circuit, "古い")).Ids());
        Assert.Equal([id], (await app.SearchAsync(circuit, "新しい契約書")).Ids());
        Assert.Equal([id], (await app.SearchAsync(circuit, "再送メモ")).Ids());
    }

    [Fact]
    public async Task TagsCommentsAndMinutes_AreSearched()
    {
        var circuit = SearchData.NewCircuit();
        var id = await app.PostAsync(SearchData.Call(circuit, [new(false, "hello", 1)], edit: d =>
        {
            d["tags"] = new JsonArray(
                new JsonObject { ["value"] = "要フォロー案件", ["created_by"] = "Edgardo", ["creator_type"] = "TENANT_USER" },
                new JsonObject { ["value"] = "要フォロー案件", ["created_by"] = "Boss", ["creator_type"] = "TENANT_USER" });
            d["comments"] = new JsonArray(new JsonObject { ["value"] = "Send the revised quotation", ["created_by"] = "Boss", ["created_at"] = "2026-11-20T01:00:00Z" });
            d["minutes"] = new JsonObject { ["summary"] = "次回デモは十二月に実施", ["items"] = new JsonArray("決裁者の同席を依頼") };
        }));

        foreach (var q in new[] { "フォロー案件", "REVISED quotation", "十二月に実施", "決裁者" })
            Assert.Equal([id], (await app.SearchAsync(circuit, q)).Ids());
        // Only the minutes' text is indexed, not its JSON keys.
        Assert.Empty((await app.SearchAsync(circuit, "summary")).Ids());
        var hits = (await app.SearchAsync(circuit, "要フォロー"))["items"]![0]!["hits"]!.AsArray();
        Assert.Equal("tag", hits[0]!["source"]!.GetValue<string>());
        Assert.Single(hits); // the tag was given twice: one hit, not two identical lines
        // Notes have no side: a side-limited search looks at utterances only.
        Assert.Empty((await app.SearchAsync(circuit, "要フォロー", "&side=customer")).Ids());
    }

    [Fact]
    public async Task DashboardFilters_NarrowTheResults()
    {
        var circuit = SearchData.NewCircuit();
        var recent = await app.PostAsync(SearchData.Call(circuit, [new(false, "キャンペーン価格", 1)], edit: d =>
            d["tags"] = new JsonArray(new JsonObject { ["value"] = "hot" })));
        var old = await app.PostAsync(SearchData.Call(circuit, [new(false, "キャンペーン価格", 1)], edit: d =>
        {
            d["dial_starts_at"] = "2025-01-10T01:00:00Z";
            d["dial_answered_at"] = null;
            d["dial_ends_at"] = "2025-01-10T01:00:30Z";
            d["analysis"] = null;
        }));

        Assert.Equal([recent], (await app.SearchAsync(circuit, "キャンペーン", "&tag=hot")).Ids());
        Assert.Equal([old], (await app.SearchAsync(circuit, "キャンペーン", "&to=2025-02-01")).Ids());
        Assert.Equal([recent], (await app.SearchAsync(circuit, "キャンペーン", "&from=2026-01-01")).Ids());
        Assert.Equal([old], (await app.SearchAsync(circuit, "キャンペーン", "&outcome=unanswered")).Ids());
        Assert.Equal([recent], (await app.SearchAsync(circuit, "キャンペーン", "&outcome=connected&type=OUTGOING_CALL&user=Edgardo")).Ids());
        Assert.Empty((await app.SearchAsync(circuit, "キャンペーン", "&user=someone-else")).Ids());
        Assert.Empty((await app.SearchAsync(SearchData.NewCircuit(), "キャンペーン")).Ids());
    }

    [Fact]
    public async Task Results_AreRankedByRelevance_ThenPaged()
    {
        var circuit = SearchData.NewCircuit();
        var strong = await app.PostAsync(SearchData.Call(circuit, [new(false, "renewal renewal renewal", 1)]));
        var ids = new List<string> { strong };
        for (var i = 0; i < 4; i++)
            ids.Add(await app.PostAsync(SearchData.Call(circuit, [new(false, $"We talked about many things today, among them briefly the renewal, number {i}.", 1)])));

        var first = await app.SearchAsync(circuit, "renewal", "&pageSize=2");
        var rest = await app.SearchAsync(circuit, "renewal", "&pageSize=2&page=2");
        var last = await app.SearchAsync(circuit, "renewal", "&pageSize=2&page=3");

        Assert.Equal(5, first["total"]!.GetValue<int>());
        Assert.Equal(strong, first.Ids()[0]);
        Assert.Equal(ids.Order(), first.Ids().Concat(rest.Ids()).Concat(last.Ids()).Order());
    }

    [Fact]
    public async Task Items_CarryTheCallAndTheHit()
    {
        var circuit = SearchData.NewCircuit();
        var id = await app.PostAsync(SearchData.Call(circuit, [new(true, "Good morning", 1), new(false, "Please send the contract draft", 42.5)]));

        var item = (await app.SearchAsync(circuit, "contract draft"))["items"]![0]!.AsObject();

        Assert.Equal(id, item["detailId"]!.GetValue<string>());
        Assert.Equal(id, item["callId"]!.GetValue<string>());
        Assert.Equal(42.5, item["startAt"]!.GetValue<double>());
        Assert.False(item["isOperator"]!.GetValue<bool>());
        Assert.Equal("018536d0-9363-768c-2a6b-e145d790bdb6", item["participantId"]!.GetValue<string>());
        Assert.Equal("Please send the contract draft", item["snippet"]!.GetValue<string>());
        Assert.Equal("[[16,8],[25,5]]", item["highlights"]!.ToJsonString());
        Assert.Equal(SearchData.StartedAt, item["startedAt"]!.GetValue<DateTime>());
        Assert.Equal("utterance", item["hits"]![0]!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Api_RequiresAnApiKey()
    {
        using var client = app.CreateClient();
        var response = await client.GetAsync("/api/search?q=hello");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "wrong-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/search?q=hello")).StatusCode);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("page=100000000")]        // past Search:MaxResults (1,000): would rank every match to reach it
    [InlineData("page=2147483647")]       // and × pageSize would overflow
    [InlineData("pageSize=200&page=6")]
    [InlineData("pageSize=0")]
    [InlineData("pageSize=1000")]
    [InlineData("side=manager")]
    [InlineData("from=yesterday")]
    [InlineData("outcome=great")]
    public async Task InvalidParameters_Get400Problem(string query)
    {
        using var client = app.ApiClient();
        var response = await client.GetAsync("/api/search?q=hello&" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public sealed class OnSqlite(AppFactory app) : SearchApiTests(app), IClassFixture<AppFactory>;
    public sealed class OnPostgreSql(PostgreSqlAppFactory app) : SearchApiTests(app), IClassFixture<PostgreSqlAppFactory>;
}
