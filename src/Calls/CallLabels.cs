using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

/// <summary>Readable names for MiiTel's call types and our outcomes. Unknown types show as sent.</summary>
public static class CallLabels
{
    public static readonly IReadOnlyDictionary<string, string> Types = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["OUTGOING_CALL"] = "Outgoing",
        ["INCOMING_CALL"] = "Incoming",
        ["INCOMING_CALL_USER"] = "Incoming (direct)",
        ["QUEUEING_CALL"] = "Queue",
        ["EXTENSION"] = "Extension",
        ["EXTENSION_GROUP"] = "Extension group",
        ["EXTENSION_TRANSFER"] = "Transfer",
        ["EXTENSION_GROUP_TRANSFER"] = "Group transfer",
        ["PREDICTIVE_DIAL"] = "Predictive dial",
        ["AUTOMATIC_TRANSFER"] = "Auto forward",
        ["READ_DTMF"] = "IVR",
    };

    public static string Type(string? callType) =>
        callType is null ? "—" : Types.TryGetValue(callType, out var label) ? label : callType;

    public static string Outcome(string outcome) => outcome switch
    {
        Outcomes.Connected => "Connected",
        Outcomes.Missed => "Missed",
        Outcomes.Unanswered => "Unanswered",
        _ => outcome,
    };

    /// <summary>MudBlazor colour name for an outcome chip.</summary>
    public static MudBlazor.Color OutcomeColor(string outcome) => outcome switch
    {
        Outcomes.Connected => MudBlazor.Color.Success,
        Outcomes.Missed => MudBlazor.Color.Error,
        Outcomes.Unanswered => MudBlazor.Color.Warning,
        _ => MudBlazor.Color.Default,
    };
}
