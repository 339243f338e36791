using System.Net;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

public sealed class BadInputTests : WebhookTestBase
{
    protected override void Configure(AppFactory factory) => factory.With("MiiTel:Webhook:MaxBodyBytes", "20000");

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string titleFragment)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Contains(titleFragment, problem.GetProperty("title").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task NotJson_ShouldBe400_AndTheBodyKeptInTheDeliveryLog()
    {
        await AssertProblemAsync(await PostAsync("call=1&details=2"), HttpStatusCode.BadRequest, "not JSON");
        var log = await DeliveriesAsync(1);
        Assert.Equal("rejected", log[0].Result);
        Assert.Equal(400, log[0].StatusCode);
        Assert.Equal("call=1&details=2", log[0].Body);
    }

    [Fact]
    public async Task NotUtf8_ShouldBe400()
    {
        var shiftJis = new ByteArrayContent([.. "{\"call\":{\"id\":\""u8, 0x82, 0xA0, .. "\"}}"u8]);
        shiftJis.Headers.ContentType = new("application/json");
        await AssertProblemAsync(await Webhook.PostAsync("/webhooks/miitel", shiftJis), HttpStatusCode.BadRequest, "UTF-8");
    }

    [Theory]
    [InlineData("[1,2,3]")]
    [InlineData("""{"hello":"world"}""")]
    [InlineData("""{"call":"not an object"}""")]
    [InlineData("""{"call":{"id":"x","details":{"id":"not an array"}}}""")]
    [InlineData("""{"call":{"id":"x"}}""")]
    public async Task NeitherChallengeNorCallWithDetails_ShouldBe400(string body)
    {
        var response = await PostAsync(body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EmptyBody_ShouldBe400() =>
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync("")).StatusCode);

    [Fact]
    public async Task DetailsWithoutIds_ShouldBe422_SayingWhy()
    {
        var body = Bodies.Call(edit: d => d.Remove("id"));
        var response = await PostAsync(body.Text());
        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "Nothing to store");
        var detail = (await ReadJsonAsync(response)).GetProperty("detail").GetString();
        Assert.Contains("has no \"id\"", detail);
    }

    [Fact]
    public async Task OneDetailWithoutId_ShouldStoreTheOthers_AndWarn()
    {
        var body = Bodies.Call("keeps-this-one");
        var broken = Bodies.Detail(body).DeepClone().AsObject();
        broken.Remove("id");
        body["call"]!["details"]!.AsArray().Add(broken);

        var response = await PostAsync(body.Text());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await ReadJsonAsync(response);
        Assert.Equal(1, answer.GetProperty("stored").GetInt32());
        Assert.Contains(answer.GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("has no \"id\""));
        Assert.NotNull(await LoadDetailAsync("keeps-this-one"));
    }

    [Fact]
    public async Task BodyOverTheLimit_ShouldBe413_AndNothingStored()
    {
        var body = Bodies.Call(edit: d => d["padding"] = new string('x', 30_000));
        var response = await PostAsync(body.Text());
        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "too large");
        Assert.Equal(0, await QueryAsync(db => db.Details.CountAsync()));
    }

    [Fact]
    public async Task ChunkedBodyOverTheLimit_ShouldBe413()
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(Bodies.Call(edit: d => d["padding"] = new string('x', 30_000)).Text());
        var content = new StreamContent(new MemoryStream(bytes));
        content.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/miitel") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await Webhook.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task RejectedBodies_ShouldBeCappedInTheLog()
    {
        await PostAsync("not json " + new string('y', 19_000));
        var log = await DeliveriesAsync(1);
        Assert.True(log[0].Body!.Length < 17_000, "the stored body is capped");
        Assert.EndsWith("more bytes]", log[0].Body);
    }
}
