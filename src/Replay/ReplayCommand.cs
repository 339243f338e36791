using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MiiTelDashboard.Replay;

/// <summary>
/// <c>dotnet run -- replay &lt;folder|file.json|file.jsonl&gt; [--url U] [--token T] [--rate N] [--concurrency C] [--fresh-ids]</c>:
/// posts saved MiiTel bodies to a dashboard's webhook the way MiiTel would (same headers, retries on
/// 429/503 after Retry-After), for a trial with a company's real history and for load tests; shows a
/// progress bar and ends with a summary (stored, unchanged, rejected, failed, p50/p99).
/// The token may come from <c>MIITEL_WEBHOOK_TOKEN</c> instead, which keeps it out of shell history.
/// Exit code 0 when every body was stored or already there, 1 when some were rejected or failed,
/// 2 for a usage error, 3 when the webhook refused the credentials.
/// </summary>
public static class ReplayCommand
{
    public const string Verb = "replay";
    public const string DefaultUrl = "http://localhost:5052/webhooks/miitel";
    public const string TokenVariable = "MIITEL_WEBHOOK_TOKEN";

    private const string Usage = """
        Usage: dotnet run -- replay <folder|file.json|file.jsonl> [options]
          --url URL          the webhook to post to (default http://localhost:5052/webhooks/miitel)
          --token TOKEN      the webhook's Bearer token (or set MIITEL_WEBHOOK_TOKEN)
          --basic USER:PASS  Basic authentication instead of a token
          --rate N           at most N bodies per second (default: as fast as the app answers)
          --concurrency C    bodies in flight at once (default 8)
          --fresh-ids        give every body new call and detail ids (load tests: each post is a new call)
          --retries R        retries of a 429/503/no answer before a body counts as failed (default 5)
        """;

    /// <summary>Runs the replay when <paramref name="args"/> starts with <c>replay</c>; the exit code, or null.</summary>
    public static async Task<int?> TryRunAsync(string[] args, TextWriter? output = null, TextWriter? progress = null,
        bool? interactive = null, CancellationToken ct = default)
    {
        if (args.Length == 0 || !args[0].Equals(Verb, StringComparison.OrdinalIgnoreCase)) return null;
        output ??= Console.Out;
        if (!ReplayOptions.TryParse(args[1..], Environment.GetEnvironmentVariable(TokenVariable), out var options, out var error))
        {
            await output.WriteLineAsync(error);
            await output.WriteLineAsync(Usage);
            return 2;
        }
        return await RunAsync(options, output, progress ?? Console.Error, interactive ?? !Console.IsErrorRedirected, ct);
    }

    public static async Task<int> RunAsync(ReplayOptions options, TextWriter output, TextWriter progress, bool interactive, CancellationToken ct)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = options.Concurrency, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            Timeout = TimeSpan.FromSeconds(100),
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("MiiTel-Webhook/v1");
        http.DefaultRequestHeaders.UserAgent.ParseAdd("(MiiTelDashboard-replay)");
        if (options.Authorization is { } auth) http.DefaultRequestHeaders.Authorization = auth;

