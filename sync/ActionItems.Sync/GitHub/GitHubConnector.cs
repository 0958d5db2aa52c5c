using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;
using Octokit;

namespace ActionItems.Sync.GitHub;

/// <summary>
/// What one GitHub target remembers for the life of the process, shared by its connectors (one per job run): the sync
/// account, where each issue id lives (the REST API reads issues by repository and number only), and which
/// (issue id, updated_at) the poll already handed out.
/// </summary>
public sealed class GitHubTargetState
{
    public RemoteAccount? Me { get; set; }

    /// <summary>Issue id → <c>owner/repo</c> and number, from every issue read.</summary>
    public ConcurrentDictionary<long, (string Repository, int Number)> Locations { get; } = new();

    /// <summary>Issue id → the updated_at last returned by a poll, so the poll's overlap does not return it again.</summary>
    public ConcurrentDictionary<long, DateTimeOffset> Polled { get; } = new();

    private long _serverTimeTicks;

    private readonly Lock _writeSlotGate = new();
    private DateTimeOffset _nextWriteAt = DateTimeOffset.MinValue;
    private GitHubRateLimitBudget? _rateLimit;

    /// <summary>The rate-limit budget as GitHub's latest answer stated it (<c>x-ratelimit-*</c>); null before any answer carried it.</summary>
    public GitHubRateLimitBudget? RateLimit => Volatile.Read(ref _rateLimit);

    public void SawRateLimit(GitHubRateLimitBudget budget) => Volatile.Write(ref _rateLimit, budget);

    /// <summary>
    /// Waits until <paramref name="spacing"/> (<see cref="GitHubClientOptions.WriteSpacing"/>, by default
    /// <see cref="GitHubConnector.MinWriteSpacing"/>) has passed since this target's previous write began: GitHub's secondary
    /// rate limits punish bursts of writes (its guidance is at least a second between them). Writes of one target in this
    /// process go out a spacing apart, whichever connector or job sends them; reads are not paced.
    /// </summary>
    public async Task PaceWriteAsync(TimeProvider clock, TimeSpan spacing, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset slot;
        lock (_writeSlotGate)
        {
            // Each write reserves the next free slot, so concurrent writes queue up a spacing apart without holding a lock while waiting.
            slot = _nextWriteAt > now ? _nextWriteAt : now;
            _nextWriteAt = slot + spacing;
        }
        if (slot > now)
        {
            await Task.Delay(slot - now, clock, cancellationToken);
        }
    }

