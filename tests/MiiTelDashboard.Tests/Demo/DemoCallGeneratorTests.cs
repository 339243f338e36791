using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Demo;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Demo;

public sealed class DemoCallGeneratorTests
{
    private static readonly DateTimeOffset End = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);

    private static DemoCallGenerator Generator(int calls = 400, int seed = 7, int utterances = 24) =>
        new(new DemoOptions { Calls = calls, Seed = seed, UtterancesPerCall = utterances, End = End });

    [Fact]
    public void SameOptions_ProduceTheSameBytes_AndAnotherSeedDoesNot()
    {
        var a = Generator(calls: 50).Bodies().ToList();
        var b = Generator(calls: 50).Bodies().ToList();
        var c = Generator(calls: 50, seed: 8).Bodies().ToList();

        Assert.Equal(a, b);
        Assert.NotEqual(a[0], c[0]);
        Assert.Equal(a[17], Generator(calls: 50).Body(17));
    }

    [Fact]
    public void EveryDetail_HasEveryKeyOfMiiTelsSample()
    {
        var sample = Bodies.Detail(JsonNode.Parse(Bodies.SampleText)!.AsObject());
        var connected = Generator().Objects().SelectMany(o => o["call"]!["details"]!.AsArray()).Select(d => d!.AsObject())
            .First(d => d["analysis"] is JsonObject && d["participants"]!.AsArray().Count == 2);

        foreach (var (key, _) in sample) Assert.True(connected.ContainsKey(key), $"detail lacks {key}");
        foreach (var (key, _) in sample["analysis"]!.AsObject()) Assert.True(connected["analysis"]!.AsObject().ContainsKey(key), $"analysis lacks {key}");
        var participant = connected["participants"]![0]!.AsObject();
        foreach (var (key, _) in sample["participants"]![0]!.AsObject()) Assert.True(participant.ContainsKey(key), $"participant lacks {key}");
        foreach (var (key, _) in sample["participants"]![0]!["analysis"]!.AsObject()) Assert.True(participant["analysis"]!.AsObject().ContainsKey(key), $"participant analysis lacks {key}");
        var phrase = connected["phrases"]![0]!["raw"]![0]!.AsObject();
        foreach (var (key, _) in sample["phrases"]![0]!["raw"]![0]!.AsObject()) Assert.True(phrase.ContainsKey(key), $"phrase lacks {key}");
    }

    [Fact]
    public void UtterancesPerCall_IsHonouredOnAverage()
    {
        var counts = Generator(calls: 300, utterances: 30).Objects()
            .SelectMany(o => o["call"]!["details"]!.AsArray())
            .Where(d => d!["phrases"]!.AsArray().Count == 2)
            .Select(d => d!["phrases"]!.AsArray().Sum(p => p!["raw"]!.AsArray().Count))
            .Where(n => n > 6) // transfer hand-overs are deliberately short
            .ToList();

        Assert.InRange(counts.Average(), 27, 33);
    }

    [Fact]
    public void WithoutDemoFlag_RemovesOnlyTheSwitch()
    {
        Assert.Equal(["--urls", "http://x"], new[] { "--demo", "--urls", "http://x" }.WithoutDemoFlag());
    }

    [Fact]
    public async Task GeneratedBodies_AreAcceptedByTheRealWebhook_AndCoverEveryTypeAndOutcome()
    {
        using var factory = new AppFactory();
        using var client = factory.WebhookClient();
        var generator = Generator(calls: 300);

        var warnings = 0;
        foreach (var body in generator.Bodies())
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await client.PostAsync("/webhooks/miitel", content);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            Assert.True(answer["stored"]!.GetValue<int>() >= 1);
            warnings += answer["warnings"]!.AsArray().Count;
        }
        Assert.Equal(0, warnings);

        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        var outcomes = await db.Details.Select(d => d.Outcome).Distinct().ToListAsync();
        Assert.Equal(Outcomes.All.Order(), outcomes.Order());
        var types = await db.Details.Select(d => d.CallType).Distinct().ToListAsync();
        foreach (var type in new[] { "OUTGOING_CALL", "INCOMING_CALL", "READ_DTMF", "QUEUEING_CALL", "EXTENSION_TRANSFER", "PREDICTIVE_DIAL", "AUTOMATIC_TRANSFER" })
            Assert.Contains(type, types);

        // Transfers and IVR legs point at a stored previous leg of the same call.
        var linked = await db.Details.Where(d => d.PreviousId != null)
            .CountAsync(d => db.Details.Any(p => p.Id == d.PreviousId && p.CallId == d.CallId));
        Assert.True(linked > 10, $"{linked} linked legs");
        Assert.True(await db.Details.AnyAsync(d => d.Dtmf != null && d.CallType == "READ_DTMF"));

        // Every answered conversation has an operator, and the operator rule found the same rep whether or not login_id was sent.
        Assert.Equal(0, await db.Details.CountAsync(d => d.HasAnalysis && d.OperatorName == null));
        Assert.True(await db.Details.AnyAsync(d => d.HasAnalysis && d.OperatorLoginId == null));
        Assert.True(await db.Details.AnyAsync(d => d.OperatorLoginId != null));
        Assert.True(await db.Details.Select(d => d.OperatorName).Distinct().CountAsync() >= 12);
        Assert.Equal(4, await db.Details.Select(d => d.CircuitNumber).Distinct().CountAsync());

        // Japanese and English transcripts, marked by MiiTel's own labels.
        Assert.True(await db.Details.AnyAsync(d => d.TranscriptRaw!.Contains("(ユーザー)") && d.TranscriptRaw.Contains("(取引先)")));
        Assert.True(await db.Details.AnyAsync(d => d.TranscriptRaw!.Contains("(Operator)") && d.TranscriptRaw.Contains("(Customer)")));
        Assert.True(await db.Utterances.AnyAsync(u => u.IsOperator) && await db.Utterances.AnyAsync(u => !u.IsOperator));
        Assert.True(await db.Utterances.AnyAsync(u => u.Kind == UtteranceKind.Summary));

        Assert.True(await db.Set<CallTag>().AnyAsync(t => t.CreatorType == "SYSTEM"));
        Assert.True(await db.Set<CallComment>().AnyAsync());
        Assert.True(await db.Set<CallKeyword>().AnyAsync(k => k.StartsAt != null));
        Assert.True(await db.Details.AnyAsync(d => d.MinutesJson != null));
        Assert.True(await db.Details.AnyAsync(d => d.OverlapCount > 0) && await db.Details.AnyAsync(d => d.SilenceCount > 0));
        Assert.True(await db.Set<Participant>().AnyAsync(p => p.Variance == null && p.F0 != null), "some measures are null, as MiiTel sends them");

        // A believable spread: talk ratios from listeners to monologues, scores across the range.
        var tlr = await db.Details.Where(d => d.Tlr != null).Select(d => d.Tlr!.Value).ToListAsync();
        Assert.True(tlr.Min() < 0.35 && tlr.Max() > 0.65, $"talk ratios {tlr.Min():P0}–{tlr.Max():P0}");
        var scores = await db.Details.Where(d => d.Score != null).Select(d => d.Score!.Value).ToListAsync();
        Assert.True(scores.Min() < 30 && scores.Max() > 70, $"scores {scores.Min():N0}–{scores.Max():N0}");
    }

    [Fact]
    public async Task DemoMode_FillsAnEmptyDatabase_ThroughTheIngestWriter()
    {
        using var factory = new AppFactory().With("Demo:Enabled", "true").With("Demo:Calls", "120");
        using var client = factory.CreateClient();
        var dbFactory = factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();

        await Wait.UntilAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            return await db.Deliveries.CountAsync() == 120;
        }, TimeSpan.FromSeconds(60), "120 demo deliveries");

        await using var check = await dbFactory.CreateDbContextAsync();
        Assert.Equal(120, await check.Deliveries.CountAsync(d => d.Result == DeliveryResults.Accepted && d.UserAgent == "MiiTel-Dashboard-Demo"));
        Assert.True(await check.Details.CountAsync() > 120, "transfer and IVR calls carry two legs");
    }
}
