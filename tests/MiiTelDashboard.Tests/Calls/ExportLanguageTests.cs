using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Calls;

/// <summary>The CSV's header row follows the reader's language; problem answers and the API stay English for scripts.</summary>
public sealed class ExportLanguageTests
{
    [Fact]
    public async Task CsvHeader_IsJapanese_ForAJapaneseReader_AndKeepsTheByteOrderMark()
    {
        using var factory = new AppFactory();
        using var client = await factory.SignedInClientAsync();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ja-JP"));

        var bytes = await client.GetByteArrayAsync("/calls/export.csv?from=2026-01-01&to=2026-01-31&tz=Asia/Tokyo");

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.StartsWith("開始日時,明細ID,通話ID,通話種別,結果,回線番号,回線名,担当者,", Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task CsvCallTypeAndOutcome_AreJapaneseWords_ForAJapaneseReader_AndMiiTelsCodesInEnglish()
    {
        using var factory = new AppFactory();
        await SeededApp.PostAsync(factory, [Encoding.UTF8.GetBytes(Bodies.Call().Text())]);
        using var client = await factory.SignedInClientAsync();
        const string url = "/calls/export.csv?period=all&tz=Asia/Tokyo";

        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ja-JP"));
        var japanese = Encoding.UTF8.GetString(await client.GetByteArrayAsync(url)).Split("\r\n")[1].Split(',');
        client.DefaultRequestHeaders.Add("Cookie", $"{BrowserFixture.CultureCookie}={Uri.EscapeDataString("c=en|uic=en")}");
        var english = Encoding.UTF8.GetString(await client.GetByteArrayAsync(url)).Split("\r\n")[1].Split(',');

        Assert.Equal(("発信", "応答"), (japanese[3], japanese[4]));
        Assert.Equal(("OUTGOING_CALL", "connected"), (english[3], english[4]));
    }

    [Fact]
    public async Task CsvHeader_FollowsTheCultureCookie_BeforeAcceptLanguage()
    {
        using var factory = new AppFactory();
        using var client = await factory.SignedInClientAsync();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ja-JP"));
        client.DefaultRequestHeaders.Add("Cookie", $"{BrowserFixture.CultureCookie}={Uri.EscapeDataString("c=en|uic=en")}");

        var text = Encoding.UTF8.GetString(await client.GetByteArrayAsync("/calls/export.csv?from=2026-01-01&to=2026-01-31&tz=Asia/Tokyo"));

        Assert.StartsWith("\uFEFFstarted_at,detail_id,", text);
    }

    [Fact]
    public async Task Problems_AndTheReadApi_StayEnglish_ForAJapaneseReader()
    {
        using var factory = new AppFactory();
        using var client = await factory.SignedInClientAsync();
        client.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ja-JP"));
        using var api = factory.ApiClient();
        api.DefaultRequestHeaders.AcceptLanguage.Add(new StringWithQualityHeaderValue("ja-JP"));

        using var problem = await client.GetAsync("/calls/export.csv?tz=Mars/Olympus");

        Assert.Equal(HttpStatusCode.BadRequest, problem.StatusCode);
        Assert.Contains("Unknown time zone", await problem.Content.ReadAsStringAsync());
        Assert.Contains("\"total\"", await api.GetStringAsync("/api/calls"));
    }
}