    /// <summary>
    /// The latest <c>Date</c> of a GitHub answer (a 304 too: it is read off the wire, before Octokit substitutes the cached
    /// answer with its old headers). GitHub's own clock, so ours may be skewed.
    /// </summary>
    public DateTimeOffset? ServerTime => Interlocked.Read(ref _serverTimeTicks) is var ticks and > 0 ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void SawServerTime(DateTimeOffset at)
    {
        var ticks = at.UtcTicks;
        for (var current = Interlocked.Read(ref _serverTimeTicks); ticks > current;)
        {
            var seen = Interlocked.CompareExchange(ref _serverTimeTicks, ticks, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}

/// <summary>
/// A target's GitHub rate-limit budget from the <c>x-ratelimit-limit</c>, <c>x-ratelimit-remaining</c> and
/// <c>x-ratelimit-reset</c> headers of the latest answer that carried them (a 304 too), and when that answer came.
/// </summary>
public sealed record GitHubRateLimitBudget(int Remaining, int Limit, DateTimeOffset ResetAt, DateTimeOffset ObservedAt);

/// <summary>
/// <see cref="ISyncConnector"/> for GitHub Issues (github.com or GitHub Enterprise Server) through Octokit's REST client.
/// Remote ids are <c>owner/repo#12</c>, internal ids the issue's numeric <c>id</c> (stable when the issue is moved or
/// its repository renamed; its number is not), account ids logins. Statuses, priorities and tags are labels as
/// <see cref="GitHubVocabulary"/> says. Every GET goes through the ETag cache (<see cref="GitHubResponseCache"/>), so
/// re-reading an unchanged issue or an idle poll page costs a 304.
/// <para>
/// Not yet read (issue 16, first step): issue events, so pulled changes are attributed to the target at the issue's
/// <c>updated_at</c> and no history is backfilled; <see cref="ResolveAccountsAsync"/> takes logins as they are.
/// </para>
/// </summary>
public sealed partial class GitHubConnector(SyncTargetOptions target, IGitHubClient client, GitHubTargetState state, TimeProvider clock,
    TimeSpan writeSpacing) : ISyncConnector
{
    public const int PageSize = 100;

    /// <summary>
    /// How far before the cursor a poll asks from: <c>since</c> is inclusive and second-grained, and a change can commit
    /// late within its second. What was handed out already is skipped (<see cref="GitHubTargetState.Polled"/>).
    /// </summary>
    public static readonly TimeSpan PollOverlap = TimeSpan.FromSeconds(2);

    /// <summary>How long after a second (GitHub's clock) no change can still be committed with that second's updated_at.</summary>
    public static readonly TimeSpan SettledAfter = TimeSpan.FromSeconds(10);

    /// <summary>
    /// From this many issues of one repository in one <see cref="FetchAsync"/> on, listing the repository is tried instead
    /// of a GET per issue. Fewer (a pull, a small push) are read one by one: such GETs are conditional, often a free 304.
    /// </summary>
    public const int MinIssuesWorthListing = 10;

    /// <summary>The default least time between two writes (POST, PATCH) to one target (<see cref="GitHubClientOptions.WriteSpacing"/>).</summary>
    public static readonly TimeSpan MinWriteSpacing = TimeSpan.FromSeconds(1);

    private readonly GitHubVocabulary _vocabulary = new(target);
    private readonly string _owner = target.Repository!.Split('/')[0];
    private readonly string _name = target.Repository!.Split('/')[1];

    // Issues read in this job run by id: an update merges labels into what the engine just fetched instead of reading again.
    private readonly Dictionary<long, Issue> _read = [];

    // Repositories listed in this job run (FetchAsync of many issues, see ListRepositoryAsync).
    private readonly Dictionary<string, RepositoryListing> _listed = new(StringComparer.OrdinalIgnoreCase);

    public TrackerKind Kind => TrackerKind.GitHub;

    // ---------------------------------------------------------------- accounts

    public async Task<RemoteAccount> WhoAmIAsync(CancellationToken cancellationToken)
    {
        if (state.Me is { } me)
        {
            return me;
        }
        var user = await CallAsync(() => client.User.Current(), isWrite: false, remoteId: null);
        return state.Me = new RemoteAccount(user.Login, user.Login, user.Name);
    }

    /// <summary>Logins are the account ids: taken as they are, no call (display names are not read yet).</summary>
    public Task<IReadOnlyList<RemoteAccount>> ResolveAccountsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RemoteAccount>>(
            [.. accountIds.Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.Ordinal).Select(a => new RemoteAccount(a, a, null))]);

    public async Task<RemoteAccount?> FindAccountByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        try
        {
            var user = await CallAsync(() => client.User.Get(username), isWrite: false, remoteId: null);
            return new RemoteAccount(user.Login, user.Login, user.Name);
        }
        catch (TrackerPermanentException e) when (e.InnerException is NotFoundException)
        {
            return null;
        }
    }

    // ---------------------------------------------------------------- reads

    /// <summary>
    /// The REST API has no batch read. A few issues of a repository are read one GET each (unchanged ones answer 304 from
    /// the ETag cache); from <see cref="MinIssuesWorthListing"/> of one repository on, the repository is listed instead,
    /// 100 per page, when that costs no more requests than the GETs would (<see cref="ListRepositoryAsync"/>), so a first
    /// fill of N linked issues costs ceil(N/100) requests. Ids are <c>owner/repo#12</c> or issue ids; an issue id this
    /// process has not seen yet is found by listing the target's repository (100 per page, newest change first) until it
    /// turns up.
    /// </summary>
    public async Task<IReadOnlyList<RemoteItem>> FetchAsync(IReadOnlyCollection<string> remoteIds, CancellationToken cancellationToken)
    {
        var wanted = new List<(string Repository, int Number, string RemoteId)>();
        var unknownIds = new HashSet<long>();
        foreach (var remoteId in remoteIds.Select(r => r.Trim()).Distinct(StringComparer.Ordinal))
        {
            if (ParseRemoteId(remoteId) is { } reference)
            {
                wanted.Add((reference.Repository, reference.Number, remoteId));
            }
            else if (long.TryParse(remoteId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            {
                if (state.Locations.TryGetValue(id, out var location))
                {
                    wanted.Add((location.Repository, location.Number, remoteId));
                }
                else
                {
                    unknownIds.Add(id);
                }
            }
        }
        var items = new List<RemoteItem>();
        if (unknownIds.Count > 0)
        {
            items.AddRange(await FindByIdsAsync(unknownIds, cancellationToken));
        }
        foreach (var repository in wanted.GroupBy(w => w.Repository, StringComparer.OrdinalIgnoreCase))
        {
            await ListRepositoryAsync(repository.Key, [.. repository.Select(w => w.Number)]);
        }
        foreach (var (repository, number, remoteId) in wanted)
        {
            // A listed issue is handed out once: asked again in this run (after a write), it is read afresh.
            if (_listed.TryGetValue(repository, out var listing) && listing.Issues.Remove(number, out var fromList))
            {
                items.Add(Map(fromList));
                continue;
            }
            var (owner, name) = Split(repository);
            try
            {
                items.Add(Map(await CallAsync(() => client.Issue.Get(owner, name, number), isWrite: false, remoteId)));
            }
            catch (TrackerObjectGoneException)
            {
                // Absent from the result: the engine breaks the link.
            }
        }
        return [.. items.DistinctBy(i => i.InternalId)];
    }

    /// <summary>
    /// Lists <paramref name="repository"/>'s issues (and pull requests, which the list holds too) oldest first, 100 per
    /// page, following <c>Link: rel="next"</c>, into <see cref="_listed"/> for this job run. The first page is read once
    /// <see cref="MinIssuesWorthListing"/> issues of the repository are wanted at once; its <c>rel="last"</c> says how
    /// many pages there are. The pages left are read, all of them, only when the wanted issues not listed yet are at
    /// least as many (one GET each otherwise): the engine asks 100 at a time, so a fill of a whole repository reads
    /// page 1 for the first hundred and the rest for the second, while a few issues of a large repository are never
    /// fetched by listing it whole. Issues not in the listing (moved to another repository, deleted) are left to a GET
    /// each, which follows a move or reports the issue gone.
    /// </summary>
    private async Task ListRepositoryAsync(string repository, HashSet<int> wantedNumbers)
    {
        if (!_listed.TryGetValue(repository, out var listing))
        {
            if (wantedNumbers.Count < MinIssuesWorthListing)
            {
                return;
            }
            var (owner, name) = Split(repository);
            var uri = new Uri($"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}/issues", UriKind.Relative);
            var first = await ListAsync(uri, new Dictionary<string, string>
            {
                ["state"] = "all", ["sort"] = "created", ["direction"] = "asc", ["per_page"] = Num(PageSize),
            });
            _listed[repository] = listing = new RepositoryListing(first.Body.ToDictionary(i => i.Number), NextPage(first),
                PagesLeft: LastPageNumber(first) is { } last ? last - 1 : 0);
        }
        var missing = wantedNumbers.Count(n => !listing.Issues.ContainsKey(n));
        if (listing.Next is null || missing == 0 || listing.PagesLeft > missing)
        {
            return;
        }
        for (var next = listing.Next; next is not null;)
        {
            var response = await ListAsync(next, null);
            foreach (var issue in response.Body)
            {
                listing.Issues[issue.Number] = issue;
            }
            next = NextPage(response);
        }
        _listed[repository] = listing with { Next = null, PagesLeft = 0 };
    }

    /// <summary>A repository's issues listed in this job run by number (not yet handed out), and where the listing goes on.</summary>
    private sealed record RepositoryListing(Dictionary<int, Issue> Issues, Uri? Next, int PagesLeft);

    private static int? LastPageNumber(IApiResponse<List<Issue>> response) =>
        response.HttpResponse.ApiInfo?.Links is { } links && links.TryGetValue("last", out var last) &&
        System.Web.HttpUtility.ParseQueryString(last.Query)["page"] is { } page &&
        int.TryParse(page, NumberStyles.None, CultureInfo.InvariantCulture, out var pages)
            ? pages
            : null;

    private async Task<IReadOnlyList<RemoteItem>> FindByIdsAsync(HashSet<long> ids, CancellationToken cancellationToken)
    {
        var found = new List<RemoteItem>();
        Uri? next = null;
        var first = true;
        while ((first || next is not null) && ids.Count > 0)
        {
            var response = await ListAsync(first ? IssuesUri() : next!, first
                ? new Dictionary<string, string> { ["state"] = "all", ["sort"] = "updated", ["direction"] = "desc", ["per_page"] = Num(PageSize) }
                : null);
            first = false;
            foreach (var issue in response.Body.Where(i => ids.Remove(i.Id)))
            {
                found.Add(Map(issue));
            }
            next = NextPage(response);
        }
        return found;
    }

    /// <summary>
    /// Polls <c>GET /repos/{owner}/{repo}/issues?state=all&amp;sort=updated&amp;direction=asc&amp;since=…&amp;per_page=100</c>
    /// from the cursor minus <see cref="PollOverlap"/>. Pull requests (they are issues to this endpoint, with a
    /// <c>pull_request</c> key) are skipped. A full page continues from its last issue's updated_at (<c>since</c> again,
    /// inclusive) rather than from the <c>Link: rel="next"</c> page number: an issue updated while the walk is between
    /// pages moves to the end of the order and would shift an unread issue onto the page already read. Only a page whose
    /// issues all share the second it started from (a bulk change) follows <c>rel="next"</c>, since asking from that
    /// second again would return the same page. Cursors: <c>"&lt;since&gt;"</c> (ISO 8601, the newest updated_at seen)
    /// between polls; while paging <c>"&lt;since&gt;|&lt;newest seen&gt;|&lt;next&gt;"</c>, next being a time to continue from
    /// or a <c>Link</c> URL. An idle poll asks the very URL it asked before, which the ETag cache turns into one request
    /// answered 304.
    /// </summary>
    public async Task<RemoteChangePage> FetchChangedAsync(string? cursor, CancellationToken cancellationToken)
    {
        if (cursor is null)
        {
            // Start watching from the server's own clock (ours may be skewed): its newest change.
            var newest = await ListAsync(IssuesUri(), new Dictionary<string, string>
            {
                ["state"] = "all", ["sort"] = "updated", ["direction"] = "desc", ["per_page"] = "1",
            });
            var start = newest.Body.FirstOrDefault()?.UpdatedAt ?? clock.GetUtcNow();
            return new RemoteChangePage([], Format(start), HasMore: false);
        }

        var (since, newestSeen, continueFrom, nextPage) = ParseCursor(cursor);
        var pageSince = continueFrom ?? since - PollOverlap;
        var response = nextPage is null
            ? await ListAsync(IssuesUri(), new Dictionary<string, string>
            {
                ["state"] = "all",
                ["sort"] = "updated",
                ["direction"] = "asc",
                ["since"] = Format(pageSince),
                ["per_page"] = Num(PageSize),
            })
            : await ListAsync(nextPage, null);
        var issues = response.Body;
        // Only issues read count as seen (MinValue: none yet), so a settled cursor does not creep on by itself.
        var seen = issues.Select(i => i.UpdatedAt ?? i.CreatedAt).Append(newestSeen).Max();
        var fresh = issues.Where(i => i.PullRequest is null)
            .GroupBy(i => i.Id).Select(g => g.OrderByDescending(i => i.UpdatedAt).First())
            .Where(i => !state.Polled.TryGetValue(i.Id, out var handedOut) || handedOut != (i.UpdatedAt ?? i.CreatedAt))
            .ToList();
        foreach (var issue in fresh)
        {
            state.Polled[issue.Id] = issue.UpdatedAt ?? issue.CreatedAt;
        }
        var items = fresh.Select(Map).ToList();
        if (NextPage(response) is { } next)
        {
            var lastUpdated = issues[^1].UpdatedAt ?? issues[^1].CreatedAt;
            var continuation = nextPage is null && lastUpdated > pageSince ? Format(lastUpdated) : next.AbsoluteUri;
            return new RemoteChangePage(items, $"{Format(since)}|{Format(seen)}|{continuation}", HasMore: true);
        }
        var upTo = seen > since ? seen : since;
        // A second GitHub's clock has long left holds no more changes, so the next poll asks from after it: after a bulk
        // change (hundreds of issues updated in one second) an idle poll is one request again, not a re-read of them all.
        if (seen > DateTimeOffset.MinValue && state.ServerTime is { } now && now - seen >= SettledAfter &&
            seen + TimeSpan.FromSeconds(1) + PollOverlap > upTo)
        {
            upTo = seen + TimeSpan.FromSeconds(1) + PollOverlap;
        }
        // What the overlap of the next poll can return again is all the memory of handed-out versions needs.
        foreach (var (id, at) in state.Polled)
        {
            if (at < upTo - PollOverlap - PollOverlap)
            {
                state.Polled.TryRemove(id, out _);
            }
        }
        return new RemoteChangePage(items, Format(upTo), HasMore: false);
    }

    private static (DateTimeOffset Since, DateTimeOffset NewestSeen, DateTimeOffset? ContinueFrom, Uri? NextPage) ParseCursor(string cursor)
    {
        var parts = cursor.Split('|', 3);
        if (ParseTime(parts[0]) is { } since)
        {
            if (parts.Length == 1)
            {
                return (since, DateTimeOffset.MinValue, null, null);
            }
            if (parts.Length == 3 && ParseTime(parts[1]) is { } seen)
            {
                if (ParseTime(parts[2]) is { } continueFrom)
                {
                    return (since, seen, continueFrom, null);
                }
                if (Uri.TryCreate(parts[2], UriKind.Absolute, out var next) && next.Scheme is "http" or "https")
                {
                    return (since, seen, null, next);
                }
            }
        }
        throw new ArgumentException($"'{cursor}' is not a GitHub poll cursor", nameof(cursor));
    }

    private static DateTimeOffset? ParseTime(string text) =>
        text.Length == 20 && DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at)
            ? at
            : null;

    /// <summary>
    /// Issues our account opened in the target's repository, updated (so also created) since <paramref name="createdSince"/>,
    /// newest first, matched on the marker in their body: a list read, never the search API, whose index lags.
    /// </summary>
    public async Task<RemoteItem?> FindBySyncKeyAsync(Guid syncKey, DateTimeOffset createdSince, CancellationToken cancellationToken)
    {
        var me = await WhoAmIAsync(cancellationToken);
        var response = await ListAsync(IssuesUri(), new Dictionary<string, string>
        {
            ["state"] = "all",
            ["creator"] = me.Id,
            ["sort"] = "created",
            ["direction"] = "desc",
            ["since"] = Format(createdSince),
            ["per_page"] = Num(PageSize),
        });
        while (true)
        {
            if (response.Body.FirstOrDefault(i => i.PullRequest is null && GitHubSyncKeyMarker.Find(i.Body) == syncKey) is { } match)
            {
                return Map(match);
            }
            if (response.Body.Count == 0 || response.Body[^1].CreatedAt < createdSince || NextPage(response) is not { } next)
            {
                return null;
            }
            response = await ListAsync(next, null);
        }
    }

    /// <summary>Issue events are not read yet (issue 16): no history, so pulled changes are attributed to the target.</summary>
    public Task<IReadOnlyList<RemoteHistoryEntry>> FetchHistoryAsync(RemoteItemRef item, DateTimeOffset? since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<RemoteHistoryEntry>>([]);

    public Task<RecentHistory> FetchRecentHistoryAsync(IReadOnlyDictionary<string, IReadOnlyCollection<string>> fieldsByObject, DateTimeOffset since,
        CancellationToken cancellationToken) =>
        Task.FromResult(new RecentHistory(new Dictionary<string, IReadOnlyList<RemoteHistoryEntry>>(), Complete: false));

    // ---------------------------------------------------------------- writes

    /// <summary>
    /// <c>POST /repos/{owner}/{repo}/issues</c> with title, body (description and the hidden sync-key marker), labels
    /// (project tags, <c>priority:*</c>, <c>status:*</c>) and the owner's login as assignee. An issue cannot be created
    /// closed, so a closed status takes a second call; if that one fails the open issue is returned, the engine stores it
    /// as the base and sends the status with the next push.
    /// </summary>
    public async Task<RemoteWriteResult> CreateAsync(RemoteDraft draft, CancellationToken cancellationToken)
    {
        var fields = draft.Fields;
        var status = fields.Status ?? ActionItemStatus.Open;
        var newIssue = new NewIssue(fields.Title) { Body = GitHubSyncKeyMarker.Append(fields.Description, draft.SyncKey) };
        foreach (var label in _vocabulary.MergeLabels([], status, fields.Priority, target.ProjectTags.Concat(fields.Tags)))
        {
            newIssue.Labels.Add(label);
        }
        if (fields.OwnerAccountId is { } owner)
        {
            newIssue.Assignees.Add(owner);
        }
        var created = await WriteAsync(() => client.Issue.Create(_owner, _name, newIssue), remoteId: null, cancellationToken);
        Remember(created);
        var (open, reason, _) = _vocabulary.RemoteStatus(status);
        if (!open)
        {
            try
            {
                created = await PatchAsync(RemoteIdOf(created), Location(created), new Dictionary<string, object?>
                {
                    ["state"] = "closed",
                    ["state_reason"] = reason,
                }, cancellationToken);
            }
            catch (TrackerException e) when (e is not TrackerPermanentException { AffectsWholeTarget: true })
            {
                // The issue exists: hand it back open, the next push closes it.
            }
        }
        return RemoteWriteResult.Of(Map(created));
    }

    /// <summary>
    /// One <c>PATCH /repos/{owner}/{repo}/issues/{number}</c> carrying only the changed fields. The body is built here
    /// rather than with Octokit's <c>IssueUpdate</c>, which always sends <c>milestone</c> (null clears it): a milestone
    /// someone set is never touched. Labels are sent whole (GitHub replaces them), so they are merged into the issue's
    /// current labels: labels we do not own stay. They are sent only when the set changes, in the same PATCH (no label
    /// calls); changes that leave the issue as it is send nothing.
    /// </summary>
    public async Task<RemoteWriteResult> UpdateAsync(RemoteItemRef item, RemoteFieldChanges changes, CancellationToken cancellationToken)
    {
        var current = await CurrentAsync(item, cancellationToken);
        if (changes.IsEmpty)
        {
            return RemoteWriteResult.Of(Map(current));
        }
        var body = new Dictionary<string, object?>();
        if (changes.Title is { } title)
        {
            body["title"] = title;
        }
        if (changes.Description is { } description)
        {
            var key = item.SyncKey ?? GitHubSyncKeyMarker.Find(current.Body);
            body["body"] = key is { } k ? GitHubSyncKeyMarker.Append(description, k) : description;
        }
        if (changes.ClearOwner)
        {
            body["assignees"] = Array.Empty<string>();
        }
        else if (changes.OwnerAccountId is { } owner)
        {
            body["assignees"] = new[] { owner };
        }
        var labels = current.Labels.Select(l => l.Name).ToList();
        var labelsChanged = false;
        if (changes.Status is { } status)
        {
            var (open, reason, statusLabel) = _vocabulary.RemoteStatus(status);
            body["state"] = open ? "open" : "closed";
            if (!open)
            {
                body["state_reason"] = reason;
            }
            labels.RemoveAll(l => l.StartsWith(GitHubVocabulary.StatusLabelPrefix, StringComparison.OrdinalIgnoreCase) && _vocabulary.Owns(l));
            if (statusLabel is not null)
            {
                labels.Add(statusLabel);
            }
            labelsChanged = true;
        }
        if (changes.Priority is { } priority)
        {
            labels.RemoveAll(l => l.StartsWith(GitHubVocabulary.PriorityLabelPrefix, StringComparison.OrdinalIgnoreCase) && _vocabulary.Owns(l));
            if (_vocabulary.PriorityLabel(priority) is { } priorityLabel)
            {
                labels.Add(priorityLabel);
            }
            labelsChanged = true;
        }
        if (changes.TagsToRemove is { Count: > 0 } remove)
        {
            labels.RemoveAll(l => remove.Contains(SyncedFields.NormalizeTag(l), StringComparer.Ordinal));
            labelsChanged = true;
        }
        if (changes.TagsToAdd is { Count: > 0 } add)
        {
            labels.AddRange(add.Where(t => !labels.Contains(t, StringComparer.OrdinalIgnoreCase)));
            labelsChanged = true;
        }
        var newLabels = labels.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        // Sent only when the set differs: a status change between Open and Resolved touches no label, and a labels key
        // would overwrite a label someone added since our read.
        if (labelsChanged && !newLabels.ToHashSet(StringComparer.OrdinalIgnoreCase).SetEquals(current.Labels.Select(l => l.Name)))
        {
            body["labels"] = newLabels;
        }
        if (body.Count == 0)
        {
            return RemoteWriteResult.Of(Map(current));
        }
        var updated = await PatchAsync(item.RemoteId, Location(current), body, cancellationToken);
        return RemoteWriteResult.Of(Map(updated));
    }

    private async Task<Issue> CurrentAsync(RemoteItemRef item, CancellationToken cancellationToken)
    {
        if (item.InternalId is { } internalId && long.TryParse(internalId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) &&
            _read.TryGetValue(id, out var seen))
        {
            return seen;
        }
        _ = await FetchAsync([item.InternalId ?? item.RemoteId], cancellationToken);
        var fetched = item.InternalId is { } i && long.TryParse(i, NumberStyles.None, CultureInfo.InvariantCulture, out var fetchedId)
            ? _read.GetValueOrDefault(fetchedId)
            : _read.Values.FirstOrDefault(v => string.Equals(RemoteIdOf(v), item.RemoteId, StringComparison.OrdinalIgnoreCase));
        return fetched ?? throw new TrackerObjectGoneException($"{target.Name}: {item.RemoteId} no longer exists or is not visible to us", item.RemoteId);
    }

    private async Task<Issue> PatchAsync(string remoteId, (string Repository, int Number) location, Dictionary<string, object?> body,
        CancellationToken cancellationToken)
    {
        var (owner, name) = Split(location.Repository);
        var uri = new Uri($"repos/{Uri.EscapeDataString(owner)}/{Uri.EscapeDataString(name)}/issues/{Num(location.Number)}", UriKind.Relative);
        var response = await WriteAsync(() => client.Connection.Patch<Issue>(uri, body), remoteId, cancellationToken);
        Remember(response.Body);
        return response.Body;
    }

    // ---------------------------------------------------------------- mapping

    private RemoteItem Map(Issue issue)
    {
        Remember(issue);
        var labels = issue.Labels.Select(l => l.Name).ToList();
        var open = issue.State.StringValue != "closed";
        // StringValue, not Value: GitHub sends reasons Octokit's enum lacks ("duplicate"), and Value would throw on them.
        var statusKey = _vocabulary.StatusKey(open, issue.StateReason?.StringValue, labels);
        return new RemoteItem
        {
            RemoteId = RemoteIdOf(issue),
            InternalId = issue.Id.ToString(CultureInfo.InvariantCulture),
            Url = issue.HtmlUrl,
            Fields = new RemoteFields
            {
                Title = issue.Title ?? "",
                Status = _vocabulary.LocalStatus(statusKey),
                RemoteStatus = statusKey,
                OwnerAccountId = issue.Assignee?.Login ?? (issue.Assignees is { Count: > 0 } assignees ? assignees[0].Login : null),
                Priority = _vocabulary.PriorityOf(labels),
                Description = GitHubSyncKeyMarker.Strip(issue.Body),
                Tags = _vocabulary.TagsOf(labels),
            },
            CreatedAt = issue.CreatedAt,
            ModifiedAt = issue.UpdatedAt ?? issue.CreatedAt,
            AuthorAccountId = issue.User?.Login,
            ClosedAt = open ? null : issue.ClosedAt,
            CloserAccountId = open ? null : issue.ClosedBy?.Login,
            SyncKey = GitHubSyncKeyMarker.Find(issue.Body),
        };
    }

    private void Remember(Issue issue)
    {
        _read[issue.Id] = issue;
        state.Locations[issue.Id] = Location(issue);
    }

    [GeneratedRegex(@"/repos/(?<owner>[^/]+)/(?<name>[^/]+)/issues/(?<number>\d+)$")]
    private static partial Regex IssueApiUrl();

    [GeneratedRegex(@"^(?<repository>[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)#(?<number>\d+)$")]
    private static partial Regex RemoteIdPattern();

    /// <summary>Where the issue lives now, from its API URL (a moved issue answers with its new one).</summary>
    private (string Repository, int Number) Location(Issue issue) =>
        issue.Url is { } url && IssueApiUrl().Match(url) is { Success: true } m
            ? ($"{Uri.UnescapeDataString(m.Groups["owner"].Value)}/{Uri.UnescapeDataString(m.Groups["name"].Value)}", issue.Number)
            : (target.Repository!, issue.Number);

    private string RemoteIdOf(Issue issue)
    {
        var (repository, number) = Location(issue);
        return $"{repository}#{Num(number)}";
    }

    /// <summary><c>owner/repo#12</c>, or <c>#12</c> / <c>12</c>-less forms are not accepted (a bare number is an issue id).</summary>
    public static (string Repository, int Number)? ParseRemoteId(string remoteId) =>
        RemoteIdPattern().Match(remoteId) is { Success: true } m &&
        int.TryParse(m.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? (m.Groups["repository"].Value, number)
            : null;

    private static (string Owner, string Name) Split(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return (repository[..slash], repository[(slash + 1)..]);
    }

    private Uri IssuesUri() =>
        new($"repos/{Uri.EscapeDataString(_owner)}/{Uri.EscapeDataString(_name)}/issues", UriKind.Relative);

    private async Task<IApiResponse<List<Issue>>> ListAsync(Uri uri, Dictionary<string, string>? parameters) =>
        await CallAsync(() => client.Connection.Get<List<Issue>>(uri, parameters), isWrite: false, remoteId: null);

    private static Uri? NextPage(IApiResponse<List<Issue>> response) =>
        response.HttpResponse.ApiInfo?.Links is { } links && links.TryGetValue("next", out var next) ? next : null;

    private static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Num(int value) => value.ToString(CultureInfo.InvariantCulture);

    // ---------------------------------------------------------------- errors

    /// <summary>A write (POST, PATCH), paced per target (<see cref="GitHubTargetState.PaceWriteAsync"/>).</summary>
    private async Task<T> WriteAsync<T>(Func<Task<T>> call, string? remoteId, CancellationToken cancellationToken)
    {
        await state.PaceWriteAsync(clock, writeSpacing, cancellationToken);
        return await CallAsync(call, isWrite: true, remoteId);
    }

    /// <summary>Octokit's exceptions → the engine's error classes (docs/sync.md, Errors).</summary>
    private async Task<T> CallAsync<T>(Func<Task<T>> call, bool isWrite, string? remoteId)
    {
        try
        {
            return await call();
        }
        catch (RateLimitExceededException e)
        {
            throw new TrackerRateLimitedException($"{target.Name}: GitHub rate limit reached ({e.Limit} per hour)", e.Reset, e);
        }
        catch (SecondaryRateLimitExceededException e)
        {
            throw new TrackerRateLimitedException($"{target.Name}: GitHub secondary rate limit: {e.Message}", RetryAt(e.HttpResponse, TimeSpan.FromMinutes(1)), e);
        }
        catch (AbuseException e)
        {
            throw new TrackerRateLimitedException($"{target.Name}: GitHub secondary rate limit: {e.Message}",
                clock.GetUtcNow() + TimeSpan.FromSeconds(e.RetryAfterSeconds ?? 60), e);
        }
        catch (AuthorizationException e)
        {
            throw new TrackerPermanentException($"{target.Name}: GitHub refused the token ({e.Message})", "401", affectsWholeTarget: true, e);
        }
        catch (ApiValidationException e)
        {
            var details = e.ApiError?.Errors is { Count: > 0 } errors
                ? ": " + string.Join("; ", errors.Select(x => $"{x.Resource}.{x.Field} {x.Code}{(x.Message is null ? "" : " " + x.Message)}"))
                : "";
            throw new TrackerPermanentException($"{target.Name}: GitHub refused the request: {e.Message}{details}", ((int)e.StatusCode).ToString(CultureInfo.InvariantCulture),
                inner: e);
        }
        catch (NotFoundException e) when (remoteId is not null)
        {
            throw new TrackerObjectGoneException($"{target.Name}: {remoteId} does not exist or is not visible to us", remoteId, e);
        }
        catch (NotFoundException e)
        {
            throw new TrackerPermanentException($"{target.Name}: {target.Repository} does not exist on {target.BaseUrl} or the token cannot see it ({e.Message})",
                "404", affectsWholeTarget: true, e);
        }
        catch (ForbiddenException e)
        {
            throw new TrackerPermanentException($"{target.Name}: GitHub forbids this to the token ({e.Message}); it needs the scopes in the README, GitHub target",
                "403", affectsWholeTarget: true, e);
        }
        catch (ApiException e) when ((int)e.StatusCode == 429)
        {
            throw new TrackerRateLimitedException($"{target.Name}: GitHub answered 429", RetryAt(e.HttpResponse, TimeSpan.FromMinutes(1)), e);
        }
        catch (ApiException e) when (e.StatusCode == HttpStatusCode.Gone && remoteId is not null)
        {
            throw new TrackerObjectGoneException($"{target.Name}: {remoteId} was deleted ({e.Message})", remoteId, e);
        }
        catch (ApiException e) when ((int)e.StatusCode >= 500 || e.StatusCode == 0)
        {
            throw isWrite
                ? new TrackerUnknownOutcomeException($"{target.Name}: GitHub failed a write ({(int)e.StatusCode}): {e.Message}", e)
                : new TrackerTransientException($"{target.Name}: GitHub answered {(int)e.StatusCode}: {e.Message}", e);
        }
        catch (ApiException e)
        {
            throw new TrackerPermanentException($"{target.Name}: GitHub refused the request ({(int)e.StatusCode}): {e.Message}",
                ((int)e.StatusCode).ToString(CultureInfo.InvariantCulture), inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or TimeoutException)
        {
            throw isWrite
                ? new TrackerUnknownOutcomeException($"{target.Name}: the answer to a write was lost: {e.Message}", e)
                : new TrackerTransientException($"{target.Name}: GitHub could not be reached: {e.Message}", e);
        }
    }

    private DateTimeOffset RetryAt(IResponse? response, TimeSpan fallback)
    {
        var headers = response?.Headers;
        if (headers is not null && headers.FirstOrDefault(h => string.Equals(h.Key, "Retry-After", StringComparison.OrdinalIgnoreCase)).Value is { } retryAfter &&
            int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return clock.GetUtcNow() + TimeSpan.FromSeconds(seconds);
        }
        if (headers is not null && headers.FirstOrDefault(h => string.Equals(h.Key, "X-RateLimit-Reset", StringComparison.OrdinalIgnoreCase)).Value is { } reset &&
            long.TryParse(reset, NumberStyles.None, CultureInfo.InvariantCulture, out var epoch) && epoch < 100_000_000_000)
        {
            return DateTimeOffset.FromUnixTimeSeconds(epoch);
        }
        return clock.GetUtcNow() + fallback;
    }
}
