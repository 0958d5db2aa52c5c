using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ActionItems.FakePhorge;

/// <summary>
/// The state of one fake Phorge and the Conduit methods over it. Every public member takes the lock,
/// so HTTP calls and direct seeding from tests can interleave safely. Response shapes, key order,
/// int-vs-string types and <c>{}</c>-vs-<c>[]</c> follow the recorded fixtures in
/// <c>/work/shared/fixtures/phorge</c>.
/// </summary>
public sealed partial class PhorgeInstance
{
    public const int MaxPageSize = 100;

    public static IReadOnlyList<PhorgeStatus> StockStatuses { get; } =
    [
        new("open", "Open", false, "default"),
        new("resolved", "Resolved", true, "closed"),
        new("wontfix", "Wontfix", true),
        new("invalid", "Invalid", true),
        new("duplicate", "Duplicate", true, "duplicate"),
        new("spite", "Spite", true),
    ];

    /// <summary>The set Wikimedia's Phabricator uses (the default mapping in docs/sync.md).</summary>
    public static IReadOnlyList<PhorgeStatus> WikimediaStatuses { get; } =
    [
        new("open", "Open", false, "default"),
        new("progress", "In Progress", false, Color: "indigo"),
        new("stalled", "Stalled", false, Color: "pink"),
        new("resolved", "Resolved", true, "closed"),
        new("declined", "Declined", true),
        new("invalid", "Invalid", true),
        new("duplicate", "Duplicate", true, "duplicate"),
    ];

    public static IReadOnlyList<PhorgePriority> StockPriorities { get; } =
    [
        new(100, "Unbreak Now!", ["unbreak"], "Unbreak!", "pink"),
        new(90, "Needs Triage", ["triage"], "Triage", "violet"),
        new(80, "High", ["high"], "High", "red"),
        new(50, "Normal", ["normal"], "Normal", "orange"),
        new(25, "Low", ["low"], "Low", "yellow"),
        new(0, "Wishlist", ["wish", "wishlist"], "Wish", "sky"),
    ];

    private static readonly string[] ValidEditTypes =
    [
        "parent", "column", "space", "title", "owner", "status", "priority", "description", "parents.add", "parents.remove",
        "parents.set", "subtasks.add", "subtasks.remove", "subtasks.set", "commits.add", "commits.remove", "commits.set", "view",
        "edit", "projects.add", "projects.remove", "projects.set", "subscribers.add", "subscribers.remove", "subscribers.set",
        "subtype", "comment", "mfa",
    ];

    private static readonly string[] SupportedEditTypes =
    [
        "title", "owner", "status", "priority", "description", "projects.add", "projects.remove", "projects.set",
        "subscribers.add", "subscribers.remove", "subscribers.set", "comment",
    ];

    private static readonly string[] TaskConstraintKeys =
    [
        "ids", "phids", "assigned", "authorPHIDs", "statuses", "priorities", "subtypes", "columnPHIDs", "hasParents", "hasSubtasks",
        "parentIDs", "subtaskIDs", "group", "createdStart", "createdEnd", "modifiedStart", "modifiedEnd", "closedStart", "closedEnd",
        "closerPHIDs", "query", "subscribers", "projects", "spaces",
    ];

    private const int TokenLength = 32;

    private readonly Lock _lock = new();
    private readonly TimeProvider _clock;
    private readonly List<PhorgeUser> _users = [];
    private readonly List<PhorgeProject> _projects = [];
    private readonly SortedDictionary<int, PhorgeTask> _tasks = [];
    private readonly List<PhorgeTransaction> _transactions = [];

    // Indexes so benchmarks with tens of thousands of tasks stay cheap.
    private readonly Dictionary<string, PhorgeTask> _tasksByPhid = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<PhorgeTransaction>> _transactionsByObject = new(StringComparer.Ordinal);
    private List<PhorgeStatus> _statuses = [.. StockStatuses];
    private List<PhorgePriority> _priorities = [.. StockPriorities];
    private int _nextTaskId = 1;
    private int _nextCommentId = 1;

    public PhorgeInstance(TimeProvider clock, string baseUrl)
    {
        _clock = clock;
        BaseUrl = baseUrl;
        var now = Now;
        Admin = AddUserLocked("admin", "Admin User", isAdmin: true, isBot: false, now);
        Alice = AddUserLocked("alice", "Alice Example", isAdmin: false, isBot: false, now);
        Syncbot = AddUserLocked("syncbot", "Sync Bot", isAdmin: false, isBot: true, now);
        IncidentFollowup = AddProject("Sustainability (Incident Followup)", "sustainability_incident_followup", "Action items from incident postmortems.");
    }

    public string BaseUrl { get; set; }
    public string Hostname { get; set; } = "fake-phorge";
    public PhorgeUser Admin { get; }
    public PhorgeUser Alice { get; }
    public PhorgeUser Syncbot { get; }
    public PhorgeProject IncidentFollowup { get; }

    private long Now => _clock.GetUtcNow().ToUnixTimeSeconds();

    /// <summary>The server's clock, as its HTTP <c>Date</c> header reports it (whole seconds).</summary>
    public DateTimeOffset ServerTime => DateTimeOffset.FromUnixTimeSeconds(Now);

    // ---------------------------------------------------------------- seeding and inspection

    public PhorgeUser AddUser(string username, string realName, bool isBot = false)
    {
        lock (_lock)
        {
            return AddUserLocked(username, realName, isAdmin: false, isBot, Now);
        }
    }

    private PhorgeUser AddUserLocked(string username, string realName, bool isAdmin, bool isBot, long now)
    {
        // Conduit tokens are exactly 32 characters including the "api-" prefix.
        var token = "api-" + PhorgeIds.Random(TokenLength - 4);
        var user = new PhorgeUser(_users.Count + 1, PhorgeIds.Phid("USER"), username, realName, token, isAdmin, isBot, now);
        _users.Add(user);
        return user;
    }

