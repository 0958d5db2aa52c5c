using System.Data.Common;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Infrastructure;

/// <summary>Reads the schema a database really has (from its catalog, not from EF's model) in a comparable form.</summary>
public sealed record Schema(IReadOnlyList<string> Columns, IReadOnlyList<string> Indexes);

public static class SchemaReader
{
    public static async Task<Schema> ReadAsync(TestDatabase database)
    {
        await using var context = database.CreateContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        var (columnsSql, indexesSql) = database.Provider == DatabaseProvider.Postgres
            ? ("""
               SELECT table_name || '.' || column_name || (CASE WHEN is_nullable = 'YES' THEN ' null' ELSE '' END)
               FROM information_schema.columns WHERE table_schema = 'public' AND table_name NOT LIKE '\_\_%'
               """,
               """
               SELECT indexname || (CASE WHEN indexdef LIKE 'CREATE UNIQUE%' THEN ' unique' ELSE '' END)
               FROM pg_indexes WHERE schemaname = 'public' AND indexname NOT LIKE 'pk_%' AND tablename NOT LIKE '\_\_%'
               """)
            : ("""
               SELECT m.name || '.' || p.name || (CASE WHEN p."notnull" = 0 AND p.pk = 0 THEN ' null' ELSE '' END)
               FROM sqlite_master m JOIN pragma_table_info(m.name) p
               WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite%' AND m.name NOT LIKE '\_\_%' ESCAPE '\'
               """,
               """
               SELECT i.name || (CASE WHEN i."unique" = 1 THEN ' unique' ELSE '' END)
               FROM sqlite_master m JOIN pragma_index_list(m.name) i
               WHERE m.type = 'table' AND m.name NOT LIKE '\_\_%' ESCAPE '\' AND i.origin = 'c'
               """);
        return new Schema(await ReadStringsAsync(connection, columnsSql), await ReadStringsAsync(connection, indexesSql));
    }

    private static async Task<IReadOnlyList<string>> ReadStringsAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }
        values.Sort(StringComparer.Ordinal);
        return values;
    }
}
