using System.Net;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Data;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// What a sender can post, at its worst (Ingest/Corpus, one file a case, listed in its README):
/// the receiver answers each with the status its name expects, over real HTTP, and never a 5xx,
/// because MiiTel re-sends every 5xx forever; and nothing it stores breaks a later read.
/// </summary>
public sealed class HostileCorpusTests(HostileCorpusTests.SharedApp shared) : IClassFixture<HostileCorpusTests.SharedApp>
{
    public static TheoryData<string> Cases() => new(HostileCase.Names());

    [Fact]
    public void Corpus_ShouldHoldAtLeastSixtyCases_EachListedInItsReadme()
    {
        var readme = File.ReadAllText(Path.Combine(HostileCase.Folder, "README.md"));
        var names = HostileCase.Names().ToList();
        Assert.True(names.Count >= 60, $"{names.Count} cases");
        Assert.All(names, n => Assert.Contains($"`{n}`", readme, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task EachCase_ShouldGetTheAnswerItsNameExpects_NeverA5xx(string name)
    {
        var c = HostileCase.Load(name);
        using var response = await c.PostAsync(shared.Webhook);
        await c.AssertAnswerAsync(response);
    }

    [Fact]
    public async Task BrokenChunkedEncoding_ShouldAnswer400ProblemJson_FromTheWebhookItself()
    {
        var (status, contentType, body) = await RawExchangeAsync(shared.App.BaseUrl,
            "Transfer-Encoding: chunked\r\n", "zz\r\n{\"call\":{}}\r\n0\r\n\r\n"u8.ToArray());
        Assert.Equal(400, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Contains("\"title\":\"Body could not be read\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WholeCorpusInOneApp_EveryReadOfEveryStoredCall_ShouldStillAnswer200()
    {
        await using var app = new KestrelApp();
        await PostTheCorpus_ThenReadEveryStoredCallAsync(app);
        // SQLite's REAL columns can hold what JSON cannot (PostgreSQL's double precision is read the same way by the pages above).
        Assert.Empty(await NonFiniteNumbersAsync(app.Factory.DatabasePath));
    }

    /// <summary>
    /// Posts every case of the corpus to one app, then reads each stored call every way there is: the API's
    /// list and detail, search, the CSV export, and the pages (rendered on the server from the same queries).
    /// </summary>
    internal static async Task PostTheCorpus_ThenReadEveryStoredCallAsync(KestrelApp app)
    {
        using var webhook = Client(app.BaseUrl, AppFactory.WebhookToken);
        using var api = Client(app.BaseUrl, AppFactory.ApiKey);
        // Only "never 5xx" here: each exact answer is the theory's; this test is about what is stored.
        foreach (var name in HostileCase.Names())
        {
            using var response = await HostileCase.Load(name).PostAsync(webhook);
            Assert.True((int)response.StatusCode < 500, $"{name}: {(int)response.StatusCode}");
        }

        var ids = new List<string>();
        for (var page = 1; ; page++)
        {
            var json = await GetOkAsync(api, $"/api/calls?pageSize=500&page={page.ToString(CultureInfo.InvariantCulture)}");
            var items = json.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("detailId").GetString()!).ToList();
            ids.AddRange(items);
            if (items.Count < 500) break;
        }
        var stored = await Query(app.Factory, db => db.Details.Select(d => d.Id).ToListAsync());
        Assert.Equal(stored.Order(StringComparer.Ordinal), ids.Order(StringComparer.Ordinal));
        Assert.True(ids.Count >= 60, $"{ids.Count} stored calls");

        foreach (var id in ids)
        {
            var detail = await GetOkAsync(api, $"/api/calls/{Uri.EscapeDataString(id)}");
            Assert.Equal(id, detail.GetProperty("id").ValueKind == JsonValueKind.String ? detail.GetProperty("id").GetString() : detail.GetProperty("id").GetRawText());
        }
        await GetOkAsync(api, "/api/search?q=Midtown");
        await GetOkAsync(api, "/api/search?q=" + Uri.EscapeDataString("ミッドタウン"));
        using var pages = await app.Factory.SignedInClientAsync();
        using (var csv = await pages.GetAsync("/calls/export.csv?period=all"))
        {
            Assert.True(csv.IsSuccessStatusCode, $"export.csv: {(int)csv.StatusCode}");
            Assert.True((await csv.Content.ReadAsByteArrayAsync()).Length > 1000);
        }

        // The pages render their first view on the server, from the same queries.
        foreach (var page in new[] { "/?period=all", "/calls?period=all", "/search?q=Midtown&period=all", "/circuits?period=all", "/users?period=all", "/integration" }
                     .Concat(ids.Select(id => $"/calls/{Uri.EscapeDataString(id)}")))
        {
            using var response = await pages.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{page}: {(int)response.StatusCode}");
        }
    }

    /// <summary>Every REAL column of every table, and every number in the JSON columns read as numbers later.</summary>
    private static async Task<List<string>> NonFiniteNumbersAsync(string databasePath)
    {
        var found = new List<string>();
        await using var db = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        await db.OpenAsync();
        var tables = new List<string>();
        await using (var list = db.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%REAL%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        Assert.Contains("Details", tables);
        foreach (var table in tables)
        {
            var columns = new List<string>();
            await using (var info = db.CreateCommand())
            {
                info.CommandText = $"SELECT name FROM pragma_table_info('{table}') WHERE type = 'REAL'";
                await using var reader = await info.ExecuteReaderAsync();
                while (await reader.ReadAsync()) columns.Add(reader.GetString(0));
            }
            foreach (var column in columns)
            {
                await using var count = db.CreateCommand();
                count.CommandText = $"SELECT count(*) FROM \"{table}\" WHERE \"{column}\" IN (9e999, -9e999)";
                if ((long)(await count.ExecuteScalarAsync())! > 0) found.Add($"{table}.{column}");
            }
        }
        await using (var positions = db.CreateCommand())
        {
            positions.CommandText = "SELECT Id, SilencePositionsJson, OverlapPositionsJson FROM Details";
            await using var reader = await positions.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                for (var i = 1; i <= 2; i++)
                {
                    if (!reader.IsDBNull(i) && HasNonFinite(JsonDocument.Parse(reader.GetString(i)).RootElement))
                        found.Add($"Details[{reader.GetString(0)}].{reader.GetName(i)}");
                }
            }
        }
        return found;
    }

    private static bool HasNonFinite(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Array => e.EnumerateArray().Any(HasNonFinite),
        JsonValueKind.Object => e.EnumerateObject().Any(p => HasNonFinite(p.Value)),
        JsonValueKind.Number => !(e.TryGetDouble(out var d) && double.IsFinite(d)),
        _ => false,
    };

    private static async Task<JsonElement> GetOkAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync();
        }
        catch (HttpRequestException e)
        {
            throw new Xunit.Sdk.XunitException($"GET {url}: {(int)response.StatusCode}, and the answer broke off ({e.Message}): the server failed while writing it.");
        }
        Assert.True(response.IsSuccessStatusCode, $"GET {url}: {(int)response.StatusCode} {(text.Length > 400 ? text[..400] : text)}");
        return JsonDocument.Parse(text).RootElement;
    }

    /// <summary>Sends a webhook request byte for byte and reads the status, content type and body of the answer.</summary>
    private static async Task<(int Status, string? ContentType, string Body)> RawExchangeAsync(string baseUrl, string framing, byte[] body)
    {
        var uri = new Uri(baseUrl);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(uri.Host, uri.Port, timeout.Token);
        var stream = tcp.GetStream();
        var head = $"POST /webhooks/miitel HTTP/1.1\r\nHost: {uri.Authority}\r\nAuthorization: Bearer {AppFactory.WebhookToken}\r\n"
                   + $"Content-Type: application/json\r\nConnection: close\r\n{framing}\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), timeout.Token);
        await stream.WriteAsync(body, timeout.Token);

        using var answer = new MemoryStream();
        await stream.CopyToAsync(answer, timeout.Token);
        var text = Encoding.UTF8.GetString(answer.ToArray());
        var lines = text.Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var contentType = lines.TakeWhile(l => l.Length > 0)
            .FirstOrDefault(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))?["Content-Type:".Length..].Trim();
        return (status, contentType?.Split(';')[0], text[(text.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..]);
    }

    private static HttpClient Client(string baseUrl, string token)
    {
        var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<T> Query<T>(AppFactory factory, Func<CallsDbContext, Task<T>> query)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>().CreateDbContextAsync();
        return await query(db);
    }

    /// <summary>One app on a real port for the per-case tests: every case has its own ids, and each is posted once.</summary>
    public class SharedApp : IAsyncLifetime
    {
        public KestrelApp App { get; private set; } = null!;
        public HttpClient Webhook { get; private set; } = null!;

        protected virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

        public Task InitializeAsync()
        {
            App = new KestrelApp(provider: Provider);
            Webhook = Client(App.BaseUrl, AppFactory.WebhookToken);
            return Task.CompletedTask;
        }

        public async Task DisposeAsync()
        {
            Webhook.Dispose();
            await App.DisposeAsync();
        }
    }
}

/// <summary>
/// The corpus's answers on PostgreSQL, whose text cannot hold what SQLite's can (U+0000) and whose
/// errors are classified apart: a body is refused or stored exactly as on SQLite, never a 5xx.
/// </summary>
public sealed class HostileCorpusOnPostgreSqlTests(HostileCorpusOnPostgreSqlTests.PostgreSqlApp shared) : IClassFixture<HostileCorpusOnPostgreSqlTests.PostgreSqlApp>
{
    [Theory]
    [MemberData(nameof(HostileCorpusTests.Cases), MemberType = typeof(HostileCorpusTests))]
    public async Task EachCase_ShouldGetTheAnswerItsNameExpects_NeverA5xx(string name)
    {
        var c = HostileCase.Load(name);
        using var response = await c.PostAsync(shared.Webhook);
        await c.AssertAnswerAsync(response);
    }

    [Fact]
    public async Task WholeCorpusInOneApp_EveryReadOfEveryStoredCall_ShouldStillAnswer200()
    {
        await using var app = new KestrelApp(provider: DatabaseProvider.PostgreSQL);
        await HostileCorpusTests.PostTheCorpus_ThenReadEveryStoredCallAsync(app);
    }

    public sealed class PostgreSqlApp : HostileCorpusTests.SharedApp
    {
        protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
    }
}
