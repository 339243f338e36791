using Bunit;
using MiiTelDashboard.Components.Shared;

namespace MiiTelDashboard.Tests.Components;

public sealed class EmphasisTextTests : BunitContext
{
    [Fact]
    public void EmphasisText_MakesElementsOfBAndI_AndTextOfEverythingElse()
    {
        var cut = Render<EmphasisText>(p => p.Add(c => c.Text, "Open <b>MiiTel Admin</b> → <i>challenge</i> & <img src=x onerror=alert(1)> <script>x</script>"));

        Assert.Equal("MiiTel Admin", cut.Find("b").TextContent);
        Assert.Equal("challenge", cut.Find("i").TextContent);
        Assert.Empty(cut.FindAll("img"));
        Assert.Empty(cut.FindAll("script"));
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", cut.Markup);
        Assert.Equal("Open MiiTel Admin → challenge & <img src=x onerror=alert(1)> <script>x</script>", cut.Nodes.Select(n => n.TextContent).Aggregate(string.Concat));
    }

    [Fact]
    public void EmphasisText_WithoutTags_IsOneTextNode() =>
        Assert.Equal([("plain text", (string?)null)], EmphasisText.Parts("plain text"));
}
