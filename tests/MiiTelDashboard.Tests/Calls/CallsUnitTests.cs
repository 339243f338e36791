using System.Text;
using MiiTelDashboard.Calls;

namespace MiiTelDashboard.Tests.Calls;

public sealed class CallsUnitTests
{
    [Fact]
    public void GridPropertyColumns_TakeExpressionsMadeOnce_NotLambdasWrittenInTheMarkup()
    {
        // An inline `Property="x => ..."` is a new expression tree on every render, and MudBlazor's
        // PropertyColumn compiles each new one: with live rows that was the grid's main server cost.
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiiTelDashboard.sln"))) dir = dir.Parent;
        Assert.NotNull(dir);
        var razor = Directory.GetFiles(Path.Combine(dir.FullName, "src"), "*.razor", SearchOption.AllDirectories);
        var inline = razor.SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => System.Text.RegularExpressions.Regex.IsMatch(l.Text, @"<PropertyColumn\b[^>]*\bProperty=""\s*\(?\w+\)?\s*=>"))
            .Select(l => $"{l.File}:{l.Line}")
            .ToList();
        Assert.Contains(razor, f => File.ReadAllText(f).Contains("<PropertyColumn", StringComparison.Ordinal));
        Assert.Empty(inline);
    }

    [Theory]
    [InlineData("plain", "plain,")]
    [InlineData("株式会社サクラ物流", "株式会社サクラ物流,")]
    [InlineData("a,b", "\"a,b\",")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\",")]
    [InlineData("two\nlines", "\"two\nlines\",")]
    [InlineData("=HYPERLINK(\"x\")", "\"'=HYPERLINK(\"\"x\"\")\",")]
    [InlineData("-5", "'-5,")]
    [InlineData(null, ",")]
    public void CsvText_QuotesAsRfc4180_AndDefusesFormulas(string? value, string expected)
    {
        var sb = new StringBuilder();
        CallCsv.Text(sb, value);
        Assert.Equal(expected, sb.ToString());
    }

    [Fact]
    public async Task Csv_StartsWithABom_AndWritesLocalTimes()
    {
        var row = new CallSummary
        {
            DetailId = "d1", CallId = "c1", StartedAt = new DateTime(2026, 11, 24, 23, 30, 0, DateTimeKind.Utc), CallType = "OUTGOING_CALL", Outcome = "connected",
            CircuitNumber = "0345670001", CircuitName = "東京営業部", OperatorName = "佐藤 健太", OperatorLoginId = "k.sato",
            CounterpartName = "山田 太郎", CounterpartCompany = "株式会社サクラ物流", CounterpartNumber = "0312345678",
            DurationSeconds = 125.4, Score = 61.23, Tlr = 0.4567, OverlapCount = 1, SilenceCount = 2, Tags = ["アポ獲得", "資料送付"],
        };
        using var output = new MemoryStream();
        await CallCsv.WriteAsync(output, new[] { row }.ToAsyncEnumerable(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo"), default);

        var bytes = output.ToArray();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n");
        Assert.Equal(string.Join(',', CallCsv.Header), lines[0]);
        Assert.Equal("2026-11-25 08:30:00,d1,c1,OUTGOING_CALL,connected,0345670001,東京営業部,佐藤 健太,k.sato,山田 太郎,株式会社サクラ物流,0312345678,125,61.2,0.4567,1,2,アポ獲得; 資料送付", lines[1]);
    }

    [Theory]
    [InlineData(null, null, CallSortColumn.Time, true)]
    [InlineData("score", null, CallSortColumn.Score, true)]
    [InlineData("talk", "false", CallSortColumn.TalkRatio, false)]
    [InlineData("nonsense", "false", CallSortColumn.Time, false)]
    public void CallSort_ReadsTheUrl_AndFallsBackToNewestFirst(string? sort, string? desc, CallSortColumn column, bool descending)
    {
        Assert.Equal(new CallSort(column, descending), CallSort.Parse(sort, desc));
    }

    [Fact]
    public void CallSort_DefaultLeavesTheUrlClean()
    {
        Assert.Empty(CallSort.Default.ToQuery());
        Assert.Equal([new("sort", "score"), new("desc", "false")], new CallSort(CallSortColumn.Score, false).ToQuery());
    }

    [Fact]
    public void Highlighter_SplitsAroundEveryHit_IgnoringCase()
    {
        var runs = TextHighlighter.Split("Demo? A demo, a DEMO.", "demo");
        Assert.Equal([new("Demo", true), new("? A ", false), new("demo", true), new(", a ", false), new("DEMO", true), new(".", false)], runs);
        Assert.Equal(3, TextHighlighter.Count("Demo? A demo, a DEMO.", " demo "));
        Assert.Equal([new TextRun("資料", false)], TextHighlighter.Split("資料", ""));
    }

    [Fact]
    public void Positions_SkipEntriesThatAreNotPairsOfNumbers()
    {
        Assert.Equal([new TimeSpan2(9.43, 13.38)], CallDetailQuery.Positions("[[9.43,13.38],[1],\"x\",[\"a\",2]]"));
        Assert.Empty(CallDetailQuery.Positions("not json"));
        Assert.Empty(CallDetailQuery.Positions(null));
    }
}
