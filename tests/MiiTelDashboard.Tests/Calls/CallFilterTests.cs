using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;
using MiiTelDashboard.Live;
using MiiTelDashboard.Tests.Analytics;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Calls;

/// <summary>
/// A filter means one thing wherever it is applied: in SQL (every page, the API, search), to a
/// live change in memory, and as the hub groups a change is sent to. Checked over random calls
/// and random filters against a real database.
/// </summary>
public abstract class CallFilterTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly DateTime Start = new(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly (string Number, string Name)[] Circuits = [("0120000001", "Sales East"), ("0120000002", "インサイドセールス")];
    private static readonly string[] Users = ["Aiko", "Edgardo", "山田 太郎"];
    private static readonly string[] Types = ["OUTGOING_CALL", "INCOMING_CALL", "PREDICTIVE_DIAL"];
    private static readonly string?[] Tags = [null, "アポ獲得", "Left Message"];
    private static readonly double?[] Scores = [null, 30, 60, 90];

    private readonly AppFactory _app = AppFactory.For(provider);
    private List<CallSummary> _calls = [];

    public async Task InitializeAsync()
    {
        var random = new Random(20261129);
        var seeds = Enumerable.Range(0, 40).Select(i =>
        {
            var circuit = Circuits[random.Next(Circuits.Length)];
            return new SeedCall(Start.AddHours(random.Next(0, 24 * 10)))
            {
                User = Users[random.Next(Users.Length)],
                Circuit = circuit.Number,
                CircuitName = circuit.Name,
                CallType = Types[random.Next(Types.Length)],
                Answered = random.Next(4) > 0,
                Score = Scores[random.Next(Scores.Length)],
                Tag = Tags[random.Next(Tags.Length)],
            };
        }).ToArray();
        await SeedCall.PostAsync(_app, seeds);
        await using var db = await Db().CreateDbContextAsync();
        _calls = await db.Calls(CallAccess.Everything, CallFilter.All).Select(CallSummary.Project).ToListAsync();
        Assert.Equal(40, _calls.Count);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private IDbContextFactory<CallsDbContext> Db() => _app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();

    [Fact]
    public async Task TheSqlFilter_AndTheInMemoryMatch_SelectTheSameCalls()
    {
        var random = new Random(7);
        string? Pick(IReadOnlyList<string?> values) => random.Next(3) == 0 ? values[random.Next(values.Count)] : null;
        DateTime? Time() => random.Next(3) == 0 ? Start.AddHours(random.Next(-24, 24 * 11)) : null;
        await using var db = await Db().CreateDbContextAsync();
        var nonEmpty = 0;

        for (var i = 0; i < 150; i++)
        {
            var filter = new CallFilter
            {
                Circuit = Pick([.. Circuits.Select(c => c.Number), .. Circuits.Select(c => c.Name), "nowhere"]),
                User = Pick([.. Users, "nobody"]),
                From = Time(),
                To = Time(),
                Type = Pick(Types),
                Outcome = Pick(Outcomes.All),
                Tag = Pick(Tags.OfType<string>().Append("none").ToArray()),
                MinScore = random.Next(4) == 0 ? random.Next(0, 100) : null,
                MaxScore = random.Next(4) == 0 ? random.Next(0, 100) : null,
            };

            var inSql = await db.Calls(CallAccess.Everything, filter).Select(d => d.Id).OrderBy(id => id).ToListAsync();
            var inMemory = _calls.Where(filter.Matches).Select(c => c.DetailId).Order(StringComparer.Ordinal).ToList();

            Assert.True(inSql.SequenceEqual(inMemory), $"{filter}: SQL {inSql.Count} calls, memory {inMemory.Count}");
            if (inSql.Count > 0) nonEmpty++;
        }
        Assert.True(nonEmpty > 30, $"only {nonEmpty} of the random filters matched anything; the check would prove little");
    }

    [Fact]
    public void AChangeGoesToTheHubGroupOfEveryNameItsCircuitAndUserGoBy()
    {
        foreach (var call in _calls)
        {
            var groups = CallGroups.For(new CallChanged(call, isNew: true));
            foreach (var name in Circuits.SelectMany(c => new[] { c.Number, c.Name }))
                Assert.Equal(new CallFilter { Circuit = name }.Matches(call), groups.Contains(CallGroups.Circuit(name)));
            foreach (var user in Users)
                Assert.Equal(new CallFilter { User = user }.Matches(call), groups.Contains(CallGroups.User(user)));
            Assert.Contains(CallGroups.All, groups);
        }
    }

    [Fact]
    public async Task ASummaryReadBySql_EqualsTheSummaryOfTheEntityInMemory_InUtc()
    {
        await using var db = await Db().CreateDbContextAsync();
        var tagged = _calls.First(c => c.Tags.Count > 0);

        var entity = await db.Details.Include(d => d.Tags).SingleAsync(d => d.Id == tagged.DetailId);
        var inMemory = CallSummary.Of(entity);

        Assert.Equal(tagged with { Tags = [] }, inMemory with { Tags = [] });
        Assert.Equal(tagged.Tags, inMemory.Tags);
        Assert.Equal(DateTimeKind.Utc, tagged.StartedAt.Kind);
        Assert.Equal(DateTimeKind.Utc, entity.FirstReceivedAt.Kind);
    }

    public sealed class OnSqlite() : CallFilterTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : CallFilterTests(DatabaseProvider.PostgreSQL);
}
