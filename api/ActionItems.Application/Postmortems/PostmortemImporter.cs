using System.Security.Cryptography;
using System.Text;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Core.Extraction;
using ActionItems.Core.Import;
using ActionItems.Sync.Engine;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Postmortems;

/// <summary>
/// Turns a postmortem into an Incident with its timeline, scorecard, action items and tracker links.
/// Re-importing a changed version of the same document (same slug, else same source) is idempotent:
/// items are matched to the stored ones, fields a person or a tracker changed are never overwritten,
/// new items are added and items that disappeared are flagged, never deleted.
/// </summary>
public sealed class PostmortemImporter(ActionItemsDbContext db, TimeProvider clock, SyncTargetRegistry registry)
{
    private const int MaxTitleLength = 1000;

    /// <summary>
    /// Task references are read against the configured targets: a URL on any Phabricator target's host is a
    /// task, and a bare <c>T123</c> means the one configured Phabricator target (with none or several it
    /// stays unresolved, unless the document's own wiki says which tracker it means). Likewise an issue URL on a
    /// configured GitHub Enterprise Server is an issue, and <c>owner/repo#12</c> and a bare <c>#12</c> (against the
    /// target's repository when the document names none) mean the one configured GitHub target's host.
    /// </summary>
    public static ExtractionOptions ReferenceOptions(SyncTargetRegistry registry)
    {
        var phabricators = registry.Targets.Where(t => t.Kind == TrackerKind.Phabricator).ToList();
        var gitHubs = registry.Targets.Where(t => t.Kind == TrackerKind.GitHub).ToList();
        return new ExtractionOptions
        {
            PhabricatorHosts = [.. phabricators.Select(t => Uri.TryCreate(t.BaseUrl, UriKind.Absolute, out var uri) ? uri.Host : null)
                .OfType<string>().Distinct(StringComparer.OrdinalIgnoreCase)],
            PhabricatorBaseUrl = phabricators.Count == 1 ? phabricators[0].BaseUrl : null,
            GitHubHosts = [.. gitHubs.Select(t => GitHubWebRoot(t.BaseUrl)).OfType<Uri>().Select(u => u.Host)
                .Where(h => !h.Equals("github.com", StringComparison.OrdinalIgnoreCase)).Distinct(StringComparer.OrdinalIgnoreCase)],
            GitHubWebUrl = gitHubs.Count == 1 ? GitHubWebRoot(gitHubs[0].BaseUrl)?.GetLeftPart(UriPartial.Authority) : null,
            GitHubDefaultRepository = gitHubs.Count == 1 ? gitHubs[0].Repository : null,
        };
    }

