using System.Data.Common;
using System.Globalization;
using System.Text;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ActionItems.Application.Postmortems;

/// <summary>
/// Writes an incident's timeline and scorecard, which belong to the document and are replaced wholesale on
/// every changed import, as multi-row INSERTs in one command instead of through the change tracker.
/// A postmortem has ~150 of these rows against ~10 items; tracked one by one they were most of an import's
/// statements (one INSERT … RETURNING each) and of its change-tracking work, and nothing reads their ids back.
/// Table, column names and value conversions (enums as names, UTC instants) come from the EF model, so the
/// rows are stored exactly as EF would store them, on both providers. On PostgreSQL the rows travel as one
/// array parameter per column (<c>INSERT … SELECT * FROM unnest(…)</c>): the statement text is the same for
/// every document, so it is prepared once, where a multi-row VALUES list was parsed and planned anew with its
/// ~1,000 parameters for every document (a fifth of PostgreSQL's time in an import).
/// </summary>
internal static class DocumentRows
{
    // Below both providers' bind-parameter limits (SQLite 32,766, PostgreSQL 65,535) at 6 columns a row.
    private const int RowsPerStatement = 1000;

    public static async Task ReplaceAsync(ActionItemsDbContext db, long incidentId, bool deleteStored,
        IReadOnlyList<TimelineEntry> timeline, IReadOnlyList<ScorecardAnswer> scorecard, CancellationToken cancellationToken)
    {
        var timelineTable = new Table(db, typeof(TimelineEntry),
            nameof(TimelineEntry.IncidentId), nameof(TimelineEntry.Ordinal), nameof(TimelineEntry.TimeText),
            nameof(TimelineEntry.At), nameof(TimelineEntry.Text), nameof(TimelineEntry.Marker));
        var scorecardTable = new Table(db, typeof(ScorecardAnswer),
            nameof(ScorecardAnswer.IncidentId), nameof(ScorecardAnswer.Ordinal), nameof(ScorecardAnswer.Category),
            nameof(ScorecardAnswer.Question), nameof(ScorecardAnswer.Answer), nameof(ScorecardAnswer.Note));
        if (!deleteStored && timeline.Count == 0 && scorecard.Count == 0)
        {
            return;
        }

        var connection = db.Database.GetDbConnection();
        await using var command = connection.CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        var sql = new StringBuilder();
        var asArrays = db.Database.IsNpgsql();
        if (deleteStored)
        {
            timelineTable.AppendDelete(sql, command, incidentId);
            scorecardTable.AppendDelete(sql, command, incidentId);
        }
        timelineTable.AppendInsert(sql, command, asArrays,
            [.. timeline.Select(t => new object?[] { incidentId, t.Ordinal, t.TimeText, t.At, t.Text, t.Marker })]);
        scorecardTable.AppendInsert(sql, command, asArrays,
            [.. scorecard.Select(s => new object?[] { incidentId, s.Ordinal, s.Category, s.Question, s.Answer, s.Note })]);
        command.CommandText = sql.ToString();
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed class Table
    {
        private readonly ISqlGenerationHelper _sql;
        private readonly string _name;
        private readonly IProperty[] _columns;
        private readonly string[] _columnNames;

        public Table(ActionItemsDbContext db, Type clrType, params string[] properties)
        {
            _sql = db.GetService<ISqlGenerationHelper>();
            var entityType = db.Model.FindEntityType(clrType)
                ?? throw new InvalidOperationException($"{clrType.Name} is not in the model");
            var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
            _name = _sql.DelimitIdentifier(table.Name, table.Schema);
            _columns = [.. properties.Select(p => entityType.FindProperty(p)
                ?? throw new InvalidOperationException($"{clrType.Name}.{p} is not in the model"))];
            _columnNames = [.. _columns.Select(c => _sql.DelimitIdentifier(c.GetColumnName(table)!))];
        }

        public void AppendDelete(StringBuilder sql, DbCommand command, long incidentId)
        {
            sql.Append("DELETE FROM ").Append(_name).Append(" WHERE ").Append(_columnNames[0]).Append(" = ")
                .Append(AddParameter(command, _columns[0], incidentId)).Append(";\n");
        }

        /// <summary>The rows as one statement of column arrays, or as multi-row VALUES statements of at most <see cref="RowsPerStatement"/>.</summary>
        public void AppendInsert(StringBuilder sql, DbCommand command, bool asArrays, IReadOnlyList<object?[]> rows)
        {
            if (rows.Count == 0)
            {
                return;
            }
            if (!asArrays)
            {
                foreach (var chunk in rows.Chunk(RowsPerStatement))
                {
                    AppendValues(sql, command, chunk);
                }
                return;
            }
            AppendInto(sql).Append(" SELECT * FROM unnest(");
            for (var i = 0; i < _columns.Length; i++)
            {
                sql.Append(i == 0 ? "" : ", ").Append(AddArrayParameter(command, _columns[i], rows.Select(r => r[i])));
            }
            sql.Append(");\n");
        }

        private void AppendValues(StringBuilder sql, DbCommand command, IEnumerable<object?[]> rows)
        {
            AppendInto(sql).Append(" VALUES ");
            var firstRow = true;
            foreach (var row in rows)
            {
                sql.Append(firstRow ? "(" : ", (");
                firstRow = false;
                for (var i = 0; i < _columns.Length; i++)
                {
                    sql.Append(i == 0 ? "" : ", ").Append(AddParameter(command, _columns[i], row[i]));
                }
                sql.Append(')');
            }
            sql.Append(";\n");
        }

        private StringBuilder AppendInto(StringBuilder sql) =>
            sql.Append("INSERT INTO ").Append(_name).Append(" (").AppendJoin(", ", _columnNames).Append(')');

        private string AddParameter(DbCommand command, IProperty column, object? value) =>
            // The property's mapping applies its value converter (enum → name, instant → UTC or ticks).
            Added(command, column.GetRelationalTypeMapping().CreateParameter(command, NextName(command), value, column.IsNullable));

        private static string NextName(DbCommand command) => "p" + command.Parameters.Count.ToString(CultureInfo.InvariantCulture);

        private string Added(DbCommand command, DbParameter parameter)
        {
            command.Parameters.Add(parameter);
            return _sql.GenerateParameterNamePlaceholder(parameter.ParameterName);
        }

        /// <summary>One column's values as an array of the type the provider stores (after the value converter).</summary>
        private string AddArrayParameter(DbCommand command, IProperty column, IEnumerable<object?> values)
        {
            var converter = column.GetRelationalTypeMapping().Converter;
            var stored = converter?.ProviderClrType ?? column.ClrType;
            stored = Nullable.GetUnderlyingType(stored) ?? stored;
            var element = stored.IsValueType && column.IsNullable ? typeof(Nullable<>).MakeGenericType(stored) : stored;
            var list = values.ToList();
            var array = Array.CreateInstance(element, list.Count);
            for (var i = 0; i < list.Count; i++)
            {
                var value = list[i] is { } set && converter is not null ? converter.ConvertToProvider(set) : list[i];
                // timestamptz takes UTC instants only (EF's scalar mapping does the same).
                array.SetValue(value is DateTimeOffset instant ? instant.ToUniversalTime() : value, i);
            }
            var parameter = command.CreateParameter();
            parameter.ParameterName = NextName(command);
            parameter.Value = array;
            return Added(command, parameter);
        }
    }
}
