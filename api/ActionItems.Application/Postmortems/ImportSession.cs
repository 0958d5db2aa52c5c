using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.Core.Extraction;
using ActionItems.Core.Import;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Postmortems;

/// <summary>One import's work on the items of an incident: matching, updating, adding, flagging, linking.</summary>
internal sealed class ImportSession(ActionItemsDbContext db, Change change, IEnumerable<string> extractionWarnings,
    DateTimeOffset? documentDate)
{
    /// <summary>Task ids per stored-link query; with the few target ids, well below every provider's parameter limit.</summary>
    internal const int RemoteIdsPerQuery = 500;

    internal sealed record ItemOutcome(int? Ordinal, ActionItem Item, ImportOutcome Outcome);

    private readonly List<string> _warnings = [.. extractionWarnings];
    private readonly Dictionary<string, Person> _people = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(ActionItem Child, ActionItem Parent)> _parents = [];
    private Dictionary<(TrackerKind, string), SyncTarget>? _targets;

    // Links this import created, by target and remote id. Looked up instead of scanning
    // ChangeTracker.Entries(), which runs DetectChanges over the whole document's graph on every reference.
    private readonly Dictionary<(SyncTarget Target, string RemoteId), ActionItem> _createdLinks = [];

    // Items already linked (in the database) to a task this document references: one query per document
    // instead of one per reference.
    private readonly Dictionary<(long TargetId, string RemoteId), ActionItem?> _storedLinks = [];

    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// An extracted value that fits its column (<see cref="FieldLimits"/>): a longer one is shortened with an ellipsis and
    /// reported, never a reason to fail the document — it is the document's text, not the importer's mistake.
    /// </summary>
    public string? Fit(string? value, int max, string what)
    {
        if (!FieldLimits.IsTooLong(value, max))
        {
            return value;
        }
        _warnings.Add($"{what} is {value!.Length:N0} characters long; it was shortened to {max:N0}");
        return FieldLimits.Truncate(value, max);
    }

    /// <summary><see cref="Fit(string?, int, string)"/> for a value that is never null.</summary>
    public string FitRequired(string value, int max, string what) => Fit(value, max, what)!;
    public int LinksCreated { get; private set; }

    public async Task<List<ItemOutcome>> ApplyItemsAsync(Incident incident, List<ActionItem> stored,
        IReadOnlyList<ExtractedActionable> actionables, CancellationToken cancellationToken)
    {
        var imported = stored.Where(i => i.SourceText is not null).ToList();
        var matches = ActionableMatcher.Match(
            [.. imported.Select(i => new StoredActionable(i.Id, i.SourceText, i.Ordinal,
                [.. i.Links.Where(l => l.RemoteId is not null).Select(l => l.RemoteId!)]))],
            [.. actionables.Select(a => new IncomingActionable(a.Ordinal, a.Title, TaskKeys(a)))]);

        await LoadStoredLinksAsync(actionables, cancellationToken);
        var outcomes = new List<ItemOutcome>();
        var byOrdinal = new Dictionary<int, ActionItem>();
        foreach (var actionable in actionables)
        {
            var existing = matches.TryGetValue(actionable.Ordinal, out var id) ? imported.Single(i => i.Id == id) : null;
            var item = existing ?? NewItem(incident, actionable);
            var outcome = existing is null ? ImportOutcome.Added
                : await UpdateAsync(existing, actionable, cancellationToken) ? ImportOutcome.Updated
                : ImportOutcome.Unchanged;
            if (existing is null)
            {
                await ApplyOwnerAndDueAsync(item, actionable, cancellationToken);
                incident.ActionItems.Add(item);
            }
            await LinkReferencesAsync(item, actionable, cancellationToken);
            byOrdinal[actionable.Ordinal] = item;
            outcomes.Add(new ItemOutcome(actionable.Ordinal, item, outcome));
        }

        foreach (var actionable in actionables.Where(a => a.ParentOrdinal is not null))
        {
            if (byOrdinal.TryGetValue(actionable.ParentOrdinal!.Value, out var parent))
            {
                _parents.Add((byOrdinal[actionable.Ordinal], parent));
            }
        }

        var matchedIds = matches.Values.ToHashSet();
        foreach (var gone in imported.Where(i => !matchedIds.Contains(i.Id)).OrderBy(i => i.Ordinal))
        {
            // Flagged, never deleted: it may carry owner, history and a live tracker task.
            gone.VanishedFromSourceAt ??= change.At;
            outcomes.Add(new ItemOutcome(null, gone, ImportOutcome.Vanished));
        }
        return outcomes;
    }

    /// <summary>Sets parent ids once the items have ids; true when anything changed.</summary>
    public bool LinkParents()
    {
        var changed = false;
        foreach (var (child, parent) in _parents.Where(p => p.Child.ParentId != p.Parent.Id))
        {
            child.ParentId = parent.Id;
            changed = true;
        }
        return changed;
    }

    private ActionItem NewItem(Incident incident, ExtractedActionable actionable)
    {
        var item = ActionItem.CreateImported(incident.Id, FitTitle(actionable), FitDescription(actionable), change,
            OpenedAt(incident, documentDate, change.At), actionable.Done == true, documentDate);
        item.Incident = incident;
        ApplySourceFields(item, actionable, ReferencedTasksOf(actionable));
        item.NeedsReview = actionable.NeedsReview;
        return item;
    }

    /// <summary>
    /// When an imported item's work was opened: at its incident's end, else its start, else the incident's date
    /// (its midnight, UTC), else when the document was last edited, else now.
    /// </summary>
    internal static DateTimeOffset OpenedAt(Incident incident, DateTimeOffset? documentDate, DateTimeOffset importedAt) =>
        incident.EndedAt ?? incident.StartedAt
        ?? (incident.IncidentDate is { } date ? new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : (DateTimeOffset?)null)
        ?? documentDate ?? importedAt;

    /// <summary>Applies what the document says, except to fields someone changed outside imports.</summary>
    private async Task<bool> UpdateAsync(ActionItem item, ExtractedActionable actionable, CancellationToken cancellationToken)
    {
        var previousText = item.SourceText;
        var referencedTasks = ReferencedTasksOf(actionable);
        // The referenced tasks count too: only a cited task's URL may change while the text shown stays the same, and
        // the item is saved (its version raised) all the same.
        var changed = item.Ordinal != actionable.Ordinal || item.SourceSection != actionable.Section ||
                      previousText != actionable.Title || item.VanishedFromSourceAt is not null ||
                      !item.ReferencedTasks.SequenceEqual(referencedTasks, StringComparer.Ordinal);
        ApplySourceFields(item, actionable, referencedTasks);
        item.VanishedFromSourceAt = null;

        if (!EditedOutsideImport(item, HistoryFields.Title))
        {
            changed |= item.SetTitle(FitTitle(actionable), change);
        }
        if (!EditedOutsideImport(item, HistoryFields.Description))
        {
            changed |= item.SetDescription(FitDescription(actionable), change);
        }
        if (!EditedOutsideImport(item, HistoryFields.Status))
        {
            // The document changed between two imports: its edit time, when known, dates the change better than now.
            var at = documentDate is { } edited && edited >= item.OpenedAt && edited <= change.At ? edited : change.At;
            if (item.SetStatus(actionable.Done == true ? ActionItemStatus.Resolved : ActionItemStatus.Open, change with { At = at }))
            {
                // The item was still updated by this import, whatever the document's date says.
                item.UpdatedAt = change.At;
                changed = true;
            }
        }
        changed |= await ApplyOwnerAndDueAsync(item, actionable, cancellationToken);
        return changed;
    }

    private async Task<bool> ApplyOwnerAndDueAsync(ActionItem item, ExtractedActionable actionable, CancellationToken cancellationToken)
    {
        var changed = false;
        if (actionable.Owner is { Length: > 0 } owner && !EditedOutsideImport(item, HistoryFields.Owner))
        {
            changed |= item.SetOwner(await PersonAsync(owner, cancellationToken), change);
        }
        if (actionable.DueDate is { } due && (due < FieldLimits.EarliestDueDate || due > FieldLimits.LatestDueDate))
        {
            _warnings.Add($"item {actionable.Ordinal}: due date {due:yyyy-MM-dd} is not between {FieldLimits.EarliestDueDate:yyyy-MM-dd} " +
                $"and {FieldLimits.LatestDueDate:yyyy-MM-dd}; it was left out");
        }
        else if (actionable.DueDate is not null && !EditedOutsideImport(item, HistoryFields.DueDate))
        {
            changed |= item.SetDueDate(actionable.DueDate, change);
        }
        return changed;
    }

    private string FitTitle(ExtractedActionable actionable)
    {
        var title = actionable.Title;
        if (string.IsNullOrWhiteSpace(title))
        {
            // An item with no text of its own ("- - - step": only nested markers) still gets a title an item can have,
            // instead of failing the whole document; the extraction already warned about it.
            title = actionable.Description?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault() is { Length: > 0 } firstLine ? firstLine : $"Item {actionable.Ordinal} (no text)";
        }
        return FitRequired(title, FieldLimits.ItemTitle, $"item {actionable.Ordinal}: the title");
    }

    private string? FitDescription(ExtractedActionable actionable) =>
        Fit(actionable.Description, FieldLimits.ItemDescription, $"item {actionable.Ordinal}: the description");

    private void ApplySourceFields(ActionItem item, ExtractedActionable actionable, List<string> referencedTasks)
    {
        item.Ordinal = actionable.Ordinal;
        item.SourceSection = Fit(actionable.Section, FieldLimits.ItemSourceSection, $"item {actionable.Ordinal}: the section heading");
        item.SourceText = actionable.Title;
        item.ReferencedTasks = referencedTasks;
        item.Confidence = actionable.Confidence;
    }

    /// <summary>Every task the text names, linked to this item or (one task, one item) to another: prevention ranking reads them.</summary>
    internal static List<string> ReferencedTasksOf(ExtractedActionable actionable) =>
        [.. actionable.References.Where(r => r.IsTask).Select(r => r.Key).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static bool EditedOutsideImport(ActionItem item, string field) =>
        item.History.Any(h => h.Field == field && h.Origin != ChangeOrigin.Import);

    /// <summary>A referenced Phabricator task or GitHub issue becomes the item's link (the item then mirrors it).</summary>
    private async Task LinkReferencesAsync(ActionItem item, ExtractedActionable actionable, CancellationToken cancellationToken)
    {
        foreach (var reference in actionable.References.Where(r => r.Kind == TaskReferenceKind.Phabricator && r.Url is null))
        {
            // A bare number with no tracker to resolve it against (README, "References to tasks").
            _warnings.Add($"item {actionable.Ordinal} references {reference.Key}, which is not linked: a bare task number is resolved " +
                          "against the configured Phabricator target, and there is not exactly one (or the document's wiki names none)");
        }
        foreach (var reference in actionable.References.Where(r => r.Kind == TaskReferenceKind.GitHubIssue && r.Url is null))
        {
            // A bare #12 whose repository nothing names: linking "#12" would point at no issue at all.
            _warnings.Add($"item {actionable.Ordinal} references {reference.Key}, which is not linked: a bare issue number is resolved " +
                          "against the document's GitHub repository (its source URL, or --repo), and none is known");
        }
        foreach (var reference in actionable.References.Where(IsLinkable))
        {
            var target = await TargetAsync(reference, cancellationToken);
            if (item.Links.Any(l => l.SyncTarget == target || (target.Id != 0 && l.SyncTargetId == target.Id)))
            {
                if (!item.Links.Any(l => string.Equals(l.RemoteId, reference.Key, StringComparison.OrdinalIgnoreCase)))
                {
                    _warnings.Add($"item {actionable.Ordinal} also references {reference.Key}; an item mirrors one task per tracker, so it stays linked to {item.Links.First(l => l.SyncTarget == target || l.SyncTargetId == target.Id).RemoteId}");
                }
                continue;
            }
            var owner = FindLinkOwner(target, reference.Key);
            if (owner is not null && owner != item)
            {
                _warnings.Add($"item {actionable.Ordinal} references {reference.Key}, which is already linked to another item ('{owner.Title}'); not linked twice");
                continue;
            }
            item.Links.Add(new TrackerLink
            {
                SyncTarget = target,
                RemoteId = reference.Key,
                RemoteUrl = reference.Url,
                State = TrackerLinkState.PendingFill,
                CreatedAt = change.At,
            });
            _createdLinks[(target, reference.Key)] = item;
            LinksCreated++;
        }
    }

    /// <summary>
    /// A task on a known tracker: a Phabricator reference only once it has a URL (a host to link to), a GitHub issue
    /// only once it names its repository (an unresolved bare <c>#12</c> has no URL either).
    /// </summary>
    private static bool IsLinkable(TaskReference reference) =>
        reference.Kind is TaskReferenceKind.Phabricator or TaskReferenceKind.GitHubIssue && reference.Url is not null;

    private async Task LoadStoredLinksAsync(IReadOnlyList<ExtractedActionable> actionables, CancellationToken cancellationToken)
    {
        var references = actionables.SelectMany(a => a.References).Where(IsLinkable).ToList();
        List<long> targetIds = [];
        foreach (var reference in references)
        {
            // Cached per session: the linking loop gets the same instances back.
            var target = await TargetAsync(reference, cancellationToken);
            if (target.Id != 0 && !targetIds.Contains(target.Id))
            {
                targetIds.Add(target.Id);
            }
        }
        if (targetIds.Count == 0)
        {
            return;
        }
        // A document may reference tens of thousands of tasks, and EF sends a list as one bind parameter per
        // element: asked in one query, SQLite refuses past 32,766 variables and PostgreSQL past 65,535. Chunks of
        // RemoteIdsPerQuery stay far below both (and below the 999 of old SQLite builds) at a query per chunk.
        foreach (var remoteIds in references.Select(r => r.Key).Distinct().Chunk(RemoteIdsPerQuery))
        {
            var stored = await db.TrackerLinks
                .Where(l => targetIds.Contains(l.SyncTargetId) && l.RemoteId != null && remoteIds.Contains(l.RemoteId))
                .Select(l => new { l.SyncTargetId, l.RemoteId, l.ActionItem })
                .ToListAsync(cancellationToken);
            foreach (var link in stored)
            {
                _storedLinks.TryAdd((link.SyncTargetId, link.RemoteId!), link.ActionItem);
            }
        }
    }

    private ActionItem? FindLinkOwner(SyncTarget target, string remoteId) =>
        _createdLinks.TryGetValue((target, remoteId), out var created) ? created
        : target.Id != 0 && _storedLinks.TryGetValue((target.Id, remoteId), out var stored) ? stored
        : null;

    /// <summary>
    /// The sync target a reference belongs to: a target of that kind whose host matches (a GitHub target's web host,
    /// <see cref="PostmortemImporter.GitHubWebRoot"/>: api.github.com serves github.com's issues), for GitHub else any
    /// GitHub target that is not an Enterprise Server (one at another address, such as a proxy, serves github.com),
    /// else a new unconfigured one (push policy None) that a later configuration for that host adopts. A Phabricator task
    /// is never linked to another host's target, nor a github.com issue to an Enterprise Server's.
    /// </summary>
    private async Task<SyncTarget> TargetAsync(TaskReference reference, CancellationToken cancellationToken)
    {
        _targets ??= [];
        var kind = reference.Kind == TaskReferenceKind.Phabricator ? TrackerKind.Phabricator : TrackerKind.GitHub;
        var baseUrl = BaseUrl(reference);
        if (_targets.TryGetValue((kind, baseUrl), out var cached))
        {
            return cached;
        }
        var ofKind = await db.SyncTargets.Where(t => t.Kind == kind).OrderBy(t => t.Id).ToListAsync(cancellationToken);
        var target = kind == TrackerKind.GitHub
            ? ofKind.FirstOrDefault(t => PostmortemImporter.GitHubWebRoot(t.BaseUrl) is { } web && SameHost(web.AbsoluteUri, baseUrl))
              ?? (SameHost(baseUrl, "https://github.com") ? ofKind.FirstOrDefault(t => !PostmortemImporter.IsGitHubEnterprise(t.BaseUrl)) : null)
            : ofKind.FirstOrDefault(t => SameHost(t.BaseUrl, baseUrl));
        if (target is null)
        {
            target = new SyncTarget
            {
                Name = new Uri(baseUrl).Host,
                Kind = kind,
                BaseUrl = baseUrl,
                PushPolicy = "None",
                CreatedAt = change.At,
            };
            db.SyncTargets.Add(target);
        }
        _targets[(kind, baseUrl)] = target;
        return target;
    }

    // Linkable Phabricator references have a URL (IsLinkable); only GitHub's bare owner/repo#12 has a default host.
    private static string BaseUrl(TaskReference reference) =>
        reference.Url is { } url && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            ? $"{uri.Scheme}://{uri.Authority}"
            : "https://github.com";

    private static bool SameHost(string a, string b) =>
        Uri.TryCreate(a, UriKind.Absolute, out var x) && Uri.TryCreate(b, UriKind.Absolute, out var y) &&
        string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase);

    private async Task<Person> PersonAsync(string name, CancellationToken cancellationToken)
    {
        var key = name.Trim().TrimStart('@');
        if (_people.TryGetValue(key, out var known))
        {
            return known;
        }
        var lower = key.ToLowerInvariant();
        // ToLower() is what both providers translate; string.Equals with a comparison does not translate.
#pragma warning disable CA1862
        var person = await db.People.FirstOrDefaultAsync(p =>
            (p.PhabricatorUsername != null && p.PhabricatorUsername.ToLower() == lower) ||
            (p.GitHubLogin != null && p.GitHubLogin.ToLower() == lower) ||
            p.DisplayName.ToLower() == lower, cancellationToken);
#pragma warning restore CA1862
        if (person is null)
        {
            // Saved at once (inside the import's transaction): an owner is recorded by person id.
            person = new Person { DisplayName = FitRequired(key, FieldLimits.PersonDisplayName, $"owner '{key[..Math.Min(key.Length, 40)]}…'"), CreatedAt = change.At };
            db.People.Add(person);
            await db.SaveChangesAsync(cancellationToken);
        }
        _people[key] = person;
        return person;
    }

    private static List<string> TaskKeys(ExtractedActionable actionable) =>
        [.. actionable.References.Where(r => r.IsTask).Select(r => r.Key)];
}
