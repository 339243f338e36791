using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace MiiTelDashboard.Data;

/// <summary>
/// Plain INSERTs of new rows in the context's open transaction, one prepared statement per entity
/// type, reused for every row of that type until disposed. The table, the columns and each value's
/// conversion come from the EF model (<see cref="RelationalTypeMapping.CreateParameter"/>, as
/// SaveChanges binds them), so the rows are the ones SaveChanges would write.
/// <para>
/// Why: on SQLite, SaveChanges renders each batch as new SQL text, so every row's INSERT is compiled
/// again, and it tracks every entity. A new call is ~20 rows; that work, on the one writer thread,
/// held ingest at a fifth of what SQLite can store (docs/PERFORMANCE.md). Updates, deletes and
/// PostgreSQL (where one round trip per row would cost more than SaveChanges' batching saves) stay
/// with SaveChanges.
/// </para>
/// </summary>
public sealed class PreparedInserts(CallsDbContext db) : IAsyncDisposable
{
    private readonly Dictionary<Type, Statement> _statements = [];

    /// <summary>Inserts a new call: its <see cref="CallDetail"/> row, then its child rows.</summary>
    public async Task InsertCallAsync(CallDetail detail, CancellationToken ct = default)
    {
        await InsertAsync(detail, ct);
        foreach (var row in detail.Participants) await InsertAsync(row, ct);
        foreach (var row in detail.Tags) await InsertAsync(row, ct);
        foreach (var row in detail.Comments) await InsertAsync(row, ct);
        foreach (var row in detail.Keywords) await InsertAsync(row, ct);
        foreach (var row in detail.Utterances) await InsertAsync(row, ct);
    }

    /// <summary>
    /// Inserts one row. A store-generated key (an INTEGER id) is left to the database and set on
    /// <paramref name="entity"/> from the statement's RETURNING, as SaveChanges does.
    /// </summary>
    public async Task InsertAsync<T>(T entity, CancellationToken ct = default) where T : class
    {
        var statement = Get(typeof(T));
        statement.Bind(entity);
        if (statement.GeneratedKey is not { } key)
        {
            await statement.Command.ExecuteNonQueryAsync(ct);
            return;
        }
        var value = await statement.Command.ExecuteScalarAsync(ct);
        key.PropertyInfo!.SetValue(entity, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private Statement Get(Type type)
    {
        if (_statements.TryGetValue(type, out var statement)) return statement;
        var entityType = db.Model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not an entity of {nameof(CallsDbContext)}.");
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Prepared inserts run inside the context's transaction.");
        statement = new Statement(entityType, db.GetService<ISqlGenerationHelper>(), transaction);
        _statements[type] = statement;
        return statement;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var statement in _statements.Values) await statement.Command.DisposeAsync();
        _statements.Clear();
    }

    private sealed class Statement
    {
        private readonly (IProperty Property, RelationalTypeMapping Mapping, IClrPropertyGetter Getter, string Name)[] _columns;

        public Statement(IEntityType entityType, ISqlGenerationHelper sql, DbTransaction transaction)
        {
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            GeneratedKey = entityType.FindPrimaryKey()?.Properties is [{ ValueGenerated: ValueGenerated.OnAdd } key] && key.ClrType == typeof(long) ? key : null;
            _columns = entityType.GetProperties()
                .Where(p => p != GeneratedKey)
                .Select((p, i) => (p, (RelationalTypeMapping)p.GetRelationalTypeMapping(), p.GetGetter(), $"@p{i}"))
                .ToArray();
            var columns = string.Join(", ", _columns.Select(c => sql.DelimitIdentifier(c.Property.GetColumnName(table)!)));
            var values = string.Join(", ", _columns.Select(c => c.Name));
            var returning = GeneratedKey is null ? "" : $" RETURNING {sql.DelimitIdentifier(GeneratedKey.GetColumnName(table)!)}";

            Command = transaction.Connection!.CreateCommand();
            Command.Transaction = transaction;
            Command.CommandText = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({columns}) VALUES ({values}){returning};";
            foreach (var c in _columns) Command.Parameters.Add(c.Mapping.CreateParameter(Command, c.Name, null, c.Property.IsNullable));
            Command.Prepare();
        }

        public DbCommand Command { get; }

        public IProperty? GeneratedKey { get; }

        /// <summary>Each value through its mapping (converter, DbType), as SaveChanges binds it; the statement stays compiled.</summary>
        public void Bind(object entity)
        {
            for (var i = 0; i < _columns.Length; i++)
            {
                var (property, mapping, getter, name) = _columns[i];
                Command.Parameters[i] = mapping.CreateParameter(Command, name, getter.GetClrValueUsingContainingEntity(entity), property.IsNullable);
            }
        }
    }
}
