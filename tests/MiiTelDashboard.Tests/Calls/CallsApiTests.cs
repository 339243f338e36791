using MiiTelDashboard.Data;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MiiTelDashboard.Tests.Infrastructure;
using MiiTelDashboard.Tests.Ingest;

namespace MiiTelDashboard.Tests.Calls;

public abstract class CallsApiTests(DatabaseProvider provider) : WebhookTestBase(provider)
{
    private async Task SeedAsync()
    {
        await PostAsync(Bodies.Call("a1", d => { d["circuit_number"] = "0501111"; d["circuit_name"] = "東京営業"; d["dial_starts_at"] = "2026-11-01T01:00:00Z"; }).Text());
        await PostAsync(Bodies.Call("a2", d =>
        {
            d["circuit_number"] = "0502222"; d["circuit_name"] = "Osaka"; d["dial_starts_at"] = "2026-11-02T01:00:00Z";
            d["participants"]![0]!["login_id"] = "tanaka@example.jp"; d["participants"]![0]!["name"] = "田中";
        }).Text());
        await PostAsync(Bodies.Call("a3", d =>
        {
            d["circuit_number"] = "0501111"; d["circuit_name"] = "東京営業"; d["dial_starts_at"] = "2026-11-03T01:00:00Z";
            d["call_type"] = "INCOMING_CALL"; d["dial_answered_at"] = null; d.Remove("analysis");
        }).Text());
    }

    private async Task<JsonElement> ListAsync(string query)
    {
        var response = await App.ApiClient().GetAsync("/api/calls" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string[] Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("detailId").GetString()!).ToArray();

    [Fact]
    public async Task WithoutAKey_ShouldBe401_WithAProblem()
    {
        var response = await App.CreateClient().GetAsync("/api/calls");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var wrong = App.CreateClient();
        wrong.DefaultRequestHeaders.Authorization = new("Bearer", "not-a-key");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync("/api/calls")).StatusCode);
    }

    [Fact]
    public async Task WebhookToken_ShouldNotOpenTheReadApi() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await Webhook.GetAsync("/api/calls")).StatusCode);

    [Fact]
    public async Task List_ShouldFilterByCircuitNumberOrName_UserNameOrLogin_TimeTypeAndOutcome()
    {
        await SeedAsync();

        var all = await ListAsync("");
        Assert.Equal(3, all.GetProperty("total").GetInt32());
        Assert.Equal(["a3", "a2", "a1"], Ids(all));

        Assert.Equal(["a3", "a1"], Ids(await ListAsync("?circuit=0501111")));
        Assert.Equal(["a3", "a1"], Ids(await ListAsync("?circuit=" + Uri.EscapeDataString("東京営業"))));
        Assert.Equal(["a2"], Ids(await ListAsync("?user=tanaka@example.jp")));
        Assert.Equal(["a2"], Ids(await ListAsync("?user=" + Uri.EscapeDataString("田中"))));
        Assert.Equal(["a2", "a1"], Ids(await ListAsync("?from=2026-11-01&to=2026-11-03")));
        Assert.Equal(["a3"], Ids(await ListAsync("?type=INCOMING_CALL")));
        Assert.Equal(["a3"], Ids(await ListAsync("?outcome=missed")));
        Assert.Equal(["a2", "a1"], Ids(await ListAsync("?outcome=connected")));
    }

    [Fact]
    public async Task List_ShouldPage()
    {
        await SeedAsync();
        var page2 = await ListAsync("?page=2&pageSize=2");
        Assert.Equal(3, page2.GetProperty("total").GetInt32());
        Assert.Equal(["a1"], Ids(page2));
    }

    [Theory]
    [InlineData("?page=0")]
    [InlineData("?pageSize=100000")]
    [InlineData("?from=yesterday")]
    [InlineData("?outcome=maybe")]
    public async Task List_WithInvalidQuery_ShouldBe400Problem(string query)
    {
        var response = await App.ApiClient().GetAsync("/api/calls" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Detail_ShouldBeTheBodyAsSent_InCamelCase_WithDerivedFields()
    {
        await PostAsync(Bodies.Call("detail-1").Text());
        var response = await App.ApiClient().GetAsync("/api/calls/detail-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var d = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("detail-1", d.GetProperty("id").GetString());
        Assert.Equal("2022-12-21T22:31:56+00:00", d.GetProperty("dialStartsAt").GetString());
        Assert.Equal(5, d.GetProperty("analysis").GetProperty("rallyCount").GetInt32());
        Assert.Equal(9.43, d.GetProperty("analysis").GetProperty("silencePositions")[0][0].GetDouble());
        Assert.Equal(18, d.GetProperty("phrases")[0].GetProperty("raw")[0].GetProperty("startAt").GetDouble());
        Assert.Equal(103.9616, d.GetProperty("participants")[0].GetProperty("analysis").GetProperty("f0").GetDouble());
        Assert.Equal("detail-1", d.GetProperty("callId").GetString());
        Assert.Equal("miitel-test", d.GetProperty("tenantCode").GetString());
        Assert.Equal("Edgardo", d.GetProperty("operator").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, d.GetProperty("operator").GetProperty("loginId").ValueKind);
        Assert.Equal(53, d.GetProperty("durationSeconds").GetDouble());
        Assert.Equal("connected", d.GetProperty("outcome").GetString());
        Assert.False(d.TryGetProperty("dial_starts_at", out _));
    }

    [Fact]
    public async Task Detail_Unknown_ShouldBe404Problem()
    {
        var response = await App.ApiClient().GetAsync("/api/calls/does-not-exist");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("does-not-exist", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CsvExport_ShouldHoldTheFilteredCalls_FieldByField()
    {
        await SeedAsync();
        using var client = await App.SignedInClientAsync();

        var text = System.Text.Encoding.UTF8.GetString(await client.GetByteArrayAsync("/calls/export.csv?from=2026-11-01&to=2026-11-30&tz=Asia/Tokyo&circuit=0501111"));

        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', MiiTelDashboard.Calls.CallCsv.Header), lines[0]);
        var rows = lines.Skip(1).Select(l => lines[0].Split(',').Zip(l.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
        Assert.Equal(["a3", "a1"], rows.Select(r => r["detail_id"]));
        Assert.All(rows, r => Assert.Equal(("0501111", "東京営業"), (r["circuit_number"], r["circuit_name"])));
        Assert.Equal(("INCOMING_CALL", "missed"), (rows[0]["call_type"], rows[0]["outcome"]));
        Assert.Equal(("OUTGOING_CALL", "connected"), (rows[1]["call_type"], rows[1]["outcome"]));
        // Times in the asked zone: 01:00 UTC is 10:00 in Tokyo.
        Assert.StartsWith("2026-11-01 10:00", rows[1]["started_at"].Replace('T', ' '), StringComparison.Ordinal);
        Assert.Equal("Edgardo", rows[1]["user"]);
        Assert.Equal(("", ""), (rows[0]["score"], rows[0]["talk_ratio"]));
        Assert.NotEqual("", rows[1]["score"]);
    }

    public sealed class OnSqlite() : CallsApiTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : CallsApiTests(DatabaseProvider.PostgreSQL);
}
