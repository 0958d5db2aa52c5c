using ActionItems.Core.Domain;

namespace ActionItems.Core.Extraction;

/// <summary>Everything read from one postmortem. Nothing here is persisted; the importer maps it onto the domain.</summary>
public sealed record ExtractionResult(
    DocumentFormat Format,
    ExtractedIncident Incident,
    IReadOnlyList<ExtractedTimelineEntry> Timeline,
    IReadOnlyList<ExtractedScorecardAnswer> Scorecard,
    IReadOnlyList<ExtractedActionable> Actionables,
    IReadOnlyList<string> Warnings)
{
    /// <summary>False when no section of the document holds actionables (not even an empty or "None" one).</summary>
    public bool HasActionablesSection { get; init; } = true;
}

public sealed record ExtractedIncident
{
    /// <summary>Page title (<c>Incidents/2024-10-09 calico-codfw</c>) or first heading; null when the document has neither.</summary>
    public string? Title { get; init; }

    /// <summary>The part of a wiki page title after the incident prefix (<c>2024-10-09 calico-codfw</c>).</summary>
    public string? Slug { get; init; }

    public DateOnly? IncidentDate { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? EndedAt { get; init; }
    public DateTimeOffset? DetectedAt { get; init; }
    public string? TaskRef { get; init; }
    public int? PeoplePaged { get; init; }
    public int? ResponderCount { get; init; }
    public IReadOnlyList<string> Coordinators { get; init; } = [];
    public string? Impact { get; init; }
    public string? Summary { get; init; }
    public DocumentStatus DocumentStatus { get; init; }

    /// <summary>The scorecard's own "Total score" line when it has a number.</summary>
    public int? ScorecardTotalScore { get; init; }
}

public sealed record ExtractedTimelineEntry(
    int Ordinal,
    string? TimeText,
    DateTimeOffset? At,
    string Text,
    TimelineMarker Marker);

public sealed record ExtractedScorecardAnswer(
    int Ordinal,
    ScorecardCategory Category,
    string Question,
    ScorecardAnswerValue Answer,
    string? Note);

public sealed record ExtractedActionable
{
    /// <summary>1-based position among the extracted items, in document order.</summary>
    public required int Ordinal { get; init; }

    public required string Title { get; init; }

    /// <summary>Folded sub-bullets (one per line), or the full text when the title had to be shortened.</summary>
    public string? Description { get; init; }

    /// <summary>Heading path the item came from, e.g. <c>Prevention Measures / Alerting</c>.</summary>
    public required string Section { get; init; }

    public IReadOnlyList<TaskReference> References { get; init; } = [];

    /// <summary>True when the document marks it complete, false when explicitly open, null when it does not say.</summary>
    public bool? Done { get; init; }

    public string? Owner { get; init; }
    public string? Due { get; init; }
    public DateOnly? DueDate { get; init; }
    public string? Status { get; init; }

    public double Confidence { get; init; }
    public bool NeedsReview { get; init; }

    /// <summary>For a sub-item that is a task of its own: the ordinal of the item it was nested under.</summary>
    public int? ParentOrdinal { get; init; }
}

public enum TaskReferenceKind
{
    Phabricator,
    GitHubIssue,
    GitHubPullRequest,
    Jira,
    Gerrit,
}

/// <summary>A reference to remote work found in an item. Only <see cref="IsTask"/> references become tracker links.</summary>
/// <param name="Kind">Which tracker or review system.</param>
/// <param name="Key">Canonical id: <c>T123456</c>, <c>owner/repo#12</c>, <c>ABC-123</c>, <c>947331</c>.</param>
/// <param name="RawText">The text as written in the document.</param>
/// <param name="Url">Link target when the document gave one or the form implies it.</param>
public sealed record TaskReference(TaskReferenceKind Kind, string Key, string RawText, string? Url)
{
    /// <summary>Code review changes (Gerrit, pull requests) are references, not tasks.</summary>
    public bool IsTask => Kind is TaskReferenceKind.Phabricator or TaskReferenceKind.GitHubIssue or TaskReferenceKind.Jira;
}
