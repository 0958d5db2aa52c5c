namespace ActionItems.Data;

/// <summary>
/// PostgreSQL rollup behind "open items over time": per UTC day (days since 1970-01-01), how many status
/// history rows opened an item (closed or new → open) and how many closed one, over items that are not
/// archived. Rows are appended by statement-level triggers — one row per day touched by each statement that
/// inserts status history or archives/unarchives items — and merged into one row per day by
/// <see cref="CompactSql"/> (a recurring job), so readers sum a few rows per day. History rows are never
/// updated or deleted and items are archived, never deleted; <see cref="RebuildSql"/> recomputes everything
/// from history should that ever change.
/// </summary>
public static class OpenItemDays
{
    public const string Table = "open_item_days";

    private const string Open = StoredStatuses.OpenSql;

    /// <summary>A status row that changes openness: new open vs old open (null = the item did not exist yet).</summary>
    private const string Transition = $"h.field = 'status' AND (h.new_value IN {Open}) <> coalesce(h.old_value IN {Open}, false)";

    private const string Day = "floor(date_part('epoch', h.at) / 86400)::int";

    public const string CreateSql = $"""
        CREATE TABLE {Table} (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            day integer NOT NULL,
            opened integer NOT NULL,
            closed integer NOT NULL
        );

        CREATE FUNCTION {Table}_after_history_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            -- A history insert need not touch its item (sync's back-fill does not): lock the items against a
            -- concurrent archive, so one of the two waits and then sees the other's commit (each statement
            -- here takes a new snapshot). Without it both could miss each other and the rollup drift.
            PERFORM 1 FROM action_items
            WHERE id IN (SELECT action_item_id FROM inserted_history WHERE field = 'status')
            ORDER BY id FOR SHARE;
            INSERT INTO {Table} (day, opened, closed)
            SELECT {Day}, count(*) FILTER (WHERE h.new_value IN {Open}), count(*) FILTER (WHERE NOT h.new_value IN {Open})
            FROM inserted_history h
            WHERE {Transition}
              AND NOT EXISTS (SELECT 1 FROM action_items a WHERE a.id = h.action_item_id AND a.archived_at IS NOT NULL)
            GROUP BY 1;
            RETURN NULL;
        END $$;

        CREATE TRIGGER {Table}_history AFTER INSERT ON action_item_history
            REFERENCING NEW TABLE AS inserted_history
            FOR EACH STATEMENT EXECUTE FUNCTION {Table}_after_history_insert();

        -- Archiving takes an item's transitions out of the series, unarchiving puts them back. Row-level and
        -- only when archived-ness changes, so ordinary item updates pay nothing.
        CREATE FUNCTION {Table}_after_archive() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO {Table} (day, opened, closed)
            SELECT {Day},
                   CASE WHEN NEW.archived_at IS NULL THEN 1 ELSE -1 END * count(*) FILTER (WHERE h.new_value IN {Open}),
                   CASE WHEN NEW.archived_at IS NULL THEN 1 ELSE -1 END * count(*) FILTER (WHERE NOT h.new_value IN {Open})
            FROM action_item_history h
            WHERE h.action_item_id = NEW.id AND {Transition}
            GROUP BY 1;
            RETURN NULL;
        END $$;

        CREATE TRIGGER {Table}_archive AFTER UPDATE OF archived_at ON action_items
            FOR EACH ROW WHEN ((OLD.archived_at IS NULL) <> (NEW.archived_at IS NULL))
            EXECUTE FUNCTION {Table}_after_archive();
        """;

    /// <summary>
    /// Recomputes the rollup from status history (the migration's back-fill; also a repair: run it in one
    /// transaction, e.g. <c>psql -1</c>). The lock keeps writers out between the delete and the insert.
    /// </summary>
    public const string RebuildSql = $"""
        LOCK TABLE action_item_history, action_items IN SHARE ROW EXCLUSIVE MODE;
        DELETE FROM {Table};
        INSERT INTO {Table} (day, opened, closed)
        SELECT {Day}, count(*) FILTER (WHERE h.new_value IN {Open}), count(*) FILTER (WHERE NOT h.new_value IN {Open})
        FROM action_item_history h
        WHERE {Transition}
          AND h.action_item_id NOT IN (SELECT id FROM action_items WHERE archived_at IS NOT NULL)
        GROUP BY 1;
        """;

    /// <summary>
    /// Merges each day's rows into one, in one statement: rows appended meanwhile are not in its snapshot and
    /// stay, so nothing is counted twice or lost, and writers never wait for it.
    /// </summary>
    public const string CompactSql = $"""
        WITH moved AS (DELETE FROM {Table} RETURNING day, opened, closed)
        INSERT INTO {Table} (day, opened, closed)
        SELECT day, sum(opened), sum(closed) FROM moved GROUP BY day HAVING sum(opened) <> 0 OR sum(closed) <> 0;
        """;

    /// <summary>Transitions per day before <c>{0}</c> (a day number), in day order.</summary>
    public const string PerDaySql = $"SELECT day, sum(opened)::int AS opened, sum(closed)::int AS closed FROM {Table} WHERE day < {{0}} GROUP BY day ORDER BY day";

    public const string DropSql = $"""
        DROP TRIGGER {Table}_archive ON action_items;
        DROP FUNCTION {Table}_after_archive();
        DROP TRIGGER {Table}_history ON action_item_history;
        DROP FUNCTION {Table}_after_history_insert();
        DROP TABLE {Table};
        """;
}
