namespace ActionItems.Core.Domain;

/// <summary>A reviewer's verdict on whether an earlier, still-open item would have prevented an incident.</summary>
public class PreventionReview
{
    public long Id { get; set; }
    public long IncidentId { get; set; }
    public long CandidateActionItemId { get; set; }
    public PreventionVerdict Verdict { get; set; }
    public required string Reviewer { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset At { get; set; }
}
