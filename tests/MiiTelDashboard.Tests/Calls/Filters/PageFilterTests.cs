using MiiTelDashboard.Calls.Filters;

namespace MiiTelDashboard.Tests.Calls.Filters;

public sealed class PageFilterTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void AUrl_ReadsIntoTheFilter_AndWritesBackTheSame()
    {
        const string url = "http://host/calls?from=2026-11-01&to=2026-11-07&circuit=0120000001&user=%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E&type=OUTGOING_CALL&outcome=connected&tag=Left%20Message&minScore=40.5&maxScore=90";

        var filter = PageFilter.FromUri(url);

        Assert.Equal(new DateOnly(2026, 11, 1), filter.From);
        Assert.Equal(new DateOnly(2026, 11, 7), filter.To);
        Assert.Equal("山田 太郎", filter.User);
        Assert.Equal("Left Message", filter.Tag);
        Assert.Equal(40.5, filter.MinScore);
        Assert.Equal(filter, PageFilter.FromUri("http://host" + filter.Link("/calls")));
        Assert.Equal("/calls?from=2026-11-01&to=2026-11-07&circuit=0120000001&user=%E5%B1%B1%E7%94%B0%20%E5%A4%AA%E9%83%8E&type=OUTGOING_CALL&outcome=connected&tag=Left%20Message&minScore=40.5&maxScore=90", filter.Link("/calls"));
    }

    [Theory]
    [InlineData("from=yesterday")]
    [InlineData("from=2026-13-01")]
    [InlineData("minScore=abc")]
    [InlineData("minScore=NaN")]
    public void UnreadableValues_AreIgnored_NotFatal(string query)
    {
        var filter = PageFilter.FromUri("http://host/?" + query);

        Assert.Equal(new PageFilter(), filter);
    }

    [Fact]
    public void AReversedRange_IsReadAsTheRangeMeant()
    {
        var filter = PageFilter.FromUri("http://host/?from=2026-11-10&to=2026-11-01");

        Assert.Equal((new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 10)), filter.Period(Today));
    }

    [Fact]
    public void NoDates_MeanTheLast30DaysIncludingToday()
    {
        var (from, to) = new PageFilter().Period(Today);

        Assert.Equal(new DateOnly(2026, 10, 27), from);
        Assert.Equal(Today, to);
        Assert.Equal(30, new PageFilter().Days(Today));
    }

    [Fact]
    public void ThePreviousPeriod_HasTheSameLength_AndEndsTheDayBefore()
    {
        var previous = new PageFilter { From = new(2026, 11, 19), To = Today, User = "Aiko" }.Previous(Today)!;

        Assert.Equal(new DateOnly(2026, 11, 12), previous.From);
        Assert.Equal(new DateOnly(2026, 11, 18), previous.To);
        Assert.Equal("Aiko", previous.User);
    }

    [Fact]
    public void TheQueryRange_RunsFromLocalMidnightToTheNextLocalMidnight_InUtc()
    {
        var calls = new PageFilter { From = new(2026, 11, 1), To = new(2026, 11, 1), Circuit = "X" }.ToCallFilter(Tokyo, Today);

        Assert.Equal(new DateTime(2026, 10, 31, 15, 0, 0, DateTimeKind.Utc), calls.From);
        Assert.Equal(new DateTime(2026, 11, 1, 15, 0, 0, DateTimeKind.Utc), calls.To);
        Assert.Equal("X", calls.Circuit);
    }

    [Fact]
    public void ADaylightSavingDay_Has23Hours()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        var calls = new PageFilter { From = new(2026, 3, 8), To = new(2026, 3, 8) }.ToCallFilter(newYork, Today);

        Assert.Equal(TimeSpan.FromHours(23), calls.To - calls.From);
    }

    [Fact]
    public void ApplyingAFilter_KeepsOtherQueryKeys_ButStartsAtTheFirstPage()
    {
        var next = new PageFilter { User = "Aiko" }.ApplyTo("http://host/calls?user=Edgardo&sort=score&desc=true&page=4");

        Assert.Equal("/calls?user=Aiko&sort=score&desc=true", next);
    }

    [Fact]
    public void APreset_WritesExplicitDates_ExceptTheDefaultPeriod()
    {
        var filter = new PageFilter { Circuit = "X", From = new(2026, 1, 1) };

        Assert.Equal(new PageFilter { Circuit = "X", From = new(2026, 11, 19), To = Today }, PeriodPresets.Last7.Apply(filter, Today));
        Assert.Equal(new PageFilter { Circuit = "X" }, PeriodPresets.Last30.Apply(filter, Today));
    }

    [Fact]
    public void AllTime_IsAnExplicitValue_UnboundedInUtc_WithNoPreviousPeriod()
    {
        var filter = PageFilter.FromUri("http://host/calls?period=all&from=2026-11-01&user=Aiko");

        Assert.True(filter.AllTime);
        Assert.Null(filter.From); // period=all wins over dates
        Assert.Equal((null, Today), filter.Period(Today));
        Assert.Null(filter.Days(Today));
        Assert.Null(filter.Previous(Today));
        var calls = filter.ToCallFilter(Tokyo, Today);
        Assert.True(calls.IsAllTime);
        Assert.Equal("Aiko", calls.User);
        Assert.Equal("/calls?period=all&user=Aiko", filter.Link("/calls"));
        Assert.Equal(filter, PageFilter.FromUri("http://host" + filter.Link("/calls")));
    }

    [Fact]
    public void TheAllTimePreset_SetsIt_AndAnotherPresetClearsIt()
    {
        var all = PeriodPresets.AllTime.Apply(new PageFilter { From = new(2026, 1, 1), Circuit = "X" }, Today);

        Assert.Equal(new PageFilter { AllTime = true, Circuit = "X" }, all);
        Assert.Equal(new PageFilter { Circuit = "X", From = new(2026, 11, 19), To = Today }, PeriodPresets.Last7.Apply(all, Today));
        Assert.Equal("All time", PeriodPresets.Describe(all, Today, new MiiTelDashboard.Components.Formats(MiiTelDashboard.Components.BrowserInfo.Utc)));
    }

    [Fact]
    public void AFragment_IsNotPartOfTheLastValue()
    {
        Assert.Equal("Aiko", PageFilter.FromUri("http://host/calls/x?user=Aiko#t=12.5").User);
    }
}
