using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using ActionItems.Core.Domain;
using ActionItems.IntegrationTests.Sync.GitHub;
using ActionItems.Sync.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.Engine;

/// <summary>
/// Issue 16, item 4: one item linked to a Phorge task (fake Phorge) and a GitHub issue (fake GitHub) at once, through the
/// real engine and real Hangfire. A change on one tracker reaches the item and then the other tracker, once; the echo of
/// that write changes nothing anywhere; the same field changed differently on both trackers is one held conflict.
/// </summary>
[Collection(SyncScenario.Collection)]
public class TwoTrackerScenarioTests
{
    private const string Repo = GitHubSyncScenario.Repository;

    /// <summary>A Phorge target (<see cref="SyncScenario"/>) and a GitHub target on the same host, and an item filled from both.</summary>
    private sealed class TwoTrackers : IAsyncDisposable
    {
        public const string GitHubTargetName = "github";

        public required SyncScenario S { get; init; }
        public required FakeGitHub GitHub { get; init; }
        public required long GitHubTargetId { get; init; }
        public required string Task { get; init; }
        public required int IssueNumber { get; init; }
        public required long ItemId { get; init; }

        public FakePhorge.FakePhorge Phorge => S.Phorge;

        public static async Task<TwoTrackers> StartAsync()
        {
            var gitHubClock = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromMinutes(1)) { AutoAdvanceAmount = TimeSpan.FromSeconds(1) };
            var gitHub = await FakeGitHub.StartAsync(gitHubClock);
            var s = await SyncScenario.StartAsync(extraHostArgs:
            [
                "--Sync:Targets:1:Kind=GitHub",
                $"--Sync:Targets:1:Name={GitHubTargetName}",
                $"--Sync:Targets:1:BaseUrl={gitHub.BaseUrl}",
                $"--Sync:Targets:1:Token={gitHub.Syncbot.Token}",
                $"--Sync:Targets:1:Repository={Repo}",
                "--Sync:Targets:1:PollInterval=1.00:00:00",
            ]);
            var task = s.Phorge.CreateTask(s.Phorge.Alice, "Add paging", priority: "normal");
            var issue = gitHub.CreateIssue(gitHub.Alice, Repo, "Add paging", labels: ["priority:medium"]);
            await using var db = s.Db();
            var gitHubTargetId = await db.SyncTargets.Where(t => t.Name == GitHubTargetName).Select(t => t.Id).SingleAsync();
            // Linked to both the way an import links a postmortem that names both (empty bases, filled from the trackers).
            var item = await s.CreateLinkedItemAsync("Add paging", task.Monogram);
            db.TrackerLinks.Add(new TrackerLink
            {
                ActionItemId = item.Id, SyncTargetId = gitHubTargetId, RemoteId = $"{Repo}#{issue.Number}", State = TrackerLinkState.PendingFill,
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
            var scenario = new TwoTrackers
            {
                S = s, GitHub = gitHub, GitHubTargetId = gitHubTargetId, Task = task.Monogram, IssueNumber = issue.Number, ItemId = item.Id,
            };
            await s.DrainAsync();
            await scenario.PollBothAsync();
            return scenario;
        }

        public Task PollPhorgeAsync() => S.PollAsync();

        public Task PollGitHubAsync()
        {
            var targetId = GitHubTargetId;
            return S.RunAsync<PollTargetJob>(j => j.RunAsync(targetId, CancellationToken.None));
        }

        public async Task PollBothAsync()
        {
            await PollPhorgeAsync();
            await PollGitHubAsync();
        }

        public FakeIssue Issue => GitHub.Find(Repo, IssueNumber)!;
        public FakePhorge.PhorgeTask PhorgeTask => Phorge.Phorge.FindTask(Task)!;

        /// <summary>Writes to either tracker so far: GitHub POST/PATCH requests and Phorge maniphest.edit calls.</summary>
        public (int GitHubWrites, int PhorgeEdits) Writes =>
            (GitHub.RequestCount("POST") + GitHub.RequestCount("PATCH"), Phorge.CallCount("maniphest.edit"));

        public void ResetCounters()
        {
            GitHub.ResetRequests();
            Phorge.ResetCallCounts();
        }

        public async Task<(ActionItem Item, TrackerLink PhorgeLink, TrackerLink GitHubLink)> LoadAsync()
        {
            await using var db = S.Db();
            var item = await db.ActionItems.AsNoTracking().Include(i => i.History).Include(i => i.Links).SingleAsync(i => i.Id == ItemId);
            return (item, item.Links.Single(l => l.SyncTargetId == S.TargetId), item.Links.Single(l => l.SyncTargetId == GitHubTargetId));
        }

        /// <summary>Three rounds of everything the service does on its own (both polls, the drain): nothing may be written again.</summary>
        public async Task IdleRoundsAsync()
        {
            var before = Writes;
            var historyBefore = (await LoadAsync()).Item.History.Count;
            for (var round = 0; round < 3; round++)
            {
                await PollBothAsync();
                await S.DrainAsync();
            }
            Assert.Equal(before, Writes);
            Assert.Equal(historyBefore, (await LoadAsync()).Item.History.Count);
        }

        public async ValueTask DisposeAsync()
        {
            await S.DisposeAsync();
            await GitHub.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_change_on_either_tracker_reaches_the_item_and_the_other_tracker_once_and_nothing_echoes()
    {
        await using var t = await TwoTrackers.StartAsync();
        var (filled, phorgeLink, gitHubLink) = await t.LoadAsync();
        Assert.Equal((TrackerLinkState.Linked, TrackerLinkState.Linked, Priority.Medium), (phorgeLink.State, gitHubLink.State, filled.Priority));
        t.ResetCounters();

        // Phorge → item → GitHub: one PATCH, no write back to Phorge.
        t.Phorge.EditTask(t.Phorge.Alice, t.Task, ("title", "Add paging for the API"));
        await t.PollPhorgeAsync();

        var (item, _, _) = await t.LoadAsync();
        Assert.Equal("Add paging for the API", item.Title);
        Assert.Contains(item.History, h => h.Field == HistoryFields.Title && h.Origin == ChangeOrigin.Phabricator);
        Assert.Equal("Add paging for the API", t.Issue.Title);
        Assert.Equal((1, 0), t.Writes);
        Assert.Equal(1, t.GitHub.RequestCount("PATCH"));

        // GitHub → item → Phorge: one maniphest.edit, no write back to GitHub.
        t.GitHub.EditIssue(t.GitHub.Bob, Repo, t.IssueNumber, i =>
        {
            i.State = "closed";
            i.StateReason = "completed";
        });
        await t.PollGitHubAsync();

        (item, phorgeLink, gitHubLink) = await t.LoadAsync();
        Assert.Equal(ActionItemStatus.Resolved, item.Status);
        Assert.Contains(item.History, h => h.Field == HistoryFields.Status && h.Origin == ChangeOrigin.GitHub);
        Assert.Equal("resolved", t.PhorgeTask.Status);
        Assert.Equal((1, 1), t.Writes);
        Assert.Equal((TrackerLinkState.Linked, TrackerLinkState.Linked), (phorgeLink.State, gitHubLink.State));

        // Both trackers now hold our writes (newer than their cursors): polling them again must apply and send nothing.
        await t.IdleRoundsAsync();
        await using var db = t.S.Db();
        Assert.False(await db.SyncConflicts.AnyAsync());
        Assert.False(await db.OutboxMessages.AnyAsync(m => m.ProcessedAt == null));
    }

    [Fact]
    public async Task Different_fields_changed_at_once_on_both_trackers_merge_into_the_item_and_both_trackers()
    {
        await using var t = await TwoTrackers.StartAsync();
        t.ResetCounters();

        t.Phorge.EditTask(t.Phorge.Alice, t.Task, ("title", "Add paging for the API"));
        t.GitHub.EditIssue(t.GitHub.Bob, Repo, t.IssueNumber, i => i.Labels = ["priority:high"]);
        await t.PollPhorgeAsync();
        await t.PollGitHubAsync();

        var (item, phorgeLink, gitHubLink) = await t.LoadAsync();
        Assert.Equal(("Add paging for the API", Priority.High), (item.Title, item.Priority));
        Assert.Equal(("Add paging for the API", 80), (t.PhorgeTask.Title, t.PhorgeTask.Priority));
        Assert.Equal(("Add paging for the API", "priority:high"), (t.Issue.Title, string.Join(",", t.Issue.Labels)));
        Assert.Equal((TrackerLinkState.Linked, TrackerLinkState.Linked), (phorgeLink.State, gitHubLink.State));
        // Each tracker is sent the other's change once.
        Assert.Equal((1, 1), t.Writes);

        await t.IdleRoundsAsync();
        await using var db = t.S.Db();
        Assert.False(await db.SyncConflicts.AnyAsync());
    }

    [Theory]
    [InlineData("LOCAL")]
    [InlineData("REMOTE")]
    public async Task The_same_field_changed_differently_on_both_trackers_is_one_held_conflict_that_writes_nothing_until_resolved(string keep)
    {
        await using var t = await TwoTrackers.StartAsync();
        t.ResetCounters();

        t.Phorge.EditTask(t.Phorge.Alice, t.Task, ("priority", "low"));
        t.GitHub.EditIssue(t.GitHub.Bob, Repo, t.IssueNumber, i => i.Labels = ["priority:high"]);
        await t.PollPhorgeAsync();
        await t.PollGitHubAsync();
        await t.IdleRoundsAsync();

        // The item took the first tracker's value; neither tracker was overwritten with the other's.
        var (item, _, _) = await t.LoadAsync();
        Assert.Equal(Priority.Low, item.Priority);
        Assert.Equal((25, "priority:high"), (t.PhorgeTask.Priority, string.Join(",", t.Issue.Labels)));
        Assert.Equal((0, 0), t.Writes);
        long linkId;
        await using (var db = t.S.Db())
        {
            var conflict = await db.SyncConflicts.SingleAsync();
            Assert.Equal((HistoryFields.Priority, "Low", "High", t.GitHubTargetId), (conflict.Field, conflict.LocalValue, conflict.RemoteValue,
                await db.TrackerLinks.Where(l => l.Id == conflict.TrackerLinkId).Select(l => l.SyncTargetId).SingleAsync()));
            Assert.Null(conflict.ResolvedAt);
            linkId = conflict.TrackerLinkId;
        }
        Assert.Equal(TrackerLinkState.Conflict, (await t.LoadAsync()).GitHubLink.State);

        using var client = await t.S.ClientAsync(ActionItems.Api.Auth.Roles.Triager);
        using var response = await client.PostAsJsonAsync("/graphql", new
        {
            query = $$"""mutation { resolveConflict(linkId: {{linkId.ToString(CultureInfo.InvariantCulture)}}, field: "priority", keep: {{keep}}) { errors { code } link { state } } }""",
        });
        var payload = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("data").GetProperty("resolveConflict");
        Assert.Equal((0, "LINKED"), (payload.GetProperty("errors").GetArrayLength(), payload.GetProperty("link").GetProperty("state").GetString()));
        await t.S.QuietAsync();

        // The kept value reaches the one tracker that did not have it, with one write.
        var (resolved, phorgeLink, gitHubLink) = await t.LoadAsync();
        if (keep == "LOCAL")
        {
            Assert.Equal((Priority.Low, 25, "priority:low"), (resolved.Priority, t.PhorgeTask.Priority, string.Join(",", t.Issue.Labels)));
            Assert.Equal((1, 0), t.Writes);
        }
        else
        {
            Assert.Equal((Priority.High, 80, "priority:high"), (resolved.Priority, t.PhorgeTask.Priority, string.Join(",", t.Issue.Labels)));
            Assert.Equal((0, 1), t.Writes);
        }
        Assert.Equal((TrackerLinkState.Linked, TrackerLinkState.Linked), (phorgeLink.State, gitHubLink.State));
        await t.IdleRoundsAsync();
    }
}