    public PhorgeProject AddProject(string name, string slug, string description = "")
    {
        lock (_lock)
        {
            var project = new PhorgeProject(_projects.Count + 1, PhorgeIds.Phid("PROJ"), name, slug, description, Now);
            _projects.Add(project);
            return project;
        }
    }

    public void SetStatuses(IEnumerable<PhorgeStatus> statuses)
    {
        lock (_lock)
        {
            _statuses = [.. statuses];
        }
    }

    public void SetPriorities(IEnumerable<PhorgePriority> priorities)
    {
        lock (_lock)
        {
            _priorities = [.. priorities];
        }
    }

    public PhorgeUser? UserByToken(string token)
    {
        lock (_lock)
        {
            return _users.FirstOrDefault(u => u.Token == token);
        }
    }

    /// <summary>
    /// Sets a task's title past <c>maniphest.edit</c>'s checks (which refuse a blank one), as an edit of Phorge's database
    /// would: no transaction is written, only the modification time moves.
    /// </summary>
    public void ForceTitle(string identifier, string title)
    {
        lock (_lock)
        {
            var task = ResolveTask(JsonValue.Create(identifier)) ?? throw new ArgumentException($"no task {identifier}", nameof(identifier));
            task.Title = title;
            task.DateModified = Now;
        }
    }

    /// <summary>A copy of the task (monogram, PHID or id), or null when it does not exist.</summary>
    public PhorgeTask? FindTask(string identifier)
    {
        lock (_lock)
        {
            return ResolveTask(JsonValue.Create(identifier)) is { } task ? Copy(task) : null;
        }
    }

    public IReadOnlyList<PhorgeTask> AllTasks()
    {
        lock (_lock)
        {
            return [.. _tasks.Values.Select(Copy)];
        }
    }

    public int TaskCount
    {
        get
        {
            lock (_lock)
            {
                return _tasks.Count;
            }
        }
    }

    /// <summary>Transactions of one task, newest first, as transaction.search lists them.</summary>
    public IReadOnlyList<PhorgeTransaction> TransactionsOf(string taskPhid)
    {
        lock (_lock)
        {
            return [.. _transactionsByObject.GetValueOrDefault(taskPhid, []).OrderByDescending(x => x.Id)];
        }
    }

    /// <summary>Removes a task, as if it were deleted or made invisible to every token.</summary>
    public bool RemoveTask(string identifier)
    {
        lock (_lock)
        {
            if (ResolveTask(JsonValue.Create(identifier)) is not { } task)
            {
                return false;
            }
            _tasks.Remove(task.Id);
            _tasksByPhid.Remove(task.Phid);
            return true;
        }
    }

    /// <summary>Runs maniphest.edit as <paramref name="actor"/> (the same code path as Conduit); returns the applied transactions.</summary>
    public (PhorgeTask Task, IReadOnlyList<PhorgeTransaction> Transactions) Edit(PhorgeUser actor, string? objectIdentifier, JsonArray transactions)
    {
        lock (_lock)
        {
            var (task, applied) = ApplyEdit(actor, objectIdentifier is null ? null : JsonValue.Create(objectIdentifier), transactions);
            return (Copy(task), applied);
        }
    }

    private static PhorgeTask Copy(PhorgeTask t)
    {
        var copy = new PhorgeTask
        {
            Id = t.Id, Phid = t.Phid, AuthorPhid = t.AuthorPhid, Title = t.Title, Description = t.Description, OwnerPhid = t.OwnerPhid,
            Status = t.Status, Priority = t.Priority, CloserPhid = t.CloserPhid, DateClosed = t.DateClosed,
            DateCreated = t.DateCreated, DateModified = t.DateModified,
        };
        copy.ProjectPhids.AddRange(t.ProjectPhids);
        copy.SubscriberPhids.AddRange(t.SubscriberPhids);
        return copy;
    }

    // ---------------------------------------------------------------- dispatch

    public static IReadOnlyList<string> Methods { get; } =
    [
        "conduit.ping", "user.whoami", "user.search", "project.search", "maniphest.status.search", "maniphest.priority.search",
        "maniphest.search", "maniphest.edit", "transaction.search",
    ];

    /// <summary>
    /// Authenticates and runs one method; throws <see cref="ConduitErrorException"/> for envelope errors.
    /// Order as in Phorge: unknown method first, then the token.
    /// </summary>
    public JsonNode? Execute(string method, JsonObject parameters, string? token)
    {
        if (!Methods.Contains(method))
        {
            throw new ConduitErrorException("ERR-CONDUIT-CALL", $"Conduit API method \"{method}\" does not exist.");
        }
        lock (_lock)
        {
            if (method == "conduit.ping")
            {
                return Hostname;
            }
            var viewer = Authenticate(token);
            return method switch
            {
                "user.whoami" => WhoAmI(viewer),
                "user.search" => SearchUsers(parameters),
                "project.search" => SearchProjects(parameters),
                "maniphest.status.search" => new JsonObject { ["data"] = new JsonArray([.. _statuses.Select(StatusEntry)]) },
                "maniphest.priority.search" => new JsonObject { ["data"] = new JsonArray([.. _priorities.Select(PriorityEntry)]) },
                "maniphest.search" => SearchTasks(viewer, parameters),
                "maniphest.edit" => EditResult(ApplyEdit(viewer, parameters["objectIdentifier"], parameters["transactions"])),
                "transaction.search" => SearchTransactions(parameters),
                _ => throw new InvalidOperationException(method),
            };
        }
    }

