using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ActionItems.Testing.FakeGitHub;

/// <summary>What the fake does to a matching request instead of answering normally.</summary>
public enum GitHubFault
{
    /// <summary>HTTP 500 with GitHub's JSON error body; nothing applied.</summary>
    ServerError,

    /// <summary>HTTP 403, <c>x-ratelimit-remaining: 0</c> and the rate-limit message, as GitHub answers an exhausted token.</summary>
    RateLimited,

    /// <summary>Applies the request for real (an issue is created), then aborts the connection: the outcome is unknown to the client.</summary>
    ApplyThenDropConnection,
}

/// <summary>One request as received, for assertions on what a client sent (and what it cost).</summary>
public sealed record GitHubRequest(string Method, string PathAndQuery, int Status, string? Body, string? IfNoneMatch);

public sealed record GitHubUser(string Login, long Id, string Token);

public sealed class FakeIssue
{
    public required long Id { get; init; }
    public required string Repository { get; set; }
    public required int Number { get; set; }
    public required string Title { get; set; }
    public string? Body { get; set; }
    public string State { get; set; } = "open";
    public string? StateReason { get; set; }
    public List<string> Labels { get; set; } = [];
    public List<string> Assignees { get; set; } = [];
    public (int Number, string Title)? Milestone { get; set; }
    public required string Author { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public bool IsPullRequest { get; init; }
}

/// <summary>
/// A stateful GitHub REST API on 127.0.0.1 for tests: issues per repository (list with state/since/sort/direction/
/// creator/per_page/page and <c>Link</c> paging, get, create, PATCH, add labels), users, ETags with
/// <c>If-None-Match</c> → 304 (not charged to the rate limit), rate-limit headers, <c>422 Validation Failed</c> bodies,
/// pull requests in the issue list (with a <c>pull_request</c> key). The primary rate limit is enforced per clock hour:
/// once <see cref="HourlyLimit"/> charged requests are spent, every request until the next hour is refused with GitHub's
/// 403 "API rate limit exceeded" (counted in <see cref="RateLimitRejections"/>). Answers are shaped like the recordings in
/// <c>tests/ActionItems.IntegrationTests/Sync/GitHub/Fixtures/</c> (checked by <c>FakeGitHubConformanceTests</c> there).
/// Timestamps come from the given clock.
/// </summary>
public sealed class FakeGitHub : IAsyncDisposable
{
    public const string DocumentationUrl = "https://docs.github.com/rest";
    /// <summary>GitHub's primary rate limit for a user token, the default <see cref="HourlyLimit"/>.</summary>
    public const int RateLimit = 5000;

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _repositoryIds = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<FakeIssue>> _issues = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> _labels = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<(GitHubFault Fault, string Method, string PathContains, int Remaining)> _faults = [];
    private long _nextIssueId = 7_000_001;
    private int _remaining;
    private long _rateLimitHour = -1;
    private int _rateLimitRejections;

    private FakeGitHub(WebApplication app, TimeProvider clock, int hourlyLimit)
    {
        _app = app;
        _clock = clock;
        HourlyLimit = hourlyLimit;
        _remaining = hourlyLimit;
    }

    /// <summary>Charged requests allowed per clock hour (<c>x-ratelimit-limit</c>).</summary>
    public int HourlyLimit { get; }

    /// <summary>Requests refused with 403 "rate limit exceeded" because the hour's limit was spent (injected faults not counted).</summary>
    public int RateLimitRejections
    {
        get { lock (_gate) { return _rateLimitRejections; } }
    }

    public Uri BaseUrl { get; private set; } = null!;

    public GitHubUser Syncbot { get; } = new("actionitems-bot", 9001, "ghp_" + new string('b', 36));
    public GitHubUser Alice { get; } = new("alice", 9002, "ghp_" + new string('a', 36));
    public GitHubUser Bob { get; } = new("bob", 9003, "ghp_" + new string('c', 36));

    private IEnumerable<GitHubUser> Users => [Syncbot, Alice, Bob];

    public ConcurrentQueue<GitHubRequest> Requests { get; } = new();

    public static async Task<FakeGitHub> StartAsync(TimeProvider clock, int hourlyLimit = RateLimit)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGitHub(app, clock, hourlyLimit);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return fake;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    // ---------------------------------------------------------------- test helpers

