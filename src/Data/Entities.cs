namespace MiiTelDashboard.Data;

/// <summary>
/// One leg of a MiiTel call (one entry of <c>call.details</c>), keyed by MiiTel's detail id.
/// Scalar columns are a projection of <see cref="RawJson"/>, the merged body of every delivery
/// of this detail as MiiTel sent it; the projection is rebuilt whenever that body changes.
/// </summary>
public sealed class CallDetail
{
    public required string Id { get; set; }
    public string? CallId { get; set; }
    public string? TenantCode { get; set; }
    public string? CallType { get; set; }
    public string? CircuitNumber { get; set; }
    public string? CircuitName { get; set; }
    public string? FromNumber { get; set; }
    public string? ToNumber { get; set; }
    public string? PreviousId { get; set; }
    public string? Dtmf { get; set; }

    public DateTime? DialStartsAt { get; set; }
    public DateTime? DialAnsweredAt { get; set; }
    public DateTime? DialEndsAt { get; set; }
    public DateTime? QueueingStartsAt { get; set; }
    public DateTime? QueueingAnsweredAt { get; set; }
    public DateTime? QueueingEndsAt { get; set; }

    /// <summary>When the leg started (UTC): the dial or queueing start, else when we first received it.</summary>
    public DateTime StartedAt { get; set; }
    /// <summary><see cref="StartedAt"/> as Unix seconds, so SQL can bucket by day/hour in any time zone.</summary>
    public long StartedAtEpoch { get; set; }
    /// <summary>Talk time in seconds (answered → end); 0 when nobody answered.</summary>
    public double DurationSeconds { get; set; }
    public required string Outcome { get; set; }

    public string? OperatorParticipantId { get; set; }
    public string? OperatorName { get; set; }
    public string? OperatorLoginId { get; set; }
    public string? CounterpartName { get; set; }
    public string? CounterpartCompany { get; set; }
    public string? CounterpartNumber { get; set; }

    public bool HasAnalysis { get; set; }
    public double? Score { get; set; }
    public double? Tlr { get; set; }
    public int? RallyCount { get; set; }
    public int? OverlapCount { get; set; }
    public int? SilenceCount { get; set; }
    /// <summary>JSON <c>[[start, end], ...]</c> in seconds, as sent.</summary>
    public string? SilencePositionsJson { get; set; }
    public string? OverlapPositionsJson { get; set; }

    public double? OperatorPositive { get; set; }
    public double? OperatorNegative { get; set; }
    public double? CustomerPositive { get; set; }
    public double? CustomerNegative { get; set; }

    public string? TranscriptRaw { get; set; }
    public string? TranscriptSummary { get; set; }
    public string? MinutesJson { get; set; }

    public required string RawJson { get; set; }
    public DateTime FirstReceivedAt { get; set; }
    public DateTime LastChangedAt { get; set; }
    /// <summary>Incremented each time a delivery changes this detail.</summary>
    public int Version { get; set; }

    public List<Participant> Participants { get; set; } = [];
    public List<CallTag> Tags { get; set; } = [];
    public List<CallComment> Comments { get; set; } = [];
    public List<CallKeyword> Keywords { get; set; } = [];
    public List<Utterance> Utterances { get; set; } = [];
}

public sealed class Participant
{
    public long Id { get; set; }
    public required string DetailId { get; set; }
    public string? ParticipantId { get; set; }
    public string? FromTo { get; set; }
    public string? Name { get; set; }
    public string? CompanyName { get; set; }
    public string? LoginId { get; set; }
    public bool IsOperator { get; set; }
    public double? F0 { get; set; }
    public double? SpeechRate { get; set; }
    public double? Variance { get; set; }
    public int? FillerCount { get; set; }
    public double? PositiveScore { get; set; }
    public double? NegativeScore { get; set; }
}

public sealed class CallTag
{
    public long Id { get; set; }
    public required string DetailId { get; set; }
    public required string Value { get; set; }
    public string? CreatedBy { get; set; }
    public string? CreatorType { get; set; }
}

public sealed class CallComment
{
    public long Id { get; set; }
    public required string DetailId { get; set; }
    public required string Value { get; set; }
    public string? CreatedBy { get; set; }
    public DateTime? CreatedAt { get; set; }
}

public sealed class CallKeyword
{
    public long Id { get; set; }
    public required string DetailId { get; set; }
    public required string Value { get; set; }
    public double? StartsAt { get; set; }
    public string? ParticipantId { get; set; }
}

public enum UtteranceKind { Raw = 0, Summary = 1 }

/// <summary>One entry of <c>phrases[].raw</c> or <c>phrases[].summary</c>. Raw ones feed the search index.</summary>
public sealed class Utterance
{
    public long Id { get; set; }
    public required string DetailId { get; set; }
    public string? ParticipantId { get; set; }
    public UtteranceKind Kind { get; set; }
    public bool IsOperator { get; set; }
    public int? Order { get; set; }
    public required string Text { get; set; }
    public string? TextNoFiller { get; set; }
    public double? StartAt { get; set; }
    public double? EndAt { get; set; }
    public int? FillerNum { get; set; }
}

/// <summary>One request to the webhook endpoint. Never holds the Authorization header.</summary>
public sealed class Delivery
{
    public long Id { get; set; }
    public DateTime ReceivedAt { get; set; }
    public string? RemoteIp { get; set; }
    public string? UserAgent { get; set; }
    public long SizeBytes { get; set; }
    public required string Result { get; set; }
    public int StatusCode { get; set; }
    public string? Reason { get; set; }
    /// <summary>Comma-separated detail ids the delivery carried.</summary>
    public string? DetailIds { get; set; }
    public int Stored { get; set; }
    public int Unchanged { get; set; }
    /// <summary>JSON array of strings: fields that could not be read as expected.</summary>
    public string? WarningsJson { get; set; }
    /// <summary>The body of a rejected or warned delivery, capped, for inspection.</summary>
    public string? Body { get; set; }
}

public static class DeliveryResults
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
    public const string Rejected = "rejected";
    public const string Unauthorized = "unauthorized";
    public const string Challenge = "challenge";
    public const string Failed = "failed";
}

public static class Outcomes
{
    public const string Connected = "connected";
    public const string Missed = "missed";
    public const string Unanswered = "unanswered";
    public static readonly string[] All = [Connected, Missed, Unanswered];
}
