using MiiTelDashboard.Data;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Search;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Search;

/// <summary>Search:MaxResults set low, so that its cap shows with a handful of calls.</summary>
public abstract class SearchPagingCapTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly AppFactory _app = AppFactory.For(provider).With("Search:MaxResults", "4");
    private readonly string _circuit = SearchData.NewCircuit();

    public async Task InitializeAsync()
    {
        for (var i = 0; i < 6; i++)
            await _app.PostAsync(SearchData.Call(_circuit, [new(false, $"About the renewal, part {i}", i)]));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Api_PagesUpToTheCap_AndAnswers400ForAPagePastIt()
    {
        var last = await _app.SearchAsync(_circuit, "renewal", "&pageSize=2&page=2");
        Assert.Equal(6, last["total"]!.GetValue<int>());
        Assert.Equal(2, last.Ids().Count);

        using var client = _app.ApiClient();
        using var past = await client.GetAsync($"/api/search?circuit={_circuit}&q=renewal&pageSize=2&page=3");
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        var detail = JsonNode.Parse(await past.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>();
        Assert.Contains("page goes up to 2 at pageSize 2", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheService_AnswersAPagePastTheCap_AsTheLastPageItMayRead()
    {
        var search = _app.Services.GetRequiredService<SearchService>();
        var filter = CallFilter.All with { Circuit = _circuit };

        var results = await search.SearchAsync(new SearchRequest(CallAccess.Everything, "renewal", filter, Page: int.MaxValue, PageSize: 2), default);

        Assert.Equal(2, results.Page);
        Assert.Equal(6, results.Total);
        Assert.Equal(2, results.Items.Count);
        var second = await search.SearchAsync(new SearchRequest(CallAccess.Everything, "renewal", filter, Page: 2, PageSize: 2), default);
        Assert.Equal(second.Items.Select(i => i.Call.DetailId), results.Items.Select(i => i.Call.DetailId));
    }

    public sealed class OnSqlite() : SearchPagingCapTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : SearchPagingCapTests(DatabaseProvider.PostgreSQL);
}
