using System.Globalization;
using System.Text.Json.Nodes;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Analytics;

/// <summary>One call to post through the webhook: the sample body with the fields analytics cares about set.</summary>
public sealed record SeedCall(DateTime StartUtc)
{
    public string User { get; init; } = "Edgardo";
    public string Circuit { get; init; } = "0120000001";
    public string CircuitName { get; init; } = "Sales East";
    public bool Answered { get; init; } = true;
    public string CallType { get; init; } = "OUTGOING_CALL";
    public double TalkSeconds { get; init; } = 300;
    public double? Tlr { get; init; } = 0.42;
    public double? Score { get; init; } = 60;
    public int Overlaps { get; init; } = 1;
    public int Silences { get; init; } = 2;
    public double? CustomerPositive { get; init; } = 0.3;
    public double? CustomerNegative { get; init; } = 0.1;
    public string? Tag { get; init; }
    /// <summary>The detail id; a new one when null.</summary>
    public string? DetailId { get; init; }
    public string? LoginId { get; init; }

    public string Body() => Json().Text();

    public JsonObject Json() => Bodies.Call(DetailId, d =>
    {
        static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture);
        d["call_type"] = CallType;
        d["circuit_number"] = Circuit;
        d["circuit_name"] = CircuitName;
        d["dial_starts_at"] = Iso(StartUtc);
        d["dial_answered_at"] = Answered ? Iso(StartUtc.AddSeconds(10)) : null;
        d["dial_ends_at"] = Iso(StartUtc.AddSeconds(10 + (Answered ? TalkSeconds : 0)));
        var participants = d["participants"]!.AsArray();
        // The sample's first participant is FROM: our side on outgoing calls, the customer on incoming ones.
        var outbound = CallType is "OUTGOING_CALL" or "PREDICTIVE_DIAL" or "AUTOMATIC_TRANSFER";
        var (us, them) = outbound ? (participants[0]!, participants[1]!) : (participants[1]!, participants[0]!);
        us["name"] = User;
        if (LoginId is not null) us["login_id"] = LoginId;
        them["name"] = "Customer";
        if (!Answered)
        {
            d["analysis"] = null;
            foreach (var p in participants) p!["analysis"] = null;
            d["phrases"] = new JsonArray();
        }
        else
        {
            var a = d["analysis"]!;
            a["tlr"] = Tlr;
            a["score"] = Score;
            a["overlap_count"] = Overlaps;
            a["silence_count"] = Silences;
            var customer = them["analysis"]!;
            customer["positive_score"] = CustomerPositive;
            customer["negative_score"] = CustomerNegative;
        }
        d["tags"] = Tag is null ? new JsonArray() : new JsonArray(new JsonObject { ["created_by"] = User, ["creator_type"] = "TENANT_USER", ["value"] = Tag });
    });

    public static async Task PostAsync(AppFactory app, params SeedCall[] calls)
    {
        using var client = app.WebhookClient();
        foreach (var call in calls)
        {
            using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(call.Body()));
            Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
