using System.Globalization;

namespace ActionItems.Core.Domain;

/// <summary>
/// A remediation task ("actionable") from a postmortem. Fields that users and trackers change go
/// through the <c>Set…</c> methods so that every change lands in <see cref="History"/>.
/// </summary>
public class ActionItem
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public Incident? Incident { get; set; }

    /// <summary>Position in the source document (1-based); 0 for items created by hand.</summary>
    public int Ordinal { get; set; }

    public string Title { get; private set; } = "";
    public string? Description { get; private set; }
    public ActionItemStatus Status { get; private set; } = ActionItemStatus.Open;
    public long? OwnerId { get; private set; }
    public Person? Owner { get; set; }
    public string? Team { get; private set; }
    public Priority Priority { get; private set; } = Priority.Unset;
    public DateOnly? DueDate { get; private set; }
    public List<string> Tags { get; private set; } = [];

    /// <summary>Heading of the document section the item was extracted from.</summary>
    public string? SourceSection { get; set; }

    /// <summary>The item's text as last imported; re-imports match against it, never against local edits.</summary>
    public string? SourceText { get; set; }

    /// <summary>
    /// The tracker tasks the item's text referenced when it was last imported (<c>T123</c>, <c>owner/repo#12</c>), kept
    /// apart from its tracker links: an import links a task to one item only, and title and description drop link URLs,
    /// so without this a second item naming the same task would lose the reference (docs/prevention.md).
    /// </summary>
    public List<string> ReferencedTasks { get; set; } = [];

    /// <summary>A sub-item that is a task of its own remembers the item it was nested under.</summary>
    public long? ParentId { get; set; }

    /// <summary>How sure extraction was (0–1); below a threshold the item is flagged for review.</summary>
    public double Confidence { get; set; } = 1.0;
    public bool NeedsReview { get; set; }

    /// <summary>Set when a re-import no longer finds the item in its document; the item is kept.</summary>
    public DateTimeOffset? VanishedFromSourceAt { get; set; }

    public DateTimeOffset? ArchivedAt { get; private set; }

    /// <summary>When the row was written here (an import's run time for imported items).</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// When the work was opened in reality, which dashboards age items from: creation for items made here; for
    /// imported items their incident's end (else start, else date, else the import time); a linked task's own
    /// creation date once the task is read (<see cref="AdoptTrackerDates"/>).
    /// </summary>
    public DateTimeOffset OpenedAt { get; private set; }

    /// <summary>When the item last left the open statuses; null while it is open.</summary>
    public DateTimeOffset? ResolvedAt { get; private set; }

    /// <summary>
    /// Closed at an unknown time before it was imported (done in its document, which says not when): it counts
    /// as closed, and <see cref="ResolvedAt"/> equals <see cref="OpenedAt"/>, but time-to-resolve leaves it out.
    /// </summary>
    public bool ResolvedAtUnknown { get; private set; }
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Optimistic concurrency token, incremented on every save that modifies the item.</summary>
    public long Version { get; set; }

    public List<ActionItemHistory> History { get; set; } = [];
    public List<TrackerLink> Links { get; set; } = [];

    public static ActionItem Create(long incidentId, string title, Change change, string? description = null,
        ActionItemStatus status = ActionItemStatus.Open)
    {
        var item = new ActionItem
        {
            IncidentId = incidentId,
            Title = RequireTitle(title),
            Description = RequireDescription(description),
            Status = status,
            CreatedAt = change.At,
            UpdatedAt = change.At,
            OpenedAt = change.At,
            ResolvedAt = status.IsOpen() ? null : change.At,
        };
        // Creation is history too: the status row is what `openAt` reads for the item's first interval.
        item.AddHistory(HistoryFields.Title, null, item.Title, change);
        item.AddHistory(HistoryFields.Status, null, status.ToString(), change);
        return item;
    }

    /// <summary>
    /// An item read from a postmortem, dated as the document dates it: opened at <paramref name="openedAt"/>
    /// (history included), and when the document marks it done, closed at <paramref name="doneAt"/> when the
    /// document tells when (not before it opened), else at an unknown time before the import.
    /// <see cref="CreatedAt"/> and <see cref="UpdatedAt"/> stay the import's own time.
    /// </summary>
    public static ActionItem CreateImported(long incidentId, string title, string? description, Change import,
        DateTimeOffset openedAt, bool done, DateTimeOffset? doneAt)
    {
        openedAt = openedAt > import.At ? import.At : openedAt;
        var knownClose = done && doneAt is { } at && at >= openedAt && at <= import.At;
        var item = Create(incidentId, title, import with { At = openedAt }, description,
            done && !knownClose ? ActionItemStatus.Resolved : ActionItemStatus.Open);
        if (knownClose)
        {
            item.SetStatus(ActionItemStatus.Resolved, import with { At = doneAt!.Value });
        }
        item.ResolvedAtUnknown = done && !knownClose;
        item.CreatedAt = import.At;
        item.UpdatedAt = import.At;
        return item;
    }

    /// <summary>
    /// A linked task's own dates take precedence once it is read: the task was opened when it was created, and
    /// a closed task was closed when the tracker says (when that is after it opened).
    /// </summary>
    public bool AdoptTrackerDates(DateTimeOffset createdAt, DateTimeOffset? closedAt)
    {
        var changed = false;
        if (createdAt != OpenedAt && createdAt > DateTimeOffset.UnixEpoch)
        {
            OpenedAt = createdAt;
            changed = true;
        }
        if (!Status.IsOpen() && closedAt is { } closed && closed >= OpenedAt && (closed != ResolvedAt || ResolvedAtUnknown))
        {
            ResolvedAt = closed;
            ResolvedAtUnknown = false;
            changed = true;
        }
        return changed;
    }

    /// <summary>
    /// Re-dates an item imported before imports were dated (the <c>repair</c> command): same rules as
    /// <see cref="CreateImported"/>, applied to the item and its import-made creation history.
    /// </summary>
    public void RepairImportedDates(DateTimeOffset openedAt, bool closedByImport)
    {
        OpenedAt = openedAt;
        if (closedByImport)
        {
            ResolvedAt = openedAt;
            ResolvedAtUnknown = true;
        }
        else if (ResolvedAt is { } resolved && resolved < openedAt)
        {
            ResolvedAt = openedAt;
        }
    }

    /// <summary>Whole days from <see cref="OpenedAt"/> to <see cref="ResolvedAt"/>, or to <paramref name="now"/> while open.</summary>
    public int AgeDays(DateTimeOffset now) =>
        Math.Max(0, (int)(((Status.IsOpen() ? null : ResolvedAt) ?? now) - OpenedAt).TotalDays);

    /// <summary>Still open after its due date (the due date is a UTC calendar day).</summary>
    public bool IsOverdue(DateTimeOffset now) =>
        Status.IsOpen() && DueDate is { } due && due < DateOnly.FromDateTime(now.UtcDateTime);

    public bool SetTitle(string title, Change change) =>
        Record(HistoryFields.Title, Title, RequireTitle(title), change, v => Title = v!);

    public bool SetDescription(string? description, Change change) =>
        Record(HistoryFields.Description, Description, RequireDescription(description), change, v => Description = v);

    public bool SetStatus(ActionItemStatus status, Change change) =>
        Record(HistoryFields.Status, Status.ToString(), status.ToString(), change, _ =>
        {
            if (Status.IsOpen() != status.IsOpen())
            {
                ResolvedAt = status.IsOpen() ? null : change.At;
                ResolvedAtUnknown = false;
            }
            Status = status;
        });

    public bool SetPriority(Priority priority, Change change) =>
        Record(HistoryFields.Priority, Priority.ToString(), priority.ToString(), change, _ => Priority = priority);

    /// <summary>Assigns the item; <paramref name="owner"/> null makes it unassigned again.</summary>
    public bool SetOwner(Person? owner, Change change)
    {
        if (owner is not null && owner.Id == 0)
        {
            throw new InvalidOperationException("Save a new person before assigning it to an item.");
        }
        var changed = Record(HistoryFields.Owner, OwnerId?.ToString(CultureInfo.InvariantCulture),
            owner?.Id.ToString(CultureInfo.InvariantCulture), change, _ => OwnerId = owner?.Id);
        if (changed)
        {
            Owner = owner;
        }
        return changed;
    }

    public bool SetTeam(string? team, Change change) =>
        Record(HistoryFields.Team, Team,
            FieldLimits.RequireMaxLength("team", NormalizeOptional(team), FieldLimits.ItemTeam), change, v => Team = v);

    public bool SetDueDate(DateOnly? dueDate, Change change) =>
        Record(HistoryFields.DueDate, DueDate?.ToString("O", CultureInfo.InvariantCulture),
            RequireSaneDueDate(dueDate)?.ToString("O", CultureInfo.InvariantCulture), change, _ => DueDate = dueDate);

    private static DateOnly? RequireSaneDueDate(DateOnly? dueDate) =>
        dueDate is not { } date || (date >= FieldLimits.EarliestDueDate && date <= FieldLimits.LatestDueDate)
            ? dueDate
            : throw new DomainValidationException("dueDate",
                $"A due date must be between {FieldLimits.EarliestDueDate:O} and {FieldLimits.LatestDueDate:O}.");

    /// <summary>Tags are a set: trimmed, lower-cased, de-duplicated and kept sorted so comparisons are stable.</summary>
    public bool SetTags(IEnumerable<string> tags, Change change)
    {
        var normalized = tags.Select(t => t.Trim().ToLowerInvariant()).Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (normalized.FirstOrDefault(t => t.Length > FieldLimits.Tag) is { } longTag)
        {
            throw new DomainValidationException("tags",
                $"A tag may be at most {FieldLimits.Tag} characters; '{longTag[..20]}…' has {longTag.Length}.");
        }
        if (normalized.Count > FieldLimits.TagsPerItem)
        {
            throw new DomainValidationException("tags",
                $"An item may have at most {FieldLimits.TagsPerItem} tags; {normalized.Count} were given.");
        }
        return Record(HistoryFields.Tags, string.Join(',', Tags), string.Join(',', normalized), change,
            _ => Tags = normalized);
    }

    /// <summary>Archiving hides the item from lists; it never deletes remote work.</summary>
    public bool Archive(Change change) =>
        ArchivedAt is null && Record(HistoryFields.Archived, "false", "true", change, _ => ArchivedAt = change.At);

    /// <summary>Brings an archived item back into lists and dashboards.</summary>
    public bool Unarchive(Change change) =>
        ArchivedAt is not null && Record(HistoryFields.Archived, "true", "false", change, _ => ArchivedAt = null);

    /// <summary>
    /// Linking a tracker task changes what the item mirrors, so it is history like any field change;
    /// the link row itself is written by the caller.
    /// </summary>
    public void RecordTrackerLinked(string syncTargetName, string remoteId, Change change) =>
        Record(HistoryFields.TrackerLink, null, TrackerTaskName(syncTargetName, remoteId), change, _ => { });

    /// <summary>Unlinking leaves the remote task alone; history keeps which task the item was tied to.</summary>
    public void RecordTrackerUnlinked(string syncTargetName, string? remoteId, Change change) =>
        Record(HistoryFields.TrackerLink, TrackerTaskName(syncTargetName, remoteId), null, change, _ => { });

    private static string TrackerTaskName(string syncTargetName, string? remoteId) =>
        $"{syncTargetName}:{remoteId ?? "(not created yet)"}";

    private bool Record(string field, string? oldValue, string? newValue, Change change, Action<string?> apply)
    {
        if (string.Equals(oldValue, newValue, StringComparison.Ordinal))
        {
            return false;
        }
        apply(newValue);
        AddHistory(field, oldValue, newValue, change);
        UpdatedAt = change.At;
        return true;
    }

    private void AddHistory(string field, string? oldValue, string? newValue, Change change) =>
        History.Add(new ActionItemHistory
        {
            ActionItemId = Id,
            Field = field,
            OldValue = oldValue,
            NewValue = newValue,
            At = change.At,
            Actor = change.Actor,
            Origin = change.Origin,
        });

    /// <summary>Titles are one line: runs of whitespace (newlines included) collapse to one space.</summary>
    private static string RequireTitle(string title)
    {
        var normalized = string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return normalized.Length > 0
            ? FieldLimits.RequireMaxLength("title", normalized, FieldLimits.ItemTitle)!
            : throw new DomainValidationException("title", "An action item needs a non-empty title.");
    }

    private static string? RequireDescription(string? description) =>
        FieldLimits.RequireMaxLength("description", NormalizeOptional(description), FieldLimits.ItemDescription);

    private static string? NormalizeOptional(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