        var tally = new ReplayTally();
        using var refused = CancellationTokenSource.CreateLinkedTokenSource(ct);
        string? refusal = null;
        var clock = Stopwatch.StartNew();
        using (var bar = new ReplayProgress(tally, ReplaySource.Size(options.Source), progress, interactive, clock))
        {
            try
            {
                await Parallel.ForEachAsync(Paced(ReplaySource.ReadAsync(options.Source, refused.Token), options.Rate, clock, bar, refused.Token),
                    new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency, CancellationToken = refused.Token },
                    async (body, token) =>
                    {
                        if (await SendAsync(http, options, body, tally, token) is { } why)
                        {
                            refusal ??= why;
                            await refused.CancelAsync();
                        }
                    });
            }
            catch (OperationCanceledException) when (refusal is not null && !ct.IsCancellationRequested)
            {
                // The webhook refused the credentials: every other body would be refused too.
            }
        }

        if (tally.Done == 0 && refusal is null)
        {
            await output.WriteLineAsync($"No .json or .jsonl bodies in {options.Source}.");
            return 2;
        }
        await output.WriteLineAsync(tally.Summary(options.Source, options.Url, clock.Elapsed));
        if (refusal is not null)
        {
            await output.WriteLineAsync(refusal);
            return 3;
        }
        return tally.Rejected + tally.Failed == 0 ? 0 : 1;
    }

    /// <summary>Body i is released no sooner than i / rate seconds after the start, so bursts never exceed the rate.</summary>
    private static async IAsyncEnumerable<ReplayBody> Paced(IAsyncEnumerable<ReplayBody> bodies, double? rate, Stopwatch clock, ReplayProgress bar,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var i = 0;
        await foreach (var body in bodies.WithCancellation(ct))
        {
            if (rate is { } perSecond && TimeSpan.FromSeconds(i / perSecond) - clock.Elapsed is { } wait && wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            i++;
            bar.Read(body.Bytes);
            yield return body;
        }
    }

    /// <summary>Posts one body until it has an answer that is not "try later"; returns a message when the credentials were refused.</summary>
    private static async Task<string?> SendAsync(HttpClient http, ReplayOptions options, ReplayBody body, ReplayTally tally, CancellationToken ct)
    {
        var json = options.FreshIds ? FreshIds.Apply(body.Json) : body.Json;
        for (var attempt = 0; ; attempt++)
        {
            var started = Stopwatch.GetTimestamp();
            HttpResponseMessage response;
            try
            {
                using var content = new StringContent(json, Encoding.UTF8, "application/json");
                response = await http.PostAsync(options.Url, content, ct);
            }
            catch (Exception e) when (NoAnswer(e, ct) && attempt < options.Retries)
            {
                tally.AddRetry();
                await Task.Delay(Backoff(attempt), ct);
                continue;
            }
            catch (Exception e) when (NoAnswer(e, ct))
            {
                tally.Add(ReplayOutcome.Failed, null, $"{body.Origin}: no answer from {options.Url} ({e.Message})");
                return null;
            }

            using (response)
            {
                var latency = Stopwatch.GetElapsedTime(started);
                var status = (int)response.StatusCode;
                if (status is 429 or 502 or 503 or 504 && attempt < options.Retries)
                {
                    tally.AddRetry();
                    await Task.Delay(RetryAfter(response) ?? Backoff(attempt), ct);
                    continue;
                }
                var text = await response.Content.ReadAsStringAsync(ct);
                if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
                {
                    tally.Add(ReplayOutcome.Rejected, latency, $"{body.Origin}: {status} {Problem(text)}");
                    return $"The webhook at {options.Url} refused the credentials ({status}): check --token / {TokenVariable}; nothing more was sent.";
                }
                if (response.IsSuccessStatusCode)
                {
                    tally.Add(Accepted(response, text), latency);
                    return null;
                }
                tally.Add(status >= 500 ? ReplayOutcome.Failed : ReplayOutcome.Rejected, latency, $"{body.Origin}: {status} {Problem(text)}");
                return null;
            }
        }
    }

    /// <summary>A refused connection or a timed-out request, not the user's Ctrl+C.</summary>
    private static bool NoAnswer(Exception e, CancellationToken ct) =>
        e is HttpRequestException || (e is TaskCanceledException && !ct.IsCancellationRequested);

    private static ReplayOutcome Accepted(HttpResponseMessage response, string text)
    {
        if (response.Content.Headers.ContentType?.MediaType == "text/plain") return ReplayOutcome.Challenge;
        try
        {
            using var doc = JsonDocument.Parse(text);
            return doc.RootElement.TryGetProperty("stored", out var stored) && stored.GetInt32() > 0 ? ReplayOutcome.Stored : ReplayOutcome.Unchanged;
        }
        catch (JsonException)
        {
            return ReplayOutcome.Stored;
        }
    }

    private static string Problem(string text)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            var title = root.TryGetProperty("title", out var t) ? t.GetString() : null;
            var detail = root.TryGetProperty("detail", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { title, detail }.Where(s => !string.IsNullOrEmpty(s)));
        }
        catch (JsonException)
        {
            return text.Length > 200 ? text[..200] : text;
        }
    }

    private static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? TimeSpan.FromSeconds(Math.Min(delta.TotalSeconds, 30)) : null;

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(250 * (1 << Math.Min(attempt, 6)), 10_000));
}

