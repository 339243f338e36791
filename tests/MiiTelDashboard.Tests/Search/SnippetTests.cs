using Bunit;
using MiiTelDashboard.Search;

namespace MiiTelDashboard.Tests.Search;

public sealed class SnippetTests
{
    [Fact]
    public void Build_MarksEveryOccurrence_IgnoringAsciiCase()
    {
        var s = Snippet.Build("Pricing first, then PRICING again", ["pricing"])!;
        Assert.Equal([new SnippetPart("Pricing", true), new SnippetPart(" first, then ", false), new SnippetPart("PRICING", true), new SnippetPart(" again", false)], s.Parts);
        Assert.Equal([[0, 7], [20, 7]], s.Highlights());
    }

    [Fact]
    public void Build_FindsJapaneseSubstrings_AndMergesOverlaps()
    {
        var s = Snippet.Build("お見積書を送ります", ["見積", "見積書"])!;
        Assert.Equal([new SnippetPart("お", false), new SnippetPart("見積書", true), new SnippetPart("を送ります", false)], s.Parts);
    }

    [Fact]
    public void Build_CutsLongTextAroundTheFirstHit_WithEllipses()
    {
        var text = new string('a', 200) + "needle" + new string('b', 200);
        var s = Snippet.Build(text, ["needle"], maxLength: 40)!;
        Assert.Equal(Snippet.Ellipsis, s.Parts[0].Text);
        Assert.Equal(Snippet.Ellipsis, s.Parts[^1].Text);
        Assert.Contains(new SnippetPart("needle", true), s.Parts);
        Assert.True(s.Text.Length <= 40 + 2);
    }

    [Fact]
    public void Build_NeverHalvesAnEmoji()
    {
        var text = new string('x', 10) + "😀" + "hit" + new string('y', 100);
        var s = Snippet.Build(text, ["hit"], maxLength: 12)!;
        Assert.DoesNotContain(s.Text, c => char.IsSurrogate(c) && !s.Text.Contains("😀"));
    }

    [Fact]
    public void Build_ReturnsNull_WhenNothingMatches() => Assert.Null(Snippet.Build("hello", ["bye"]));
}

public sealed class SnippetTextTests : BunitContext
{
    [Fact]
    public void SnippetText_RendersHostileTranscriptAsText_WithTheHitInMark()
    {
        var snippet = Snippet.Build("<script>alert('x')</script> 見積書 <b>bold</b>", ["見積書"])!;

        var cut = Render<SnippetText>(p => p.Add(s => s.Snippet, snippet));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("b"));
        Assert.Equal("見積書", cut.Find("mark.search-hit").TextContent);
        Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;", cut.Markup.Replace("'", "&#x27;"));
        Assert.Contains("<script>alert('x')</script>", cut.Nodes.Select(n => n.TextContent).Aggregate((a, b) => a + b));
    }
}
