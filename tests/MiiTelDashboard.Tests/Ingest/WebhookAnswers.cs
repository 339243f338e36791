using System.Net;
using MiiTelDashboard.Ingest;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>What every answer of a kind must look like, whichever path produced it.</summary>
public static class WebhookAnswers
{
    /// <summary>
    /// A 503 says when to retry, in problem+json, with one plain sentence: whatever the cause (a lock,
    /// a full disk, a shutdown), its exception text stays in the server log.
    /// </summary>
    public static async Task AssertRetryLaterAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"expected 503, got {(int)response.StatusCode}: {body}");
        Assert.Equal(TimeSpan.FromSeconds(int.Parse(WebhookEndpoint.RetryAfterSeconds, System.Globalization.CultureInfo.InvariantCulture)), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"detail\":\"{WebhookEndpoint.NotStoredDetail}\"", body, StringComparison.Ordinal);
        foreach (var leak in new[] { "Exception", "SQLite", "locked", "disk", "space", "   at " })
            Assert.DoesNotContain(leak, body, StringComparison.OrdinalIgnoreCase);
    }
}
