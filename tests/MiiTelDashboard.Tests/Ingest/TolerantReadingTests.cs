using System.Net;
using System.Text.Json.Nodes;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

public sealed class TolerantReadingTests : WebhookTestBase
{
    [Fact]
    public async Task WrongTypedFields_ShouldStillBeStored_WithWarningsNamingThem()
    {
        var body = Bodies.Call("wrong-types", d =>
        {
            d["circuit_number"] = 8330000000;            // number where a string was expected
            d["analysis"]!["tlr"] = "0.61";               // numeric string where a number was expected
            d["analysis"]!["rally_count"] = "many";       // unreadable
            d["participants"]![0]!["analysis"]!["f0"] = new JsonObject { ["hz"] = 100 };
            d["dial_ends_at"] = "yesterday";
            d["call_type"] = "HOLOGRAM_CALL";              // unknown value is data, not an error
            d["tags"]!.AsArray().Add(42);                  // not an object
            d["brand_new_field"] = new JsonObject { ["nested"] = true };
        });

        var response = await PostAsync(body.Text());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var warnings = (await ReadJsonAsync(response)).GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        Assert.Contains(warnings, w => w.Contains("circuit_number"));
        Assert.Contains(warnings, w => w.Contains("analysis.tlr"));
        Assert.Contains(warnings, w => w.Contains("rally_count"));
        Assert.Contains(warnings, w => w.Contains("f0"));
        Assert.Contains(warnings, w => w.Contains("dial_ends_at"));
        Assert.Contains(warnings, w => w.Contains("tags[1]"));

        var stored = await LoadDetailAsync("wrong-types");
        Assert.NotNull(stored);
        Assert.Equal("8330000000", stored.CircuitNumber);
        Assert.Equal(0.61, stored.Tlr);
        Assert.Null(stored.RallyCount);
        Assert.Equal("HOLOGRAM_CALL", stored.CallType);
        Assert.Null(stored.Participants.Single(p => p.FromTo == "FROM").F0);
        Assert.Single(stored.Tags);
        // Nothing is lost: the raw detail keeps every key as sent.
        Assert.Contains("\"brand_new_field\":{\"nested\":true}", stored.RawJson);
        Assert.Contains("\"rally_count\":\"many\"", stored.RawJson);

        var log = await DeliveriesAsync(1);
        Assert.Contains("circuit_number", log[0].WarningsJson);
    }

    [Fact]
    public async Task NullsAnywhere_ShouldBeStoredAsUnknown_NotAsZero()
    {
        var body = Bodies.Call("nulls", d =>
        {
            d["analysis"] = null;
            d["participants"]![0]!["analysis"]!["variance"] = null;
            d["participants"]![1]!["analysis"] = null;
            d["phrases"] = null;
            d["keywords"] = null;
            d["speech_recognition"] = null;
            d["circuit_name"] = null;
        });

        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body.Text())).StatusCode);
        var stored = await LoadDetailAsync("nulls");
        Assert.NotNull(stored);
        Assert.False(stored.HasAnalysis);
        Assert.Null(stored.Score);
        Assert.Null(stored.Participants.Single(p => p.FromTo == "FROM").Variance);
        Assert.Null(stored.Participants.Single(p => p.FromTo == "TO").PositiveScore);
        Assert.Empty(stored.Utterances);
        Assert.Null(stored.TranscriptRaw);
    }

    [Fact]
    public async Task JapaneseText_ShouldRoundTripThroughStorageAndTheApi()
    {
        const string phrase = "お世話になっております。株式会社ミーテルの田中です。見積書の件でお電話しました🙂";
        var body = Bodies.Call("japanese", d =>
        {
            d["participants"]![0]!["name"] = "田中 太郎";
            d["participants"]![1]!["company_name"] = "株式会社サンプル";
            d["phrases"]![0]!["raw"]![0]!["phrase"] = phrase;
            d["tags"]![0]!["value"] = "見積依頼";
            d["speech_recognition"]!["raw"] = "0:18 (ユーザー) " + phrase;
        });
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(body.Text())).StatusCode);

        var stored = await LoadDetailAsync("japanese");
        Assert.Equal("田中 太郎", stored!.OperatorName);
        Assert.Equal("株式会社サンプル", stored.CounterpartCompany);
        Assert.Contains(stored.Utterances, u => u.Text == phrase);

        var api = await App.ApiClient().GetAsync("/api/calls/japanese");
        var json = await ReadJsonAsync(api);
        Assert.Equal(phrase, json.GetProperty("phrases")[0].GetProperty("raw")[0].GetProperty("phrase").GetString());
        Assert.Equal("見積依頼", json.GetProperty("tags")[0].GetProperty("value").GetString());
        Assert.Equal("0:18 (ユーザー) " + phrase, json.GetProperty("speechRecognition").GetProperty("raw").GetString());
        Assert.Equal("田中 太郎", json.GetProperty("operator").GetProperty("name").GetString());
    }
}
