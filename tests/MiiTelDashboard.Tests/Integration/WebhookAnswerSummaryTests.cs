using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Data;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Integration;

namespace MiiTelDashboard.Tests.Integration;

/// <summary>The reader's summary of a webhook answer, derived from the exact English sentence that is stored.</summary>
public sealed class WebhookAnswerSummaryTests
{
    [Theory]
    [InlineData("", "Answer.EmptyBody")]
    [InlineData("{n", "Answer.NotJson")]
    [InlineData("[1]", "Answer.NotWebhook")]
    [InlineData("{\"x\":1}", "Answer.NotWebhook")]
    [InlineData("{\"challenge\":\"\"}", "Answer.BadChallenge")]
    [InlineData("{\"call\":{}}", "Answer.NoDetails")]
    [InlineData("{\"call\":{\"details\":[]}}", "Answer.NothingToStore")]
    public void WhatThePayloadReaderAnswers_HasItsOwnSummary(string body, string key)
    {
        var invalid = Assert.IsType<InvalidPayload>(WebhookPayloadReader.Read(Encoding.UTF8.GetBytes(body)));
        Assert.Equal(key, WebhookAnswerSummary.Key(invalid.Detail, invalid.StatusCode));
    }

    [Fact]
    public void ABodyThatIsNotUtf8_AndStorageTrouble_HaveTheirOwnSummaries()
    {
        var notUtf8 = Assert.IsType<InvalidPayload>(WebhookPayloadReader.Read([(byte)'{', 0xFF, (byte)'}']));
        Assert.Equal("Answer.NotUtf8", WebhookAnswerSummary.Key(notUtf8.Detail, notUtf8.StatusCode));
        Assert.Equal("Answer.DiskFull", WebhookAnswerSummary.Key(StorageFailure.Describe(new SqliteException("full", 13)), 503));
        Assert.Equal("Answer.ShuttingDown", WebhookAnswerSummary.Key(StorageFailure.ShuttingDown, 503));
        // Any other trouble of the store: MiiTel retries, whatever the sentence.
        Assert.Equal("Answer.StoreUnavailable", WebhookAnswerSummary.Key(StorageFailure.Describe(new SqliteException("locked", 5)), 503));
    }

    [Fact]
    public void ASentenceNotInTheCatalog_IsSummarisedByItsStatusCode()
    {
        Assert.Equal("Answer.AuthWrong", WebhookAnswerSummary.Key("Something new about credentials.", 401));
        Assert.Equal("Answer.BadRequest", WebhookAnswerSummary.Key("Something new.", 400));
        Assert.Null(WebhookAnswerSummary.Key(null, 200));
    }

    [Fact]
    public void ARow_InJapanese_ShowsTheSummaryInJapanese_AndAStoredDeliveryItsCounts()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("ja");
            var notJson = Assert.IsType<InvalidPayload>(WebhookPayloadReader.Read("{n"u8));
            Assert.Equal("本文をJSONとして読み取れません", WebhookAnswerSummary.Row(Row(DeliveryResults.Rejected, 400, notJson.Detail)));
            Assert.Equal("保存 2件、変更なし 1件", WebhookAnswerSummary.Row(Row(DeliveryResults.Accepted, 200, null)));

            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
            Assert.Equal("Body is not valid JSON", WebhookAnswerSummary.Row(Row(DeliveryResults.Rejected, 400, notJson.Detail)));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static DeliveryRow Row(string result, int status, string? reason) =>
        new(1, DateTime.UtcNow, result, status, reason, 10, [], 2, 1, "127.0.0.1", false);
}
