namespace MiiTelDashboard.Components.Catalog;

/// <summary>Readable names for MiiTel's call_type values; unknown values are shown as sent.</summary>
public static class CallTypes
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.OrdinalIgnoreCase)
    {
        ["OUTGOING_CALL"] = "Outgoing",
        ["INCOMING_CALL"] = "Incoming",
        ["INCOMING_CALL_USER"] = "Incoming (direct)",
        ["QUEUEING_CALL"] = "Queue",
        ["EXTENSION"] = "Extension",
        ["EXTENSION_GROUP"] = "Extension group",
        ["EXTENSION_TRANSFER"] = "Transfer",
        ["EXTENSION_GROUP_TRANSFER"] = "Group transfer",
        ["PREDICTIVE_DIAL"] = "Predictive",
        ["AUTOMATIC_TRANSFER"] = "Auto forward",
        ["READ_DTMF"] = "IVR",
    };

    /// <summary>Every known call type with its label, for the type filter.</summary>
    public static IEnumerable<(string Key, string Label)> All => Labels.Select(p => (p.Key, p.Value));

    public static string Label(string? callType) => callType is null ? Formats.Missing : Labels.GetValueOrDefault(callType, callType);
}