    /// <summary>Requests answered (any status) whose method matches and whose path starts with <paramref name="pathPrefix"/>.</summary>
    public int RequestCount(string? method = null, string? pathPrefix = null) =>
        Requests.Count(r => (method is null || r.Method == method) && (pathPrefix is null || r.PathAndQuery.StartsWith(pathPrefix, StringComparison.Ordinal)));

    public void ResetRequests() => Requests.Clear();

    /// <summary>The budget left, as of the latest answer (a new hour's budget starts with the first answer in it).</summary>
    public int RateLimitRemaining
    {
        get { lock (_gate) { return _remaining; } }
    }

    private static long HourOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3600;

    // The budget of a new clock hour (GitHub's window is an hour from the first request; a clock hour is close enough).
    // Called with clock readings the fake takes anyway, so a test clock that advances per reading runs as it did before.
    private void StartNewHourIfDue(DateTimeOffset now)
    {
        var hour = HourOf(now);
        if (_rateLimitHour < 0)
        {
            _rateLimitHour = hour;
        }
        else if (hour != _rateLimitHour)
        {
            _rateLimitHour = hour;
            _remaining = HourlyLimit;
        }
    }

    /// <summary>
    /// Charges one request to the hour's budget, or counts a refusal when it is spent. Charged on arrival, so concurrent
    /// requests can never together exceed the limit; an answer that turns out 304 is refunded (<see cref="HandleAsync"/>).
    /// </summary>
    private bool ChargeOrRefuse()
    {
        lock (_gate)
        {
            if (_remaining == 0)
            {
                // Only a spent budget reads the clock: the hour may have turned since the last answer.
                StartNewHourIfDue(_clock.GetUtcNow());
            }
            if (_remaining > 0)
            {
                _remaining--;
                return false;
            }
            _rateLimitRejections++;
            return true;
        }
    }

    public void InjectFault(GitHubFault fault, string method, string pathContains, int times = 1)
    {
        lock (_gate)
        {
            _faults.Add((fault, method, pathContains, times));
        }
    }

    public FakeIssue CreateIssue(GitHubUser author, string repository, string title, string? body = null, IEnumerable<string>? labels = null,
        string? assignee = null, (int, string)? milestone = null, bool pullRequest = false)
    {
        lock (_gate)
        {
            var issue = NewIssue(author.Login, repository, title, body, pullRequest);
            issue.Labels = [.. labels ?? []];
            issue.Assignees = assignee is null ? [] : [assignee];
            issue.Milestone = milestone;
            RegisterLabels(repository, issue.Labels);
            return issue;
        }
    }

    /// <summary>An edit "as another user" on the site: applied with a new updated_at, like a person's change.</summary>
    public FakeIssue EditIssue(GitHubUser user, string repository, int number, Action<FakeIssue> edit)
    {
        lock (_gate)
        {
            var issue = Find(repository, number) ?? throw new InvalidOperationException($"{repository}#{number} does not exist");
            var wasOpen = issue.State == "open";
            edit(issue);
            if (wasOpen && issue.State == "closed")
            {
                issue.ClosedAt = Now();
                issue.ClosedBy = user.Login;
                issue.StateReason ??= "completed";
            }
            else if (!wasOpen && issue.State == "open")
            {
                issue.ClosedAt = null;
                issue.ClosedBy = null;
                issue.StateReason = "reopened";
            }
            RegisterLabels(repository, issue.Labels);
            issue.UpdatedAt = Now();
            return issue;
        }
    }

    public FakeIssue? Find(string repository, int number)
    {
        lock (_gate)
        {
            return _issues.GetValueOrDefault(repository)?.FirstOrDefault(i => i.Number == number);
        }
    }

    public IReadOnlyList<FakeIssue> AllIssues(string repository)
    {
        lock (_gate)
        {
            return [.. _issues.GetValueOrDefault(repository) ?? []];
        }
    }

    private FakeIssue NewIssue(string author, string repository, string title, string? body, bool pullRequest)
    {
        RepositoryId(repository);
        var list = _issues[repository];
        var now = Now();
        var issue = new FakeIssue
        {
            // Ids far from numbers, so code that confuses the two fails.
            Id = _nextIssueId += 13,
            Repository = repository,
            Number = list.Count + 1,
            Title = title,
            Body = body,
            Author = author,
            CreatedAt = now,
            UpdatedAt = now,
            IsPullRequest = pullRequest,
        };
        list.Add(issue);
        return issue;
    }

