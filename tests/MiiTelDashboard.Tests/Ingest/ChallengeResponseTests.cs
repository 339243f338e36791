using System.Net;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

public sealed class ChallengeResponseTests : WebhookTestBase
{
    [Fact]
    public async Task Challenge_ShouldEchoTokenAsPlainText_EvenWithAdditionalPayload()
    {
        var response = await PostAsync(Bodies.ChallengeText);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("3f9a0c2be71d4e5fa8b6c0d1e2f3a4b5", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Challenge_WithoutCredentials_ShouldBeRefused()
    {
        var anonymous = App.CreateClient();
        var response = await anonymous.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.ChallengeText));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("3f9a0c2be71d4e5fa8b6c0d1e2f3a4b5", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Challenge_ShouldBeLoggedAsChallenge()
    {
        await PostAsync("""{"challenge":"abc123"}""");
        var log = await DeliveriesAsync(1);
        Assert.Equal("challenge", log.Single().Result);
    }
}
