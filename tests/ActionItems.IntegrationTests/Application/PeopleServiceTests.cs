using ActionItems.Core.Domain;
using ActionItems.Application;
using ActionItems.Application.People;
using static ActionItems.IntegrationTests.Application.ApplicationHarness;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Application;

public class PeopleServiceTests
{
    [Fact]
    public async Task Creating_a_person_needs_a_triager_and_a_display_name_of_1_to_200_characters()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var people = app.Scope().People;

        Assert.Equal(ErrorKind.Forbidden, Assert.Single((await people.CreateAsync(new CreatePerson(new PersonFields { DisplayName = "Eve" }), Viewer, default)).Errors).Kind);
        Assert.Equal("displayName", Assert.Single((await people.CreateAsync(new CreatePerson(new PersonFields()), Triager, default)).Errors).Field);
        Assert.Equal("displayName", Assert.Single((await app.Scope().People.CreateAsync(new CreatePerson(new PersonFields { DisplayName = " " }), Admin, default)).Errors).Field);
        Assert.Equal("displayName", Assert.Single((await app.Scope().People.CreateAsync(
            new CreatePerson(new PersonFields { DisplayName = new string('x', FieldLimits.PersonDisplayName + 1) }), Admin, default)).Errors).Field);

        await using var db = app.Database.CreateContext();
        Assert.Equal(0, await db.People.CountAsync());
    }

    [Fact]
    public async Task A_tracker_account_another_person_has_is_a_conflict_and_blank_accounts_are_cleared()
    {
        await using var app = await ApplicationHarness.CreateAsync();
        var bob = await app.Scope().People.CreateAsync(new CreatePerson(new PersonFields { DisplayName = "Bob", PhabricatorUsername = "bob" }), Admin, default);
        var carol = await app.Scope().People.CreateAsync(new CreatePerson(new PersonFields { DisplayName = "Carol", GitHubLogin = "carol" }), Admin, default);

        var clash = await app.Scope().People.UpdateAsync(new UpdatePerson(carol.Value!.Id, new PersonFields { PhabricatorUsername = " bob " }), Admin, default);
        var cleared = await app.Scope().People.UpdateAsync(new UpdatePerson(carol.Value.Id, new PersonFields { GitHubLogin = "  " }), Admin, default);
        var missing = await app.Scope().People.UpdateAsync(new UpdatePerson(999, new PersonFields()), Admin, default);

        Assert.True(bob.Succeeded);
        Assert.Equal(ErrorKind.Conflict, Assert.Single(clash.Errors).Kind);
        Assert.Null(cleared.Value!.GitHubLogin);
        Assert.Equal((ErrorKind.NotFound, "id"), (Assert.Single(missing.Errors).Kind, missing.Errors[0].Field));
        await using var db = app.Database.CreateContext();
        Assert.Null((await db.People.SingleAsync(p => p.Id == carol.Value.Id)).PhabricatorUsername);
    }
}
