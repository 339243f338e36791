using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace MiiTelDashboard.Data;

public static class DataExtensions
{
    public const string ConnectionStringName = "Calls";
    public const string ProviderKey = "Database:Provider";

    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        var database = ResolveDatabase(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(database);
        if (database.Provider == DatabaseProvider.PostgreSQL)
        {
            builder.Services.AddSingleton(ResolveDataFolder(builder.Configuration, builder.Environment.ContentRootPath, null));
            builder.Services.AddDbContextFactory<PostgreSqlCallsDbContext>(options => options.UseNpgsql(database.ConnectionString));
            // Everything asks for a CallsDbContext; on this provider it is the PostgreSQL subclass.
            builder.Services.AddSingleton<IDbContextFactory<CallsDbContext>>(sp =>
                new BaseFactory<PostgreSqlCallsDbContext>(sp.GetRequiredService<IDbContextFactory<PostgreSqlCallsDbContext>>()));
            builder.Services.AddScoped<CallsDbContext>(sp => sp.GetRequiredService<PostgreSqlCallsDbContext>());
        }
        else
        {
            var csb = new SqliteConnectionStringBuilder(database.ConnectionString);
            builder.Services.AddSingleton(ResolveDataFolder(builder.Configuration, builder.Environment.ContentRootPath, csb));
            builder.Services.AddDbContextFactory<CallsDbContext>(options => options
                .UseSqlite(database.ConnectionString)
                .AddInterceptors(new SqlitePragmaInterceptor()));
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<CallsDbContext>("database");
        return builder;
    }

    /// <summary>
    /// Applies migrations before the app serves anything (each provider its own set); on SQLite also
    /// switches the file to WAL. On PostgreSQL several instances may start at once: the migrations
    /// history lock of EF Core makes one apply them while the others wait.
    /// </summary>
    public static async Task MigrateDatabaseAsync(this WebApplication app, CancellationToken ct = default)
    {
        var factory = app.Services.GetRequiredService<IDbContextFactory<CallsDbContext>>();
        await using var db = await factory.CreateDbContextAsync(ct);
        await db.Database.MigrateAsync(ct);
        // WAL is a property of the file: set once, it stays.
        if (db.Provider == DatabaseProvider.Sqlite)
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    /// <summary>
    /// Held while the app prepares the database at start (migrations, then the roles and first Admin):
    /// on PostgreSQL, instances starting together against one database would otherwise each apply the
    /// same migration or create the same role, and all but one fail. A session-level advisory lock on a
    /// connection of its own: the next instance waits for it, then finds the work done. On SQLite, one
    /// process owns the file; nothing to hold.
    /// </summary>
    public static async Task<IAsyncDisposable> HoldStartupLockAsync(this WebApplication app, CancellationToken ct = default)
    {
        var database = app.Services.GetRequiredService<DatabaseSettings>();
        if (database.Provider != DatabaseProvider.PostgreSQL) return NoLock.Instance;
        // Not pooled: a pooled connection's close keeps its session, and with it the lock, for the next user.
        var connection = new Npgsql.NpgsqlConnection(new Npgsql.NpgsqlConnectionStringBuilder(database.ConnectionString) { Pooling = false }.ToString());
        await connection.OpenAsync(ct);
        await using (var cmd = new Npgsql.NpgsqlCommand($"SELECT pg_advisory_lock({StartupLockKey})", connection))
        {
            cmd.CommandTimeout = 0;
            await cmd.ExecuteNonQueryAsync(ct);
        }
        // Closing the connection (the session) lets the lock go, also when the process dies holding it.
        return connection;
    }

    /// <summary>The advisory lock key of <see cref="HoldStartupLockAsync"/> (any constant the app alone uses).</summary>
    private const long StartupLockKey = 0x4D69695465_6C5374;

    private sealed class NoLock : IAsyncDisposable
    {
        public static readonly NoLock Instance = new();
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    /// <summary>
    /// <c>Database:Provider</c> (<c>Sqlite</c>, the default, or <c>PostgreSQL</c>) and its connection
    /// string: a SQLite file (relative to the content root, <c>data/miitel.db</c> unless set) or a
    /// PostgreSQL database in Npgsql's format, which must be set.
    /// </summary>
    internal static DatabaseSettings ResolveDatabase(IConfiguration configuration, string contentRoot)
    {
        var provider = configuration[ProviderKey];
        if (string.IsNullOrWhiteSpace(provider) || provider.Trim().Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
            return new DatabaseSettings(DatabaseProvider.Sqlite, ResolveConnectionString(configuration, contentRoot));
        if (!provider.Trim().Equals("PostgreSQL", StringComparison.OrdinalIgnoreCase) && !provider.Trim().Equals("Postgres", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"{ProviderKey} is '{provider}'; it must be Sqlite (the default) or PostgreSQL.");
        var raw = configuration.GetConnectionString(ConnectionStringName);
        if (string.IsNullOrWhiteSpace(raw))
            throw new InvalidOperationException(
                $"{ProviderKey} is PostgreSQL, so ConnectionStrings:{ConnectionStringName} must name the database in Npgsql's format, e.g. Host=db;Database=miitel;Username=miitel;Password=…");
        try
        {
            var csb = new Npgsql.NpgsqlConnectionStringBuilder(raw);
            if (string.IsNullOrEmpty(csb.Host)) throw new ArgumentException("no Host");
        }
        catch (ArgumentException)
        {
            // Never the string itself: it may hold the password.
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not a PostgreSQL connection string (Npgsql's format, with Host=…) although {ProviderKey} is PostgreSQL.");
        }
        return new DatabaseSettings(DatabaseProvider.PostgreSQL, raw);
    }

    private sealed class BaseFactory<T>(IDbContextFactory<T> inner) : IDbContextFactory<CallsDbContext> where T : CallsDbContext
    {
        public CallsDbContext CreateDbContext() => inner.CreateDbContext();
        public async Task<CallsDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => await inner.CreateDbContextAsync(cancellationToken);
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

    /// <summary>
    /// <c>Data:Directory</c> when set, else the folder that holds the SQLite file; with a database
    /// server (<paramref name="csb"/> null), <c>data/</c> under the content root.
    /// </summary>
    internal static DataFolder ResolveDataFolder(IConfiguration configuration, string contentRoot, SqliteConnectionStringBuilder? csb)
    {
        var configured = configuration[DataFolder.ConfigKey];
        var path = configured is { Length: > 0 }
            ? Path.GetFullPath(Path.Combine(contentRoot, configured))
            : csb?.DataSource is { Length: > 0 } source && source != ":memory:" && !source.StartsWith("file:", StringComparison.Ordinal)
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
