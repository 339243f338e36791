using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Components.Catalog;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Components;
using MudBlazor.Services;

namespace MiiTelDashboard.Tests.Calls;

public sealed class CallComponentsTests : BunitContext
{
    private static readonly Formats Fmt = new(new BrowserInfo(TimeZoneInfo.Utc, CultureInfo.GetCultureInfo("en-US")));

    public CallComponentsTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private static ParticipantView Voice(bool op, double? f0, double? rate, double? variance, int? fillers, double? positive, double? negative) =>
        new("p", op ? "FROM" : "TO", op ? "Edgardo" : null, null, null, op, f0, rate, variance, fillers, positive, negative);

    private static string Cell(IRenderedComponent<VoiceAnalysisTable> cut, string metric, int column) =>
        cut.Find($"tr[data-metric='{metric}']").QuerySelectorAll("td")[column].TextContent.Trim();

    [Fact]
    public void VoiceAnalysis_NullMeasures_ShowADash_NotZero()
    {
        var cut = Render<VoiceAnalysisTable>(p => p
            .Add(x => x.Operator, Voice(true, 103.96, 11.09, null, 0, 0, null))
            .Add(x => x.Customer, null)
            .Add(x => x.Fmt, Fmt));

        Assert.Equal("104", Cell(cut, "pitch", 1));
        Assert.Equal("—", Cell(cut, "intonation", 1));
        Assert.Equal("0", Cell(cut, "fillers", 1));
        Assert.Equal("0%", Cell(cut, "positive", 1));
        Assert.Equal("—", Cell(cut, "negative", 1));
        // No customer analysis at all: every cell says "not sent".
        foreach (var metric in new[] { "pitch", "speechrate", "intonation", "fillers", "positive", "negative" })
            Assert.Equal("—", Cell(cut, metric, 2));
        Assert.Contains("Edgardo (Operator)", cut.Find("thead").TextContent);
    }

    [Fact]
    public void ScoreCard_ShowsEachPartOfThePublishedFormula()
    {
        // 6 minutes, operator talked 55%, 1 overlap and 3 silences: 50 + 30 − 15 − 1.7 − 5 = 58.3.
        var explanation = ScoreExplanation.For(360, 0.55, 1, 3);
        var cut = Render<ScoreCard>(p => p.Add(x => x.Score, 61.2).Add(x => x.Explanation, explanation).Add(x => x.Fmt, Fmt));

        string Part(string name) => cut.Find($"tr[data-part='{name}'] td.num").TextContent.Trim();
        Assert.Equal("61", cut.Find("[data-testid=score-value]").TextContent.Trim());
        Assert.Equal("+50.0", Part("base"));
        Assert.Equal("+30.0", Part("duration"));
        Assert.Equal("-15.0", Part("talk"));
        Assert.Equal("-1.7", Part("overlaps"));
        Assert.Equal("-5.0", Part("silences"));
        Assert.Equal("58", Part("estimate"));
    }

    [Fact]
    public void ScoreCard_WithoutAnalysis_ShowsADash()
    {
        var cut = Render<ScoreCard>(p => p.Add(x => x.Score, null).Add(x => x.Explanation, null).Add(x => x.Fmt, Fmt));
        Assert.Equal("—", cut.Find("[data-testid=score-value]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=score-breakdown]"));
    }

    [Fact]
    public void Transcript_MarksEveryHit_AndRendersUntrustedTextAsText()
    {
        var utterances = new[]
        {
            new UtteranceView(1, true, "a", "<b>資料</b>をお送りします。資料は二部です。", 1.5, 4),
            new UtteranceView(2, false, "b", "Thanks, bye.", 5, 6),
        };
        var cut = Render<TranscriptView>(p => p.Add(x => x.Utterances, utterances).Add(x => x.Fmt, Fmt).Add(x => x.OperatorLabel, "佐藤").Add(x => x.CustomerLabel, "Customer"));

        cut.Find("input").Input("資料");

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("mark.utt-hit").Count));
        Assert.Empty(cut.FindAll(".utt-text b"));
        Assert.Contains("<b>", cut.Find("#u-1 .utt-text").TextContent);
        Assert.Equal("1.5", cut.Find("#u-1").GetAttribute("data-start"));
        Assert.Contains("utt-op", cut.Find("#u-1").ClassList);
        Assert.Contains("utt-cust", cut.Find("#u-2").ClassList);
        Assert.Equal("2 matches", cut.Find("[data-testid=find-count]").TextContent.Trim());
    }
}
