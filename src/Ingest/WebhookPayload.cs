using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiiTelDashboard.Ingest;

public abstract record WebhookPayload;

/// <summary>MiiTel Admin's Save button: answer with the token as text/plain.</summary>
public sealed record ChallengePayload(string Token, string? ParamsKey) : WebhookPayload;

/// <summary>A call history delivery: the details that can be stored, and what could not be read.</summary>
public sealed record CallPayload(
    string? CallId,
    string? TenantCode,
    string? ParamsKey,
    IReadOnlyList<DetailPayload> Details,
    IReadOnlyList<string> Warnings) : WebhookPayload;

public sealed record DetailPayload(string Id, JsonObject Json);

/// <summary>Not a body we can take; <see cref="Title"/> names the kind, <see cref="Detail"/> says what is wrong.</summary>
public sealed record InvalidPayload(string Title, string Detail, int StatusCode = StatusCodes.Status400BadRequest) : WebhookPayload;

/// <summary>
/// Reads a webhook body tolerantly: only the envelope (an object with <c>challenge</c>, or a
/// <c>call</c> object with a <c>details</c> array, and an id per detail) is required. Everything
/// inside a detail is kept as sent and read field by field later.
/// </summary>
public static class WebhookPayloadReader
{
    /// <summary>A MiiTel body nests five deep; 64 is System.Text.Json's own default and stops stack-deep hostile bodies.</summary>
    private const int MaxDepth = 64;

    /// <summary>MiiTel's ids are 36-character UUIDs; an id also travels in URLs (the call page, the read API), which Kestrel caps at 8 KiB.</summary>
    private const int MaxIdLength = 200;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static WebhookPayload Read(ReadOnlySpan<byte> body)
    {
        // Not "\xEF\xBB\xBF"u8: in a UTF-8 literal \xEF is the character U+00EF, so that was six bytes and never a BOM.
        if (body.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) body = body[3..];
        if (body.IsEmpty) return new InvalidPayload("Empty body", "The request has no body; MiiTel sends a JSON object.");
        try
        {
            StrictUtf8.GetCharCount(body);
        }
        catch (DecoderFallbackException e)
        {
            return new InvalidPayload("Body is not UTF-8", $"The body is not valid UTF-8 (first bad byte at index {e.Index}). MiiTel sends UTF-8 JSON.");
        }

        var warnings = new List<string>();
        JsonNode? root;
        try
        {
            root = TolerantJson.Parse(body, MaxDepth, warnings);
        }
        catch (JsonException e)
        {
            return new InvalidPayload("Body is not JSON", $"The body is not valid JSON: {e.Message}");
        }

        if (root is not JsonObject obj)
            return new InvalidPayload("Not a webhook body", "The body must be a JSON object with either \"challenge\" or a \"call\" object.");

        var paramsKey = obj["params_key"] is JsonValue pk ? pk.ToString() : null;

        if (obj.TryGetPropertyValue("challenge", out var challenge) && challenge is not null)
        {
            return challenge is JsonValue value && value.ToString() is { Length: > 0 } token
                ? new ChallengePayload(token, paramsKey)
                : new InvalidPayload("Invalid challenge", "\"challenge\" must be a non-empty string.");
        }

        if (obj["call"] is not JsonObject call)
            return new InvalidPayload("Not a webhook body", "The body has neither \"challenge\" nor a \"call\" object.");
        if (call["details"] is not JsonArray details)
            return new InvalidPayload("No details", "\"call.details\" must be an array of call legs.");

        var callId = ReadId(call["id"], "call.id", warnings);
        var tenant = call["tenant_code"] is JsonValue t ? t.ToString() : null;
        var stored = new List<DetailPayload>(details.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < details.Count; i++)
        {
            var path = $"call.details[{i}]";
            if (details[i] is not JsonObject detail)
            {
                warnings.Add($"{path} is not an object and was not stored.");
                continue;
            }
            var id = ReadId(detail["id"], $"{path}.id", warnings);
            if (id is null)
            {
                warnings.Add(detail["id"] is null
                    ? $"{path} has no \"id\" and was not stored (a leg is keyed by its id)."
                    : $"{path} has no usable \"id\" and was not stored (a leg is keyed by its id).");
                continue;
            }
            if (!seen.Add(id))
            {
                warnings.Add($"{path} repeats id {id}; the later entry was merged over the earlier one.");
            }
            stored.Add(new DetailPayload(id, (JsonObject)detail.DeepClone()));
        }

        if (stored.Count == 0)
        {
            var why = details.Count == 0 ? "\"call.details\" is empty." : string.Join(" ", warnings);
            return new InvalidPayload("Nothing to store", why, StatusCodes.Status422UnprocessableEntity);
        }
        return new CallPayload(callId, tenant, paramsKey, stored, warnings);
    }

    /// <summary>
    /// An id is the key of a stored row and part of every address that shows it, so it must be text
    /// a link can carry: not blank, no control characters, no "/", at most <see cref="MaxIdLength"/> characters.
    /// </summary>
    private static string? ReadId(JsonNode? node, string path, List<string> warnings)
    {
        if (node is null) return null;
        if (node is not JsonValue value)
        {
            warnings.Add($"{path}: expected a string, got {node.GetValueKind().ToString().ToLowerInvariant()}.");
            return null;
        }
        string id;
        if (value.TryGetValue<string>(out var s))
        {
            id = s;
        }
        else if (value.GetValueKind() == JsonValueKind.Number)
        {
            warnings.Add($"{path}: expected a string, got a number; stored as its text.");
            id = value.ToJsonString();
        }
        else
        {
            warnings.Add($"{path}: expected a string, got {value.GetValueKind().ToString().ToLowerInvariant()}.");
            return null;
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            warnings.Add($"{path} is blank.");
            return null;
        }
        if (id.Length > MaxIdLength)
        {
            warnings.Add($"{path} is {id.Length:N0} characters long; an id has at most {MaxIdLength}.");
            return null;
        }
        if (id.Any(char.IsControl))
        {
            warnings.Add($"{path} contains a control character.");
            return null;
        }
        // A path segment cannot carry these: "/" stays %2F in a route value, "." and ".." are resolved away.
        if (id.Contains('/', StringComparison.Ordinal) || id is "." or "..")
        {
            warnings.Add($"{path} \"{id}\" cannot be part of an address (a \"/\", or a dot segment).");
            return null;
        }
        return id;
    }
}
