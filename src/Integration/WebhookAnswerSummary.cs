using MiiTelDashboard.Components.Localization;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Integration;

/// <summary>
/// What a webhook request was answered, in the reader's language. The stored reason stays the exact
/// English sentence MiiTel received (it is what an admin compares with MiiTel Admin's own log), so the
/// summary is derived from it: by the fixed start of the sentences the ingest code writes, else by the
/// status code (a JSON parser's message, a sentence added later).
/// </summary>
public static class WebhookAnswerSummary
{
    // Starts of the sentences in WebhookAuthenticator, WebhookPayload, WebhookEndpoint, StorageFailure and IngestWriter.
    private static readonly (string Start, string Key)[] Sentences =
    [
        ("Source address ", "Answer.SourceNotAllowed"),
        ("The Authorization header is missing", "Answer.AuthMissing"),
        ("The Authorization header does not carry valid credentials", "Answer.AuthWrong"),
        ("The body has no params_key", "Answer.ParamsKeyMissing"),
        ("params_key does not match", "Answer.ParamsKeyWrong"),
        ("The request has no body", "Answer.EmptyBody"),
        ("The body is not valid UTF-8", "Answer.NotUtf8"),
        ("The body is not valid JSON", "Answer.NotJson"),
        ("The body must be a JSON object", "Answer.NotWebhook"),
        ("The body has neither", "Answer.NotWebhook"),
        ("\"challenge\" must be", "Answer.BadChallenge"),
        ("\"call.details\" must be an array", "Answer.NoDetails"),
        ("\"call.details\" is empty", "Answer.NothingToStore"),
        ("The body exceeds ", "Answer.TooLarge"),
        ("The request body could not be read to its end", "Answer.CutShort"),
        ("The body could not be read as a MiiTel delivery", "Answer.Unreadable"),
        ("Storing this body raised ", "Answer.BodyFailed"),
        ("The disk holding the database is full", "Answer.DiskFull"),
        ("The server is shutting down", "Answer.ShuttingDown"),
    ];

    /// <summary>The resource key of the summary; null for an answer that needs none (accepted, duplicate, challenge).</summary>
    public static string? Key(string? reason, int statusCode)
    {
        if (reason is not null)
            foreach (var (start, key) in Sentences)
                if (reason.StartsWith(start, StringComparison.Ordinal)) return key;
        return statusCode switch
        {
            401 or 403 => "Answer.AuthWrong",
            413 => "Answer.TooLarge",
            422 => "Answer.NothingToStore",
            429 => "Answer.Throttled",
            503 => "Answer.StoreUnavailable",
            >= 400 and < 500 => "Answer.BadRequest",
            >= 500 => "Answer.StoreUnavailable",
            _ => null,
        };
    }

    /// <summary>The line for a delivery row: the summary of a refusal, or what was stored.</summary>
    public static string Row(DeliveryRow d) =>
        Key(d.Reason, d.StatusCode) is { } key ? Words.Get(key)
        : d.Result == DeliveryResults.Accepted ? Words.Format("Int.StoredUnchanged", d.Stored, d.Unchanged)
        : d.Result == DeliveryResults.Duplicate ? Words.Get("Int.AlreadyStored")
        : d.Reason ?? "";
}
