using Microsoft.Extensions.Time.Testing;
using MiiTelDashboard.Calls;

namespace MiiTelDashboard.Tests.Calls;

public sealed class RowHighlightsTests
{
    [Fact]
    public void ALoneCall_Fades_ABurstStaysStill_AndBothGoAfterTheDuration()
    {
        var time = new FakeTimeProvider();
        var rows = new RowHighlights(time);

        rows.Add(["lone"], burst: false);
        Assert.Equal("calls-row-new calls-row-fade", rows.ClassFor("lone"));

        time.Advance(TimeSpan.FromSeconds(2));
        rows.Add(["a", "b", "c", "d"], burst: false); // more than a few at once: still
        rows.Add(["e"], burst: true);                 // refreshes backing off: still
        Assert.Equal("calls-row-new", rows.ClassFor("a"));
        Assert.Equal("calls-row-new", rows.ClassFor("e"));
        Assert.Equal("", rows.ClassFor("never"));

        // The next expiry is the lone call's, 4 s away; then the others', 2 s later; then none.
        Assert.Equal(RowHighlights.Duration - TimeSpan.FromSeconds(2), rows.Prune());
        time.Advance(RowHighlights.Duration - TimeSpan.FromSeconds(2));
        Assert.Equal("", rows.ClassFor("lone"));
        Assert.Equal("calls-row-new", rows.ClassFor("a"));
        Assert.Equal(TimeSpan.FromSeconds(2), rows.Prune());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("", rows.ClassFor("a"));
        Assert.Null(rows.Prune());
    }

    [Fact]
    public void ACallArrivingAgain_StartsItsHighlightOver()
    {
        var time = new FakeTimeProvider();
        var rows = new RowHighlights(time);
        rows.Add(["x"], burst: true);
        time.Advance(TimeSpan.FromSeconds(5));
        rows.Add(["x"], burst: false);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("calls-row-new calls-row-fade", rows.ClassFor("x"));
    }
}
