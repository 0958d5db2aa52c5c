using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using ActionItems.Core.Domain;
using ActionItems.Sync.Engine;

namespace ActionItems.Sync.Phabricator;

/// <summary>
/// <see cref="ISyncConnector"/> for Phabricator / Phorge Maniphest over Conduit. Remote ids are
/// monograms (<c>T123</c>), internal ids task PHIDs, account ids user PHIDs.
/// <para>
/// Cost model: the instance's status and priority sets and the target's project PHIDs are loaded
/// once (2–3 calls) by the first operation that maps or sends a task, then cached per target for an
/// hour (<see cref="PhabricatorVocabularyCache"/>). A poll that returns no task never needs them, so
/// a quiet poll is exactly one maniphest.search, cold or warm.
/// </para>
/// </summary>
public sealed class PhabricatorConnector(SyncTargetOptions target, ConduitClient conduit, PhabricatorVocabularyCache cache, TimeProvider clock)
    : ISyncConnector
{
    public const int BatchSize = 100;

    private readonly string _baseUrl = target.BaseUrl.TrimEnd('/') + "/";

    public TrackerKind Kind => TrackerKind.Phabricator;

    // ---------------------------------------------------------------- accounts

    public Task<RemoteAccount> WhoAmIAsync(CancellationToken cancellationToken) =>
        cache.GetAccountAsync(target, async () =>
        {
            var me = await CallAsync<ConduitWhoAmI>("user.whoami", [], isWrite: false, remoteId: null, cancellationToken);
            return new RemoteAccount(me.Phid, me.UserName, me.RealName);
        });

    public async Task<IReadOnlyList<RemoteAccount>> ResolveAccountsAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        var phids = accountIds.Where(id => id.StartsWith("PHID-USER-", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).ToList();
        var accounts = new List<RemoteAccount>();
        foreach (var batch in phids.Chunk(BatchSize))
        {
            var page = await CallAsync<ConduitSearchResult<ConduitUser>>("user.search", new JsonObject
            {
                ["constraints"] = new JsonObject { ["phids"] = Strings(batch) },
                ["limit"] = BatchSize,
            }, isWrite: false, remoteId: null, cancellationToken);
            accounts.AddRange(page.Data.Select(u => new RemoteAccount(u.Phid, u.Fields.Username, u.Fields.RealName)));
        }
        return accounts;
    }

    public async Task<RemoteAccount?> FindAccountByUsernameAsync(string username, CancellationToken cancellationToken)
    {
        var page = await CallAsync<ConduitSearchResult<ConduitUser>>("user.search", new JsonObject
        {
            ["constraints"] = new JsonObject { ["usernames"] = Strings([username]) },
        }, isWrite: false, remoteId: null, cancellationToken);
        return page.Data.FirstOrDefault(u => string.Equals(u.Fields.Username, username, StringComparison.OrdinalIgnoreCase)) is { } user
            ? new RemoteAccount(user.Phid, user.Fields.Username, user.Fields.RealName)
            : null;
    }

    // ---------------------------------------------------------------- reads

    public async Task<IReadOnlyList<RemoteItem>> FetchAsync(IReadOnlyCollection<string> remoteIds, CancellationToken cancellationToken)
    {
        var ids = new List<int>();
        var phids = new List<string>();
        foreach (var remoteId in remoteIds.Select(r => r.Trim()))
        {
            if (remoteId.StartsWith("PHID-TASK-", StringComparison.Ordinal))
            {
                phids.Add(remoteId);
            }
            else if (ParseTaskId(remoteId) is { } id)
            {
                ids.Add(id);
            }
        }
        var tasks = new List<ManiphestTask>();
        foreach (var batch in ids.Distinct().Chunk(BatchSize))
        {
            tasks.AddRange(await SearchTasksAsync(new JsonObject { ["ids"] = new JsonArray([.. batch.Select(i => (JsonNode)i)]) }, cancellationToken));
        }
        foreach (var batch in phids.Distinct(StringComparer.Ordinal).Chunk(BatchSize))
        {
            tasks.AddRange(await SearchTasksAsync(new JsonObject { ["phids"] = Strings(batch) }, cancellationToken));
        }
        return await MapAsync(tasks.DistinctBy(t => t.Id), cancellationToken);
    }

    private async Task<IReadOnlyList<ManiphestTask>> SearchTasksAsync(JsonObject constraints, CancellationToken cancellationToken)
    {
        var page = await CallAsync<ConduitSearchResult<ManiphestTask>>("maniphest.search", WithAttachments(new JsonObject
        {
            ["constraints"] = constraints,
            ["limit"] = BatchSize,
        }), isWrite: false, remoteId: null, cancellationToken);
        return page.Data;
    }

    /// <summary>
    /// Polls with <c>modifiedStart</c> (epoch seconds, inclusive) = cursor − 1 s, order <c>outdated</c>,
    /// following <c>cursor.after</c>. Cursor strings: <c>"&lt;epoch&gt;"</c> between polls (the newest
    /// dateModified seen, or two past it once that second is settled on the server's clock), and
    /// <c>"&lt;epoch&gt;:&lt;after&gt;:&lt;newest seen&gt;"</c> while paging, so the query stays the same across
    /// pages and the next poll starts from what was actually seen.
    /// </summary>
    public async Task<RemoteChangePage> FetchChangedAsync(string? cursor, CancellationToken cancellationToken)
    {
        if (cursor is null)
        {
            // Start watching from the server's own clock (ours may be skewed): its newest modification.
            var newest = await CallAsync<ConduitSearchResult<ManiphestTask>>("maniphest.search", new JsonObject
            {
                ["order"] = "updated",
                ["limit"] = 1,
            }, isWrite: false, remoteId: null, cancellationToken);
            var start = newest.Data.Count > 0 ? newest.Data[0].Fields.DateModified : clock.GetUtcNow().ToUnixTimeSeconds();
            return new RemoteChangePage([], start.ToString(CultureInfo.InvariantCulture), HasMore: false);
        }

        var (since, after, newestSeen) = ParseCursor(cursor);
        var parameters = WithAttachments(new JsonObject
        {
            ["constraints"] = new JsonObject { ["modifiedStart"] = since - 1 },
            ["order"] = "outdated",
            ["limit"] = BatchSize,
        });
        if (after is not null)
        {
            parameters["after"] = after;
        }
        ConduitSearchResult<ManiphestTask> page;
        DateTimeOffset? serverTime;
        try
        {
            (page, serverTime) = await CallWithServerTimeAsync<ConduitSearchResult<ManiphestTask>>("maniphest.search", parameters, cancellationToken);
        }
        catch (TrackerPermanentException e) when (after is not null && e.InnerException is ConduitErrorException { Info: var info } &&
            info.StartsWith("Cursor ", StringComparison.Ordinal))
        {
            // Phorge pages from the cursor task's current row; when that task was deleted in between, it
            // refuses the cursor. Everything up to the newest change seen was returned already, so the
            // walk restarts from there (an empty page that asks to be called again).
            return new RemoteChangePage([], Math.Max(since, newestSeen).ToString(CultureInfo.InvariantCulture), HasMore: true);
        }
        var items = await MapAsync(page.Data, cancellationToken);
        var seen = Math.Max(newestSeen, page.Data.Count > 0 ? page.Data.Max(t => t.Fields.DateModified) : 0);
        if (page.Cursor.After is { } next)
        {
            return new RemoteChangePage(items, string.Create(CultureInfo.InvariantCulture, $"{since}:{next}:{seen}"), HasMore: true);
        }
        var upTo = Math.Max(since, seen);
        // A second the server's clock has long left holds no more changes, so the next poll starts after it: after a bulk
        // change (hundreds of tasks modified in one second) an idle poll is one call again, not a re-read of all of them.
        // Until then the newest second is read again, with the second before it, for changes committed late within it.
        var settled = seen > 0 && serverTime is { } now && now.ToUnixTimeSeconds() - seen >= (long)SettledAfter.TotalSeconds;
        return new RemoteChangePage(items, (settled ? seen + 2 : upTo).ToString(CultureInfo.InvariantCulture), HasMore: false);
    }

    /// <summary>How long after a second (server clock) no change can still be committed with that second's dateModified.</summary>
    public static readonly TimeSpan SettledAfter = TimeSpan.FromSeconds(10);

    private static (long Since, string? After, long NewestSeen) ParseCursor(string cursor)
    {
        var parts = cursor.Split(':');
        if (parts.Length is 1 or 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var since))
        {
            if (parts.Length == 1)
            {
                return (since, null, 0);
            }
            if (parts[1].Length > 0 && long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var seen))
            {
                return (since, parts[1], seen);
            }
        }
        throw new ArgumentException($"'{cursor}' is not a Phabricator poll cursor", nameof(cursor));
    }

    /// <summary>
    /// Tasks authored by our account created at or after <paramref name="createdSince"/> (the caller
    /// includes its safety margin), newest first, matched on the marker in <c>description.raw</c>.
    /// Never full-text search: Phorge's index is built by daemons and may lag.
    /// </summary>
    public async Task<RemoteItem?> FindBySyncKeyAsync(Guid syncKey, DateTimeOffset createdSince, CancellationToken cancellationToken)
    {
        var me = await WhoAmIAsync(cancellationToken);
        string? after = null;
        do
        {
            var parameters = WithAttachments(new JsonObject
            {
                ["constraints"] = new JsonObject
                {
                    ["authorPHIDs"] = Strings([me.Id]),
                    ["createdStart"] = createdSince.ToUnixTimeSeconds(),
                },
                ["order"] = "newest",
                ["limit"] = BatchSize,
            });
            if (after is not null)
            {
                parameters["after"] = after;
            }
            var page = await CallAsync<ConduitSearchResult<ManiphestTask>>("maniphest.search", parameters, isWrite: false, remoteId: null, cancellationToken);
            if (page.Data.FirstOrDefault(t => SyncKeyMarker.Find(t.Fields.Description?.Raw) == syncKey) is { } match)
            {
                return (await MapAsync([match], cancellationToken))[0];
            }
            after = page.Cursor.After;
        }
        while (after is not null);
        return null;
    }

    /// <summary>
    /// transaction.search, newest first, 100 per call; with <paramref name="since"/> it stops at the first page that
    /// reaches back before it (one call for the last hundred changes). Description and project changes come back with
    /// no values: they only say who changed those fields when.
    /// </summary>
    public async Task<IReadOnlyList<RemoteHistoryEntry>> FetchHistoryAsync(RemoteItemRef item, DateTimeOffset? since,
        CancellationToken cancellationToken)
    {
        var transactions = new List<ConduitTransaction>();
        var sinceEpoch = since?.ToUnixTimeSeconds();
        string? after = null;
        do
        {
            var parameters = new JsonObject { ["objectIdentifier"] = item.InternalId ?? item.RemoteId, ["limit"] = BatchSize };
            if (after is not null)
            {
                parameters["after"] = after;
            }
            var page = await CallAsync<ConduitTransactionPage>("transaction.search", parameters, isWrite: false, item.RemoteId, cancellationToken);
            transactions.AddRange(page.Data.Where(x => x.Type is "status" or "owner" or "priority" or "title" or "description" or "projects" &&
                                                      (sinceEpoch is null || x.DateCreated >= sinceEpoch)));
            after = sinceEpoch is { } start && page.Data.Any(x => x.DateCreated < start) ? null : page.Cursor.After;
        }
        while (after is not null);
        if (transactions.Count == 0)
        {
            return [];
        }

        return await ToHistoryAsync(transactions, cancellationToken);
    }

    /// <summary>
    /// transaction.search over every task (<c>objectType: TASK</c>), newest first, keeping those of the given tasks, until
    /// every wanted field of every task was seen (the newest change of each is what a pull needs), a page reaches back
    /// before <paramref name="since"/>, or it has made as many calls as tasks are still missing (reading their own
    /// histories would cost no more). The pages read stay with this connector (one job run), so the next page of a poll
    /// continues where this one stopped instead of reading the newest activity again.
    /// </summary>
    public async Task<RecentHistory> FetchRecentHistoryAsync(IReadOnlyDictionary<string, IReadOnlyCollection<string>> fieldsByObject,
        DateTimeOffset since, CancellationToken cancellationToken)
    {
        var missing = fieldsByObject.SelectMany(o => o.Value.Select(field => (Object: o.Key, Field: field))).ToHashSet();
        var sinceEpoch = since.ToUnixTimeSeconds();
        var found = new List<ConduitTransaction>();
        void Scan(IEnumerable<ConduitTransaction> transactions)
        {
            foreach (var x in transactions.Where(x => x.DateCreated >= sinceEpoch && x.ObjectPhid is not null && fieldsByObject.ContainsKey(x.ObjectPhid)))
            {
                if (FieldOf(x.Type) is { } field)
                {
                    found.Add(x);
                    missing.Remove((x.ObjectPhid!, field));
                }
            }
        }
        Scan(_activity);
        var calls = 0;
        while (missing.Count > 0 && !_activityEnded && (_activity.Count == 0 || _activity[^1].DateCreated >= sinceEpoch) &&
               calls < missing.Select(m => m.Object).Distinct(StringComparer.Ordinal).Count())
        {
            var parameters = new JsonObject { ["objectType"] = "TASK", ["limit"] = BatchSize };
            if (_activityAfter is not null)
            {
                parameters["after"] = _activityAfter;
            }
            var page = await CallAsync<ConduitTransactionPage>("transaction.search", parameters, isWrite: false, remoteId: null, cancellationToken);
            calls++;
            _activity.AddRange(page.Data);
            _activityAfter = page.Cursor.After;
            _activityEnded = page.Cursor.After is null;
            Scan(page.Data);
        }
        var byObject = new Dictionary<string, IReadOnlyList<RemoteHistoryEntry>>(StringComparer.Ordinal);
        foreach (var group in found.GroupBy(x => x.ObjectPhid!, StringComparer.Ordinal))
        {
            byObject[group.Key] = await ToHistoryAsync([.. group], cancellationToken);
        }
        return new RecentHistory(byObject, missing.Count == 0);
    }

    // The tracker's activity read so far in this job run, newest first, and where it continues.
    private readonly List<ConduitTransaction> _activity = [];
    private string? _activityAfter;
    private bool _activityEnded;

    /// <summary>The mirrored field a transaction type changes, or null for the rest (comments, subscribers, columns…).</summary>
    private static string? FieldOf(string? transactionType) => transactionType switch
    {
        "status" => HistoryFields.Status,
        "owner" => HistoryFields.Owner,
        "priority" => HistoryFields.Priority,
        "title" => HistoryFields.Title,
        "description" => HistoryFields.Description,
        "projects" => HistoryFields.Tags,
        _ => null,
    };

    private async Task<IReadOnlyList<RemoteHistoryEntry>> ToHistoryAsync(List<ConduitTransaction> transactions, CancellationToken cancellationToken)
    {
        var vocabulary = await VocabularyAsync(cancellationToken);
        return [.. transactions.OrderBy(x => x.Id).Select(x =>
        {
            var old = x.Fields.TryGetProperty("old", out var o) ? o : default;
            var @new = x.Fields.TryGetProperty("new", out var n) ? n : default;
            var (field, oldValue, newValue) = x.Type switch
            {
                "status" => (HistoryFields.Status, StatusName(vocabulary, old), StatusName(vocabulary, @new)),
                "priority" => (HistoryFields.Priority, PriorityName(vocabulary, old), PriorityName(vocabulary, @new)),
                "owner" => (HistoryFields.Owner, Text(old), Text(@new)),
                "description" => (HistoryFields.Description, null, null),
                "projects" => (HistoryFields.Tags, null, null),
                _ => (HistoryFields.Title, Text(old), Text(@new)),
            };
            return new RemoteHistoryEntry(field, oldValue, newValue, DateTimeOffset.FromUnixTimeSeconds(x.DateCreated), x.AuthorPhid);
        })];
    }

    private static string? Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>Local status name; a status with no mapping keeps its remote key so history still shows it.</summary>
    private static string? StatusName(PhabricatorVocabulary vocabulary, JsonElement value) =>
        Text(value) is { } key ? vocabulary.LocalStatus(key)?.ToString() ?? key : null;

    private static string? PriorityName(PhabricatorVocabulary vocabulary, JsonElement value) =>
        value.ValueKind == JsonValueKind.Object && value.TryGetProperty("value", out var v) && v.TryGetInt32(out var number)
            ? vocabulary.LocalPriority(number).ToString()
            : null;

    // ---------------------------------------------------------------- writes

    /// <summary>One maniphest.edit; it answers the new task's id and PHID only, so the engine reads it back (in batches).</summary>
    public async Task<RemoteWriteResult> CreateAsync(RemoteDraft draft, CancellationToken cancellationToken)
    {
        var fields = draft.Fields;
        var vocabulary = await FreshVocabularyAsync(v => !v.CanSend(fields.Status == ActionItemStatus.Open ? null : fields.Status,
            fields.Priority == Priority.Unset ? null : fields.Priority), cancellationToken);
        var transactions = new JsonArray
        {
            Transaction("title", fields.Title),
            Transaction("description", SyncKeyMarker.Append(fields.Description, draft.SyncKey)),
        };
        if (fields.Priority != Priority.Unset)
        {
            transactions.Add(Transaction("priority", vocabulary.RemotePriorityKeyword(fields.Priority)));
        }
        if (fields.Status is { } status && status != ActionItemStatus.Open)
        {
            transactions.Add(Transaction("status", vocabulary.RemoteStatus(status)));
        }
        if (fields.OwnerAccountId is { } owner)
        {
            transactions.Add(Transaction("owner", owner));
        }
        var projects = target.ProjectTags.Concat(fields.Tags).Select(vocabulary.ProjectPhid).Distinct(StringComparer.Ordinal).ToList();
        if (projects.Count > 0)
        {
            transactions.Add(Transaction("projects.add", Strings(projects)));
        }
        var edit = await CallAsync<ConduitEditResult>("maniphest.edit", new JsonObject { ["transactions"] = transactions },
            isWrite: true, remoteId: null, cancellationToken);
        return Written(edit);
    }

    /// <summary>
    /// One maniphest.edit with the changed fields only (a no-op comes back as <c>"transactions": []</c>, which is fine); it
    /// answers ids only, so the engine reads the task back (in batches). Nothing to change costs one read instead.
    /// </summary>
    public async Task<RemoteWriteResult> UpdateAsync(RemoteItemRef item, RemoteFieldChanges changes, CancellationToken cancellationToken)
    {
        var identifier = item.InternalId ?? item.RemoteId;
        if (!changes.IsEmpty)
        {
            var vocabulary = await FreshVocabularyAsync(v => !v.CanSend(changes.Status, changes.Priority), cancellationToken);
            var transactions = new JsonArray();
            if (changes.Title is { } title)
            {
                transactions.Add(Transaction("title", title));
            }
            if (changes.Description is { } description)
            {
                transactions.Add(Transaction("description", item.SyncKey is { } key ? SyncKeyMarker.Append(description, key) : description));
            }
            if (changes.Status is { } status)
            {
                transactions.Add(Transaction("status", vocabulary.RemoteStatus(status)));
            }
            if (changes.Priority is { } priority)
            {
                transactions.Add(Transaction("priority", vocabulary.RemotePriorityKeyword(priority)));
            }
            if (changes.ClearOwner)
            {
                transactions.Add(Transaction("owner", null));
            }
            else if (changes.OwnerAccountId is { } owner)
            {
                transactions.Add(Transaction("owner", owner));
            }
            if (changes.TagsToAdd is { Count: > 0 } add)
            {
                transactions.Add(Transaction("projects.add", Strings(add.Select(vocabulary.ProjectPhid))));
            }
            if (changes.TagsToRemove is { Count: > 0 } remove)
            {
                transactions.Add(Transaction("projects.remove", Strings(remove.Select(vocabulary.ProjectPhid))));
            }
            var edit = await CallAsync<ConduitEditResult>("maniphest.edit", new JsonObject
            {
                ["objectIdentifier"] = identifier,
                ["transactions"] = transactions,
            }, isWrite: true, item.RemoteId, cancellationToken);
            return Written(edit);
        }
        var current = await FetchAsync([identifier], cancellationToken);
        return current.Count == 1
            ? RemoteWriteResult.Of(current[0])
            : throw new TrackerObjectGoneException($"{target.Name}: {item.RemoteId} no longer exists or is not visible to us", item.RemoteId);
    }

    private RemoteWriteResult Written(ConduitEditResult edit)
    {
        var monogram = "T" + edit.EditedObject.Id.ToString(CultureInfo.InvariantCulture);
        return new RemoteWriteResult(monogram, edit.EditedObject.Phid, _baseUrl + monogram);
    }

    private static JsonObject Transaction(string type, JsonNode? value) => new() { ["type"] = type, ["value"] = value };

    // ---------------------------------------------------------------- mapping

    private async Task<IReadOnlyList<RemoteItem>> MapAsync(IEnumerable<ManiphestTask> tasks, CancellationToken cancellationToken)
    {
        var list = tasks.ToList();
        if (list.Count == 0)
        {
            return [];
        }
        var vocabulary = await FreshVocabularyAsync(v => list.Any(t => !v.Knows(t.Fields.Status.Value, t.Fields.Priority.Value)), cancellationToken);
        return [.. list.Select(t => Map(t, vocabulary))];
    }

    private RemoteItem Map(ManiphestTask task, PhabricatorVocabulary vocabulary)
    {
        var raw = task.Fields.Description?.Raw;
        return new RemoteItem
        {
            RemoteId = "T" + task.Id.ToString(CultureInfo.InvariantCulture),
            InternalId = task.Phid,
            Url = _baseUrl + "T" + task.Id.ToString(CultureInfo.InvariantCulture),
            Fields = new RemoteFields
            {
                Title = task.Fields.Name,
                Status = vocabulary.LocalStatus(task.Fields.Status.Value),
                RemoteStatus = task.Fields.Status.Value,
                OwnerAccountId = task.Fields.OwnerPhid,
                Priority = vocabulary.LocalPriority(task.Fields.Priority.Value),
                Description = SyncKeyMarker.Strip(raw),
                Tags = vocabulary.TagsOf(ProjectPhids(task)),
            },
            CreatedAt = DateTimeOffset.FromUnixTimeSeconds(task.Fields.DateCreated),
            ModifiedAt = DateTimeOffset.FromUnixTimeSeconds(task.Fields.DateModified),
            AuthorAccountId = task.Fields.AuthorPhid,
            ClosedAt = task.Fields.DateClosed is { } closed ? DateTimeOffset.FromUnixTimeSeconds(closed) : null,
            CloserAccountId = task.Fields.DateClosed is null ? null : task.Fields.CloserPhid,
            SyncKey = SyncKeyMarker.Find(raw),
        };
    }

    private static IEnumerable<string> ProjectPhids(ManiphestTask task) =>
        task.Attachments.ValueKind == JsonValueKind.Object &&
        task.Attachments.TryGetProperty("projects", out var projects) &&
        projects.TryGetProperty("projectPHIDs", out var phids) && phids.ValueKind == JsonValueKind.Array
            ? [.. phids.EnumerateArray().Select(p => p.GetString()!)]
            : [];

    /// <summary>Project attachments only when the target maps tags; otherwise tags are always empty.</summary>
    private JsonObject WithAttachments(JsonObject parameters)
    {
        if (target.ProjectTags.Count > 0)
        {
            parameters["attachments"] = new JsonObject { ["projects"] = true };
        }
        return parameters;
    }

    private Task<PhabricatorVocabulary> VocabularyAsync(CancellationToken cancellationToken) =>
        cache.GetAsync(target, async () =>
        {
            var statuses = await CallAsync<ConduitDataList<ConduitStatus>>("maniphest.status.search", [], isWrite: false, remoteId: null, cancellationToken);
            var priorities = await CallAsync<ConduitDataList<ConduitPriority>>("maniphest.priority.search", [], isWrite: false, remoteId: null, cancellationToken);
            var projects = new Dictionary<string, string>(StringComparer.Ordinal);
            if (target.ProjectTags.Count > 0)
            {
                var slugs = target.ProjectTags.Select(t => t.ToLowerInvariant()).Distinct().ToList();
                var page = await CallAsync<ConduitSearchResult<ConduitProject>>("project.search", new JsonObject
                {
                    ["constraints"] = new JsonObject { ["slugs"] = Strings(slugs) },
                    ["limit"] = BatchSize,
                }, isWrite: false, remoteId: null, cancellationToken);
                foreach (var slug in slugs)
                {
                    // maps.slugMap resolves secondary slugs too; it is {} (or [] on some versions) when empty.
                    var phid = page.Maps.ValueKind == JsonValueKind.Object && page.Maps.TryGetProperty("slugMap", out var map) &&
                        map.ValueKind == JsonValueKind.Object && map.TryGetProperty(slug, out var entry) &&
                        entry.TryGetProperty("projectPHID", out var p) ? p.GetString()
                        : page.Data.FirstOrDefault(d => string.Equals(d.Fields.Slug, slug, StringComparison.OrdinalIgnoreCase))?.Phid;
                    projects[slug] = phid ?? throw new TrackerPermanentException(
                        $"{target.Name}: ProjectTags lists '{slug}', which is no project on {target.BaseUrl}", "UNKNOWN-PROJECT", affectsWholeTarget: true);
                }
            }
            return new PhabricatorVocabulary(target, statuses.Data, priorities.Data, projects) { LoadedAt = clock.GetUtcNow() };
        });

    /// <summary>
    /// The vocabulary, loaded again when it may be out of date: a task shows a status or priority the loaded sets do not
    /// have, or a value to send has no key in them (an administrator added one since). At most once per
    /// <see cref="RefreshOnMissAfter"/>, so a value the instance itself does not know (Phorge stores unknown status keys)
    /// costs no reload per poll.
    /// </summary>
    private async Task<PhabricatorVocabulary> FreshVocabularyAsync(Func<PhabricatorVocabulary, bool> misses, CancellationToken cancellationToken)
    {
        var vocabulary = await VocabularyAsync(cancellationToken);
        if (!misses(vocabulary) || clock.GetUtcNow() - vocabulary.LoadedAt < RefreshOnMissAfter)
        {
            return vocabulary;
        }
        cache.Refresh(target, vocabulary);
        return await VocabularyAsync(cancellationToken);
    }

    /// <summary>How old a vocabulary must be before a mapping miss reloads it.</summary>
    public static readonly TimeSpan RefreshOnMissAfter = TimeSpan.FromMinutes(10);

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    private static int? ParseTaskId(string remoteId)
    {
        var digits = remoteId.StartsWith('T') || remoteId.StartsWith('t') ? remoteId[1..] : remoteId;
        return int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0 ? id : null;
    }

    private async Task<T> CallAsync<T>(string method, JsonObject parameters, bool isWrite, string? remoteId, CancellationToken cancellationToken) =>
        (await CallWithServerTimeAsync<T>(method, parameters, isWrite, remoteId, cancellationToken)).Result;

    private Task<(T Result, DateTimeOffset? ServerTime)> CallWithServerTimeAsync<T>(string method, JsonObject parameters,
        CancellationToken cancellationToken) =>
        CallWithServerTimeAsync<T>(method, parameters, isWrite: false, remoteId: null, cancellationToken);

    /// <summary>Conduit error codes → the engine's error classes (docs/sync.md, Errors).</summary>
    private async Task<(T Result, DateTimeOffset? ServerTime)> CallWithServerTimeAsync<T>(string method, JsonObject parameters, bool isWrite,
        string? remoteId, CancellationToken cancellationToken)
    {
        try
        {
            return await conduit.CallWithServerTimeAsync<T>(method, parameters, isWrite, cancellationToken);
        }
        catch (ConduitAuthenticationException e)
        {
            throw new TrackerPermanentException($"{target.Name}: Phabricator refused the API token ({e.Code}: {e.Info})", e.Code, affectsWholeTarget: true, e);
        }
        catch (ConduitErrorException e) when (e.Code == "ERR-CONDUIT-CALL")
        {
            throw new TrackerPermanentException($"{target.Name}: {e.Info} (is BaseUrl a Phabricator?)", e.Code, affectsWholeTarget: true, e);
        }
        catch (ConduitErrorException e) when (remoteId is not null && e.IsUnknownObject)
        {
            throw new TrackerObjectGoneException($"{target.Name}: {remoteId} does not exist or is not visible to us ({e.Info})", remoteId, e);
        }
        catch (ConduitErrorException e)
        {
            throw new TrackerPermanentException($"{target.Name}: Conduit {method} refused the request: {e.Info}", e.Code, inner: e);
        }
    }
}
