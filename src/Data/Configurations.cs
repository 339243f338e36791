using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MiiTelDashboard.Data;

internal sealed class CallDetailConfiguration : IEntityTypeConfiguration<CallDetail>
{
    public void Configure(EntityTypeBuilder<CallDetail> b)
    {
        b.HasKey(d => d.Id);
        b.Property(d => d.Outcome).HasMaxLength(16);
        // One covering index for every query over a period of calls: the analytics aggregates
        // (period range first, then the filtered and summed columns), the filter choices, and the
        // calls list's count and page of ids (its filters, every sort column, and Id). Such a query
        // reads this index only, never the ~10 KB rows with their RawJson; measured in
        // docs/PERFORMANCE.md. Two overlapping indexes (analytics, calls list) cost twice the writes.
        b.HasIndex(d => new
        {
            d.StartedAt, d.StartedAtEpoch, d.Outcome, d.DurationSeconds, d.Score, d.Tlr, d.OverlapCount, d.SilenceCount,
            d.CustomerPositive, d.CustomerNegative, d.OperatorName, d.OperatorLoginId, d.CircuitNumber, d.CircuitName, d.CallType,
            d.CounterpartCompany, d.CounterpartName, d.Id,
        }).HasDatabaseName("IX_Details_Covering");
        b.HasIndex(d => new { d.CircuitNumber, d.StartedAt });
        b.HasIndex(d => new { d.OperatorName, d.StartedAt });
        b.HasIndex(d => new { d.OperatorLoginId, d.StartedAt });
        b.HasIndex(d => d.CallId);
        // Only the few legs that continue another one: with every NULL in it, ANALYZE told SQLite that a previous id
        // matches all calls, and the call detail page's lookup read the whole table (3 s at 1M calls).
        b.HasIndex(d => d.PreviousId).HasFilter("\"PreviousId\" IS NOT NULL");
        b.HasMany(d => d.Participants).WithOne().HasForeignKey(p => p.DetailId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Tags).WithOne().HasForeignKey(t => t.DetailId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Comments).WithOne().HasForeignKey(c => c.DetailId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Keywords).WithOne().HasForeignKey(k => k.DetailId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(d => d.Utterances).WithOne().HasForeignKey(u => u.DetailId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ParticipantConfiguration : IEntityTypeConfiguration<Participant>
{
    public void Configure(EntityTypeBuilder<Participant> b) => b.HasIndex(p => p.DetailId);
}

internal sealed class CallTagConfiguration : IEntityTypeConfiguration<CallTag>
{
    public void Configure(EntityTypeBuilder<CallTag> b)
    {
        b.HasIndex(t => t.DetailId);
        b.HasIndex(t => t.Value);
    }
}

internal sealed class CallCommentConfiguration : IEntityTypeConfiguration<CallComment>
{
    public void Configure(EntityTypeBuilder<CallComment> b) => b.HasIndex(c => c.DetailId);
}

internal sealed class CallKeywordConfiguration : IEntityTypeConfiguration<CallKeyword>
{
    public void Configure(EntityTypeBuilder<CallKeyword> b)
    {
        b.HasIndex(k => k.DetailId);
        b.HasIndex(k => k.Value);
    }
}

internal sealed class UtteranceConfiguration : IEntityTypeConfiguration<Utterance>
{
    public void Configure(EntityTypeBuilder<Utterance> b) => b.HasIndex(u => new { u.DetailId, u.Kind, u.StartAt });
}

internal sealed class DeliveryConfiguration : IEntityTypeConfiguration<Delivery>
{
    public void Configure(EntityTypeBuilder<Delivery> b)
    {
        b.HasIndex(d => d.ReceivedAt);
        b.HasIndex(d => d.Result);
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.Property(k => k.Name).HasMaxLength(100);
        b.Property(k => k.Prefix).HasMaxLength(16);
        b.Property(k => k.Role).HasMaxLength(16);
        b.HasIndex(k => k.Hash).IsUnique();
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.Property(a => a.Actor).HasMaxLength(256);
        b.Property(a => a.Action).HasMaxLength(32);
        b.HasIndex(a => a.At);
    }
}

internal sealed class CircuitHourConfiguration : IEntityTypeConfiguration<CircuitHour>
{
    // Hour first: a period is one range of the primary key.
    public void Configure(EntityTypeBuilder<CircuitHour> b)
    {
        b.ToTable("CircuitHours");
        b.HasKey(h => new { h.HourEpoch, h.CircuitNumber, h.CircuitName, h.CallType });
    }
}

internal sealed class UserHourConfiguration : IEntityTypeConfiguration<UserHour>
{
    public void Configure(EntityTypeBuilder<UserHour> b)
    {
        b.ToTable("UserHours");
        b.HasKey(h => new { h.HourEpoch, h.OperatorName, h.OperatorLoginId });
    }
}

internal sealed class UserDayConfiguration : IEntityTypeConfiguration<UserDay>
{
    public void Configure(EntityTypeBuilder<UserDay> b)
    {
        b.ToTable("UserDays");
        b.HasKey(h => new { h.HourEpoch, h.OperatorName, h.OperatorLoginId });
    }
}
