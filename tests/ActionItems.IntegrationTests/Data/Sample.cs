using ActionItems.Core.Domain;

namespace ActionItems.IntegrationTests.Data;

/// <summary>Small, fully populated entities for persistence tests.</summary>
internal static class Sample
{
    public static readonly DateTimeOffset T0 = new(2024, 10, 9, 5, 1, 36, TimeSpan.Zero);
    public static readonly Change ByAlice = new("alice", ChangeOrigin.Local, T0);

    public static Incident Incident(string slug = "2024-10-09 calico-codfw") => new()
    {
        Slug = slug,
        Title = "Incidents/" + slug,
        Source = "https://wikitech.wikimedia.org/wiki/Incidents/" + slug,
        Format = DocumentFormat.WikitechRendered,
        Document = new IncidentDocument { Text = "…document…" },
        ContentHash = new string('a', 64),
        DocumentVersion = "2231456",
        IncidentDate = new DateOnly(2024, 10, 9),
        StartedAt = T0,
        EndedAt = T0.AddMinutes(68),
        DetectedAt = T0.AddMinutes(3),
        Summary = "Calico on codfw failed.",
        Impact = "Edits failed for 68 minutes.",
        TaskRef = "T376795",
        PeoplePaged = 2,
        ResponderCount = 6,
        Coordinators = ["Mark Bergsma"],
        DocumentStatus = DocumentStatus.InReview,
        CreatedAt = T0,
        UpdatedAt = T0,
        Timeline =
        [
            new TimelineEntry { Ordinal = 1, TimeText = "05:01", At = T0, Text = "OUTAGE BEGINS", Marker = TimelineMarker.OutageBegins },
            new TimelineEntry { Ordinal = 2, TimeText = "06:10", At = T0.AddMinutes(68), Text = "OUTAGE ENDS", Marker = TimelineMarker.OutageEnds },
        ],
        Scorecard =
        [
            new ScorecardAnswer { Ordinal = 1, Category = ScorecardCategory.People, Question = "Were the people who responded prepared enough?", Answer = ScorecardAnswerValue.Yes },
            new ScorecardAnswer { Ordinal = 2, Category = ScorecardCategory.Process, Question = "Was a public status page used?", Answer = ScorecardAnswerValue.No, Note = "no google doc" },
        ],
    };

    public static SyncTarget Phabricator(string name = "wmf-phabricator") => new()
    {
        Name = name,
        Kind = TrackerKind.Phabricator,
        BaseUrl = "https://phabricator.wikimedia.org",
        CredentialKey = "Sync:Targets:0:Token",
        DefaultTags = ["sre", "incident-followup"],
        PushPolicy = "NewItems",
        PollInterval = TimeSpan.FromMinutes(5),
        CreatedAt = T0,
    };
}
