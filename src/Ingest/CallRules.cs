using MiiTelDashboard.Data;

namespace MiiTelDashboard.Ingest;

/// <summary>
/// The one place that knows which side of a call is ours (the operator) and how a leg ended.
/// Spec: the operator is the participant with a login_id; where none has one, the FROM side of an
/// outgoing or predictive call and the TO side of an incoming, queueing or extension call.
/// </summary>
public static class CallRules
{
    /// <summary>Call types where our side places the call, so FROM is the operator.</summary>
    private static readonly HashSet<string> OutboundTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "OUTGOING_CALL", "PREDICTIVE_DIAL",
        // Forwarding is dialled out by MiiTel on the customer's behalf: nobody answering is "unanswered", not "missed".
        "AUTOMATIC_TRANSFER",
    };

    public static bool IsOutbound(string? callType) => callType is not null && OutboundTypes.Contains(callType);

    /// <summary>The side ("FROM" or "TO") that is the operator when no participant has a login id.</summary>
    public static string OperatorSide(string? callType) => IsOutbound(callType) ? "FROM" : "TO";

    /// <summary>Index of the operator among <paramref name="participants"/>, or -1 if none qualifies.</summary>
    public static int FindOperator(string? callType, IReadOnlyList<(string? FromTo, string? LoginId)> participants)
    {
        for (var i = 0; i < participants.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(participants[i].LoginId)) return i;
        }
        var side = OperatorSide(callType);
        for (var i = 0; i < participants.Count; i++)
        {
            if (string.Equals(participants[i].FromTo, side, StringComparison.OrdinalIgnoreCase)) return i;
        }
        return -1;
    }

    public static string Outcome(string? callType, bool answered) =>
        answered ? Outcomes.Connected : IsOutbound(callType) ? Outcomes.Unanswered : Outcomes.Missed;
}
