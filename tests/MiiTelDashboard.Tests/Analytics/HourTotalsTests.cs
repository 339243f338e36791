using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Analytics;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components;
using MiiTelDashboard.Data;
using MiiTelDashboard.Retention;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Analytics;

/// <summary>
/// The hourly and daily sums (CircuitHours, UserHours, UserDays) are a GROUP BY of the calls at every moment: after random
/// deliveries of new calls, re-sends, section merges that move a call to another hour, circuit, user or
/// outcome, deletions and a retention purge, they equal the same GROUP BY computed here from the stored
/// calls, and every page figure read from them equals the figure aggregated from the calls themselves.
/// </summary>
public abstract class HourTotalsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateOnly Today = new(2026, 11, 5);
    private static readonly DateTime Start = new(2026, 10, 20, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] Circuits = ["0120000001", "0120000002", "0120000003"];
    private static readonly string[] CircuitNames = ["Sales East", "Sales West", "Sales East"]; // two circuits share a name
    private static readonly string[] Users = ["Aoki", "Baba", "Chiba", "Doi"];
    private static readonly string[] Types = ["OUTGOING_CALL", "INCOMING_CALL", "PREDICTIVE_DIAL"];
    private static readonly double?[] Ratios = [null, 0, 0.05, 0.049999, 0.42, 0.95, 0.999, 1, 1.3];

    private readonly AppFactory _app = AppFactory.For(provider);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task AfterRandomDeliveries_MergesAndDeletions_TheHourlySumsAreTheCallsGroupedByHour(int seed)
    {
        var random = new Random(seed);
        var ids = new List<string>();
        using var client = _app.WebhookClient();
        for (var step = 0; step < 90; step++)
        {
            var roll = random.NextDouble();
            if (ids.Count == 0 || roll < 0.5)
            {
                var id = $"p{seed}-{step}";
                await PostAsync(client, RandomCall(random, id).Json());
                ids.Add(id);
            }
            else if (roll < 0.6)
            {
                // The same body again: nothing changes.
                var call = RandomCall(random, ids[random.Next(ids.Count)]);
                await PostAsync(client, call.Json());
                await PostAsync(client, call.Json());
            }
            else if (roll < 0.85)
            {
                // A later section of a known call: only some keys, the rest stays as stored.
                var body = RandomCall(random, ids[random.Next(ids.Count)]).Json();
                var detail = Bodies.Detail(body);
                foreach (var key in new[] { "dial_starts_at", "dial_answered_at", "dial_ends_at", "analysis", "participants", "circuit_number", "circuit_name", "call_type" })
                {
                    if (random.NextDouble() < 0.5) detail.Remove(key);
                }
                await PostAsync(client, body);
            }
            else
            {
                var id = ids[random.Next(ids.Count)];
                await _app.Services.GetRequiredService<CallDeletion>().DeleteCallAsync(id, CancellationToken.None);
                ids.Remove(id);
            }
        }
        await AssertHoursAreTheCallsAsync();
        await AssertPagesReadTheSameAsync();

        // Retention: everything before a cutoff in the middle of an hour goes, and the hour's sums follow.
        await _app.Services.GetRequiredService<CallDeletion>().DeleteCallsStartedBeforeAsync(Start.AddDays(5).AddMinutes(30), CancellationToken.None);
        await AssertHoursAreTheCallsAsync();
        await AssertPagesReadTheSameAsync();
    }

    [Fact]
    public async Task SectionsThatChangeOneThingEach_MoveTheCallBetweenRows_AndLeaveNoEmptyRow()
    {
        using var client = _app.WebhookClient();
        var at = new DateTime(2026, 11, 2, 3, 59, 59, DateTimeKind.Utc);
        var call = new SeedCall(at) { DetailId = "moving", User = "Aoki", Circuit = Circuits[0], CircuitName = CircuitNames[0] };
        await PostAsync(client, call.Json());
        await AssertHoursAreTheCallsAsync();

        // Each later section carries one part of the call; every column the sums read is moved on its own.
        (SeedCall Call, string[] Keys)[] sections =
        [
            (call with { User = "Baba" }, ["participants"]),
            (call with { Circuit = Circuits[1], CircuitName = CircuitNames[1] }, ["circuit_number", "circuit_name"]),
            (call with { StartUtc = at.AddSeconds(1) }, ["dial_starts_at"]),
            (call with { CallType = Types[1] }, ["call_type"]),
            (call with { Tlr = 0.97, Score = 12 }, ["analysis"]),
            (call with { TalkSeconds = 120 }, ["dial_ends_at"]),
        ];
        foreach (var (section, keys) in sections)
        {
            var body = section.Json();
            var detail = Bodies.Detail(body);
            foreach (var key in detail.Select(p => p.Key).Where(k => k != "id" && !keys.Contains(k)).ToList()) detail.Remove(key);
            await PostAsync(client, body);
            await AssertHoursAreTheCallsAsync();
        }

        await using var db = await Db();
        var circuit = Assert.Single(await db.CircuitHours.ToListAsync());
        Assert.Equal((new DateTimeOffset(at.AddSeconds(1)).ToUnixTimeSeconds(), Circuits[1], CircuitNames[1], Types[1], 1L, 120.0),
            (circuit.HourEpoch, circuit.CircuitNumber, circuit.CircuitName, circuit.CallType, circuit.Calls, circuit.DurationSum));
        // Incoming now, so the operator is the TO side, which these bodies name "Customer".
        var user = Assert.Single(await db.UserHours.ToListAsync());
        Assert.Equal(("Customer", 1L, 1L), (user.OperatorName, user.Calls, user.Tlr19));
    }

    private static SeedCall RandomCall(Random random, string id)
    {
        var circuit = random.Next(Circuits.Length);
        var answered = random.NextDouble() < 0.7;
        // Hour boundaries and the US daylight-saving change (2026-11-01 06:00 UTC) come up often.
        var at = Start.AddHours(random.Next(16 * 24)).AddSeconds(random.Next(4) switch { 0 => 0, 1 => 3599, _ => random.Next(3600) });
        return new SeedCall(at)
        {
            DetailId = id,
            Circuit = Circuits[circuit],
            CircuitName = CircuitNames[circuit],
            User = Users[random.Next(Users.Length)],
            CallType = Types[random.Next(Types.Length)],
            Answered = answered,
            TalkSeconds = random.Next(5, 900) + random.NextDouble(),
            Tlr = Ratios[random.Next(Ratios.Length)],
            Score = random.NextDouble() < 0.2 ? null : Math.Round(random.NextDouble() * 100, 3),
            Overlaps = random.Next(6),
            Silences = random.Next(6),
            CustomerPositive = random.NextDouble() < 0.2 ? null : random.NextDouble(),
            CustomerNegative = random.NextDouble(),
        };
    }

    private static async Task PostAsync(HttpClient client, JsonObject body)
    {
        using var response = await client.PostAsync("/webhooks/miitel", AppFactory.Json(body.Text()));
        Assert.True(response.IsSuccessStatusCode, $"webhook answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private Task<CallsDbContext> Db() => _app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();

    /// <summary>Each table row against the GROUP BY of the stored calls, computed here: counts exactly, sums to 1e-9.</summary>
    private async Task AssertHoursAreTheCallsAsync()
    {
        await using var db = await Db();
        var calls = await db.Details.AsNoTracking().ToListAsync();
        Assert.NotEmpty(calls);

        var circuitRows = await db.CircuitHours.AsNoTracking().ToListAsync();
        var expectedCircuits = calls.GroupBy(c => (HourTotals.HourOf(c.StartedAtEpoch), c.CircuitNumber ?? "", c.CircuitName ?? "", c.CallType ?? ""))
            .ToDictionary(g => g.Key, g => Sums(g));
        Assert.Equal(expectedCircuits.Keys.Order(), circuitRows.Select(r => (r.HourEpoch, r.CircuitNumber, r.CircuitName, r.CallType)).Order());
        foreach (var row in circuitRows) AssertSums(expectedCircuits[(row.HourEpoch, row.CircuitNumber, row.CircuitName, row.CallType)], row);

        var userRows = await db.UserHours.AsNoTracking().ToListAsync();
        var expectedUsers = calls.GroupBy(c => (HourTotals.HourOf(c.StartedAtEpoch), c.OperatorName ?? "", c.OperatorLoginId ?? ""))
            .ToDictionary(g => g.Key, g => Sums(g));
        Assert.Equal(expectedUsers.Keys.Order(), userRows.Select(r => (r.HourEpoch, r.OperatorName, r.OperatorLoginId)).Order());
        foreach (var row in userRows) AssertSums(expectedUsers[(row.HourEpoch, row.OperatorName, row.OperatorLoginId)], row);

        var dayRows = await db.UserDays.AsNoTracking().ToListAsync();
        var expectedDays = calls.GroupBy(c => (c.StartedAtEpoch - (((c.StartedAtEpoch % 86_400) + 86_400) % 86_400), c.OperatorName ?? "", c.OperatorLoginId ?? ""))
            .ToDictionary(g => g.Key, g => Sums(g));
        Assert.Equal(expectedDays.Keys.Order(), dayRows.Select(r => (r.HourEpoch, r.OperatorName, r.OperatorLoginId)).Order());
        foreach (var row in dayRows) AssertSums(expectedDays[(row.HourEpoch, row.OperatorName, row.OperatorLoginId)], row);
    }

    private sealed record Expected(long[] Counts, double[] Sums);

    private static Expected Sums(IEnumerable<CallDetail> calls)
    {
        var list = calls.ToList();
        long Count(Func<CallDetail, bool> p) => list.LongCount(p);
        var counts = new List<long>
        {
            list.Count, Count(c => c.Outcome == Outcomes.Connected), Count(c => c.Outcome == Outcomes.Missed), Count(c => c.Outcome == Outcomes.Unanswered),
            Count(c => c.Score != null), Count(c => c.Tlr != null), Count(c => c.OverlapCount != null), Count(c => c.SilenceCount != null),
            Count(c => c.CustomerPositive != null), Count(c => c.CustomerNegative != null),
        };
        for (var b = 0; b < HourTotals.TlrBuckets; b++) counts.Add(Count(c => c.Tlr is { } t && HourTotals.TlrBucket(t) == b));
        double[] sums =
        [
            list.Where(c => c.Outcome == Outcomes.Connected).Sum(c => c.DurationSeconds), list.Sum(c => c.Score ?? 0), list.Sum(c => c.Tlr ?? 0),
            list.Sum(c => (double)(c.OverlapCount ?? 0)), list.Sum(c => (double)(c.SilenceCount ?? 0)), list.Sum(c => c.CustomerPositive ?? 0), list.Sum(c => c.CustomerNegative ?? 0),
        ];
        return new Expected([.. counts], sums);
    }

    private static void AssertSums(Expected expected, HourTotals row)
    {
        long[] counts =
        [
            row.Calls, row.Connected, row.Missed, row.Unanswered, row.ScoreCount, row.TlrCount, row.OverlapCount, row.SilenceCount, row.PositiveCount, row.NegativeCount,
            row.Tlr00, row.Tlr01, row.Tlr02, row.Tlr03, row.Tlr04, row.Tlr05, row.Tlr06, row.Tlr07, row.Tlr08, row.Tlr09,
            row.Tlr10, row.Tlr11, row.Tlr12, row.Tlr13, row.Tlr14, row.Tlr15, row.Tlr16, row.Tlr17, row.Tlr18, row.Tlr19,
        ];
        Assert.Equal(expected.Counts, counts);
        double[] sums = [row.DurationSum, row.ScoreSum, row.TlrSum, row.OverlapSum, row.SilenceSum, row.PositiveSum, row.NegativeSum];
        for (var i = 0; i < sums.Length; i++) AssertClose(expected.Sums[i], sums[i]);
    }

    private static void AssertClose(double? expected, double? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is { } e && actual is { } a) Assert.True(Math.Abs(e - a) <= 1e-9 * Math.Max(1, Math.Abs(e)), $"expected {e:R}, got {a:R}");
    }

    /// <summary>Overview, rankings and filter choices read from the sums against the same read from the calls, in several zones and filters.</summary>
    private async Task AssertPagesReadTheSameAsync()
    {
        var factory = _app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
        var fromHours = new OverviewQuery(factory);
        var fromCalls = new OverviewQuery(factory) { UseHourTotals = false };
        PageFilter[] filters =
        [
            new() { From = new(2026, 10, 25), To = Today },
            new() { AllTime = true },
            new() { From = new(2026, 10, 28), To = new(2026, 11, 3), Circuit = CircuitNames[0] },
            new() { From = new(2026, 10, 28), To = new(2026, 11, 3), Circuit = Circuits[1], Type = Types[0] },
            new() { From = new(2026, 10, 28), To = new(2026, 11, 3), User = Users[2] },
            new() { From = new(2026, 10, 28), To = new(2026, 11, 3), Outcome = Outcomes.Connected }, // from the calls either way
            new() { From = new(2026, 11, 1), To = new(2026, 11, 1) }, // one local day: no whole UTC day inside it
            new() { AllTime = true, User = Users[3] },
        ];
        CallAccess[] scopes = [CallAccess.Everything, CallAccess.Scoped([Circuits[0]], []), CallAccess.Scoped([], [Users[1]])];
        foreach (var zone in new[] { "Asia/Tokyo", "America/New_York", "UTC", "Asia/Kolkata" })
        {
            var browser = BrowserContext.Resolve(zone, "ja-JP");
            foreach (var filter in filters)
            foreach (var access in scopes)
            {
                var a = await fromHours.GetAsync(access, filter, browser, Today);
                var b = await fromCalls.GetAsync(access, filter, browser, Today);
                var what = $"{zone} {filter} {access.Key}";
                Assert.True(a.Days.Select(d => d.Day).SequenceEqual(b.Days.Select(d => d.Day)), what);
                foreach (var (x, y) in a.Days.Zip(b.Days)) AssertSame(y.Metrics, x.Metrics, what);
                AssertSame(b.Current, a.Current, what);
                if (b.Previous is not null) AssertSame(b.Previous, a.Previous!, what);
                Assert.Equal(b.HourOfWeek, a.HourOfWeek);
                Assert.Equal(b.TalkRatioBuckets, a.TalkRatioBuckets);
            }
        }

        var rankFromHours = new RankingQuery(factory);
        var rankFromCalls = new RankingQuery(factory) { UseHourTotals = false };
        var tokyo = BrowserContext.Resolve("Asia/Tokyo", "ja-JP");
        foreach (var by in new[] { RankBy.User, RankBy.Circuit })
        foreach (var filter in filters)
        foreach (var access in scopes)
        {
            var a = await rankFromHours.GetAsync(access, by, filter, tokyo, Today);
            var b = await rankFromCalls.GetAsync(access, by, filter, tokyo, Today);
            var what = $"{by} {filter} {access.Key}";
            Assert.Equal(b.Rows.Select(r => (r.Key, r.Label)).Order(), a.Rows.Select(r => (r.Key, r.Label)).Order());
            foreach (var row in b.Rows) AssertSame(row.Metrics, a.Rows.Single(r => r.Key == row.Key).Metrics, what);
            AssertSame(b.Team, a.Team, what);
        }

        foreach (var access in scopes)
        {
            var a = await new FilterOptionsQuery(factory, TimeProvider.System).GetAsync(access);
            var b = await new FilterOptionsQuery(factory, TimeProvider.System) { UseHourTotals = false }.GetAsync(access);
            Assert.Equal(b.Circuits, a.Circuits);
            Assert.Equal(b.Users, a.Users);
        }
    }

    private static void AssertSame(Metrics expected, Metrics actual, string what)
    {
        Assert.True((expected.Calls, expected.Connected, expected.Missed, expected.Unanswered) == (actual.Calls, actual.Connected, actual.Missed, actual.Unanswered), what);
        AssertClose(expected.AverageDuration, actual.AverageDuration);
        AssertClose(expected.AverageScore, actual.AverageScore);
        AssertClose(expected.AverageTalkRatio, actual.AverageTalkRatio);
        AssertClose(expected.OverlapsPerCall, actual.OverlapsPerCall);
        AssertClose(expected.SilencesPerCall, actual.SilencesPerCall);
        AssertClose(expected.AveragePositive, actual.AveragePositive);
        AssertClose(expected.AverageNegative, actual.AverageNegative);
    }

    public sealed class OnSqlite() : HourTotalsTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : HourTotalsTests(DatabaseProvider.PostgreSQL);
}
