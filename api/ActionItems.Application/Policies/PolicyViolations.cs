using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.Policies;

/// <summary>An item breaking a rule since <see cref="Since"/> (e.g. opened + 7 days for "owner within 7 days").</summary>
public sealed record PolicyViolation(ActionItem Item, PolicyRule Rule, DateTimeOffset Since, string Message);

/// <summary>Which violations to list: of one rule (by name), of one team, of one incident; null: all.</summary>
public sealed record PolicyViolationFilter(string? Rule = null, string? Team = null, long? IncidentId = null);

/// <summary>How many items break a rule, and the oldest of its violations (by <c>since</c>, at most the number asked for).</summary>
public sealed record PolicyRuleSummary(PolicyRule Rule, int Count, IReadOnlyList<PolicyViolation> Oldest);

/// <summary>
/// Evaluates the configured remediation policies in SQL: each rule is one query over the item columns (opened,
/// owner, priority, due date, status, archive) and the tracker links, on both providers. Every rule is about open
/// work, so closed and archived items never violate; an item that violates several rules is listed once per rule.
/// </summary>
public sealed class PolicyViolations(ActionItemsDbContext db, PolicyOptions options, TimeProvider clock)
{
    public const int MaxFirst = 500;

    public IReadOnlyList<PolicyRule> Rules => options.Rules;

    /// <summary>
    /// The violations of the filter's rules, oldest <c>since</c> first (then by rule, then item), at most
    /// <paramref name="first"/>. An unknown rule name is a validation error.
    /// </summary>
    public async Task<Result<IReadOnlyList<PolicyViolation>>> ListAsync(PolicyViolationFilter filter, int first, CancellationToken cancellationToken)
    {
        if (first is < 0 or > MaxFirst)
        {
            return Result<IReadOnlyList<PolicyViolation>>.Fail(new UseCaseError(ErrorKind.Validation, $"'first' must be 0 to {MaxFirst}.", "first"));
        }
        IReadOnlyList<PolicyRule> rules = options.Rules;
        if (filter.Rule is { } name)
        {
            if (options.Find(name) is not { } rule)
            {
                return Result<IReadOnlyList<PolicyViolation>>.Fail(new UseCaseError(ErrorKind.Validation,
                    $"There is no policy rule '{name}' (configured: {string.Join(", ", options.Rules.Select(r => r.Name))}).", "rule"));
            }
            rules = [rule];
        }
        var now = clock.GetUtcNow();
        var found = new List<PolicyViolation>();
        foreach (var rule in rules)
        {
            // Each rule's own oldest `first` are enough: `since` is one column plus the rule's days, so no violation
            // beyond a rule's first `first` can be among the overall first `first`.
            found.AddRange(await OldestAsync(rule, filter, now, first, cancellationToken));
        }
        var order = rules.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i);
        return Result<IReadOnlyList<PolicyViolation>>.Ok(found
            .OrderBy(v => v.Since).ThenBy(v => order[v.Rule]).ThenBy(v => v.Item.Id)
            .Take(first).ToList());
    }

    /// <summary>For each rule: how many items violate it and the <paramref name="top"/> oldest violations.</summary>
    public async Task<IReadOnlyList<PolicyRuleSummary>> SummarizeAsync(int top, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var summaries = new List<PolicyRuleSummary>();
        foreach (var rule in options.Rules)
        {
            var count = await Violating(rule, new PolicyViolationFilter(), now).CountAsync(cancellationToken);
            var oldest = count == 0 || top == 0 ? [] : await OldestAsync(rule, new PolicyViolationFilter(), now, top, cancellationToken);
            summaries.Add(new PolicyRuleSummary(rule, count, oldest));
        }
        return summaries;
    }

    private async Task<List<PolicyViolation>> OldestAsync(PolicyRule rule, PolicyViolationFilter filter, DateTimeOffset now, int first,
        CancellationToken cancellationToken)
    {
        if (first == 0)
        {
            return [];
        }
        var items = Violating(rule, filter, now);
        items = FromCreation(rule) ? items.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id) : items.OrderBy(i => i.OpenedAt).ThenBy(i => i.Id);
        var page = await items.Take(first).ToListAsync(cancellationToken);
        return page.Select(i => Violation(rule, i, now)).ToList();
    }

    private IQueryable<ActionItem> Violating(PolicyRule rule, PolicyViolationFilter filter, DateTimeOffset now)
    {
        var cutoff = now.AddDays(-rule.Days);
        var items = db.ActionItems.AsNoTracking().Where(i => i.ArchivedAt == null && ActionItemStatusRules.OpenStatuses.Contains(i.Status));
        if (rule.Priorities.Count > 0)
        {
            var priorities = rule.Priorities.ToList();
            items = items.Where(i => priorities.Contains(i.Priority));
        }
        if (filter.Team is { } team)
        {
            items = items.Where(i => i.Team == team);
        }
        if (filter.IncidentId is { } incidentId)
        {
            items = items.Where(i => i.IncidentId == incidentId);
        }
        return rule.Kind switch
        {
            PolicyKind.OwnerWithin => items.Where(i => i.OwnerId == null && i.OpenedAt < cutoff),
            PolicyKind.ResolvedWithin => items.Where(i => i.OpenedAt < cutoff),
            PolicyKind.DueDateSet => items.Where(i => i.DueDate == null && i.OpenedAt < cutoff),
            // A link whose task is gone (Broken) tracks nothing; any other state, pending ones included, does.
            PolicyKind.LinkedWhenFinal => items.Where(i => i.Incident!.DocumentStatus == DocumentStatus.Final && i.CreatedAt < cutoff &&
                                                           !db.TrackerLinks.Any(l => l.ActionItemId == i.Id && l.State != TrackerLinkState.Broken)),
            _ => throw new ArgumentOutOfRangeException(nameof(rule), rule.Kind, "unknown policy kind"),
        };
    }

    /// <summary>
    /// Linking is counted from when the item was recorded here: an imported archive's items are opened at their
    /// incident, years before anyone could have linked them from this service.
    /// </summary>
    private static bool FromCreation(PolicyRule rule) => rule.Kind == PolicyKind.LinkedWhenFinal;

    private static PolicyViolation Violation(PolicyRule rule, ActionItem item, DateTimeOffset now)
    {
        var since = (FromCreation(rule) ? item.CreatedAt : item.OpenedAt).AddDays(rule.Days);
        var age = Math.Max(0, (int)(now - item.OpenedAt).TotalDays);
        var message = rule.Kind switch
        {
            PolicyKind.OwnerWithin => $"no owner {age} day(s) after it was opened (the rule allows {rule.Days})",
            PolicyKind.ResolvedWithin => $"{item.Priority} item still open {age} day(s) after it was opened (the rule allows {rule.Days})",
            PolicyKind.DueDateSet => $"no due date {age} day(s) after it was opened (the rule allows {rule.Days})",
            PolicyKind.LinkedWhenFinal => "not linked to a tracker task, and its postmortem is final",
            _ => rule.Description,
        };
        return new PolicyViolation(item, rule, since, message);
    }
}
