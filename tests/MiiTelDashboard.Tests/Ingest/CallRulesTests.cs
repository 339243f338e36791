using System.Text.Json.Nodes;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

public sealed class CallRulesTests
{
    [Theory]
    [InlineData("OUTGOING_CALL", "FROM")]
    [InlineData("PREDICTIVE_DIAL", "FROM")]
    [InlineData("INCOMING_CALL", "TO")]
    [InlineData("QUEUEING_CALL", "TO")]
    [InlineData("EXTENSION", "TO")]
    [InlineData("EXTENSION_GROUP", "TO")]
    [InlineData("EXTENSION_TRANSFER", "TO")]
    [InlineData("EXTENSION_GROUP_TRANSFER", "TO")]
    [InlineData("READ_DTMF", "TO")]
    [InlineData("INCOMING_CALL_USER", "TO")]
    [InlineData("SOMETHING_NEW", "TO")]
    public void WithoutLoginIds_OperatorShouldBeTheSideTheCallTypeImplies(string callType, string expectedSide)
    {
        var index = CallRules.FindOperator(callType, [("FROM", null), ("TO", null)]);
        Assert.Equal(expectedSide, index == 0 ? "FROM" : "TO");
    }

    [Theory]
    [InlineData("OUTGOING_CALL")]
    [InlineData("INCOMING_CALL")]
    public void ParticipantWithLoginId_ShouldBeTheOperator_WhateverTheSide(string callType)
    {
        Assert.Equal(1, CallRules.FindOperator(callType, [("FROM", null), ("TO", "tanaka@example.co.jp")]));
        Assert.Equal(0, CallRules.FindOperator(callType, [("FROM", "tanaka@example.co.jp"), ("TO", null)]));
    }

    [Fact]
    public void NoParticipantOnTheOperatorSide_ShouldFindNone() =>
        Assert.Equal(-1, CallRules.FindOperator("OUTGOING_CALL", [("TO", null)]));

    [Theory]
    [InlineData("OUTGOING_CALL", true, "connected")]
    [InlineData("OUTGOING_CALL", false, "unanswered")]
    [InlineData("PREDICTIVE_DIAL", false, "unanswered")]
    [InlineData("AUTOMATIC_TRANSFER", false, "unanswered")]
    [InlineData("INCOMING_CALL", false, "missed")]
    [InlineData("QUEUEING_CALL", false, "missed")]
    [InlineData("READ_DTMF", true, "connected")]
    public void Outcome_ShouldFollowDirectionAndAnswer(string callType, bool answered, string expected) =>
        Assert.Equal(expected, CallRules.Outcome(callType, answered));
}

public sealed class OperatorMappingTests : WebhookTestBase
{
    [Fact]
    public async Task IncomingCall_ShouldTakeTheToSideAsOperator_AndTheCallerAsCounterpart()
    {
        await PostAsync(Bodies.Call("incoming", d =>
        {
            d["call_type"] = "INCOMING_CALL";
            d["from_number"] = "0312345678";
            d["participants"]![0]!["name"] = "Customer Co";
            d["participants"]![1]!["name"] = "Sato";
        }).Text());

        var d = await LoadDetailAsync("incoming");
        Assert.Equal("Sato", d!.OperatorName);
        Assert.Equal("Customer Co", d.CounterpartName);
        Assert.Equal("0312345678", d.CounterpartNumber);
        Assert.True(d.Participants.Single(p => p.Name == "Sato").IsOperator);
        // Utterances of the operator are marked as such (used by search's side filter and the transcript).
        Assert.All(d.Utterances.Where(u => u.ParticipantId == d.OperatorParticipantId), u => Assert.True(u.IsOperator));
        Assert.Contains(d.Utterances, u => !u.IsOperator);
    }

    [Fact]
    public async Task LoginId_ShouldWinOverTheCallTypeRule()
    {
        await PostAsync(Bodies.Call("login", d =>
        {
            d["participants"]![1]!["login_id"] = "suzuki@example.co.jp";
            d["participants"]![1]!["name"] = "Suzuki";
        }).Text());

        var d = await LoadDetailAsync("login");
        Assert.Equal("Suzuki", d!.OperatorName);
        Assert.Equal("suzuki@example.co.jp", d.OperatorLoginId);
        Assert.Equal("Edgardo", d.CounterpartName);
    }

    [Fact]
    public async Task UnansweredOutgoingCall_ShouldBeUnanswered_WithZeroDuration()
    {
        await PostAsync(Bodies.Call("no-answer", d =>
        {
            d["dial_answered_at"] = null;
            d.Remove("analysis");
        }).Text());
        var d = await LoadDetailAsync("no-answer");
        Assert.Equal("unanswered", d!.Outcome);
        Assert.Equal(0, d.DurationSeconds);
    }

    [Fact]
    public async Task MissedIncomingCall_ShouldBeMissed()
    {
        await PostAsync(Bodies.Call("missed", d =>
        {
            d["call_type"] = "INCOMING_CALL";
            d["dial_answered_at"] = null;
            d.Remove("analysis");
            d["phrases"] = new JsonArray();
        }).Text());
        Assert.Equal("missed", (await LoadDetailAsync("missed"))!.Outcome);
    }

    [Fact]
    public async Task ConnectedCall_ShouldHaveTalkDurationAndStartTime()
    {
        await PostAsync(Bodies.Call("timed").Text());
        var d = await LoadDetailAsync("timed");
        Assert.Equal("connected", d!.Outcome);
        Assert.Equal(53, d.DurationSeconds); // 22:32:29 → 22:33:22
        Assert.Equal(new DateTime(2022, 12, 21, 22, 31, 56), d.StartedAt);
        Assert.Equal(new DateTimeOffset(2022, 12, 21, 22, 31, 56, TimeSpan.Zero).ToUnixTimeSeconds(), d.StartedAtEpoch);
    }
}
