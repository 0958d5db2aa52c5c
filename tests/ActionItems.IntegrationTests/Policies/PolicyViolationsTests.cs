using ActionItems.Application;
using ActionItems.Application.Policies;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Policies;

/// <summary>Each rule kind's violations and <c>since</c>, evaluated in SQL on both databases.</summary>
public class PolicyViolationsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    /// <summary>The defaults plus a due-date rule.</summary>
    internal static PolicyOptions Options(string? webhookUrl = null, int timeoutSeconds = 10) =>
        PolicyOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Policies:Rules:0:Name"] = "owner-within-7-days",
            ["Policies:Rules:0:Kind"] = "OwnerWithin",
            ["Policies:Rules:0:Days"] = "7",
            ["Policies:Rules:1:Name"] = "high-resolved-within-30-days",
            ["Policies:Rules:1:Kind"] = "ResolvedWithin",
            ["Policies:Rules:1:Days"] = "30",
            ["Policies:Rules:1:Priorities"] = "High,Unbreak",
            ["Policies:Rules:2:Name"] = "final-postmortem-linked",
            ["Policies:Rules:2:Kind"] = "LinkedWhenFinal",
            ["Policies:Rules:3:Name"] = "due-within-14-days",
            ["Policies:Rules:3:Kind"] = "DueDateSet",
            ["Policies:Rules:3:Days"] = "14",
            ["Policies:Digest:WebhookUrl"] = webhookUrl,
            ["Policies:Digest:TimeoutSeconds"] = timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }).Build());

    /// <summary>The items of <see cref="SeedAsync"/> by name.</summary>
    internal sealed record Seeded(Dictionary<string, long> Ids, long DraftIncident, long FinalIncident);

    /// <summary>
    /// A draft postmortem with items that break (or just keep) the owner, resolve and due-date rules, and a final
    /// one with items linked, unlinked and linked to a task that is gone.
    /// </summary>
    internal static async Task<Seeded> SeedAsync(TestDatabase database)
    {
        await using var db = database.CreateContext();
        var draft = new Incident { Slug = "2026-10 draft", Title = "Draft", DocumentStatus = DocumentStatus.Draft, CreatedAt = Now };
        var final = new Incident { Slug = "2026-11 final", Title = "Final", DocumentStatus = DocumentStatus.Final, CreatedAt = Now };
        var owner = new Person { DisplayName = "Bob", CreatedAt = Now };
        var target = new SyncTarget { Name = "phab", BaseUrl = "https://phabricator.example.org", CreatedAt = Now };
        db.AddRange(draft, final, owner, target);
        await db.SaveChangesAsync();

        var ids = new Dictionary<string, long>();
        ActionItem Add(string name, Incident incident, int daysAgo, Action<ActionItem, Change>? shape = null)
        {
            var change = new Change("seed", ChangeOrigin.Local, Now.AddDays(-daysAgo));
            var item = ActionItem.Create(incident.Id, name, change);
            shape?.Invoke(item, change);
            db.ActionItems.Add(item);
            return item;
        }
        var items = new[]
        {
            Add("unowned-10d", draft, 10, (i, c) => i.SetTeam("sre", c)),
            Add("owned-10d", draft, 10, (i, c) => i.SetOwner(owner, c)),
            Add("unowned-5d", draft, 5, (i, c) => i.SetDueDate(new DateOnly(2026, 12, 1), c)),
            Add("high-40d", draft, 40, (i, c) =>
            {
                i.SetOwner(owner, c);
                i.SetPriority(Priority.High, c);
                i.SetDueDate(new DateOnly(2026, 12, 1), c);
            }),
            Add("unbreak-resolved", draft, 40, (i, c) =>
            {
                i.SetPriority(Priority.Unbreak, c);
                i.SetStatus(ActionItemStatus.Resolved, c);
            }),
            Add("archived", draft, 40, (i, c) =>
            {
                i.SetPriority(Priority.High, c);
                i.Archive(c);
            }),
            Add("no-due-20d", draft, 20, (i, c) =>
            {
                i.SetOwner(owner, c);
                i.SetPriority(Priority.Low, c);
                i.SetTeam("sre", c);
            }),
            Add("unowned-30d", draft, 30, (i, c) => i.SetDueDate(new DateOnly(2026, 12, 1), c)),
            Add("final-unlinked", final, 2, (i, c) => i.SetOwner(owner, c)),
            Add("final-linked", final, 2, (i, c) => i.SetOwner(owner, c)),
            Add("final-broken-link", final, 1, (i, c) => i.SetOwner(owner, c)),
            Add("final-unlinked-resolved", final, 2, (i, c) => i.SetStatus(ActionItemStatus.Resolved, c)),
        };
        await db.SaveChangesAsync();
        foreach (var item in items)
        {
            ids[item.Title] = item.Id;
        }
        db.TrackerLinks.AddRange(
            new TrackerLink { ActionItemId = ids["final-linked"], SyncTargetId = target.Id, RemoteId = "T1", State = TrackerLinkState.Linked, CreatedAt = Now },
            new TrackerLink { ActionItemId = ids["final-broken-link"], SyncTargetId = target.Id, RemoteId = "T2", State = TrackerLinkState.Broken, CreatedAt = Now });
        await db.SaveChangesAsync();
        return new Seeded(ids, draft.Id, final.Id);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Each_rule_lists_the_open_unarchived_items_that_break_it_with_when_they_started_to(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var seeded = await SeedAsync(database);
        await using var db = database.CreateContext();
        var policies = new PolicyViolations(db, Options(), new FakeTimeProvider(Now));

        var all = await ListAsync(policies, new PolicyViolationFilter(), 100);

        Assert.Equal(
            [
                ("unowned-30d", "owner-within-7-days", Now.AddDays(-23)),
                ("high-40d", "high-resolved-within-30-days", Now.AddDays(-10)),
                ("no-due-20d", "due-within-14-days", Now.AddDays(-6)),
                ("unowned-10d", "owner-within-7-days", Now.AddDays(-3)),
                ("final-unlinked", "final-postmortem-linked", Now.AddDays(-2)),
                ("final-broken-link", "final-postmortem-linked", Now.AddDays(-1)),
            ],
            all.Select(v => (v.Item.Title, v.Rule.Name, v.Since)));
        Assert.Equal("no owner 30 day(s) after it was opened (the rule allows 7)", all[0].Message);
        Assert.Equal("High item still open 40 day(s) after it was opened (the rule allows 30)", all[1].Message);
        Assert.Equal(seeded.Ids["unowned-30d"], all[0].Item.Id);

        Assert.Equal(["unowned-30d", "high-40d"], (await ListAsync(policies, new PolicyViolationFilter(), 2)).Select(v => v.Item.Title));
        Assert.Equal(["unowned-30d", "unowned-10d"],
            (await ListAsync(policies, new PolicyViolationFilter(Rule: "OWNER-within-7-days"), 100)).Select(v => v.Item.Title));
        Assert.Equal(["no-due-20d", "unowned-10d"],
            (await ListAsync(policies, new PolicyViolationFilter(Team: "sre"), 100)).Select(v => v.Item.Title));
        Assert.Equal(["final-unlinked", "final-broken-link"],
            (await ListAsync(policies, new PolicyViolationFilter(IncidentId: seeded.FinalIncident), 100)).Select(v => v.Item.Title));

        var summaries = await policies.SummarizeAsync(1, default);
        Assert.Equal([("owner-within-7-days", 2, "unowned-30d"), ("high-resolved-within-30-days", 1, "high-40d"),
                ("final-postmortem-linked", 2, "final-unlinked"), ("due-within-14-days", 1, "no-due-20d")],
            summaries.Select(s => (s.Rule.Name, s.Count, s.Oldest.Single().Item.Title)));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_rule_is_broken_only_after_its_days_have_passed(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await SeedAsync(database);
        await using var db = database.CreateContext();
        // 3 days earlier "unowned-10d" was 7 days old: not yet late; one second after its 7 days it is.
        var clock = new FakeTimeProvider(Now.AddDays(-3));
        var policies = new PolicyViolations(db, Options(), clock);
        var owners = new PolicyViolationFilter(Rule: "owner-within-7-days");
        Assert.Equal(["unowned-30d"], (await ListAsync(policies, owners, 100)).Select(v => v.Item.Title));

        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(["unowned-30d", "unowned-10d"], (await ListAsync(policies, owners, 100)).Select(v => v.Item.Title));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_unknown_rule_or_a_page_too_large_is_a_validation_error(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var policies = new PolicyViolations(db, Options(), new FakeTimeProvider(Now));

        var unknown = await policies.ListAsync(new PolicyViolationFilter(Rule: "owners"), 10, default);
        var tooMany = await policies.ListAsync(new PolicyViolationFilter(), PolicyViolations.MaxFirst + 1, default);

        Assert.Equal((ErrorKind.Validation, "rule"), (unknown.Errors.Single().Kind, unknown.Errors.Single().Field));
        Assert.StartsWith("There is no policy rule 'owners' (configured: owner-within-7-days, ", unknown.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal((ErrorKind.Validation, "first"), (tooMany.Errors.Single().Kind, tooMany.Errors.Single().Field));
    }

    private static async Task<IReadOnlyList<PolicyViolation>> ListAsync(PolicyViolations policies, PolicyViolationFilter filter, int first)
    {
        var result = await policies.ListAsync(filter, first, default);
        Assert.Empty(result.Errors);
        return result.Value!;
    }
}
