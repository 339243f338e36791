using System.Diagnostics.CodeAnalysis;

namespace MiiTelDashboard.Calls;

/// <summary>A stored detail that is new or changed: its summary, and whether it is new.</summary>
public sealed record CallChanged : CallSummary
{
    public required bool IsNew { get; init; }

    public CallChanged() { }

    [SetsRequiredMembers]
    public CallChanged(CallSummary call, bool isNew) : base(call) => IsNew = isNew;
}
