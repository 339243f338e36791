using System.Globalization;
using System.Text.Json.Nodes;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Data;
using Npgsql;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

/// <summary>One line of a made-up transcript: who said it, what, and when (seconds into the call).</summary>
public sealed record Line(bool Operator, string Text, double StartAt);

/// <summary>
/// Calls for search tests, posted through the real webhook. Each test puts its calls on its own
/// circuit and searches with circuit=that, so tests sharing one app never see each other's data.
/// </summary>
public static class SearchData
{
    /// <summary>When a call starts unless a test's edit says otherwise: two hours before the app's clock start.</summary>
    public static readonly DateTime StartedAt = AppFactory.Now.AddHours(-2);

    /// <param name="startedAt">When the call starts; <see cref="StartedAt"/> unless given.</param>
    public static JsonObject Call(string circuit, IEnumerable<Line> lines, string? detailId = null, Action<JsonObject>? edit = null, DateTime? startedAt = null) =>
        Bodies.Call(detailId, detail =>
        {
            var start = startedAt ?? StartedAt;
            detail["circuit_name"] = circuit;
            detail["circuit_number"] = "050-" + circuit.GetHashCode().ToString("x8", CultureInfo.InvariantCulture);
            detail["dial_starts_at"] = start.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            detail["dial_answered_at"] = start.AddSeconds(5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            detail["dial_ends_at"] = start.AddMinutes(5).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            var participants = detail["participants"]!.AsArray();
            var operatorId = participants[0]!["id"]!.GetValue<string>();
            var customerId = participants[1]!["id"]!.GetValue<string>();
            JsonArray Raw(bool op) => new(lines.Where(l => l.Operator == op).Select((l, i) => (JsonNode)new JsonObject
            {
                ["order"] = i, ["phrase"] = l.Text, ["phrase_nofiller"] = l.Text,
                ["start_at"] = l.StartAt, ["end_at"] = l.StartAt + 2, ["filler_num"] = 0,
            }).ToArray());
            detail["phrases"] = new JsonArray(
                new JsonObject { ["participant_id"] = operatorId, ["raw"] = Raw(true), ["summary"] = new JsonArray() },
                new JsonObject { ["participant_id"] = customerId, ["raw"] = Raw(false), ["summary"] = new JsonArray() });
            detail["tags"] = new JsonArray();
            detail["comments"] = new JsonArray();
            edit?.Invoke(detail);
        });

    public static async Task<string> PostAsync(this AppFactory app, JsonObject body)
    {
        using var client = app.WebhookClient();
        var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()));
        response.EnsureSuccessStatusCode();
        return Bodies.Detail(body)["id"]!.GetValue<string>();
    }

    public static string NewCircuit() => "search-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>GET /api/search within one circuit; returns the JSON body.</summary>
    public static async Task<JsonObject> SearchAsync(this AppFactory app, string circuit, string q, string extra = "")
    {
        using var client = app.ApiClient();
        var response = await client.GetAsync($"/api/search?circuit={Uri.EscapeDataString(circuit)}&q={Uri.EscapeDataString(q)}{extra}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    public static List<string> Ids(this JsonObject result) =>
        result["items"]!.AsArray().Select(i => i!["detailId"]!.GetValue<string>()).ToList();

    /// <summary>The CallSearch rows of one call detail (on SQLite joined by the Details rowid): what the index holds for it.</summary>
    public static async Task<List<(string? Operator, string? Customer, string? Notes)>> CallSearchRowsAsync(this AppFactory app, string detailId)
    {
        await using DbConnection conn = app.Provider == DatabaseProvider.PostgreSQL
            ? new NpgsqlConnection(app.PostgresConnectionString)
            : new SqliteConnection($"Data Source={app.DatabasePath}");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = app.Provider == DatabaseProvider.PostgreSQL
            ? "SELECT \"Operator\", \"Customer\", \"Notes\" FROM \"CallSearch\" WHERE \"DetailId\" = @id"
            : "SELECT s.Operator, s.Customer, s.Notes FROM CallSearch s JOIN Details d ON d.rowid = s.rowid WHERE d.Id = @id";
        var id = cmd.CreateParameter();
        id.ParameterName = "id";
        id.Value = detailId;
        cmd.Parameters.Add(id);
        var rows = new List<(string?, string?, string?)>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add((reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2)));
        return rows;
    }
}
