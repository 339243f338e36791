using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Ingest;

/// <summary>
/// Parses a body into a <see cref="JsonNode"/> tree that can never throw when it is read later.
/// A key that appears twice in one object keeps its last value, as JavaScript's JSON.parse does,
/// and a lone UTF-16 surrogate escape (<c>"\ud800"</c>) becomes U+FFFD; both are legal JSON text
/// that <see cref="JsonNode.Parse(ReadOnlySpan{byte}, JsonNodeOptions?, JsonDocumentOptions)"/>
/// only fails on when the value is first touched, deep inside the writer. Each repair adds a warning
/// that names the path and what was dropped, so the delivery is stored and nothing goes unsaid.
/// Invalid JSON still throws <see cref="JsonException"/>.
/// </summary>
internal static class TolerantJson
{
    private const int PreviewLength = 60;

    public static JsonNode? Parse(ReadOnlySpan<byte> utf8, int maxDepth, List<string> warnings)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = maxDepth });
        // ParseValue keeps the document alive without pooled buffers, so the number values below can
        // stay backed by it and keep their text exactly as sent (a 20-digit id, 1e400).
        var root = JsonElement.ParseValue(ref reader);
        if (reader.Read()) throw new JsonException("The body has more than one JSON value.");
        return Convert(root, "", warnings);
    }

    private static JsonNode? Convert(JsonElement e, string path, List<string> warnings) => e.ValueKind switch
    {
        JsonValueKind.Object => ConvertObject(e, path, warnings),
        JsonValueKind.Array => ConvertArray(e, path, warnings),
        JsonValueKind.String => JsonValue.Create(ReadString(e, path, warnings)),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        JsonValueKind.Null => null,
        _ => JsonValue.Create(e), // a number, kept as its text
    };

    private static JsonObject ConvertObject(JsonElement e, string path, List<string> warnings)
    {
        var obj = new JsonObject();
        foreach (var property in e.EnumerateObject())
        {
            var name = ReadName(property, path, warnings);
            var childPath = path.Length == 0 ? name : $"{path}.{name}";
            var value = Convert(property.Value, childPath, warnings);
            if (obj.TryGetPropertyValue(name, out var earlier))
            {
                warnings.Add($"{childPath}: the key appears more than once; the last value was kept and the earlier one ({Preview(earlier)}) dropped.");
            }
            obj[name] = value;
        }
        return obj;
    }

    private static JsonArray ConvertArray(JsonElement e, string path, List<string> warnings)
    {
        var array = new JsonArray();
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            array.Add(Convert(item, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", warnings));
            i++;
        }
        return array;
    }

    private static string ReadString(JsonElement e, string path, List<string> warnings)
    {
        try
        {
            return e.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var raw = JsonMarshal.GetRawUtf8Value(e);
            var repaired = Unescape(raw[1..^1]);
            warnings.Add($"{Where(path)}: a lone UTF-16 surrogate escape was replaced with U+FFFD.");
            return repaired;
        }
    }

    private static string ReadName(JsonProperty property, string path, List<string> warnings)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            var repaired = Unescape(JsonMarshal.GetRawUtf8PropertyName(property));
            warnings.Add($"{Where(path)}: the key \"{repaired}\" had a lone UTF-16 surrogate escape, replaced with U+FFFD.");
            return repaired;
        }
    }

    /// <summary>
    /// Unescapes the raw text of a JSON string the reader has already validated, pairing surrogate
    /// escapes where they pair and writing U+FFFD for those that do not.
    /// </summary>
    internal static string Unescape(ReadOnlySpan<byte> escaped)
    {
        var text = Encoding.UTF8.GetString(escaped);
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            c = text[++i];
            switch (c)
            {
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'u':
                    var unit = Hex(text, i + 1);
                    i += 4;
                    if (char.IsHighSurrogate(unit) && i + 6 < text.Length && text[i + 1] == '\\' && text[i + 2] == 'u'
                        && char.IsLowSurrogate(Hex(text, i + 3)))
                    {
                        sb.Append(unit).Append(Hex(text, i + 3));
                        i += 6;
                    }
                    else
                    {
                        sb.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
                    }
                    break;
                default: sb.Append(c); break; // \" \\ \/
            }
        }
        return sb.ToString();
    }

    private static char Hex(string s, int start) => (char)int.Parse(s.AsSpan(start, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);

    private static string Where(string path) => path.Length == 0 ? "the body" : path;

    private static string Preview(JsonNode? node)
    {
        var text = node?.ToJsonString(AppJson.Storage) ?? "null";
        return text.Length <= PreviewLength ? text : text[..PreviewLength] + "…";
    }
}