    private long RepositoryId(string repository)
    {
        if (!_repositoryIds.TryGetValue(repository, out var id))
        {
            _repositoryIds[repository] = id = 1000 + _repositoryIds.Count;
            _issues[repository] = [];
            _labels[repository] = [];
        }
        return id;
    }

    private void RegisterLabels(string repository, IEnumerable<string> labels)
    {
        RepositoryId(repository);
        foreach (var label in labels.Where(l => !_labels[repository].Contains(l, StringComparer.OrdinalIgnoreCase)))
        {
            _labels[repository].Add(label);
        }
    }

    // Second-grained like GitHub's timestamps.
    private DateTimeOffset Now()
    {
        var now = _clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
    }

    // ---------------------------------------------------------------- HTTP

    private async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var pathAndQuery = request.Path.Value + request.QueryString.Value;
        string? requestBody = null;
        if (request.ContentLength is > 0 || request.Method is "POST" or "PATCH")
        {
            using var reader = new StreamReader(request.Body, Encoding.UTF8);
            requestBody = await reader.ReadToEndAsync();
        }
        var ifNoneMatch = request.Headers.IfNoneMatch.FirstOrDefault();
        GitHubFault? fault = TakeFault(request.Method, pathAndQuery);
        (int Status, JsonNode? Body, Dictionary<string, string> Headers) answer;
        if (fault == GitHubFault.ServerError)
        {
            answer = (500, new JsonObject { ["message"] = "Server Error" }, []);
        }
        else if (Authenticate(request) is not { } user)
        {
            answer = (401, new JsonObject { ["message"] = "Bad credentials", ["documentation_url"] = DocumentationUrl }, []);
        }
        else if (fault == GitHubFault.RateLimited || ChargeOrRefuse())
        {
            // An injected fault only says the limit is spent; the fake's own budget is left as it is.
            answer = (403, new JsonObject
            {
                ["message"] = $"API rate limit exceeded for user ID {user.Id}.",
                ["documentation_url"] = "https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting",
            }, new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-used"] = HourlyLimit.ToString(CultureInfo.InvariantCulture) });
        }
        else
        {
            try
            {
                lock (_gate)
                {
                    answer = Route(user, request.Method, request.Path.Value!.Trim('/').Split('/'), request.Query, requestBody);
                }
            }
            catch (ValidationFailure failure)
            {
                answer = (422, new JsonObject
                {
                    ["message"] = "Validation Failed",
                    ["errors"] = new JsonArray(failure.Error),
                    ["documentation_url"] = DocumentationUrl,
                }, []);
            }
        }
        if (fault == GitHubFault.ApplyThenDropConnection)
        {
            Requests.Enqueue(new GitHubRequest(request.Method, pathAndQuery, 0, requestBody, ifNoneMatch));
            http.Abort();
            return;
        }

        var text = answer.Body?.ToJsonString() ?? "";
        var response = http.Response;
        var status = answer.Status;
        if (request.Method == "GET" && status == 200)
        {
            var etag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16)) + "\"";
            response.Headers.ETag = etag;
            if (ifNoneMatch == etag)
            {
                status = 304;
            }
        }
        lock (_gate)
        {
            // A conditional request answered 304 is free, as on GitHub.
            if (status == 304 && fault != GitHubFault.RateLimited)
            {
                _remaining = Math.Min(_remaining + 1, HourlyLimit);
            }
            response.Headers["x-ratelimit-limit"] = HourlyLimit.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-remaining"] = _remaining.ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-used"] = (HourlyLimit - _remaining).ToString(CultureInfo.InvariantCulture);
            var now = Now();
            StartNewHourIfDue(now);
            response.Headers["x-ratelimit-reset"] = ((HourOf(now) + 1) * 3600).ToString(CultureInfo.InvariantCulture);
            response.Headers["x-ratelimit-resource"] = "core";
        }
        response.Headers["x-github-media-type"] = "github.v3; format=json";
        response.Headers.Date = _clock.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        foreach (var (name, value) in answer.Headers)
        {
            response.Headers[name] = value;
        }
        Requests.Enqueue(new GitHubRequest(request.Method, pathAndQuery, status, requestBody, ifNoneMatch));
        response.StatusCode = status;
        if (status != 304 && text.Length > 0)
        {
            response.ContentType = "application/json; charset=utf-8";
            await response.WriteAsync(text);
        }
    }

    private GitHubFault? TakeFault(string method, string pathAndQuery)
    {
        lock (_gate)
        {
            var index = _faults.FindIndex(f => f.Method == method && pathAndQuery.Contains(f.PathContains, StringComparison.Ordinal));
            if (index < 0)
            {
                return null;
            }
            var (fault, m, path, remaining) = _faults[index];
            if (remaining <= 1)
            {
                _faults.RemoveAt(index);
            }
            else
            {
                _faults[index] = (fault, m, path, remaining - 1);
            }
            return fault;
        }
    }

    private GitHubUser? Authenticate(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault() ?? "";
        var token = header.StartsWith("token ", StringComparison.OrdinalIgnoreCase) ? header[6..]
            : header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..] : null;
        return Users.FirstOrDefault(u => u.Token == token);
    }

    private sealed class ValidationFailure(JsonObject error) : Exception("Validation Failed")
    {
        public JsonObject Error { get; } = error;
    }

    private static (int, JsonNode?, Dictionary<string, string>) NotFound() =>
        (404, new JsonObject { ["message"] = "Not Found", ["documentation_url"] = DocumentationUrl }, []);

    private (int, JsonNode?, Dictionary<string, string>) Route(GitHubUser user, string method, string[] path, IQueryCollection query, string? body)
    {
        switch (method, path)
        {
            case ("GET", ["user"]):
                return (200, UserJson(user.Login), []);
            case ("GET", ["users", var login]):
                return Users.Any(u => u.Login.Equals(login, StringComparison.OrdinalIgnoreCase)) ? (200, UserJson(login.ToLowerInvariant()), []) : NotFound();
            case ("GET", ["repos", var owner, var name, "issues"]):
                return List($"{owner}/{name}", query);
            case ("GET", ["repositories", var id, "issues"]):
                return _repositoryIds.FirstOrDefault(r => r.Value.ToString(CultureInfo.InvariantCulture) == id) is { Key: { } repository }
                    ? List(repository, query)
                    : NotFound();
            case ("POST", ["repos", var owner, var name, "issues"]):
                return Create(user, $"{owner}/{name}", Parse(body));
            case ("GET", ["repos", var owner, var name, "issues", var number]):
                return Find($"{owner}/{name}", ParseNumber(number)) is { } issue ? (200, IssueJson(issue, single: true), []) : NotFound();
            case ("PATCH", ["repos", var owner, var name, "issues", var number]):
                return Find($"{owner}/{name}", ParseNumber(number)) is { } patched ? (200, Patch(user, patched, Parse(body)), []) : NotFound();
            case ("POST", ["repos", var owner, var name, "issues", var number, "labels"]):
                if (Find($"{owner}/{name}", ParseNumber(number)) is not { } labelled)
                {
                    return NotFound();
                }
                var added = Strings(Parse(body)["labels"]);
                labelled.Labels.AddRange(added.Where(l => !labelled.Labels.Contains(l, StringComparer.OrdinalIgnoreCase)));
                RegisterLabels(labelled.Repository, labelled.Labels);
                labelled.UpdatedAt = Now();
                return (200, new JsonArray([.. labelled.Labels.Select(l => (JsonNode)LabelJson(labelled.Repository, l))]), []);
            case ("POST", ["repos", var owner, var name, "labels"]):
                var label = Parse(body);
                if (label["color"]?.GetValue<string>() is not { } color || color.Length != 6 || !color.All(Uri.IsHexDigit))
                {
                    throw new ValidationFailure(new JsonObject { ["resource"] = "Label", ["code"] = "invalid", ["field"] = "color" });
                }
                RegisterLabels($"{owner}/{name}", [label["name"]!.GetValue<string>()]);
                return (201, LabelJson($"{owner}/{name}", label["name"]!.GetValue<string>()), []);
            default:
                return NotFound();
        }
    }

    private static int ParseNumber(string text) => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1;

    private static JsonObject Parse(string? body)
    {
        try
        {
            return JsonNode.Parse(body ?? "{}") as JsonObject ?? throw new JsonException("not an object");
        }
        catch (JsonException)
        {
            throw new ValidationFailure(new JsonObject { ["resource"] = "Issue", ["code"] = "invalid", ["field"] = "body" });
        }
    }

    private static List<string> Strings(JsonNode? node) =>
        node is JsonArray array
            ? [.. array.Select(n => n is JsonObject o ? o["name"]!.GetValue<string>() : n!.GetValue<string>())]
            : [];

    private (int, JsonNode?, Dictionary<string, string>) List(string repository, IQueryCollection query)
    {
        var issues = _issues.GetValueOrDefault(repository);
        if (issues is null)
        {
            return NotFound();
        }
        var state = query["state"].FirstOrDefault() ?? "open";
        var sort = query["sort"].FirstOrDefault() ?? "created";
        var ascending = (query["direction"].FirstOrDefault() ?? "desc") == "asc";
        var perPage = Math.Clamp(int.TryParse(query["per_page"].FirstOrDefault(), CultureInfo.InvariantCulture, out var pp) ? pp : 30, 1, 100);
        var page = Math.Max(1, int.TryParse(query["page"].FirstOrDefault(), CultureInfo.InvariantCulture, out var p) ? p : 1);
        if (state is not ("open" or "closed" or "all") || sort is not ("created" or "updated" or "comments"))
        {
            throw new ValidationFailure(new JsonObject { ["resource"] = "Issue", ["code"] = "invalid", ["field"] = state is "open" or "closed" or "all" ? "sort" : "state" });
        }
        IEnumerable<FakeIssue> selected = issues.Where(i => state == "all" || i.State == state);
        if (query["since"].FirstOrDefault() is { } sinceText)
        {
            if (!DateTimeOffset.TryParse(sinceText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since))
            {
                throw new ValidationFailure(new JsonObject { ["resource"] = "Issue", ["code"] = "invalid", ["field"] = "since" });
            }
            selected = selected.Where(i => i.UpdatedAt >= since);
        }
        if (query["creator"].FirstOrDefault() is { } creator)
        {
            selected = selected.Where(i => i.Author.Equals(creator, StringComparison.OrdinalIgnoreCase));
        }
        Func<FakeIssue, DateTimeOffset> key = sort == "updated" ? i => i.UpdatedAt : i => i.CreatedAt;
        var ordered = (ascending ? selected.OrderBy(key).ThenBy(i => i.Number) : selected.OrderByDescending(key).ThenByDescending(i => i.Number)).ToList();
        var pages = Math.Max(1, (ordered.Count + perPage - 1) / perPage);
        var body = new JsonArray([.. ordered.Skip((page - 1) * perPage).Take(perPage).Select(i => (JsonNode)IssueJson(i, single: false))]);
        var headers = new Dictionary<string, string>();
        if (pages > 1)
        {
            // Like GitHub: the links go through /repositories/{id}, keep every other parameter and set page.
            var parameters = query.Where(q => q.Key != "page").Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").ToList();
            string Link(int n, string rel) =>
                $"<{BaseUrl}repositories/{RepositoryId(repository).ToString(CultureInfo.InvariantCulture)}/issues?{string.Join('&', [.. parameters, $"page={n}"])}>; rel=\"{rel}\"";
            var links = new List<string>();
            if (page > 1)
            {
                links.Add(Link(page - 1, "prev"));
            }
            if (page < pages)
            {
                links.Add(Link(page + 1, "next"));
                links.Add(Link(pages, "last"));
            }
            if (page > 1)
            {
                links.Add(Link(1, "first"));
            }
            headers["Link"] = string.Join(", ", links);
        }
        return (200, body, headers);
    }

    private (int, JsonNode?, Dictionary<string, string>) Create(GitHubUser user, string repository, JsonObject body)
    {
        if (!_issues.ContainsKey(repository))
        {
            return NotFound();
        }
        if (body["title"] is not JsonValue titleValue || titleValue.GetValueKind() != JsonValueKind.String || titleValue.GetValue<string>().Trim().Length == 0)
        {
            throw new ValidationFailure(new JsonObject { ["resource"] = "Issue", ["code"] = "missing_field", ["field"] = "title" });
        }
        var assignees = Strings(body["assignees"]);
        if (body["assignee"]?.GetValue<string>() is { } single)
        {
            assignees.Add(single);
        }
        ValidateAssignees(assignees);
        var issue = NewIssue(user.Login, repository, titleValue.GetValue<string>(), body["body"]?.GetValue<string>(), pullRequest: false);
        issue.Labels = Strings(body["labels"]);
        issue.Assignees = [.. assignees.Distinct(StringComparer.OrdinalIgnoreCase)];
        RegisterLabels(repository, issue.Labels);
        var location = $"{BaseUrl}repos/{repository}/issues/{issue.Number}";
        return (201, IssueJson(issue, single: true), new Dictionary<string, string> { ["Location"] = location });
    }

    private void ValidateAssignees(IEnumerable<string> assignees)
    {
        foreach (var login in assignees.Where(a => !Users.Any(u => u.Login.Equals(a, StringComparison.OrdinalIgnoreCase))))
        {
            throw new ValidationFailure(new JsonObject { ["value"] = login, ["resource"] = "Issue", ["field"] = "assignees", ["code"] = "invalid" });
        }
    }

    /// <summary>Applies the keys present, as GitHub does: a key left out is left alone; <c>"milestone": null</c> clears the milestone.</summary>
    private JsonObject Patch(GitHubUser user, FakeIssue issue, JsonObject body)
    {
        var before = IssueJson(issue, single: true).ToJsonString();
        if (body.ContainsKey("title"))
        {
            if (body["title"]?.GetValue<string>() is not { } title || title.Trim().Length == 0)
            {
                throw new ValidationFailure(new JsonObject { ["resource"] = "Issue", ["code"] = "missing_field", ["field"] = "title" });
            }
            issue.Title = title;
        }
        if (body.ContainsKey("body"))
        {
            issue.Body = body["body"]?.GetValue<string>();
        }
        if (body.ContainsKey("labels"))
        {
            issue.Labels = [.. Strings(body["labels"]).Distinct(StringComparer.OrdinalIgnoreCase)];
            RegisterLabels(issue.Repository, issue.Labels);
        }
        if (body.ContainsKey("assignees"))
        {
            var assignees = Strings(body["assignees"]);
            ValidateAssignees(assignees);
            issue.Assignees = assignees;
        }
        if (body.ContainsKey("milestone"))
        {
            issue.Milestone = body["milestone"] is JsonValue m && m.GetValueKind() == JsonValueKind.Number ? (m.GetValue<int>(), $"Milestone {m.GetValue<int>()}") : null;
        }
        var reason = body.ContainsKey("state_reason") ? body["state_reason"]?.GetValue<string>() : null;
        if (reason is not (null or "completed" or "not_planned" or "reopened" or "duplicate"))
        {
            throw new ValidationFailure(new JsonObject { ["resource"] = "Issue", ["code"] = "invalid", ["field"] = "state_reason" });
        }
        if (body["state"]?.GetValue<string>() is { } state)
        {
            if (state is not ("open" or "closed"))
            {
                throw new ValidationFailure(new JsonObject { ["resource"] = "Issue", ["code"] = "invalid", ["field"] = "state" });
            }
            if (state == "closed")
            {
                if (issue.State == "open")
                {
                    issue.ClosedAt = Now();
                    issue.ClosedBy = user.Login;
                }
                issue.StateReason = reason ?? "completed";
            }
            else if (issue.State == "closed")
            {
                issue.ClosedAt = null;
                issue.ClosedBy = null;
                issue.StateReason = "reopened";
            }
            issue.State = state;
        }
        if (IssueJson(issue, single: true).ToJsonString() != before)
        {
            issue.UpdatedAt = Now();
        }
        return IssueJson(issue, single: true);
    }

    // ---------------------------------------------------------------- JSON, in the recorded key order

    private JsonObject UserJson(string login)
    {
        var id = Users.FirstOrDefault(u => u.Login == login)?.Id ?? 1;
        var api = $"{BaseUrl}users/{login}";
        return new JsonObject
        {
            ["login"] = login,
            ["id"] = id,
            ["node_id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"04:User{id}")),
            ["avatar_url"] = $"https://avatars.githubusercontent.com/u/{id}?v=4",
            ["gravatar_id"] = "",
            ["url"] = api,
            ["html_url"] = $"https://github.example/{login}",
            ["followers_url"] = api + "/followers",
            ["following_url"] = api + "/following{/other_user}",
            ["gists_url"] = api + "/gists{/gist_id}",
            ["starred_url"] = api + "/starred{/owner}{/repo}",
            ["subscriptions_url"] = api + "/subscriptions",
            ["organizations_url"] = api + "/orgs",
            ["repos_url"] = api + "/repos",
            ["events_url"] = api + "/events{/privacy}",
            ["received_events_url"] = api + "/received_events",
            ["type"] = login == Syncbot.Login ? "Bot" : "User",
            ["site_admin"] = false,
        };
    }

    private JsonObject LabelJson(string repository, string name) => new()
    {
        ["id"] = 2000 + _labels[repository].FindIndex(l => l.Equals(name, StringComparison.OrdinalIgnoreCase)),
        ["node_id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"08:Label{name}")),
        ["url"] = $"{BaseUrl}repos/{repository}/labels/{Uri.EscapeDataString(name)}",
        ["name"] = name,
        ["color"] = "ededed",
        ["default"] = false,
        ["description"] = null,
    };

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private JsonObject IssueJson(FakeIssue issue, bool single)
    {
        var api = $"{BaseUrl}repos/{issue.Repository}/issues/{issue.Number}";
        var json = new JsonObject
        {
            ["url"] = api,
            ["repository_url"] = $"{BaseUrl}repos/{issue.Repository}",
            ["labels_url"] = api + "/labels{/name}",
            ["comments_url"] = api + "/comments",
            ["events_url"] = api + "/events",
            ["html_url"] = $"https://github.example/{issue.Repository}/{(issue.IsPullRequest ? "pull" : "issues")}/{issue.Number}",
            ["id"] = issue.Id,
            ["node_id"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"05:Issue{issue.Id}")),
            ["number"] = issue.Number,
            ["title"] = issue.Title,
            ["user"] = UserJson(issue.Author),
            ["labels"] = new JsonArray([.. issue.Labels.Select(l => (JsonNode)LabelJson(issue.Repository, l))]),
            ["state"] = issue.State,
            ["locked"] = false,
            ["assignee"] = issue.Assignees.Count > 0 ? UserJson(issue.Assignees[0]) : null,
            ["assignees"] = new JsonArray([.. issue.Assignees.Select(a => (JsonNode)UserJson(a))]),
            ["milestone"] = issue.Milestone is { } m
                ? new JsonObject { ["url"] = $"{BaseUrl}repos/{issue.Repository}/milestones/{m.Number}", ["id"] = 3000 + m.Number, ["number"] = m.Number, ["title"] = m.Title, ["state"] = "open" }
                : null,
            ["comments"] = 0,
            ["created_at"] = Time(issue.CreatedAt),
            ["updated_at"] = Time(issue.UpdatedAt),
            ["closed_at"] = issue.ClosedAt is { } closed ? Time(closed) : null,
            ["author_association"] = "MEMBER",
            ["active_lock_reason"] = null,
        };
        if (issue.IsPullRequest)
        {
            json["draft"] = false;
            json["pull_request"] = new JsonObject
            {
                ["url"] = $"{BaseUrl}repos/{issue.Repository}/pulls/{issue.Number}",
                ["html_url"] = $"https://github.example/{issue.Repository}/pull/{issue.Number}",
                ["diff_url"] = $"https://github.example/{issue.Repository}/pull/{issue.Number}.diff",
                ["patch_url"] = $"https://github.example/{issue.Repository}/pull/{issue.Number}.patch",
                ["merged_at"] = null,
            };
        }
        json["body"] = issue.Body;
        if (single)
        {
            json["closed_by"] = issue.ClosedBy is { } closer ? UserJson(closer) : null;
        }
        json["reactions"] = new JsonObject
        {
            ["url"] = api + "/reactions", ["total_count"] = 0, ["+1"] = 0, ["-1"] = 0, ["laugh"] = 0, ["hooray"] = 0, ["confused"] = 0,
            ["heart"] = 0, ["rocket"] = 0, ["eyes"] = 0,
        };
        json["timeline_url"] = api + "/timeline";
        json["performed_via_github_app"] = null;
        json["state_reason"] = issue.StateReason;
        return json;
    }
}
