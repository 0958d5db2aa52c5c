using ActionItems.Core.Domain;

namespace ActionItems.Sync.Engine;

/// <summary>
/// A link to push and the outbox rows its push settles: those pending when the push started, so a row written later
/// (a later change) stays pending for the next run. How each outcome leaves the link and its rows (docs/sync.md, Errors);
/// the caller saves.
/// </summary>
public sealed record LinkPush(TrackerLink Link, IReadOnlyList<OutboxMessage> Rows)
{
    /// <summary>Pushed, or nothing to push: its rows are done.</summary>
    public void Completed(DateTimeOffset now)
    {
        foreach (var row in Rows)
        {
            row.ProcessedAt = now;
            row.LastError = null;
        }
    }

    /// <summary>The tracker refused this link: Error, and its rows parked until the item changes or requestSync.</summary>
    public void Refused(string message)
    {
        TrackerLinkUpdates.Failed(Link, message);
        Postponed(message, OutboxDrain.Parked);
    }

    /// <summary>The task is gone or hidden: Broken, and its rows settled (a person relinks it).</summary>
    public void Gone(string message, DateTimeOffset now)
    {
        TrackerLinkUpdates.Broken(Link, message);
        Postponed(message, null);
        foreach (var row in Rows)
        {
            row.ProcessedAt = now;
        }
    }

    /// <summary>Not pushed this time: the rows record the failure and wait until <paramref name="next"/> (null: due at once).</summary>
    public void Postponed(string message, DateTimeOffset? next)
    {
        foreach (var row in Rows)
        {
            row.Attempts++;
            row.LastError = message;
            row.NextAttemptAt = next;
        }
    }
}
