using System.Text;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Ingest;

/// <summary>The answer to a stored delivery.</summary>
public sealed record WebhookAccepted(long DeliveryId, int Stored, int Unchanged, IReadOnlyList<string> Warnings);

internal static class WebhookEndpoint
{
    /// <summary>The <c>Retry-After</c> of a 503 (seconds).</summary>
    public const string RetryAfterSeconds = "5";

    public static async Task<IResult> ReceiveAsync(
        HttpContext context,
        WebhookAuthenticator auth,
        WebhookRefusals refusals,
        IngestWriter writer,
        IOptions<WebhookOptions> options,
        TimeProvider time,
        ILoggerFactory loggers,
        CancellationToken ct)
    {
        var o = options.Value;
        var logger = loggers.CreateLogger(typeof(WebhookEndpoint));
        var delivery = new Delivery
        {
            Result = DeliveryResults.Rejected,
            ReceivedAt = time.GetUtcNow().UtcDateTime,
            RemoteIp = context.Connection.RemoteIpAddress?.ToString(),
            UserAgent = Truncate(context.Request.Headers.UserAgent.ToString(), 200),
            SizeBytes = context.Request.ContentLength ?? 0,
        };

        // Credentials first: only a failure takes one of the address's permits, so the right ones always pass.
        if (auth.CheckRequest(context) is { } authProblem)
            return Unauthorized(context, refusals, logger, authProblem);

        if (context.Request.ContentLength > o.MaxBodyBytes)
            return TooLarge(writer, delivery, o.MaxBodyBytes);

        byte[]? body;
        try
        {
            body = await ReadBodyAsync(context, o.MaxBodyBytes, ct);
        }
        catch (BadHttpRequestException e)
        {
            // A body that ends early or breaks its chunked encoding: the sender's fault, so a 4xx, never a retry.
            logger.LogWarning(e, "The body of a webhook request from {Ip} could not be read.", delivery.RemoteIp);
            return Refuse(writer, delivery, DeliveryResults.Rejected, e.StatusCode, "Body could not be read",
                "The request body could not be read to its end (it was cut short or its chunked encoding is broken).");
        }
        if (body is null)
            return TooLarge(writer, delivery, o.MaxBodyBytes);
        delivery.SizeBytes = body.Length;

        WebhookPayload payload;
        try
        {
            payload = WebhookPayloadReader.Read(body);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The reader is meant never to throw; if a body still finds a way, the same body would fail the
            // same way on every retry, so it is refused and kept in the delivery log rather than answered 5xx.
            logger.LogError(e, "Reading a webhook body from {Ip} failed.", delivery.RemoteIp);
            payload = new InvalidPayload("Body could not be read", "The body could not be read as a MiiTel delivery; it is kept in the delivery log.");
        }
        if (payload is InvalidPayload invalid)
        {
            delivery.Body = Capped(body, o.RejectedBodyCapBytes);
            return Refuse(writer, delivery, DeliveryResults.Rejected, invalid.StatusCode, invalid.Title, invalid.Detail);
        }

        var paramsKey = payload switch { ChallengePayload c => c.ParamsKey, CallPayload c => c.ParamsKey, _ => null };
        if (auth.CheckParamsKey(paramsKey) is { } keyProblem)
            return Unauthorized(context, refusals, logger, keyProblem);

        if (payload is ChallengePayload challenge)
        {
            delivery.Result = DeliveryResults.Challenge;
            delivery.StatusCode = StatusCodes.Status200OK;
            writer.Log(delivery);
            return TypedResults.Text(challenge.Token, "text/plain", Encoding.UTF8);
        }

        var calls = (CallPayload)payload;
        delivery.DetailIds = Truncate(string.Join(",", calls.Details.Select(d => d.Id)), 2000);
        var outcome = await writer.SubmitAsync(delivery, calls, ct);
        switch (outcome.Failure)
        {
            case null:
                return TypedResults.Ok(new WebhookAccepted(outcome.DeliveryId, outcome.Stored, outcome.Unchanged, outcome.Warnings));
            case { Retryable: true } failure:
                logger.LogWarning("Delivery of {DetailIds} from {Ip} was not stored, answered 503: {Reason}", delivery.DetailIds, delivery.RemoteIp, failure.Reason);
                // Shown on the integration page once storage works again.
                writer.Log(Unstored(delivery, DeliveryResults.Failed, StatusCodes.Status503ServiceUnavailable, failure.Reason));
                return RetryLater(context);
            case var failure:
                // MiiTel re-sends a 5xx forever, and this body would fail every time: refused, and kept for a look.
                var rejected = Unstored(delivery, DeliveryResults.Rejected, StatusCodes.Status422UnprocessableEntity, failure.Reason);
                rejected.Body = Capped(body, o.RejectedBodyCapBytes);
                writer.Log(rejected);
                return TypedResults.Problem(
                    title: "Could not be stored",
                    detail: "Storing this delivery failed on the server; the error is logged and the body kept in the delivery log. The same body would fail again, so it should not be re-sent.",
                    statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    /// <summary>
    /// The only 503 the webhook gives: a lock, a full disk or a shutdown clears in seconds, not at once,
    /// so it says when a retry is worth it. The cause stays in the server log: an exception's text is no answer for the sender.
    /// </summary>
    private static ProblemHttpResult RetryLater(HttpContext context)
    {
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        return TypedResults.Problem(
            title: "Not stored",
            detail: NotStoredDetail,
            statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    public const string NotStoredDetail = "The delivery could not be stored right now; MiiTel will retry it.";

    /// <summary>
    /// 401, or 429 once the address has used up its failures (never 503: MiiTel would retry it forever).
    /// Counted, not written to the delivery log: see <see cref="WebhookRefusals"/>.
    /// </summary>
    private static ProblemHttpResult Unauthorized(HttpContext context, WebhookRefusals refusals, ILogger logger, string reason)
    {
        var ip = context.Connection.RemoteIpAddress;
        if (refusals.Fail(ip, reason) is { } retryAfter)
        {
            var seconds = (int)Math.Ceiling(retryAfter.TotalSeconds);
            context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            logger.LogDebug("Webhook authentication from {Ip} failed again, answered 429: {Reason}", ip, reason);
            return TypedResults.Problem(
                title: "Too many failed attempts",
                detail: $"Too many requests from this address carried wrong credentials; try again in {seconds} s.",
                statusCode: StatusCodes.Status429TooManyRequests);
        }
        logger.LogWarning("Webhook authentication from {Ip} failed, answered 401: {Reason}", ip, reason);
        return TypedResults.Problem(title: "Unauthorized", detail: reason, statusCode: StatusCodes.Status401Unauthorized);
    }

    /// <summary>A fresh log row: the delivery handed to the writer went through a transaction that failed.</summary>
    private static Delivery Unstored(Delivery delivery, string result, int status, string reason) => new()
    {
        ReceivedAt = delivery.ReceivedAt,
        RemoteIp = delivery.RemoteIp,
        UserAgent = delivery.UserAgent,
        SizeBytes = delivery.SizeBytes,
        DetailIds = delivery.DetailIds,
        Result = result,
        StatusCode = status,
        Reason = reason,
    };

    private static ProblemHttpResult Refuse(IngestWriter writer, Delivery delivery, string result, int status, string title, string detail)
    {
        delivery.Result = result;
        delivery.StatusCode = status;
        delivery.Reason = detail;
        writer.Log(delivery);
        return TypedResults.Problem(title: title, detail: detail, statusCode: status);
    }

    private static ProblemHttpResult TooLarge(IngestWriter writer, Delivery delivery, long max) =>
        Refuse(writer, delivery, DeliveryResults.Rejected, StatusCodes.Status413PayloadTooLarge, "Body too large",
            $"The body exceeds MiiTel:Webhook:MaxBodyBytes ({max:N0} bytes).");

    /// <summary>Reads at most <paramref name="max"/> bytes; null when the body is longer.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpContext context, long max, CancellationToken ct)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = null; // enforced below, so the answer is our 413 with a problem body
        var buffer = new MemoryStream(context.Request.ContentLength is > 0 and var n ? (int)Math.Min(n, max) : 16 * 1024);
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string Capped(byte[] body, int cap)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, cap));
        return body.Length > cap ? text + $"… [{body.Length - cap:N0} more bytes]" : text;
    }

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
