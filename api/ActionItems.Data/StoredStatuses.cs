namespace ActionItems.Data;

/// <summary>How raw SQL names action item statuses: by the enum member names the status column stores.</summary>
public static class StoredStatuses
{
    /// <summary>
    /// The open statuses (ActionItemStatusRules.OpenStatuses) as a SQL list, for <c>status IN …</c>. The partial indexes of
    /// live open items (migration OpenItemsTeamIndex) spell the same predicate, so queries that should use them must too.
    /// </summary>
    public const string OpenSql = "('Open', 'InProgress', 'Stalled')";
}
