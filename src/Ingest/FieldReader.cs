using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Ingest;

/// <summary>
/// Reads single fields of a MiiTel body without ever failing: a value of an unexpected type is
/// converted when that is unambiguous (a number where a string was expected, a numeric string
/// where a number was expected) and otherwise dropped, each time with a warning that names the path.
/// </summary>
internal sealed class FieldReader(List<string> warnings)
{
    public List<string> Warnings { get; } = warnings;

    public string? String(JsonObject? o, string key, string path)
    {
        if (o?[key] is not { } node) return null;
        if (node is JsonValue v)
        {
            switch (v.GetValueKind())
            {
                case JsonValueKind.String: return v.GetValue<string>();
                case JsonValueKind.Number:
                case JsonValueKind.True:
                case JsonValueKind.False:
                    Warn(path, key, "a string", v.GetValueKind());
                    return v.ToJsonString();
            }
        }
        Warn(path, key, "a string", node.GetValueKind());
        return null;
    }

    public double? Number(JsonObject? o, string key, string path)
    {
        if (o?[key] is not { } node) return null;
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number)
            {
                // 1e400 reads as infinity, which no JSON answer can carry: one such column would fail every list that shows the call.
                if (v.TryGetValue<double>(out var n) && double.IsFinite(n)) return Finite(n);
                Warnings.Add($"{path}.{key}: {Truncate(v.ToJsonString())} is too large to store as a number; ignored.");
                return null;
            }
            if (v.GetValueKind() == JsonValueKind.String
                && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
                && double.IsFinite(parsed))
            {
                Warn(path, key, "a number", JsonValueKind.String, "used its numeric value");
                return Finite(parsed);
            }
        }
        Warn(path, key, "a number", node.GetValueKind());
        return null;
    }

    public int? Integer(JsonObject? o, string key, string path)
    {
        var n = Number(o, key, path);
        if (n is null) return null;
        if (n.Value is < int.MinValue or > int.MaxValue)
        {
            Warnings.Add($"{path}.{key}: {n.Value.ToString(CultureInfo.InvariantCulture)} is out of range for a whole number; ignored.");
            return null;
        }
        return (int)Math.Round(n.Value);
    }

    public DateTime? Time(JsonObject? o, string key, string path)
    {
        var s = String(o, key, path);
        if (s is null) return null;
        if (DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            return t.UtcDateTime;
        Warnings.Add($"{path}.{key}: \"{Truncate(s)}\" is not an ISO-8601 time; ignored.");
        return null;
    }

    public JsonObject? Object(JsonObject? o, string key, string path)
    {
        if (o?[key] is not { } node) return null;
        if (node is JsonObject obj) return obj;
        Warn(path, key, "an object", node.GetValueKind());
        return null;
    }

    public JsonArray? Array(JsonObject? o, string key, string path)
    {
        if (o?[key] is not { } node) return null;
        if (node is JsonArray arr) return arr;
        Warn(path, key, "an array", node.GetValueKind());
        return null;
    }

    /// <summary>
    /// An array kept as JSON text for later reading (silence and overlap positions), without the
    /// entries that hold a number beyond the range of a double: read back, they would be infinities.
    /// </summary>
    public string? FiniteArrayJson(JsonObject? o, string key, string path)
    {
        var arr = Array(o, key, path);
        if (arr is null) return null;
        var kept = new JsonArray();
        for (var i = 0; i < arr.Count; i++)
        {
            if (HasNonFinite(arr[i])) Warnings.Add($"{path}.{key}[{i}]: holds a number too large to store; skipped.");
            else kept.Add(arr[i]?.DeepClone());
        }
        return kept.ToJsonString(AppJson.Storage);
    }

    private static bool HasNonFinite(JsonNode? n) => n switch
    {
        JsonArray a => a.Any(HasNonFinite),
        JsonObject o => o.Any(p => HasNonFinite(p.Value)),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => !(v.TryGetValue<double>(out var d) && double.IsFinite(d)),
        _ => false,
    };

    /// <summary>The objects of an array; other entries are skipped with a warning.</summary>
    public IEnumerable<(JsonObject Item, string Path)> Objects(JsonObject? o, string key, string path)
    {
        var arr = Array(o, key, path);
        if (arr is null) yield break;
        for (var i = 0; i < arr.Count; i++)
        {
            if (arr[i] is JsonObject item) yield return (item, $"{path}.{key}[{i}]");
            else Warnings.Add($"{path}.{key}[{i}]: expected an object, got {Kind(arr[i])}; skipped.");
        }
    }

    /// <summary>-0 (and 1e-400, which underflows to it) is stored as 0: a signed zero only shows up as "-0" on a page.</summary>
    private static double Finite(double n) => n == 0 ? 0 : n;

    private void Warn(string path, string key, string expected, JsonValueKind got, string action = "ignored") =>
        Warnings.Add($"{path}.{key}: expected {expected}, got {got.ToString().ToLowerInvariant()}; {action}.");

    private static string Kind(JsonNode? n) => n is null ? "null" : n.GetValueKind().ToString().ToLowerInvariant();

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
