using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

public sealed record CallDetailView(
    string Id, string? CallId, string? TenantCode, string? CallType, string Outcome,
    string? CircuitNumber, string? CircuitName, string? FromNumber, string? ToNumber, string? PreviousId, string? Dtmf,
    DateTime StartedAt, DateTime? AnsweredAt, DateTime? EndedAt, double DurationSeconds,
    string? OperatorName, string? OperatorLoginId, string? CounterpartName, string? CounterpartCompany, string? CounterpartNumber,
    bool HasAnalysis, double? Score, double? Tlr, int? RallyCount, int? OverlapCount, int? SilenceCount,
    string? MinutesJson, int Version, DateTime LastChangedAt)
{
    public IReadOnlyList<TimeSpan2> Silences { get; init; } = [];
    public IReadOnlyList<TimeSpan2> Overlaps { get; init; } = [];
    public IReadOnlyList<ParticipantView> Participants { get; init; } = [];
    public IReadOnlyList<TagView> Tags { get; init; } = [];
    public IReadOnlyList<CommentView> Comments { get; init; } = [];
    public IReadOnlyList<KeywordView> Keywords { get; init; } = [];
    public IReadOnlyList<UtteranceView> Utterances { get; init; } = [];
    public IReadOnlyList<LegView> Legs { get; init; } = [];

    /// <summary>The call in MiiTel's own app (needs the tenant code and call id it was sent with).</summary>
    public string? MiiTelUrl => TenantCode is { Length: > 0 } t && CallId is { Length: > 0 } c
        ? $"https://{Uri.EscapeDataString(t)}.miitel.jp/app/calls/{Uri.EscapeDataString(c)}"
        : null;
}

/// <summary>A [start, end] range in seconds from the start of the conversation.</summary>
public readonly record struct TimeSpan2(double Start, double End);

public sealed record ParticipantView(string? ParticipantId, string? FromTo, string? Name, string? CompanyName, string? LoginId, bool IsOperator,
    double? F0, double? SpeechRate, double? Variance, int? FillerCount, double? PositiveScore, double? NegativeScore);

public sealed record TagView(string Value, string? CreatedBy, string? CreatorType);
public sealed record CommentView(string Value, string? CreatedBy, DateTime? CreatedAt);
public sealed record KeywordView(string Value, double? StartsAt, string? ParticipantId);
public sealed record UtteranceView(long Id, bool IsOperator, string? ParticipantId, string Text, double? StartAt, double? EndAt);
public sealed record LegView(string Id, string? PreviousId, string? CallType, string Outcome, DateTime StartedAt, double DurationSeconds, string? OperatorName);

/// <summary>Everything the call detail page shows, in a handful of no-tracking projections.</summary>
public sealed class CallDetailQuery(IDbContextFactory<CallsDbContext> dbFactory)
{
    public async Task<CallDetailView?> GetAsync(CallAccess access, string detailId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var head = await db.Calls(access, CallFilter.All).Where(d => d.Id == detailId).Select(d => new
        {
            View = new CallDetailView(
                d.Id, d.CallId, d.TenantCode, d.CallType, d.Outcome, d.CircuitNumber, d.CircuitName, d.FromNumber, d.ToNumber, d.PreviousId, d.Dtmf,
                d.StartedAt, d.DialAnsweredAt ?? d.QueueingAnsweredAt, d.DialEndsAt ?? d.QueueingEndsAt, d.DurationSeconds,
                d.OperatorName, d.OperatorLoginId, d.CounterpartName, d.CounterpartCompany, d.CounterpartNumber,
                d.HasAnalysis, d.Score, d.Tlr, d.RallyCount, d.OverlapCount, d.SilenceCount, d.MinutesJson, d.Version, d.LastChangedAt),
            d.SilencePositionsJson,
            d.OverlapPositionsJson,
        }).FirstOrDefaultAsync(ct);
        if (head is null) return null;

        var participants = await db.Set<Participant>().AsNoTracking().Where(p => p.DetailId == detailId).OrderBy(p => p.Id)
            .Select(p => new ParticipantView(p.ParticipantId, p.FromTo, p.Name, p.CompanyName, p.LoginId, p.IsOperator,
                p.F0, p.SpeechRate, p.Variance, p.FillerCount, p.PositiveScore, p.NegativeScore))
            .ToListAsync(ct);
        var tags = await db.Set<CallTag>().AsNoTracking().Where(t => t.DetailId == detailId).OrderBy(t => t.Id)
            .Select(t => new TagView(t.Value, t.CreatedBy, t.CreatorType)).ToListAsync(ct);
        var comments = await db.Set<CallComment>().AsNoTracking().Where(c => c.DetailId == detailId).OrderBy(c => c.Id)
            .Select(c => new CommentView(c.Value, c.CreatedBy, c.CreatedAt)).ToListAsync(ct);
        var keywords = await db.Set<CallKeyword>().AsNoTracking().Where(k => k.DetailId == detailId).OrderBy(k => k.StartsAt)
            .Select(k => new KeywordView(k.Value, k.StartsAt, k.ParticipantId)).ToListAsync(ct);
        var utterances = await db.Set<Utterance>().AsNoTracking().Where(u => u.DetailId == detailId && u.Kind == UtteranceKind.Raw)
            .OrderBy(u => u.StartAt).ThenBy(u => u.Order)
            .Select(u => new UtteranceView(u.Id, u.IsOperator, u.ParticipantId, u.Text, u.StartAt, u.EndAt)).ToListAsync(ct);

        var v = head.View;
        // One lookup per index (id, previous id, call id), merged here: as one OR, SQLite read every call (3.5 s at 1M calls).
        var calls = db.Calls(access, CallFilter.All);
        var legs = new List<LegView>();
        foreach (var linked in new[]
        {
            calls.Where(d => d.Id == v.Id || d.Id == v.PreviousId),
            calls.Where(d => d.PreviousId == v.Id),
            v.CallId is { } callId ? calls.Where(d => d.CallId == callId) : null,
        })
        {
            if (linked is null) continue;
            legs.AddRange(await linked.Select(d => new LegView(d.Id, d.PreviousId, d.CallType, d.Outcome, d.StartedAt, d.DurationSeconds, d.OperatorName)).ToListAsync(ct));
        }
        legs = legs.DistinctBy(l => l.Id).OrderBy(l => l.StartedAt).ThenBy(l => l.Id, StringComparer.Ordinal).ToList();

        return v with
        {
            Silences = Positions(head.SilencePositionsJson),
            Overlaps = Positions(head.OverlapPositionsJson),
            Participants = participants,
            Tags = tags,
            Comments = comments,
            Keywords = keywords,
            Utterances = utterances,
            Legs = legs,
        };
    }

    /// <summary>Reads <c>[[start, end], …]</c>; entries that are not two numbers are skipped (the body was stored as sent).</summary>
    internal static IReadOnlyList<TimeSpan2> Positions(string? json)
    {
        if (string.IsNullOrEmpty(json)) return [];
        try
        {
            using var doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Array) return [];
            var list = new List<TimeSpan2>();
            foreach (var pair in doc.RootElement.EnumerateArray())
            {
                if (pair.ValueKind == JsonValueKind.Array && pair.GetArrayLength() >= 2
                    && pair[0].ValueKind == JsonValueKind.Number && pair[1].ValueKind == JsonValueKind.Number
                    && pair[0].TryGetDouble(out var s) && pair[1].TryGetDouble(out var e))
                    list.Add(new TimeSpan2(s, e));
            }
            return list;
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