    /// <summary>
    /// Where a GitHub target's issues are shown, from its API base URL: <c>https://api.github.com/</c> → github.com, a
    /// GitHub Enterprise Server's <c>https://ghe.example.com/api/v3/</c> → ghe.example.com, any other URL (a server
    /// answering the API at its root) → its own host. Null for a URL that does not parse.
    /// </summary>
    public static Uri? GitHubWebRoot(string baseUrl)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri))
        {
            return null;
        }
        return uri.Host.Equals("api.github.com", StringComparison.OrdinalIgnoreCase)
            ? new Uri("https://github.com/")
            : new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }

    /// <summary>A GitHub Enterprise Server's API base URL ends in <c>/api/v3</c>; github.com's and a root-mounted server's do not.</summary>
    public static bool IsGitHubEnterprise(string baseUrl) =>
        Uri.TryCreate(baseUrl, UriKind.Absolute, out var uri) &&
        uri.AbsolutePath.TrimEnd('/').EndsWith("/api/v3", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="ExtractionException">The text cannot be read as a postmortem.</exception>
    /// <exception cref="ImportException">The document names no incident.</exception>
    public async Task<ImportReport> ImportAsync(ImportRequest request, string actor, bool dryRun,
        CancellationToken cancellationToken)
    {
        var extraction = PostmortemExtractor.Extract(request.Text, request.FormatHint, request.Source,
            ReferenceOptions(registry) with { GitHubRepository = request.GitHubRepository });
        if (extraction.Actionables.Count == 0 && extraction.Timeline.Count == 0 && extraction.Scorecard.Count == 0 &&
            !extraction.HasActionablesSection)
        {
            throw new ImportException("this does not look like a postmortem: no actionables section, timeline or scorecard found", notAPostmortem: true);
        }
        var slug = IncidentSlug.Derive(extraction.Incident, request.Source)
            ?? throw new ImportException("the document names no incident: it has no page title or heading, and no source was given");
        var hash = Sha256(request.Text);
        var change = new Change(actor, ChangeOrigin.Import, clock.GetUtcNow());

        // Same slug, else same source: one query (a round trip per document counts in a bulk import).
        var source = request.Source;
        var incident = await db.Incidents
            .Where(i => i.Slug == slug || (source != null && i.Source == source))
            .OrderBy(i => i.Slug == slug ? 0 : 1).ThenBy(i => i.Id)
            .FirstOrDefaultAsync(cancellationToken);

        if (incident is not null && incident.ContentHash == hash)
        {
            var stored = await db.ActionItems.AsNoTracking()
                .Where(i => i.IncidentId == incident.Id && i.SourceText != null).OrderBy(i => i.Ordinal)
                .Select(i => new { i.Id, i.Ordinal, i.Title, Vanished = i.VanishedFromSourceAt != null })
                .ToListAsync(cancellationToken);
            return new ImportReport(incident.Slug, incident.Id, false, true, incident.Format,
                [.. stored.Select(i => new ImportedItem(i.Vanished ? null : i.Ordinal, i.Id, i.Title,
                    i.Vanished ? ImportOutcome.Vanished : ImportOutcome.Unchanged))],
                0, extraction.Warnings, dryRun);
        }

        List<ActionItem> items = [];
        if (incident is not null)
        {
            // Split: links × history of every item in one joined query would multiply rows.
            items = await db.ActionItems.Include(i => i.Links).Include(i => i.History).AsSplitQuery()
                .Where(i => i.IncidentId == incident.Id).ToListAsync(cancellationToken);
        }

        // One transaction for the whole document; a dry run takes exactly the same path and rolls it back.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var created = incident is null;
        incident ??= new Incident { Slug = slug, Title = slug, CreatedAt = change.At };
        var session = new ImportSession(db, change, extraction.Warnings, request.DocumentDate);
        ApplyDocument(incident, extraction, request, hash, change.At, session);
        if (created)
        {
            db.Incidents.Add(incident);
        }

        var outcomes = await session.ApplyItemsAsync(incident, items, extraction.Actionables, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        // Timeline and scorecard belong to the document: replaced wholesale on every changed import, in bulk
        // and past the change tracker (see DocumentRows); the incident has its id now.
        await DocumentRows.ReplaceAsync(db, incident.Id, deleteStored: !created,
            [.. extraction.Timeline.Select(t => new TimelineEntry
            {
                Ordinal = t.Ordinal, TimeText = session.Fit(t.TimeText, FieldLimits.TimelineTimeText, $"timeline entry {t.Ordinal}: the time"),
                At = t.At, Text = t.Text, Marker = t.Marker,
            })],
            [.. extraction.Scorecard.Select(s => new ScorecardAnswer
            {
                Ordinal = s.Ordinal, Category = s.Category,
                Question = session.FitRequired(s.Question, FieldLimits.ScorecardQuestion, $"scorecard answer {s.Ordinal}: the question"),
                Answer = s.Answer, Note = s.Note,
            })],
            cancellationToken);
        // Parents are known only once every item of this import has its id.
        if (session.LinkParents())
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        if (dryRun)
        {
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        else
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return new ImportReport(slug, dryRun && created ? null : incident.Id, created, false, extraction.Format,
            [.. outcomes.Select(o => new ImportedItem(o.Ordinal,
                dryRun && o.Outcome == ImportOutcome.Added ? null : o.Item.Id, o.Item.Title, o.Outcome))],
            session.LinksCreated, session.Warnings, dryRun);
    }

    private static void ApplyDocument(Incident incident, ExtractionResult extraction, ImportRequest request, string hash,
        DateTimeOffset now, ImportSession session)
    {
        var meta = extraction.Incident;
        incident.Title = session.FitRequired(meta.Title ?? incident.Slug, FieldLimits.IncidentTitle, "the incident title");
        incident.Source = session.Fit(request.Source, FieldLimits.IncidentSource, "the source") ?? incident.Source;
        incident.Format = extraction.Format;
        // The look-up above leaves the document out, so this is usually a new instance: EF updates the same row.
        if (incident.Document is { } document)
        {
            document.Text = request.Text;
        }
        else
        {
            incident.Document = new IncidentDocument { Text = request.Text };
        }
        incident.ContentHash = hash;
        incident.DocumentVersion = session.Fit(request.DocumentVersion, FieldLimits.IncidentDocumentVersion, "the document version");
        incident.IncidentDate = meta.IncidentDate ?? meta.StartedAt.ToDate() ?? incident.IncidentDate;
        incident.StartedAt = meta.StartedAt;
        incident.EndedAt = meta.EndedAt;
        incident.DetectedAt = meta.DetectedAt;
        incident.Summary = meta.Summary;
        incident.Impact = meta.Impact;
        incident.TaskRef = session.Fit(meta.TaskRef, FieldLimits.IncidentTaskRef, "the incident's task");
        incident.PeoplePaged = meta.PeoplePaged;
        incident.ResponderCount = meta.ResponderCount;
        incident.Coordinators = [.. meta.Coordinators];
        incident.DocumentStatus = meta.DocumentStatus;
        incident.UpdatedAt = now;
    }

    private static string Sha256(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
}

internal static class DateExtensions
{
    public static DateOnly? ToDate(this DateTimeOffset? value) =>
        value is { } v ? DateOnly.FromDateTime(v.UtcDateTime) : null;
}
