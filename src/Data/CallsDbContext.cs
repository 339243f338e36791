using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MiiTelDashboard.Data;

/// <summary>
/// The calls and, in the same database, who may read them: ASP.NET Core Identity's users and
/// roles, API keys and the audit log. One file to back up, one transaction for a change and its audit line.
/// </summary>
/// <para>
/// This class is the SQLite model (its migrations are in <c>Migrations/</c>);
/// <see cref="PostgreSqlCallsDbContext"/> is the same model on PostgreSQL with its own migration set.
/// Code asks for a <see cref="CallsDbContext"/> either way.
/// </para>
public class CallsDbContext : IdentityDbContext<DashboardUser>
{
    public CallsDbContext(DbContextOptions<CallsDbContext> options) : base(options) { }

    /// <summary>For a provider's subclass, whose options are typed by that subclass.</summary>
    protected CallsDbContext(DbContextOptions options) : base(options) { }

    /// <summary>Which database this is; code with SQL of its own (search, storage failures) asks.</summary>
    public virtual DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public DbSet<CallDetail> Details => Set<CallDetail>();
    public DbSet<Participant> Participants => Set<Participant>();
    public DbSet<CallTag> Tags => Set<CallTag>();
    public DbSet<CallComment> Comments => Set<CallComment>();
    public DbSet<CallKeyword> Keywords => Set<CallKeyword>();
    public DbSet<Utterance> Utterances => Set<Utterance>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    /// <summary>Hourly sums per circuit, kept by triggers; read through <c>CallSource</c>, which applies the reader's access.</summary>
    public DbSet<CircuitHour> CircuitHours => Set<CircuitHour>();
    /// <summary>Hourly sums per operator, kept by triggers; read through <c>CallSource</c>.</summary>
    public DbSet<UserHour> UserHours => Set<UserHour>();
    /// <summary>Daily sums per operator, kept by triggers; read through <c>CallSource</c>.</summary>
    public DbSet<UserDay> UserDays => Set<UserDay>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    /// <summary>
    /// In a query, the SQLite rowid of the <see cref="CallDetail"/> whose <see cref="CallDetail.Id"/> is
    /// passed (<c>d.rowid</c>): the FTS5 indexes are keyed by it, and every index of <c>Details</c>
    /// holds it, so a filter can yield rowids without reading the table. Only on the <c>Details</c>
    /// table itself: after OrderBy/Take EF reads rows from a subquery, which has no rowid.
    /// </summary>
    public static long RowId(string detailId) => throw new InvalidOperationException("RowId only translates to SQL inside a query.");

    /// <summary>
    /// SQLite has no time zone: every time is stored as UTC text and read back as
    /// <see cref="DateTimeKind.Utc"/>, so no query or projection has to fix up the kind itself.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(CallsDbContext).Assembly);
        builder.HasDbFunction(typeof(CallsDbContext).GetMethod(nameof(RowId))!).HasTranslation(args =>
            args[0] is ColumnExpression { Name: nameof(CallDetail.Id) } id
                ? new ColumnExpression("rowid", id.TableAlias, typeof(long), new LongTypeMapping("INTEGER"), nullable: false)
                : throw new InvalidOperationException("RowId takes a Details row's Id column."));
    }
}

/// <summary><c>Database:Provider</c>: SQLite (the default, one file) or a PostgreSQL server.</summary>
public enum DatabaseProvider { Sqlite, PostgreSQL }

/// <summary>Stores a time as UTC (a local time is converted) and reads it back marked as UTC.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : v,
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
