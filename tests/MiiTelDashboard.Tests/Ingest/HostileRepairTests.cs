namespace MiiTelDashboard.Tests.Ingest;

/// <summary>What is stored for the hostile bodies the receiver repairs rather than refuses (cases from Ingest/Corpus).</summary>
public sealed class HostileRepairTests : WebhookTestBase
{
    private async Task<List<string>> PostStoredAsync(string name)
    {
        var c = HostileCase.Load(name);
        using var response = await c.PostAsync(Webhook);
        return await c.AssertAnswerAsync(response);
    }

    [Fact]
    public async Task DuplicateKey_ShouldKeepTheLastValue_AndWarnWithItsPathAndTheDroppedValue()
    {
        var warnings = await PostStoredAsync("200w-dup-key-detail-field.json");
        Assert.Contains(warnings, w => w.StartsWith("call.details[0].call_type:", StringComparison.Ordinal) && w.Contains("\"OUTGOING_CALL\"", StringComparison.Ordinal));
        Assert.Equal("INCOMING_CALL", (await LoadDetailAsync("hc-dup-key-detail-field"))!.CallType);
    }

    [Fact]
    public async Task LoneSurrogate_ShouldBeStoredAsTheReplacementCharacter_WithAWarning()
    {
        var warnings = await PostStoredAsync("200w-surrogate-lone-high.json");
        Assert.Contains(warnings, w => w.Contains("call.details[0].circuit_name", StringComparison.Ordinal) && w.Contains("U+FFFD", StringComparison.Ordinal));
        Assert.Equal("Sales \uFFFD team", (await LoadDetailAsync("hc-surrogate-lone-high"))!.CircuitName);
    }

    [Fact]
    public async Task PairedSurrogates_ShouldBeStoredAsTheCharacterTheyMake()
    {
        await PostStoredAsync("200-surrogate-paired.json");
        Assert.Equal("Send the quote 🙂", Assert.Single((await LoadDetailAsync("hc-surrogate-paired"))!.Comments).Value);
    }

    [Theory]
    [InlineData("200w-number-score-1e400.json", "hc-number-score-1e400", "analysis.score")]
    [InlineData("200w-number-tlr-minus-1e400.json", "hc-number-tlr-minus-1e400", "analysis.tlr")]
    [InlineData("200w-number-count-20-digits.json", "hc-number-count-20-digits", "analysis.rally_count")]
    public async Task NumberBeyondRange_ShouldBeLeftEmpty_WithAWarningNamingIt(string name, string id, string field)
    {
        var warnings = await PostStoredAsync(name);
        Assert.Contains(warnings, w => w.Contains(field, StringComparison.Ordinal));
        var d = await LoadDetailAsync(id);
        Assert.NotNull(d);
        Assert.Null(field switch { "analysis.score" => d.Score, "analysis.tlr" => d.Tlr, _ => d.RallyCount });
    }

    [Fact]
    public async Task PositionsHoldingANumberBeyondRange_ShouldKeepOnlyTheReadableOnes()
    {
        var warnings = await PostStoredAsync("200w-number-in-positions.json");
        Assert.Equal(2, warnings.Count(w => w.Contains("silence_positions[", StringComparison.Ordinal)));
        Assert.Equal("[[3,4.5]]", (await LoadDetailAsync("hc-number-in-positions"))!.SilencePositionsJson);
    }

    [Theory]
    [InlineData("200-number-score-1e-400-reads-zero.json", "hc-number-score-1e-400-reads-zero")]
    [InlineData("200-number-score-minus-zero-reads-zero.json", "hc-number-score-minus-zero-reads-zero")]
    public async Task TinyNumberOrNegativeZero_ShouldReadAsZero(string name, string id)
    {
        await PostStoredAsync(name);
        var score = (await LoadDetailAsync(id))!.Score;
        Assert.Equal(0, score);
        Assert.False(double.IsNegative(score!.Value), "stored as -0");
    }

    [Fact]
    public async Task BodyStartingWithAByteOrderMark_ShouldBeStored()
    {
        await PostStoredAsync("200-bom-utf8.bin");
        Assert.NotNull(await LoadDetailAsync("hc-bom-utf8"));
    }
}
