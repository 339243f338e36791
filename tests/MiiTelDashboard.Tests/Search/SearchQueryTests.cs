using MiiTelDashboard.Search;

namespace MiiTelDashboard.Tests.Search;

public sealed class SearchQueryTests
{
    [Fact]
    public void Words_AreSplitOnAsciiAndFullWidthSpaces()
    {
        var q = SearchQuery.Parse("見積書　価格 pricing");
        Assert.Equal(["見積書", "価格", "pricing"], q.Include.Select(t => t.Text));
        Assert.Empty(q.Exclude);
    }

    [Fact]
    public void QuotedText_IsOnePhrase_WithItsSpacesKept()
    {
        var q = SearchQuery.Parse("\"next  week\" budget “来月 の 予定”");
        Assert.Equal([new SearchTerm("next  week", true), new SearchTerm("budget", false), new SearchTerm("来月 の 予定", true)], q.Include);
    }

    [Fact]
    public void MinusPrefix_Excludes_WordsAndPhrases()
    {
        var q = SearchQuery.Parse("price -competitor -\"too expensive\" - a-b");
        Assert.Equal(["price", "a-b"], q.Include.Select(t => t.Text));
        Assert.Equal(["competitor", "too expensive"], q.Exclude.Select(t => t.Text));
    }

    [Theory]
    [InlineData("side:operator price", SearchSide.Operator)]
    [InlineData("price SIDE:Customer", SearchSide.Customer)]
    public void SideToken_LimitsTheSide_AndIsNotSearchedFor(string input, SearchSide side)
    {
        var q = SearchQuery.Parse(input);
        Assert.Equal(side, q.Side);
        Assert.Equal(["price"], q.Include.Select(t => t.Text));
    }

    [Fact]
    public void UnknownSide_IsPlainText()
    {
        var q = SearchQuery.Parse("side:manager");
        Assert.Null(q.Side);
        Assert.Equal(["side:manager"], q.Include.Select(t => t.Text));
    }

    [Theory]
    [InlineData("価格", true)]
    [InlineData("午後", true)]
    [InlineData("ok", true)]
    [InlineData("😀😀", true)]
    [InlineData("見積書", false)]
    [InlineData("😀😀😀", false)]
    [InlineData("abc", false)]
    public void TermsShorterThanATrigram_AreShort(string text, bool isShort) =>
        Assert.Equal(isShort, new SearchTerm(text, false).IsShort);

    [Fact]
    public void FtsPhrase_QuotesTheTerm_AndDoublesQuotes() =>
        Assert.Equal("\"say \"\"hi\"\" NEAR(x) OR *\"", new SearchTerm("say \"hi\" NEAR(x) OR *", true).FtsPhrase);

    [Fact]
    public void LikePattern_EscapesWildcards() =>
        Assert.Equal(@"%50\%\_a\\b%", new SearchTerm(@"50%_a\b", false).LikePattern);

    [Fact]
    public void UnclosedQuote_TakesTheRestAsAPhrase() =>
        Assert.Equal([new SearchTerm("open phrase", true)], SearchQuery.Parse("\"open phrase").Include);

    [Fact]
    public void ControlCharacters_SeparateWords() =>
        Assert.Equal(["a1b", "c2d"], SearchQuery.Parse("a1b\0c2d\t").Include.Select(t => t.Text));

    [Fact]
    public void OnlyExclusions_HaveNothingToLookFor()
    {
        var q = SearchQuery.Parse("-price");
        Assert.True(q.IsEmpty);
        Assert.Single(q.Exclude);
    }

    [Fact]
    public void TenThousandCharacters_GiveAProblem_NotAnException()
    {
        Assert.NotNull(SearchQuery.Parse(new string('あ', 10_000)).Problem);
        var words = SearchQuery.Parse(string.Join(' ', Enumerable.Range(0, 2_000).Select(i => "w" + i)));
        Assert.NotNull(words.Problem);
        Assert.True(words.IsEmpty);
    }

    [Theory]
    [MemberData(nameof(HostileInputs.All), MemberType = typeof(HostileInputs))]
    public void HostileInput_ParsesWithoutThrowing(string input)
    {
        var q = SearchQuery.Parse(input);
        Assert.All(q.All, t => Assert.False(string.IsNullOrWhiteSpace(t.Text)));
    }
}

public static class HostileInputs
{
    public static TheoryData<string> All => new()
    {
        "\"", "\"\"", "\"\"\"", "'", "*", "**", "a*", "NEAR", "NEAR(a b)", "a NEAR b", "(", ")", "((a)", "a AND b", "a OR b",
        "NOT a", "AND", "OR", "-", "--", "-\"", "^a", "a:b", "Text:abc", "{a b}", "+", "%", "_", "\\", "%_%", "' OR 1=1 --",
        "\"; DROP TABLE Utterances; --", "😀", "😀😀😀", "👨‍👩‍👧", "\u3000", "\0", "\u200B", "<script>alert(1)</script>",
        "side:", "side:operator", "ＡＢＣ", new string('x', 10_000), string.Concat(Enumerable.Repeat("a ", 5_000)),
    };
}
