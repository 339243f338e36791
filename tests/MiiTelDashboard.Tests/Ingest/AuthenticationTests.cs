using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

public sealed class AuthenticationTests : WebhookTestBase
{
    private async Task<HttpResponseMessage> PostWithAsync(AuthenticationHeaderValue? auth, string body)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = auth;
        return await client.PostAsync("/webhooks/miitel", AppFactory.Json(body));
    }

    private RefusedAttempts Refused => App.Services.GetRequiredService<WebhookRefusals>().Snapshot();

    [Fact]
    public async Task MissingAuthorization_ShouldBe401_StoreNothing_AndBeCountedNotLogged()
    {
        var response = await PostWithAsync(null, Bodies.Call().Text());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await QueryAsync(db => db.Details.CountAsync()));
        Assert.Equal(1, Refused.Count);
        Assert.Equal("The Authorization header is missing.", Refused.LastReason);

        // The writer logs in order: once a later delivery's row is there, a row for the refusal would be too.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Bodies.Call().Text())).StatusCode);
        Assert.Equal("accepted", Assert.Single(await DeliveriesAsync(1)).Result);
    }

    [Fact]
    public async Task WrongBearerToken_ShouldBe401()
    {
        var response = await PostWithAsync(new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken + "x"), Bodies.Call().Text());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.Details.CountAsync()));
    }

    [Fact]
    public async Task BasicCredentials_WhenBearerIsConfigured_ShouldBe401()
    {
        var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes("user:" + AppFactory.WebhookToken));
        var response = await PostWithAsync(new AuthenticationHeaderValue("Basic", basic), Bodies.Call().Text());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task DeliveryLogAndRefusalCount_ShouldNeverHoldTheAuthorizationHeader()
    {
        await PostWithAsync(new AuthenticationHeaderValue("Bearer", "wrong-secret-value"), Bodies.Call().Text());
        await PostAsync(Bodies.Call().Text());
        var rows = await DeliveriesAsync(1);
        var refused = Refused;
        Assert.Equal(1, refused.Count);
        foreach (var text in rows.Select(row => string.Join("|", row.Reason, row.Body, row.UserAgent, row.WarningsJson)).Append(refused.ToString()))
        {
            Assert.DoesNotContain(AppFactory.WebhookToken, text);
            Assert.DoesNotContain("wrong-secret-value", text);
        }
    }
}

public sealed class BasicAuthenticationTests : WebhookTestBase
{
    protected override void Configure(AppFactory factory) => factory
        .With("MiiTel:Webhook:BearerToken", "")
        .With("MiiTel:Webhook:BasicUser", "miitel")
        .With("MiiTel:Webhook:BasicPassword", "p@ss:wörd");

    private async Task<HttpStatusCode> PostBasicAsync(string credentials)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(credentials)));
        return (await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()))).StatusCode;
    }

    [Fact]
    public async Task RightUserAndPassword_ShouldBeAccepted() => Assert.Equal(HttpStatusCode.OK, await PostBasicAsync("miitel:p@ss:wörd"));

    [Fact]
    public async Task WrongPassword_ShouldBe401() => Assert.Equal(HttpStatusCode.Unauthorized, await PostBasicAsync("miitel:p@ss:word"));

    [Fact]
    public async Task WrongUser_ShouldBe401() => Assert.Equal(HttpStatusCode.Unauthorized, await PostBasicAsync("other:p@ss:wörd"));
}

public sealed class ParamsKeyTests : WebhookTestBase
{
    protected override void Configure(AppFactory factory) => factory.With("MiiTel:Webhook:ParamsKey", "z&aH+&Kz8saC");

    [Fact]
    public async Task MatchingParamsKey_ShouldBeAccepted()
    {
        // The sample carries params_key "z&aH+&Kz8saC", as MiiTel's additional payload does.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(Bodies.Call().Text())).StatusCode);
    }

    [Fact]
    public async Task WrongOrMissingParamsKey_ShouldBe401_AndStoreNothing()
    {
        var wrong = Bodies.Call();
        wrong["params_key"] = "nope";
        var missing = Bodies.Call();
        missing.Remove("params_key");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(wrong.Text())).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(missing.Text())).StatusCode);
        Assert.Equal(0, await QueryAsync(db => db.Details.CountAsync()));
    }
}

public sealed class AllowedSourcesTests : WebhookTestBase
{
    protected override void Configure(AppFactory factory) => factory.With("MiiTel:Webhook:AllowedSources:0", "203.0.113.0/24");

    [Fact]
    public async Task SourceOutsideAllowList_ShouldBe401_EvenWithTheRightToken()
    {
        var response = await PostAsync(Bodies.Call().Text());
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("AllowedSources", await response.Content.ReadAsStringAsync());
    }
}

public sealed class AllowedSourcesOnKestrelTests
{
    [Fact]
    public async Task LoopbackInAllowList_ShouldBeAccepted()
    {
        await using var app = new KestrelApp(f => f.With("MiiTel:Webhook:AllowedSources:0", "127.0.0.1").With("MiiTel:Webhook:AllowedSources:1", "::1"));
        using var client = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppFactory.WebhookToken);
        var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class GeneratedTokenTests : WebhookTestBase
{
    protected override void Configure(AppFactory factory) => factory.With("MiiTel:Webhook:BearerToken", "");

    [Fact]
    public async Task NoCredentialsConfigured_ShouldGenerateATokenUnderData_AndNeverRunOpen()
    {
        var anonymous = App.CreateClient();
        var open = await anonymous.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()));
        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);

        var tokenFile = Path.Combine(App.DataDirectory, "webhook-token.txt");
        Assert.True(File.Exists(tokenFile));
        var token = File.ReadAllText(tokenFile).Trim();
        Assert.Matches("^[0-9a-f]{64}$", token);
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));

        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var accepted = await anonymous.PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()));
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }
}

public sealed class LeftoverTokenFileTests : WebhookTestBase
{
    private string TokenFile => Path.Combine(App.DataDirectory, "webhook-token.txt");

    // A crash between creating the file and writing the token leaves it empty; here it is also world-readable.
    protected override void Configure(AppFactory factory)
    {
        factory.With("MiiTel:Webhook:BearerToken", "");
        File.WriteAllText(Path.Combine(factory.DataDirectory, "webhook-token.txt"), "");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(factory.DataDirectory, "webhook-token.txt"), (UnixFileMode)0b110_100_100);
    }

    [Fact]
    public async Task AnEmptyTokenFile_ShouldBeReplacedByANewOwnerOnlyOne()
    {
        var open = await App.CreateClient().PostAsync("/webhooks/miitel", AppFactory.Json(Bodies.Call().Text()));
        Assert.Equal(HttpStatusCode.Unauthorized, open.StatusCode);
        Assert.Matches("^[0-9a-f]{64}$", File.ReadAllText(TokenFile).Trim());
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(TokenFile));
    }
}
