using System.Text.Json.Nodes;

namespace MiiTelDashboard.Tests.Infrastructure;

/// <summary>
/// Webhook bodies for tests, made from the real-shaped samples in Samples/ and changed through
/// JsonNode so each test states only what it cares about.
/// </summary>
public static class Bodies
{
    private static readonly Lazy<string> Sample = new(() => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "voice-analysis-completed.json")));

    public static string SampleText => Sample.Value;

    public static string ChallengeText => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Samples", "challenge.json"));

    /// <summary>The sample call, with a new detail id (and call id) and optional edits to its one detail.</summary>
    public static JsonObject Call(string? detailId = null, Action<JsonObject>? edit = null)
    {
        var root = JsonNode.Parse(Sample.Value)!.AsObject();
        var detail = Detail(root);
        var id = detailId ?? Guid.NewGuid().ToString();
        root["call"]!["id"] = id;
        detail["id"] = id;
        edit?.Invoke(detail);
        return root;
    }

    public static JsonObject Detail(JsonObject root) => root["call"]!["details"]![0]!.AsObject();

    public static string Text(this JsonObject root) => root.ToJsonString();
}
