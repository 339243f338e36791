using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Analytics;

public sealed record CircuitOption(string Number, string? Name)
{
    public string Label => string.IsNullOrWhiteSpace(Name) || Name == Number ? Number : $"{Name} ({Number})";
}

public sealed record FilterChoices(IReadOnlyList<CircuitOption> Circuits, IReadOnlyList<string> Users)
{
    public static readonly FilterChoices Empty = new([], []);
}

/// <summary>
/// The choices of the global circuit and user filters: every circuit and operator seen. Every
/// page's app bar asks for them, and they change rarely, so the answer is kept for a short while.
/// </summary>
public sealed class FilterOptionsQuery(IDbContextFactory<CallsDbContext> dbFactory, TimeProvider time)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    private (Task<FilterChoices> Choices, DateTimeOffset Until)? _cached;

    public Task<FilterChoices> GetAsync(CancellationToken ct = default)
    {
        var cached = _cached;
        if (cached is { } c && time.GetUtcNow() < c.Until && !c.Choices.IsFaulted && !c.Choices.IsCanceled) return c.Choices;
        var load = LoadAsync(CancellationToken.None); // shared by callers, so no single caller's token
        _cached = (load, time.GetUtcNow() + CacheFor);
        return load.WaitAsync(ct);
    }

    private async Task<FilterChoices> LoadAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // COALESCE keeps SQLite on the covering analytics index (one index scan, ~0.1 s on 100k
        // calls) instead of the (CircuitNumber, StartedAt) index plus a row read per call (~2.9 s).
        var circuits = await db.Calls(CallFilter.All)
            .Where(d => d.CircuitNumber != null)
            .GroupBy(d => d.CircuitNumber ?? "")
            .Select(g => new CircuitOption(g.Key, g.Max(d => d.CircuitName)))
            .ToListAsync(ct);
        var users = await db.Calls(CallFilter.All)
            .Where(d => d.OperatorName != null)
            .Select(d => d.OperatorName!)
            .Distinct()
            .ToListAsync(ct);
        return new FilterChoices(
            circuits.OrderBy(c => c.Label, StringComparer.CurrentCulture).ToArray(),
            users.Order(StringComparer.CurrentCulture).ToArray());
    }
}
