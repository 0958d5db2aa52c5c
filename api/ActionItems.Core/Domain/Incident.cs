namespace ActionItems.Core.Domain;

/// <summary>An incident and the postmortem it was read from.</summary>
public class Incident
{
    public long Id { get; set; }

    /// <summary>Stable human key, e.g. <c>2024-10-09 calico-codfw</c>; re-imports match on it.</summary>
    public required string Slug { get; set; }

    public required string Title { get; set; }
    public string? Source { get; set; }
    public DocumentFormat Format { get; set; }

    /// <summary>
    /// The postmortem text as imported. Stored in the incident's own row, but read only when asked for
    /// (<c>Include(i => i.Document)</c>): every other read of an incident leaves it out.
    /// </summary>
    public IncidentDocument? Document { get; set; }

    /// <summary>SHA-256 (hex) of the document's text; an unchanged re-import is a no-op.</summary>
    public string? ContentHash { get; set; }

    /// <summary>Version of the source document (e.g. a MediaWiki revision id) when known.</summary>
    public string? DocumentVersion { get; set; }

    public DateOnly? IncidentDate { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public DateTimeOffset? DetectedAt { get; set; }
    public string? Summary { get; set; }
    public string? Impact { get; set; }
    public string? TaskRef { get; set; }
    public int? PeoplePaged { get; set; }
    public int? ResponderCount { get; set; }
    public List<string> Coordinators { get; set; } = [];
    public DocumentStatus DocumentStatus { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    public List<TimelineEntry> Timeline { get; set; } = [];
    public List<ScorecardAnswer> Scorecard { get; set; } = [];
    public List<ActionItem> ActionItems { get; set; } = [];
}

/// <summary>The raw postmortem of an incident (same table row as the incident: table splitting).</summary>
public class IncidentDocument
{
    public long IncidentId { get; set; }
    public required string Text { get; set; }
}

public class TimelineEntry
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public int Ordinal { get; set; }

    /// <summary>Resolved instant when the document gives enough to compute it (date + time).</summary>
    public DateTimeOffset? At { get; set; }

    /// <summary>The time exactly as written (e.g. <c>12:46</c>), kept because many timelines omit the date.</summary>
    public string? TimeText { get; set; }

    public required string Text { get; set; }
    public TimelineMarker Marker { get; set; }
}

public class ScorecardAnswer
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public int Ordinal { get; set; }
    public ScorecardCategory Category { get; set; }
    public required string Question { get; set; }
    public ScorecardAnswerValue Answer { get; set; }
    public string? Note { get; set; }
}