    private PhorgeUser Authenticate(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            throw new ConduitErrorException("ERR-INVALID-SESSION", "Session key is not present.");
        }
        if (token.Length != TokenLength)
        {
            throw new ConduitErrorException("ERR-INVALID-AUTH",
                $"API token \"{token}\" has the wrong length. API tokens should be {TokenLength} characters long.");
        }
        return _users.FirstOrDefault(u => u.Token == token)
            ?? throw new ConduitErrorException("ERR-INVALID-AUTH", $"API token \"{token}\" is not valid.");
    }

    private static JsonObject StatusEntry(PhorgeStatus s)
    {
        var entry = new JsonObject { ["name"] = s.Name, ["value"] = s.Value, ["closed"] = s.Closed };
        if (s.Special is not null)
        {
            entry["special"] = s.Special;
        }
        return entry;
    }

    private static JsonObject PriorityEntry(PhorgePriority p) => new()
    {
        ["name"] = p.Name,
        ["keywords"] = new JsonArray([.. p.Keywords.Select(k => (JsonNode)k)]),
        ["short"] = p.ShortName,
        ["color"] = p.Color,
        ["value"] = p.Value,
    };

    // ---------------------------------------------------------------- users and projects

    private JsonObject WhoAmI(PhorgeUser user) => new()
    {
        ["phid"] = user.Phid,
        ["userName"] = user.Username,
        ["realName"] = user.RealName,
        ["image"] = $"{BaseUrl}file/data/{PhorgeIds.Random(20)}/{PhorgeIds.Phid("FILE")}/profile.png",
        ["uri"] = $"{BaseUrl}p/{user.Username}/",
        ["roles"] = Roles(user, whoami: true),
        ["primaryEmail"] = $"{user.Username}@example.com",
    };

    private static JsonArray Roles(PhorgeUser user, bool whoami)
    {
        var roles = new JsonArray();
        if (user.IsAdmin)
        {
            roles.Add("admin");
        }
        if (user.IsBot)
        {
            // The same account is an "agent" to user.whoami and a "bot" to user.search (fixtures 02b, 03).
            roles.Add(whoami ? "agent" : "bot");
        }
        roles.Add("verified");
        roles.Add("approved");
        roles.Add("activated");
        return roles;
    }

    private JsonObject SearchUsers(JsonObject parameters)
    {
        var constraints = Constraints(parameters, ["ids", "phids", "usernames", "nameLike", "isAdmin", "isDisabled", "isBot", "isMailingList", "needsApproval", "createdStart", "createdEnd", "query"]);
        IEnumerable<PhorgeUser> users = _users;
        if (ConduitParams.ReadIntList(constraints["ids"], "ids") is { } ids)
        {
            users = users.Where(u => ids.Contains(u.Id));
        }
        if (ConduitParams.ReadStringList(constraints["phids"], "phids") is { } phids)
        {
            users = users.Where(u => phids.Contains(u.Phid));
        }
        if (ConduitParams.ReadStringList(constraints["usernames"], "usernames") is { } names)
        {
            users = users.Where(u => names.Contains(u.Username, StringComparer.OrdinalIgnoreCase));
        }
        var rows = users.OrderByDescending(u => u.Id).ToList();
        return PagedById(parameters, rows, u => u.Id, u => new JsonObject
        {
            ["id"] = u.Id,
            ["type"] = "USER",
            ["phid"] = u.Phid,
            ["fields"] = new JsonObject
            {
                ["username"] = u.Username,
                ["realName"] = u.RealName,
                ["roles"] = Roles(u, whoami: false),
                ["dateCreated"] = u.DateCreated,
                ["dateModified"] = u.DateCreated,
                ["policy"] = new JsonObject { ["view"] = "public", ["edit"] = u.IsBot ? "admin" : "no-one" },
            },
            ["attachments"] = new JsonObject(),
        }, new JsonObject());
    }

    private JsonObject SearchProjects(JsonObject parameters)
    {
        var constraints = Constraints(parameters, ["ids", "phids", "name", "slugs", "members", "watchers", "status", "isMilestone", "isRoot", "minDepth", "maxDepth", "subtypes", "icons", "colors", "parents", "ancestors", "query", "spaces"]);
        IEnumerable<PhorgeProject> projects = _projects;
        if (ConduitParams.ReadIntList(constraints["ids"], "ids") is { } ids)
        {
            projects = projects.Where(p => ids.Contains(p.Id));
        }
        if (ConduitParams.ReadStringList(constraints["phids"], "phids") is { } phids)
        {
            projects = projects.Where(p => phids.Contains(p.Phid));
        }
        if (ConduitParams.ReadString(constraints["name"], "name") is { } name)
        {
            projects = projects.Where(p => p.Name.Contains(name, StringComparison.OrdinalIgnoreCase));
        }
        var slugMap = new JsonObject();
        if (ConduitParams.ReadStringList(constraints["slugs"], "slugs") is { } slugs)
        {
            projects = projects.Where(p => slugs.Contains(p.Slug, StringComparer.OrdinalIgnoreCase));
            foreach (var slug in slugs)
            {
                if (_projects.FirstOrDefault(p => string.Equals(p.Slug, slug, StringComparison.OrdinalIgnoreCase)) is { } match)
                {
                    slugMap[slug] = new JsonObject { ["slug"] = match.Slug, ["projectPHID"] = match.Phid };
                }
            }
        }
        var rows = projects.OrderByDescending(p => p.Id).ToList();
        return PagedById(parameters, rows, p => p.Id, p => new JsonObject
        {
            ["id"] = p.Id,
            ["type"] = "PROJ",
            ["phid"] = p.Phid,
            ["fields"] = new JsonObject
            {
                ["name"] = p.Name,
                ["slug"] = p.Slug,
                ["subtype"] = "default",
                ["milestone"] = null,
                ["depth"] = 0,
                ["parent"] = null,
                ["icon"] = new JsonObject { ["key"] = "project", ["name"] = "Project", ["icon"] = "fa-briefcase" },
                ["color"] = new JsonObject { ["key"] = "blue", ["name"] = "Blue" },
                ["status"] = "active",
                ["spacePHID"] = null,
                ["dateCreated"] = p.DateCreated,
                ["dateModified"] = p.DateCreated,
                ["policy"] = new JsonObject { ["view"] = "users", ["edit"] = "users", ["join"] = "users" },
                ["description"] = p.Description,
            },
            ["attachments"] = new JsonObject(),
        }, new JsonObject { ["slugMap"] = slugMap });
    }

    /// <summary>Search result for objects ordered by id descending (the default for users and projects).</summary>
    private static JsonObject PagedById<T>(JsonObject parameters, List<T> rowsByIdDesc, Func<T, int> id, Func<T, JsonObject> render, JsonObject maps)
    {
        var limit = Limit(parameters);
        var after = ConduitParams.ReadInt(parameters["after"], "after");
        var rows = after is { } a ? rowsByIdDesc.Where(r => id(r) < a).ToList() : rowsByIdDesc;
        var page = rows.Take(limit).ToList();
        return SearchResult(parameters, [.. page.Select(render)], maps, limit,
            after: rows.Count > limit ? id(page[^1]).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            before: after is not null && page.Count > 0 ? id(page[0]).ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            order: null);
    }

    private static JsonObject SearchResult(JsonObject parameters, JsonArray data, JsonObject maps, int limit, string? after, string? before, string? order) => new()
    {
        ["data"] = data,
        ["maps"] = maps,
        ["query"] = new JsonObject { ["queryKey"] = ConduitParams.ReadString(parameters["queryKey"], "queryKey") },
        ["cursor"] = new JsonObject { ["limit"] = limit, ["after"] = after, ["before"] = before, ["order"] = order },
    };

    private static int Limit(JsonObject parameters)
    {
        var limit = ConduitParams.ReadInt(parameters["limit"], "limit") ?? MaxPageSize;
        if (limit > MaxPageSize)
        {
            throw new ConduitErrorException("ERR-INVALID-PAGE-SIZE",
                $"Maximum page size for Conduit API method calls is {MaxPageSize}, but this call specified {limit}.");
        }
        return Math.Max(1, limit);
    }

    private static JsonObject Constraints(JsonObject parameters, string[] validKeys)
    {
        if (parameters["constraints"] is not JsonObject constraints)
        {
            return new JsonObject();
        }
        if (constraints.Any(p => !validKeys.Contains(p.Key)))
        {
            throw new ConduitErrorException("ERR-INVALID-CONSTRAINT", "Parameter \"constraints\" includes an invalid key.");
        }
        return constraints;
    }

    // ---------------------------------------------------------------- maniphest.search

    private JsonObject SearchTasks(PhorgeUser viewer, JsonObject parameters)
    {
        var constraints = Constraints(parameters, TaskConstraintKeys);
        var queryKey = ConduitParams.ReadString(parameters["queryKey"], "queryKey");
        var limit = Limit(parameters);
        var orderParam = ConduitParams.ReadString(parameters["order"], "order");
        var comparison = TaskOrder(orderParam ?? "priority");

        IEnumerable<PhorgeTask> tasks = _tasks.Values;
        if (queryKey == "open")
        {
            tasks = tasks.Where(t => _statuses.Any(s => s.Value == t.Status && !s.Closed));
        }
        foreach (var (key, node) in constraints)
        {
            tasks = key switch
            {
                "ids" => ConduitParams.ReadIntList(node, key) is { } ids ? WithKeys(tasks, ids.ToHashSet(), t => t.Id) : tasks,
                "phids" => ConduitParams.ReadStringList(node, key) is { } phids ? WithKeys(tasks, phids.ToHashSet(StringComparer.Ordinal), t => t.Phid) : tasks,
                "authorPHIDs" => ConduitParams.ReadStringList(node, key) is { } authors ? tasks.Where(t => authors.Contains(t.AuthorPhid)) : tasks,
                "assigned" => ConduitParams.ReadStringList(node, key) is { } owners ? tasks.Where(t => t.OwnerPhid is not null && owners.Contains(t.OwnerPhid)) : tasks,
                "statuses" => ConduitParams.ReadStringList(node, key) is { } statuses ? tasks.Where(t => statuses.Contains(t.Status)) : tasks,
                "priorities" => ConduitParams.ReadIntList(node, key) is { } priorities ? tasks.Where(t => priorities.Contains(t.Priority)) : tasks,
                "projects" => ConduitParams.ReadStringList(node, key) is { } projects ? tasks.Where(t => projects.All(p => t.ProjectPhids.Contains(ProjectPhid(p) ?? p))) : tasks,
                "subscribers" => ConduitParams.ReadStringList(node, key) is { } subs ? tasks.Where(t => subs.Any(t.SubscriberPhids.Contains)) : tasks,
                "createdStart" => ConduitParams.ReadEpoch(node, key) is { } cs ? tasks.Where(t => t.DateCreated >= cs) : tasks,
                "createdEnd" => ConduitParams.ReadEpoch(node, key) is { } ce ? tasks.Where(t => t.DateCreated <= ce) : tasks,
                "modifiedStart" => ConduitParams.ReadEpoch(node, key) is { } ms ? tasks.Where(t => t.DateModified >= ms) : tasks,
                "modifiedEnd" => ConduitParams.ReadEpoch(node, key) is { } me ? tasks.Where(t => t.DateModified <= me) : tasks,
                _ => throw new ConduitErrorException("ERR-FAKE-UNSUPPORTED", $"The fake Phorge does not implement constraint \"{key}\"."),
            };
        }

        var sorted = tasks.ToList();
        sorted.Sort(comparison);
        if (ConduitParams.ReadInt(parameters["after"], "after") is { } afterId)
        {
            // Phorge pages by loading the cursor object and continuing after its current sort values.
            if (!_tasks.TryGetValue(afterId, out var cursorTask))
            {
                throw ConduitErrorException.Core($"Cursor \"{afterId}\" does not identify a valid object in query \"ManiphestTaskQuery\".");
            }
            sorted = [.. sorted.Where(t => comparison(t, cursorTask) > 0)];
        }
        var page = sorted.Take(limit).ToList();
        var attachments = parameters["attachments"] as JsonObject;
        var data = new JsonArray([.. page.Select(t => RenderTask(t, viewer, attachments))]);
        var isContinuation = parameters["after"] is not null;
        return SearchResult(parameters, data, new JsonObject(), limit,
            after: sorted.Count > limit ? page[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            before: isContinuation && page.Count > 0 ? page[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            order: orderParam);
    }

    private static IEnumerable<PhorgeTask> WithKeys<TKey>(IEnumerable<PhorgeTask> tasks, HashSet<TKey> keys, Func<PhorgeTask, TKey> key) =>
        tasks.Where(t => keys.Contains(key(t)));

    private static Comparison<PhorgeTask> TaskOrder(string order) => order switch
    {
        "priority" or "order-priority" => (a, b) => b.Priority != a.Priority ? b.Priority.CompareTo(a.Priority) : b.Id.CompareTo(a.Id),
        "updated" or "order-modified" => (a, b) => b.DateModified != a.DateModified ? b.DateModified.CompareTo(a.DateModified) : b.Id.CompareTo(a.Id),
        "outdated" => (a, b) => a.DateModified != b.DateModified ? a.DateModified.CompareTo(b.DateModified) : a.Id.CompareTo(b.Id),
        "newest" or "created" or "order-created" or "relevance" => (a, b) => b.Id.CompareTo(a.Id),
        "oldest" => (a, b) => a.Id.CompareTo(b.Id),
        "closed" => (a, b) => (b.DateClosed ?? 0) != (a.DateClosed ?? 0) ? (b.DateClosed ?? 0).CompareTo(a.DateClosed ?? 0) : b.Id.CompareTo(a.Id),
        "title" or "order-title" => (a, b) => string.CompareOrdinal(a.Title, b.Title) is var c and not 0 ? c : b.Id.CompareTo(a.Id),
        _ => throw ConduitErrorException.Core(
            $"Query \"ManiphestTaskQuery\" does not support a builtin order \"{order}\". Supported orders are: priority, order-priority, updated, order-modified, outdated, newest, created, order-created, oldest, closed, title, order-title, relevance."),
    };

    private JsonObject RenderTask(PhorgeTask t, PhorgeUser viewer, JsonObject? attachments)
    {
        var status = _statuses.FirstOrDefault(s => s.Value == t.Status);
        var priority = _priorities.FirstOrDefault(p => p.Value == t.Priority);
        var attached = new JsonObject();
        foreach (var (key, node) in attachments ?? [])
        {
            if (!ConduitParams.ReadBool(node))
            {
                continue;
            }
            attached[key] = key switch
            {
                "projects" => new JsonObject { ["projectPHIDs"] = StringArray(t.ProjectPhids.Order(StringComparer.Ordinal)) },
                "subscribers" => new JsonObject
                {
                    ["subscriberPHIDs"] = StringArray(t.SubscriberPhids.Order(StringComparer.Ordinal)),
                    ["subscriberCount"] = t.SubscriberPhids.Count,
                    ["viewerIsSubscribed"] = t.SubscriberPhids.Contains(viewer.Phid),
                },
                // No workboards in the fake: an empty map is sent as [] (fixture 32).
                "columns" => new JsonObject { ["boards"] = new JsonArray() },
                _ => throw new ConduitErrorException("ERR-FAKE-UNSUPPORTED", $"The fake Phorge does not implement attachment \"{key}\"."),
            };
        }
        return new JsonObject
        {
            ["id"] = t.Id,
            ["type"] = "TASK",
            ["phid"] = t.Phid,
            ["fields"] = new JsonObject
            {
                ["name"] = t.Title,
                ["description"] = new JsonObject { ["raw"] = t.Description },
                ["authorPHID"] = t.AuthorPhid,
                ["ownerPHID"] = t.OwnerPhid,
                ["status"] = new JsonObject { ["value"] = t.Status, ["name"] = status?.Name ?? "Unknown Status", ["color"] = status?.Color },
                ["priority"] = new JsonObject { ["value"] = t.Priority, ["name"] = priority?.Name ?? "Unknown Priority", ["color"] = priority?.Color ?? "grey" },
                ["points"] = null,
                ["subtype"] = "default",
                ["closerPHID"] = t.CloserPhid,
                ["dateClosed"] = t.DateClosed,
                ["groupByProjectPHID"] = null,
                ["spacePHID"] = null,
                ["dateCreated"] = t.DateCreated,
                ["dateModified"] = t.DateModified,
                ["policy"] = new JsonObject { ["view"] = "users", ["interact"] = "users", ["edit"] = "users" },
            },
            ["attachments"] = attached,
        };
    }

    private static JsonArray StringArray(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);

    // ---------------------------------------------------------------- transaction.search

    private JsonObject SearchTransactions(JsonObject parameters)
    {
        var identifier = parameters["objectIdentifier"];
        var objectType = ConduitParams.ReadString(parameters["objectType"], "objectType");
        if (identifier is not null && objectType is not null)
        {
            throw new ConduitErrorException("ERR-INVALID-PARAMETERS", "Must not specify both parameter \"objectType\" and parameter \"objectIdentifier\".");
        }
        if (identifier is null && objectType is null)
        {
            throw new ConduitErrorException("ERR-INVALID-PARAMETERS", "When calling \"transaction.search\", you must provide either an \"objectIdentifier\" or an \"objectType\".");
        }
        IEnumerable<PhorgeTransaction> rows;
        if (identifier is not null)
        {
            var task = ResolveTask(identifier) ?? throw new ConduitErrorException("ERR-INVALID-OBJECT-PHID", "Specified \"objectIdentifier\" does not exist.");
            rows = _transactionsByObject.GetValueOrDefault(task.Phid, []);
        }
        else if (objectType == "TASK")
        {
            rows = _transactions;
        }
        else
        {
            throw new ConduitErrorException("ERR-INVALID-PARAMETERS", $"Object type \"{objectType}\" is not valid.");
        }
        var constraints = Constraints(parameters, ["phids", "authorPHIDs"]);
        if (ConduitParams.ReadStringList(constraints["phids"], "phids") is { } phids)
        {
            rows = rows.Where(x => phids.Contains(x.Phid));
        }
        if (ConduitParams.ReadStringList(constraints["authorPHIDs"], "authorPHIDs") is { } authors)
        {
            rows = rows.Where(x => authors.Contains(x.AuthorPhid));
        }
        var limit = Limit(parameters);
        var after = ConduitParams.ReadInt(parameters["after"], "after");
        var sorted = rows.Where(x => after is null || x.Id < after).OrderByDescending(x => x.Id).ToList();
        var page = sorted.Take(limit).ToList();
        return new JsonObject
        {
            ["data"] = new JsonArray([.. page.Select(RenderTransaction)]),
            // transaction.search's cursor has no "order" key and the result no maps/query (fixture 51).
            ["cursor"] = new JsonObject
            {
                ["limit"] = limit,
                ["after"] = sorted.Count > limit ? page[^1].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
                ["before"] = after is not null && page.Count > 0 ? page[0].Id.ToString(System.Globalization.CultureInfo.InvariantCulture) : null,
            },
        };
    }

    private static JsonObject RenderTransaction(PhorgeTransaction x)
    {
        var comments = new JsonArray();
        if (x.CommentText is not null)
        {
            comments.Add(new JsonObject
            {
                ["id"] = x.CommentId,
                ["phid"] = x.CommentPhid,
                ["version"] = 1,
                ["authorPHID"] = x.AuthorPhid,
                ["dateCreated"] = x.DateCreated,
                ["dateModified"] = x.DateCreated,
                ["removed"] = false,
                ["content"] = new JsonObject { ["raw"] = x.CommentText },
            });
        }
        return new JsonObject
        {
            ["id"] = x.Id,
            ["phid"] = x.Phid,
            ["type"] = x.Type,
            ["authorPHID"] = x.AuthorPhid,
            ["objectPHID"] = x.ObjectPhid,
            ["dateCreated"] = x.DateCreated,
            ["dateModified"] = x.DateCreated,
            ["groupID"] = x.GroupId,
            ["comments"] = comments,
            ["fields"] = x.Fields.DeepClone(),
        };
    }

    // ---------------------------------------------------------------- maniphest.edit

    [GeneratedRegex("^T([0-9]+)$")]
    private static partial Regex MonogramPattern();

    private PhorgeTask? ResolveTask(JsonNode identifier)
    {
        if (identifier is JsonValue v && v.TryGetValue<int>(out var id))
        {
            return _tasks.GetValueOrDefault(id);
        }
        var text = identifier is JsonValue s && s.TryGetValue<string>(out var str) ? str : identifier.ToJsonString();
        if (MonogramPattern().Match(text) is { Success: true } m && int.TryParse(m.Groups[1].Value, out var monogramId))
        {
            return _tasks.GetValueOrDefault(monogramId);
        }
        if (int.TryParse(text, out var numeric))
        {
            return _tasks.GetValueOrDefault(numeric);
        }
        return _tasksByPhid.GetValueOrDefault(text);
    }

    private PhorgeTask ResolveTaskForEdit(JsonNode identifier)
    {
        if (ResolveTask(identifier) is { } task)
        {
            return task;
        }
        var text = identifier is JsonValue s && s.TryGetValue<string>(out var str) ? str : identifier.ToJsonString();
        throw ConduitErrorException.Core(MonogramPattern().IsMatch(text)
            ? $"Monogram \"{text}\" does not identify a valid object."
            : text.StartsWith("PHID-", StringComparison.Ordinal)
                ? $"PHID \"{text}\" does not identify a valid object."
                : $"ID \"{text}\" does not identify a valid object.");
    }

    private static JsonObject EditResult((PhorgeTask Task, IReadOnlyList<PhorgeTransaction> Transactions) edit) => new()
    {
        ["object"] = new JsonObject { ["id"] = edit.Task.Id, ["phid"] = edit.Task.Phid },
        ["transactions"] = new JsonArray([.. edit.Transactions.Select(x => (JsonNode)new JsonObject { ["phid"] = x.Phid })]),
    };

    private sealed record EditRequest(string Type, JsonNode? Value);

    private (PhorgeTask Task, IReadOnlyList<PhorgeTransaction> Transactions) ApplyEdit(PhorgeUser actor, JsonNode? objectIdentifier, JsonNode? transactionsNode)
    {
        var existing = objectIdentifier is null ? null : ResolveTaskForEdit(objectIdentifier);
        var requests = ReadEditRequests(transactionsNode);
        Validate(requests, existing is null);

        var now = Now;
        var groupId = PhorgeIds.Random(32);
        var task = existing ?? new PhorgeTask
        {
            Id = _nextTaskId,
            Phid = PhorgeIds.Phid("TASK"),
            AuthorPhid = actor.Phid,
            DateCreated = now,
            DateModified = now,
        };
        var pending = new List<(string Type, JsonObject Fields, string? Comment)>();
        if (existing is null)
        {
            pending.Add(("create", new JsonObject(), null));
        }
        else
        {
            // Phorge subscribes the previous owner on reassignment and the actor when commenting; that
            // implicit transaction comes first (fixture 24 / 55).
            var implied = new List<string>();
            foreach (var r in requests)
            {
                if (r.Type == "owner" && task.OwnerPhid is { } oldOwner && OwnerValue(r.Value) != oldOwner && !task.SubscriberPhids.Contains(oldOwner))
                {
                    implied.Add(oldOwner);
                }
                if (r.Type == "comment" && !task.SubscriberPhids.Contains(actor.Phid))
                {
                    implied.Add(actor.Phid);
                }
            }
            if (implied.Count > 0)
            {
                pending.Add(("subscribers", Operations(implied.Distinct().Select(p => ("add", p))), null));
                task.SubscriberPhids.AddRange(implied.Distinct());
            }
        }

        var wasUnassigned = task.OwnerPhid is null;
        var statusBefore = task.Status;
        var authorSubscribed = false;
        foreach (var r in requests)
        {
            switch (r.Type)
            {
                case "title":
                    AddIfChanged(pending, "title", task.Title, (string)r.Value!, v => task.Title = v);
                    break;
                case "description":
                    AddIfChanged(pending, "description", task.Description, (string)r.Value!, v => task.Description = v);
                    break;
                case "status":
                    var newStatus = (string)r.Value!;
                    if (newStatus != task.Status)
                    {
                        pending.Add(("status", new JsonObject { ["old"] = task.Status, ["new"] = newStatus }, null));
                        ApplyCloseBookkeeping(task, task.Status, newStatus, actor, now);
                        task.Status = newStatus;
                    }
                    break;
                case "priority":
                    var newPriority = _priorities.First(p => p.Keywords.Contains((string)r.Value!)).Value;
                    if (newPriority != task.Priority)
                    {
                        pending.Add(("priority", new JsonObject { ["old"] = PriorityValue(task.Priority), ["new"] = PriorityValue(newPriority) }, null));
                        task.Priority = newPriority;
                    }
                    break;
                case "owner":
                    var newOwner = OwnerValue(r.Value);
                    if (newOwner != task.OwnerPhid)
                    {
                        pending.Add(("owner", new JsonObject { ["old"] = task.OwnerPhid, ["new"] = newOwner }, null));
                        task.OwnerPhid = newOwner;
                    }
                    break;
                case "projects.add" or "projects.remove" or "projects.set":
                    ApplySetEdit(pending, "projects", task.ProjectPhids, r, [.. ReadList(r).Select(p => ProjectPhid(p)!)]);
                    break;
                case "subscribers.add" or "subscribers.remove" or "subscribers.set":
                    var subscribers = ReadList(r).Select(p => UserPhid(p)!).ToList();
                    if (existing is null && r.Type == "subscribers.add" && !authorSubscribed)
                    {
                        // A new task's author is subscribed in the same transaction as the requested subscribers (fixture 10).
                        subscribers.Insert(0, actor.Phid);
                        authorSubscribed = true;
                    }
                    ApplySetEdit(pending, "subscribers", task.SubscriberPhids, r, subscribers);
                    break;
                case "comment":
                    pending.Add(("comment", new JsonObject(), (string)r.Value!));
                    break;
                default:
                    throw new InvalidOperationException(r.Type);
            }
        }
        if (ClaimsOnClose(wasUnassigned, statusBefore, task.Status, requests))
        {
            pending.Add(("owner", new JsonObject { ["old"] = null, ["new"] = actor.Phid }, null));
            task.OwnerPhid = actor.Phid;
        }
        if (existing is null && !authorSubscribed)
        {
            pending.Add(("subscribers", Operations([("add", actor.Phid)]), null));
            task.SubscriberPhids.Add(actor.Phid);
        }

        if (existing is null)
        {
            _nextTaskId++;
            _tasks[task.Id] = task;
            _tasksByPhid[task.Phid] = task;
        }
        var applied = new List<PhorgeTransaction>();
        foreach (var (type, fields, comment) in pending)
        {
            var xact = new PhorgeTransaction
            {
                Id = _transactions.Count + 1,
                Phid = PhorgeIds.TransactionPhid(),
                Type = type,
                AuthorPhid = actor.Phid,
                ObjectPhid = task.Phid,
                DateCreated = now,
                GroupId = groupId,
                Fields = fields,
                CommentText = comment,
                CommentId = comment is null ? null : _nextCommentId++,
                CommentPhid = comment is null ? null : PhorgeIds.Phid("XCMT"),
            };
            _transactions.Add(xact);
            if (!_transactionsByObject.TryGetValue(task.Phid, out var ofTask))
            {
                ofTask = [];
                _transactionsByObject[task.Phid] = ofTask;
            }
            ofTask.Add(xact);
            applied.Add(xact);
        }
        if (applied.Count > 0)
        {
            task.DateModified = now;
        }
        return (task, applied);
    }

    private static List<EditRequest> ReadEditRequests(JsonNode? node)
    {
        if (node is not JsonArray array)
        {
            throw ConduitErrorException.Core("Parameter \"transactions\" must be a list of transaction descriptions.");
        }
        var requests = new List<EditRequest>();
        for (var i = 0; i < array.Count; i++)
        {
            var type = (array[i] as JsonObject)?["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : null;
            if (type is null || !ValidEditTypes.Contains(type))
            {
                throw ConduitErrorException.Core(
                    $"Transaction with key \"{i}\" has invalid type \"{type}\". This type is not recognized. Valid types are: {string.Join(", ", ValidEditTypes)}.");
            }
            if (!SupportedEditTypes.Contains(type))
            {
                throw new ConduitErrorException("ERR-FAKE-UNSUPPORTED", $"The fake Phorge does not implement transaction type \"{type}\".");
            }
            var value = array[i]!["value"];
            var expectsString = type is "title" or "description" or "status" or "priority" or "comment";
            if (expectsString && (value is not JsonValue sv || !sv.TryGetValue<string>(out _)))
            {
                throw ConduitErrorException.Core(
                    $"Exception when processing transaction of type \"{type}\": Error while reading \"value\": Expected string, got something else.");
            }
            requests.Add(new EditRequest(type, value?.DeepClone()));
        }
        return requests;
    }

    private void Validate(List<EditRequest> requests, bool isCreate)
    {
        var errors = new List<string>();
        foreach (var r in requests)
        {
            switch (r.Type)
            {
                case "title" when string.IsNullOrWhiteSpace((string)r.Value!):
                    errors.Add("Tasks must have a title.");
                    break;
                case "priority" when !_priorities.Any(p => p.Keywords.Contains((string)r.Value!)):
                    errors.Add($"Task priority \"{(string)r.Value!}\" is not a valid task priority. Use a priority keyword to choose a task priority: " +
                        string.Join(", ", _priorities.SelectMany(p => p.Keywords)) + ".");
                    break;
                case "owner" when OwnerValue(r.Value) is { } owner && _users.All(u => u.Phid != owner):
                    errors.Add($"User \"{owner}\" is not a valid user.");
                    break;
                case "projects.add" or "projects.remove" or "projects.set":
                    errors.AddRange(ReadList(r).Where(p => ProjectPhid(p) is null).Select(p => $"Project \"{p}\" is not a valid project."));
                    break;
                case "subscribers.add" or "subscribers.remove" or "subscribers.set":
                    errors.AddRange(ReadList(r).Where(p => UserPhid(p) is null).Select(p => $"User \"{p}\" is not a valid user."));
                    break;
            }
        }
        if (isCreate && !requests.Any(r => r.Type == "title"))
        {
            errors.Add("Tasks must have a title.");
        }
        if (errors.Count > 0)
        {
            throw ConduitErrorException.Validation(errors);
        }
    }

    private static string? OwnerValue(JsonNode? value) =>
        value is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static List<string> ReadList(EditRequest r) => ConduitParams.ReadStringList(r.Value, "value") ?? [];

    /// <summary>projects.* accept PHIDs and slugs; the stored value is the PHID (fixtures 27/28).</summary>
    private string? ProjectPhid(string phidOrSlug) =>
        _projects.FirstOrDefault(p => p.Phid == phidOrSlug || string.Equals(p.Slug, phidOrSlug, StringComparison.OrdinalIgnoreCase))?.Phid;

    /// <summary>subscribers.* accept PHIDs and usernames; owner does not (fixture 26).</summary>
    private string? UserPhid(string phidOrName) =>
        _users.FirstOrDefault(u => u.Phid == phidOrName || string.Equals(u.Username, phidOrName, StringComparison.OrdinalIgnoreCase))?.Phid;

    private JsonObject PriorityValue(int value) => new()
    {
        ["value"] = value,
        ["name"] = _priorities.FirstOrDefault(p => p.Value == value)?.Name ?? "Unknown Priority",
    };

    private static void AddIfChanged(List<(string, JsonObject, string?)> pending, string type, string old, string value, Action<string> set)
    {
        if (old != value)
        {
            pending.Add((type, new JsonObject { ["old"] = old, ["new"] = value }, null));
            set(value);
        }
    }

    private static void ApplySetEdit(List<(string, JsonObject, string?)> pending, string type, List<string> current, EditRequest r, List<string> values)
    {
        var operations = new List<(string, string)>();
        var op = r.Type[(r.Type.IndexOf('.', StringComparison.Ordinal) + 1)..];
        if (op is "add" or "set")
        {
            operations.AddRange(values.Distinct().Where(v => !current.Contains(v)).Select(v => ("add", v)));
        }
        if (op == "remove")
        {
            operations.AddRange(values.Distinct().Where(current.Contains).Select(v => ("remove", v)));
        }
        if (op == "set")
        {
            operations.AddRange(current.Where(v => !values.Contains(v)).Select(v => ("remove", v)));
        }
        if (operations.Count == 0)
        {
            return;
        }
        foreach (var (operation, phid) in operations)
        {
            if (operation == "add")
            {
                current.Add(phid);
            }
            else
            {
                current.Remove(phid);
            }
        }
        pending.Add((type, Operations(operations), null));
    }

    private static JsonObject Operations(IEnumerable<(string Operation, string Phid)> operations) => new()
    {
        ["operations"] = new JsonArray([.. operations.Select(o => (JsonNode)new JsonObject { ["operation"] = o.Operation, ["phid"] = o.Phid })]),
    };

    /// <summary>
    /// Phorge's assign-on-close: an edit that moves a task with no owner from an open status to a closed one, and
    /// does not set the owner itself, makes the acting user the owner (an owner transaction after the submitted ones).
    /// A task in an unknown status counts as closed, so moving it on claims nothing (fixture 21: T1, unassigned by
    /// 13 and in <c>closed-ish</c> since 16, went to resolved with one transaction). See README.md.
    /// </summary>
    private bool ClaimsOnClose(bool wasUnassigned, string statusBefore, string statusAfter, List<EditRequest> requests) =>
        wasUnassigned && !requests.Any(r => r.Type == "owner") &&
        _statuses.FirstOrDefault(s => s.Value == statusBefore) is { Closed: false } &&
        _statuses.FirstOrDefault(s => s.Value == statusAfter) is { Closed: true };

    /// <summary>
    /// closerPHID/dateClosed are set when a known open status closes and cleared when a closed one
    /// reopens; an unknown status is neither, so moving through it leaves them alone (fixtures 16b, 30).
    /// </summary>
    private void ApplyCloseBookkeeping(PhorgeTask task, string oldStatus, string newStatus, PhorgeUser actor, long now)
    {
        var was = _statuses.FirstOrDefault(s => s.Value == oldStatus);
        var becomes = _statuses.FirstOrDefault(s => s.Value == newStatus);
        if (was is { Closed: false } && becomes is { Closed: true })
        {
            task.CloserPhid = actor.Phid;
            task.DateClosed = now;
        }
        else if (was is { Closed: true } && becomes is { Closed: false })
        {
            task.CloserPhid = null;
            task.DateClosed = null;
        }
    }
}
