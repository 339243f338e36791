using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MiiTelDashboard.Data;

public static class DataExtensions
{
    public const string ConnectionStringName = "Calls";

    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        var connectionString = ResolveConnectionString(builder.Configuration, builder.Environment.ContentRootPath);
        var csb = new SqliteConnectionStringBuilder(connectionString);
        builder.Services.AddSingleton(csb);
        builder.Services.AddSingleton(ResolveDataFolder(builder.Configuration, builder.Environment.ContentRootPath, csb));
        builder.Services.AddDbContextFactory<CallsDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmaInterceptor()));
        builder.Services.AddHealthChecks().AddDbContextCheck<CallsDbContext>("database");
        return builder;
    }

    /// <summary>Applies migrations before the app serves anything, and switches the file to WAL.</summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        // WAL is a property of the file: set once, it stays.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    /// <summary><c>/health</c>: 200 "Healthy" when the database answers; for load balancers and uptime checks.</summary>
    public static IEndpointRouteBuilder MapData(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A relative <c>Data Source</c> is taken relative to the content root (not the shell's
    /// working directory), and its folder is created, so `dotnet run` from anywhere finds data/.
    /// </summary>
    internal static string ResolveConnectionString(IConfiguration configuration, string contentRoot)
    {
        var raw = configuration.GetConnectionString(ConnectionStringName) ?? "Data Source=data/miitel.db";
        var csb = new SqliteConnectionStringBuilder(raw);
        if (csb.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal))
        {
            var path = Path.IsPathRooted(source) ? source : Path.GetFullPath(Path.Combine(contentRoot, source));
            CreateOwnerOnlyDirectory(Path.GetDirectoryName(path)!);
            csb.DataSource = path;
        }
        return csb.ToString();
    }

    /// <summary>
    /// Creates <paramref name="path"/> (and missing parents) readable by the app's user only: it holds
    /// every call and the generated secrets. Made so by mkdir itself, never created open and narrowed
    /// after, which leaves a moment to open it; a folder that already exists is left as its owner set it.
    /// </summary>
    public static void CreateOwnerOnlyDirectory(string path)
    {
        path = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows() || Directory.Exists(path))
        {
            Directory.CreateDirectory(path);
            return;
        }
        // Given a mode, CreateDirectory applies it to the last folder only; missing parents are made here, top down.
        if (Path.GetDirectoryName(path) is { } parent) CreateOwnerOnlyDirectory(parent);
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    /// <summary><c>Data:Directory</c> when set, else the folder that holds the database file.</summary>
    internal static DataFolder ResolveDataFolder(IConfiguration configuration, string contentRoot, SqliteConnectionStringBuilder csb)
    {
        var configured = configuration[DataFolder.ConfigKey];
        var path = configured is { Length: > 0 }
            ? Path.GetFullPath(Path.Combine(contentRoot, configured))
            : csb.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal)
                ? Path.GetDirectoryName(Path.GetFullPath(source))!
                : Path.Combine(contentRoot, "data");
        CreateOwnerOnlyDirectory(path);
        return new DataFolder(path);
    }

    /// <summary>Every connection commits durably: a 2xx to MiiTel means the call survives a power cut.</summary>
    private sealed class SqlitePragmaInterceptor : DbConnectionInterceptor
    {
        private const string Pragmas = "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            cmd.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var cmd = connection.CreateCommand();
            cmd.CommandText = Pragmas;
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
