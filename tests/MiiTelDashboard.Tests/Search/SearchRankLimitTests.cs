using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Search;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

/// <summary>
/// Search:RankNewestMatches set to 3, so that the bound shows with a handful of calls: when more calls
/// within the reader's scope and filters match, the newest 3 of them are ranked and counted, and the
/// answer says so; with fewer, every match is ranked and counted exactly.
/// </summary>
public sealed class SearchRankLimitTests : IAsyncLifetime
{
    private readonly AppFactory _app = new AppFactory().With("Search:RankNewestMatches", "3");
    private readonly string _circuit = SearchData.NewCircuit();
    private readonly string _other = SearchData.NewCircuit();
    private readonly List<string> _stored = [];
    private readonly List<string> _otherStored = [];

    /// <summary>
    /// Seven calls of the circuit say "renewal", stored oldest first; the oldest say it most often, so a
    /// ranking of every match would put them on top. Calls of another circuit, stored in between, say it too.
    /// </summary>
    public async Task InitializeAsync()
    {
        for (var i = 0; i < 7; i++)
        {
            var lines = Enumerable.Range(0, 7 - i).Select(n => new Line(false, $"The renewal, point {n}", n)).ToList();
            _stored.Add(await _app.PostAsync(SearchData.Call(_circuit, lines, startedAt: At(i))));
            if (i % 3 == 0)
                _otherStored.Add(await _app.PostAsync(SearchData.Call(_other, [new(false, "Renewal on the other circuit", 1)], startedAt: At(i))));
        }
        await _app.PostAsync(SearchData.Call(_circuit, [new(true, "A call about something else", 1)], startedAt: At(8)));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task MoreMatchesThanTheLimit_RanksAndCountsTheNewest_AndSaysSo()
    {
        var result = await _app.SearchAsync(_circuit, "renewal");

        Assert.True(result["rankLimited"]!.GetValue<bool>());
        Assert.Equal(3, result["rankLimit"]!.GetValue<int>());
        Assert.Equal(3, result["total"]!.GetValue<int>());
        // The newest three of this circuit, the most relevant (most mentions) first; never the older, more relevant ones.
        Assert.Equal([_stored[4], _stored[5], _stored[6]], result.Ids());
    }

    [Fact]
    public async Task FewerMatchesThanTheLimit_AreEveryMatch_Exactly()
    {
        var result = await _app.SearchAsync(_other, "renewal");

        Assert.False(result["rankLimited"]!.GetValue<bool>());
        Assert.Equal(_otherStored.Count, result["total"]!.GetValue<int>());
        Assert.Equal(_otherStored.Order(), result.Ids().Order());
    }

    [Fact]
    public async Task TheLimitCountsOnlyCallsInTheReadersScope()
    {
        var search = _app.Services.GetRequiredService<SearchService>();

        var scoped = await search.SearchAsync(new SearchRequest(CallAccess.Scoped([_other], []), "renewal", CallFilter.All), default);
        var everything = await search.SearchAsync(new SearchRequest(CallAccess.Everything, "renewal", CallFilter.All), default);

        // Applied before the scope, the limit would keep the newest three of every circuit, one of them the other circuit's.
        Assert.False(scoped.RankLimited);
        Assert.Equal(_otherStored.Order(), scoped.Items.Select(i => i.Call.DetailId).Order());
        Assert.True(everything.RankLimited);
        Assert.Equal(3, everything.Total);
        // Stored s0 o0 s1 s2 s3 o1 s4 s5 s6 o2: the newest three that match, whichever circuit.
        Assert.Equal(new[] { _stored[5], _stored[6], _otherStored[2] }.Order(), everything.Items.Select(i => i.Call.DetailId).Order());
    }

    /// <summary>Five minutes apart, the first an hour before <see cref="SearchData.StartedAt"/>.</summary>
    private static DateTime At(int i) => SearchData.StartedAt.AddMinutes(-60 + i * 5);
}
