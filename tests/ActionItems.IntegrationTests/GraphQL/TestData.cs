using ActionItems.Core.Domain;
using ActionItems.Data;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>Builds rows straight through EF Core at chosen instants, so history-based answers are predictable.</summary>
internal sealed class TestData(ActionItemsDbContext db)
{
    public static readonly DateTimeOffset T0 = new(2025, 1, 6, 9, 0, 0, TimeSpan.Zero); // a Monday

    public Incident Incident(string slug, DateOnly? date = null)
    {
        var incident = new Incident { Slug = slug, Title = "Incidents/" + slug, IncidentDate = date, CreatedAt = T0, UpdatedAt = T0 };
        db.Incidents.Add(incident);
        return incident;
    }

    public Person Person(string name, string? phabricator = null)
    {
        var person = new Person { DisplayName = name, PhabricatorUsername = phabricator, CreatedAt = T0 };
        db.People.Add(person);
        return person;
    }

    public SyncTarget Target(string name, TrackerKind kind) => db.SyncTargets.Add(new SyncTarget
    {
        Name = name,
        Kind = kind,
        BaseUrl = kind == TrackerKind.Phabricator ? "https://phabricator.example.org" : "https://github.com",
        CredentialKey = "Sync:Targets:0:Token",
        CreatedAt = T0,
    }).Entity;

    public ActionItem Item(Incident incident, string title, DateTimeOffset createdAt, string? description = null)
    {
        var item = ActionItem.Create(0, title, new Change("seed", ChangeOrigin.Import, createdAt), description);
        item.Incident = incident;
        db.ActionItems.Add(item);
        return item;
    }

    public static Change At(DateTimeOffset at) => new("seed", ChangeOrigin.Local, at);

    public Task SaveAsync() => db.SaveChangesAsync();
}