/// <summary>The replay's settings, read from its command line.</summary>
public sealed record ReplayOptions(string Source, Uri Url, AuthenticationHeaderValue? Authorization, double? Rate, int Concurrency, bool FreshIds, int Retries)
{
    public static bool TryParse(IReadOnlyList<string> args, string? tokenFromEnvironment, out ReplayOptions options, out string error)
    {
        options = null!;
        string? source = null, url = null, token = tokenFromEnvironment, basic = null;
        double? rate = null;
        int concurrency = 8, retries = 5;
        var freshIds = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Next() => i + 1 < args.Count ? args[++i] : null;
            switch (arg)
            {
                case "--url": url = Next(); break;
                case "--token": token = Next(); break;
                case "--basic": basic = Next(); break;
                case "--fresh-ids": freshIds = true; break;
                case "--rate":
                    if (!double.TryParse(Next(), NumberStyles.Float, CultureInfo.InvariantCulture, out var r) || r <= 0)
                        return Fail("--rate needs a number of bodies per second above 0, e.g. --rate 50.", out error);
                    rate = r;
                    break;
                case "--concurrency":
                    if (!int.TryParse(Next(), CultureInfo.InvariantCulture, out concurrency) || concurrency is < 1 or > 256)
                        return Fail("--concurrency needs a whole number from 1 to 256.", out error);
                    break;
                case "--retries":
                    if (!int.TryParse(Next(), CultureInfo.InvariantCulture, out retries) || retries is < 0 or > 100)
                        return Fail("--retries needs a whole number from 0 to 100.", out error);
                    break;
                default:
                    if (arg.StartsWith("--", StringComparison.Ordinal)) return Fail($"Unknown option {arg}.", out error);
                    if (source is not null) return Fail($"Give one folder or file to replay, not both {source} and {arg}.", out error);
                    source = arg;
                    break;
            }
        }
        if (source is null) return Fail("Name the folder or .json/.jsonl file to replay.", out error);
        if (!ReplaySource.Exists(source)) return Fail($"There is no file or folder at {Path.GetFullPath(source)}.", out error);
        if (!Uri.TryCreate(url ?? ReplayCommand.DefaultUrl, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            return Fail($"--url must be an http(s) address, e.g. {ReplayCommand.DefaultUrl}.", out error);
        AuthenticationHeaderValue? auth = null;
        if (basic is not null)
        {
            if (!basic.Contains(':')) return Fail("--basic needs USER:PASSWORD.", out error);
            auth = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basic)));
        }
        else if (!string.IsNullOrEmpty(token))
        {
            auth = new AuthenticationHeaderValue("Bearer", token);
        }
        options = new ReplayOptions(Path.GetFullPath(source), uri, auth, rate, concurrency, freshIds, retries);
        error = "";
        return true;
    }

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}

/// <summary>New call and detail ids for one body (previous_id links kept within it), so a body can be posted as a new call.</summary>
public static class FreshIds
{
    public static string Apply(string json)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return json; // Sent as it is: the webhook's answer says what is wrong with it.
        }
        if (root?["call"] is not JsonObject call) return json;
        var suffix = "-" + Guid.NewGuid().ToString("N")[..12];
        var renamed = new Dictionary<string, string>(StringComparer.Ordinal);
        if (call["id"]?.GetValueKind() == JsonValueKind.String) call["id"] = call["id"]!.GetValue<string>() + suffix;
        if (call["details"] is JsonArray details)
        {
            foreach (var detail in details.OfType<JsonObject>())
                if (detail["id"]?.GetValueKind() == JsonValueKind.String)
                {
                    var id = detail["id"]!.GetValue<string>();
                    renamed[id] = id + suffix;
                    detail["id"] = id + suffix;
                }
            foreach (var detail in details.OfType<JsonObject>())
                if (detail["previous_id"]?.GetValueKind() == JsonValueKind.String && renamed.TryGetValue(detail["previous_id"]!.GetValue<string>(), out var to))
                    detail["previous_id"] = to;
        }
        return root.ToJsonString();
    }
}
