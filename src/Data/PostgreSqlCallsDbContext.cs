using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace MiiTelDashboard.Data;

/// <summary>
/// The same model as <see cref="CallsDbContext"/> on PostgreSQL (<c>Database:Provider</c> =
/// <c>PostgreSQL</c>). A subclass only so that its migrations (<c>Migrations/PostgreSql</c>, marked
/// with this type) are apart from SQLite's: <c>MigrateAsync</c> and <c>dotnet ef</c> pick the set
/// by the context's type. The rest of the app asks for a <see cref="CallsDbContext"/>.
/// </summary>
public sealed class PostgreSqlCallsDbContext(DbContextOptions<PostgreSqlCallsDbContext> options) : CallsDbContext(options)
{
    public override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;

    /// <summary>
    /// Times are <c>timestamptz</c>, which Npgsql writes only from a UTC <see cref="DateTime"/>: one
    /// whose kind is unspecified is taken as UTC (every time in the app is UTC), a local one converted.
    /// </summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcTimestampConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcTimestampConverter>();
        configurationBuilder.Properties<string>().HaveConversion<StorableTextConverter>();
    }

    /// <summary>
    /// <paramref name="text"/> as PostgreSQL's <c>text</c> can hold it: U+0000, which it cannot (and SQLite
    /// can), becomes U+FFFD, the replacement character. A name with a NUL escaped in its JSON is stored,
    /// as on SQLite, rather than refused; the call's raw JSON keeps the escape as sent.
    /// </summary>
    public static string Storable(string text) => text.Contains('\0') ? text.Replace('\0', '\uFFFD') : text;

    private sealed class StorableTextConverter() : ValueConverter<string, string>(v => Storable(v), v => v);

    private sealed class UtcTimestampConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.Kind == DateTimeKind.Local ? v.ToUniversalTime() : DateTime.SpecifyKind(v, DateTimeKind.Utc),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
}

/// <summary>
/// For <c>dotnet ef migrations add … --context PostgreSqlCallsDbContext</c>: building a migration
/// needs the provider, not a server.
/// </summary>
internal sealed class PostgreSqlDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlCallsDbContext>
{
    public PostgreSqlCallsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlCallsDbContext>().UseNpgsql("Host=localhost;Database=miitel").Options);
}
