using ActionItems.Application;
using ActionItems.Application.Prevention;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Application;
using ActionItems.IntegrationTests.Infrastructure;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;
using static ActionItems.IntegrationTests.Prevention.PreventionCandidatesTests;

namespace ActionItems.IntegrationTests.Prevention;

/// <summary>
/// Repeat detection on both providers: similarIncidents (BM25 over other incidents' text) and recurringActionables
/// (near-duplicate titles clustered across incidents), docs/prevention.md.
/// </summary>
public class RepeatDetectionTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task The_earlier_calico_outage_is_the_most_similar_incident_and_unrelated_ones_rank_below_the_later_repeat(
        DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await using (var db = app.Database.CreateContext())
        {
            var first = Incident("2024-10-09 calico codfw outage", Day(-80));
            first.Summary = "Calico BGP sessions on the codfw kubernetes nodes flapped and pods lost networking.";
            first.Impact = "mwscript-k8s jobs failed for 40 minutes.";
            first.Timeline.Add(new TimelineEntry { Ordinal = 1, Text = "calico-node pods restarted on codfw" });
            var swift = Incident("2024-11-02 swift disks full", Day(-60));
            swift.Summary = "Swift proxies answered 507 when the object storage disks filled up.";
            var dns = Incident("2024-12-01 authdns zone file", Day(-30));
            dns.Summary = "A bad zone file broke authdns resolution for the wikis.";
            var reviewed = Incident("2025-01-15 calico codfw outage again", Day(14));
            reviewed.Summary = "Calico BGP sessions in codfw dropped again; kubernetes pods lost networking.";
            reviewed.Timeline.Add(new TimelineEntry { Ordinal = 1, Text = "calico-node restarted by hand" });
            var later = Incident("2025-03-01 kubernetes networking in eqiad", Day(59));
            later.Summary = "Kubernetes pods in eqiad lost networking after a calico upgrade.";
            db.Incidents.AddRange(first, swift, dns, reviewed, later);
            await db.SaveChangesAsync();
            var poolcounter = Item(first.Id, "Add poolcounter limits to mwscript-k8s", Day(-79));
            poolcounter.SetTags(["kubernetes"], new Change("seed", ChangeOrigin.Local, Day(-79)));
            var alert = Item(reviewed.Id, "Alert on calico BGP session flaps", Day(15));
            alert.SetTags(["kubernetes"], new Change("seed", ChangeOrigin.Local, Day(15)));
            db.ActionItems.AddRange(poolcounter, alert,
                Item(swift.Id, "Add disk usage alerts for swift", Day(-59)),
                Item(dns.Id, "Lint zone files before deploying", Day(-29)));
            await db.SaveChangesAsync();
        }
        var reviewedId = await IncidentIdAsync(app, "2025-01-15 calico codfw outage again");

        var result = await new SimilarIncidents(app.Scope().Db, new IncidentIndex(TimeSpan.Zero, TimeProvider.System)).FindAsync(new FindSimilarIncidents(reviewedId), Viewer, default);

        Assert.Empty(result.Errors);
        var titles = result.Value!.Select(s => s.Incident.Title).ToList();
        Assert.Equal("2024-10-09 calico codfw outage", titles[0]);
        Assert.Equal("2025-03-01 kubernetes networking in eqiad", titles[1]);
        Assert.DoesNotContain("2025-01-15 calico codfw outage again", titles);
        Assert.Contains("calico", result.Value![0].MatchedTerms);
        Assert.Contains("#kubernetes", result.Value![0].MatchedTerms);
        Assert.True(result.Value![0].Score > result.Value![1].Score);
        Assert.Equal(result.Value!.OrderByDescending(s => s.Score).Select(s => s.Incident.Id), result.Value!.Select(s => s.Incident.Id));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Similar_incidents_read_the_incident_as_prevention_candidates_do_including_its_actionables_descriptions(
        DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await using (var db = app.Database.CreateContext())
        {
            var earlier = Incident("2024-10-09 poolcounter saturation", Day(-80));
            var unrelated = Incident("2024-11-02 swift disks full", Day(-60));
            var reviewed = Incident("2025-01-15 maintenance jobs overload", Day(14));
            db.Incidents.AddRange(earlier, unrelated, reviewed);
            await db.SaveChangesAsync();
            // The only word the reviewed incident shares with the earlier one is in its own actionable's description.
            db.ActionItems.Add(ActionItem.Create(reviewed.Id, "Cap concurrent maintenance jobs", new Change("seed", ChangeOrigin.Local, Day(15)),
                description: "Use poolcounter to cap them."));
            await db.SaveChangesAsync();
        }
        var reviewedId = await IncidentIdAsync(app, "2025-01-15 maintenance jobs overload");

        var result = await new SimilarIncidents(app.Scope().Db, new IncidentIndex(TimeSpan.Zero, TimeProvider.System)).FindAsync(new FindSimilarIncidents(reviewedId), Viewer, default);

        var match = Assert.Single(result.Value!);
        Assert.Equal("2024-10-09 poolcounter saturation", match.Incident.Title);
        Assert.Equal(["poolcounter"], match.MatchedTerms);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Similar_incidents_refuse_an_unknown_incident_and_a_first_out_of_range(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await using (var db = app.Database.CreateContext())
        {
            db.Incidents.Add(Incident("lonely", Day(1)));
            await db.SaveChangesAsync();
        }
        var lonely = await IncidentIdAsync(app, "lonely");
        var service = new SimilarIncidents(app.Scope().Db, new IncidentIndex(TimeSpan.Zero, TimeProvider.System));

        var unknown = await service.FindAsync(new FindSimilarIncidents(999_999), Viewer, default);
        var zero = await service.FindAsync(new FindSimilarIncidents(lonely, 0), Viewer, default);
        var tooMany = await service.FindAsync(new FindSimilarIncidents(lonely, SimilarIncidents.MaxFirst + 1), Viewer, default);
        var alone = await service.FindAsync(new FindSimilarIncidents(lonely), Viewer, default);

        Assert.Equal((ErrorKind.NotFound, "incidentId"), (Assert.Single(unknown.Errors).Kind, unknown.Errors[0].Field));
        Assert.Equal((ErrorKind.Validation, "first"), (Assert.Single(zero.Errors).Kind, zero.Errors[0].Field));
        Assert.Equal((ErrorKind.Validation, "first"), (Assert.Single(tooMany.Errors).Kind, tooMany.Errors[0].Field));
        Assert.Empty(alone.Value!);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Three_paraphrases_in_three_incidents_form_one_cluster_and_unrelated_or_single_incident_items_do_not(
        DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        await SeedRecurringAsync(app);

        var result = await new RecurringActionables(app.Scope().Db).FindAsync(new FindRecurringActionables(), Viewer, default);

        Assert.Empty(result.Errors);
        var clusters = result.Value!;
        Assert.Equal(2, clusters.Count);
        var docs = clusters[0];
        Assert.Equal("Improve deployment documentation", docs.RepresentativeTitle);
        Assert.Equal(
            ["Deployment documentation must be improved", "Improve deployment documentation", "Improve the deployment documentation for new services"],
            docs.Items.Select(i => i.Title).Order(StringComparer.Ordinal));
        Assert.Equal((3, 3, 2), (docs.ItemCount, docs.IncidentCount, docs.OpenCount));
        var poolcounter = clusters[1];
        Assert.Equal((2, 2, 2), (poolcounter.ItemCount, poolcounter.IncidentCount, poolcounter.OpenCount));
        Assert.All(poolcounter.Items, i => Assert.Contains("poolcounter", i.Title, StringComparison.OrdinalIgnoreCase));
        // The TLS pair is in one incident only; the swift and DNS items resemble nothing.
        Assert.DoesNotContain(clusters.SelectMany(c => c.Items), i => i.Title.Contains("TLS", StringComparison.Ordinal) ||
            i.Title.Contains("swift", StringComparison.Ordinal) || i.Title.Contains("DNS", StringComparison.Ordinal));

        var atLeastThree = await new RecurringActionables(app.Scope().Db).FindAsync(new FindRecurringActionables(MinIncidents: 3), Viewer, default);
        Assert.Equal("Improve deployment documentation", Assert.Single(atLeastThree.Value!).RepresentativeTitle);
        var firstOnly = await new RecurringActionables(app.Scope().Db).FindAsync(new FindRecurringActionables(First: 1), Viewer, default);
        Assert.Equal("Improve deployment documentation", Assert.Single(firstOnly.Value!).RepresentativeTitle);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task Recurring_actionables_refuse_first_and_minIncidents_out_of_range(DatabaseProvider provider)
    {
        await using var app = await ApplicationHarness.CreateAsync(provider);
        var service = new RecurringActionables(app.Scope().Db);

        var zero = await service.FindAsync(new FindRecurringActionables(First: 0), Viewer, default);
        var tooMany = await service.FindAsync(new FindRecurringActionables(First: RecurringActionables.MaxFirst + 1), Viewer, default);
        var one = await service.FindAsync(new FindRecurringActionables(MinIncidents: 1), Viewer, default);

        Assert.Equal((ErrorKind.Validation, "first"), (Assert.Single(zero.Errors).Kind, zero.Errors[0].Field));
        Assert.Equal((ErrorKind.Validation, "first"), (Assert.Single(tooMany.Errors).Kind, tooMany.Errors[0].Field));
        Assert.Equal((ErrorKind.Validation, "minIncidents"), (Assert.Single(one.Errors).Kind, one.Errors[0].Field));
    }

    internal static async Task SeedRecurringAsync(ApplicationHarness app)
    {
        await using var db = app.Database.CreateContext();
        var a = Incident("incident a", Day(1));
        var b = Incident("incident b", Day(2));
        var c = Incident("incident c", Day(3));
        var d = Incident("incident d", Day(4));
        db.Incidents.AddRange(a, b, c, d);
        await db.SaveChangesAsync();
        db.ActionItems.AddRange(
            Item(a.Id, "Improve deployment documentation", Day(1)),
            Item(a.Id, "Rotate the TLS certificates of the edge caches", Day(1)),
            Item(a.Id, "Rotate TLS certificates on edge caches", Day(1)),
            Item(b.Id, "Improve the deployment documentation for new services", Day(2), (Day(5), ActionItemStatus.Resolved)),
            Item(b.Id, "Add poolcounter limits to mwscript-k8s", Day(2)),
            Item(c.Id, "Deployment documentation must be improved", Day(3)),
            Item(c.Id, "Improve alerting for full swift disks", Day(3)),
            Item(d.Id, "Add poolcounter limits to mwscript k8s jobs", Day(4)),
            Item(d.Id, "Document the DNS failover", Day(4)));
        await db.SaveChangesAsync();
    }
}
