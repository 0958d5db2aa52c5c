namespace ActionItems.Core.Domain;

/// <summary>
/// A reviewer's verdict on whether an earlier, still-open item would have prevented an incident. Rows are never
/// changed in substance: a new decision on the same (incident, item) marks the current row superseded and adds a new
/// one, so who decided what, and when, stays readable.
/// </summary>
public class PreventionReview
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public long CandidateActionItemId { get; set; }
    public PreventionVerdict Verdict { get; set; }
    public required string Reviewer { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }

    /// <summary>When a later decision on the same item replaced this one; null for the current verdict.</summary>
    public DateTimeOffset? SupersededAt { get; set; }
}
