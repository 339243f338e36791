using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Bench;

/// <summary>One prepared INSERT per entity type, derived from the EF model (generated keys left to SQLite).</summary>
internal sealed class ModelInserts(CallsDbContext db, SqliteConnection connection)
{
    private readonly Dictionary<Type, (SqliteCommand Command, (IProperty Property, RelationalTypeMapping Mapping)[] Columns)> _inserts = new();
    private SqliteTransaction? _tx;

    public void Use(SqliteTransaction tx)
    {
        _tx = tx;
        foreach (var (command, _) in _inserts.Values) command.Transaction = tx;
    }

    public void Insert(object entity)
    {
        if (!_inserts.TryGetValue(entity.GetType(), out var insert)) insert = _inserts[entity.GetType()] = Prepare(entity.GetType());
        var (command, columns) = insert;
        for (var i = 0; i < columns.Length; i++)
        {
            var (property, mapping) = columns[i];
            var value = property.GetGetter().GetClrValueUsingContainingEntity(entity);
            if (mapping.Converter is { } converter && value is not null) value = converter.ConvertToProvider(value);
            command.Parameters[i].Value = value ?? DBNull.Value;
        }
        command.ExecuteNonQuery();
    }

    private (SqliteCommand, (IProperty, RelationalTypeMapping)[]) Prepare(Type type)
    {
        var entityType = db.Model.FindEntityType(type)!;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!);
        var columns = entityType.GetProperties()
            .Where(p => p.ValueGenerated == Microsoft.EntityFrameworkCore.Metadata.ValueGenerated.Never || !p.IsPrimaryKey())
            .Select(p => (p, (RelationalTypeMapping)p.GetRelationalTypeMapping()))
            .ToArray();
        var command = connection.CreateCommand();
        command.Transaction = _tx;
        var names = columns.Select(c => $"\"{c.p.GetColumnName(table)}\"");
        command.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(",", names)}) VALUES ({string.Join(",", columns.Select((_, i) => "$p" + i))})";
        for (var i = 0; i < columns.Length; i++) command.Parameters.Add(new SqliteParameter("$p" + i, null));
        command.Prepare();
        return (command, columns);
    }
}
