using MiiTelDashboard.Retention;

namespace MiiTelDashboard.Tests.Retention;

public sealed class DeliveryDetailIdsTests
{
    [Theory]
    [InlineData("a", "a", null)]
    [InlineData("a,b", "a", "b")]
    [InlineData("a,b,c", "b", "a,c")]
    [InlineData("a,b", "c", "a,b")]
    [InlineData("abc,ab", "ab", "abc")]
    [InlineData("AB,ab", "ab", "AB")]
    public void Without_TakesOutExactlyTheGoneIds_AndNullWhenNoneRemains(string detailIds, string gone, string? expected) =>
        Assert.Equal(expected, DeliveryDetailIds.Without(detailIds, id => id == gone));

    [Fact]
    public void Without_WhenNothingIsGone_IsTheSameList() =>
        Assert.Equal("x,y", DeliveryDetailIds.Without("x,y", _ => false));

    [Theory]
    [InlineData(null, new string[0])]
    [InlineData("", new string[0])]
    [InlineData("a,b", new[] { "a", "b" })]
    public void Split_ReadsTheCommaSeparatedList(string? detailIds, string[] expected) =>
        Assert.Equal(expected, DeliveryDetailIds.Split(detailIds));
}
