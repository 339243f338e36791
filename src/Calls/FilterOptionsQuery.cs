using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

public sealed record CircuitOption(string Number, string? Name)
{
    public string Label => string.IsNullOrWhiteSpace(Name) || Name == Number ? Number : $"{Name} ({Number})";
}

public sealed record FilterChoices(IReadOnlyList<CircuitOption> Circuits, IReadOnlyList<string> Users)
{
    public static readonly FilterChoices Empty = new([], []);
}

/// <summary>
/// The choices of the global circuit and user filters: every circuit and operator the reader may
/// see. Every page's app bar asks for them, and they change rarely, so each access scope's answer is
/// kept for a short while.
/// </summary>
public sealed class FilterOptionsQuery(IDbContextFactory<CallsDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>Scopes kept at most; past it the cache starts over (a deployment has a handful of distinct scopes).</summary>
    private const int MaxScopes = 256;

    /// <summary>Whether the choices come from the hourly sums where the scope allows (the default); off, from the calls.</summary>
    public bool UseHourTotals { get; init; } = true;

    private readonly ConcurrentDictionary<string, (Task<FilterChoices> Choices, DateTimeOffset Until)> _cached = new(StringComparer.Ordinal);

    public Task<FilterChoices> GetAsync(CallAccess access, CancellationToken ct = default)
    {
        if (_cached.TryGetValue(access.Key, out var c) && time.GetUtcNow() < c.Until && !c.Choices.IsFaulted && !c.Choices.IsCanceled) return c.Choices;
        if (_cached.Count >= MaxScopes) _cached.Clear();
        var load = LoadAsync(access, CancellationToken.None); // shared by callers, so no single caller's token
        _cached[access.Key] = (load, time.GetUtcNow() + CacheFor);
        return load.WaitAsync(ct);
    }

    private async Task<FilterChoices> LoadAsync(CallAccess access, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // All time, so every hour's sums: a few rows per circuit and hour instead of every call. Otherwise (a
        // mixed scope) COALESCE keeps SQLite on the covering analytics index (one index scan, ~0.1 s on 100k
        // calls) instead of the (CircuitNumber, StartedAt) index plus a row read per call (~2.9 s).
        var circuits = UseHourTotals && db.CircuitHours(access, CallFilter.All) is { } circuitHours
            ? await circuitHours.Where(h => h.CircuitNumber != "").GroupBy(h => h.CircuitNumber)
                .Select(g => new CircuitOption(g.Key, g.Max(h => h.CircuitName == "" ? null : h.CircuitName))).ToListAsync(ct)
            : await db.Calls(access, CallFilter.All)
                .Where(d => d.CircuitNumber != null)
                .GroupBy(d => d.CircuitNumber ?? "")
                .Select(g => new CircuitOption(g.Key, g.Max(d => d.CircuitName)))
                .ToListAsync(ct);
        var users = UseHourTotals && db.UserDaysAndHours(access, CallFilter.All) is ({ } userDays, _)
            ? await userDays.Where(h => h.OperatorName != "").Select(h => h.OperatorName).Distinct().ToListAsync(ct)
            : await db.Calls(access, CallFilter.All)
                .Where(d => d.OperatorName != null)
                .Select(d => d.OperatorName!)
                .Distinct()
                .ToListAsync(ct);
        return new FilterChoices(
            circuits.OrderBy(c => c.Label, StringComparer.CurrentCulture).ToArray(),
            users.Order(StringComparer.CurrentCulture).ToArray());
    }
}
