using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Api.GraphQL.Mutations;

/// <summary>People management (admin). Tracker accounts are unique: a second person with the same one is a CONFLICT.</summary>
public sealed class PersonCommands(ActionItemsDbContext db, TimeProvider clock, DataLoaders loaders)
{
    public async Task<PersonPayload> CreateAsync(MutationInput input, CancellationToken cancellationToken)
    {
        var person = new Person { DisplayName = "", CreatedAt = clock.GetUtcNow() };
        if (!input.Has("displayName"))
        {
            return Fail(MutationErrorCode.Validation, "A person needs a displayName.", "displayName");
        }
        db.People.Add(person);
        return await ApplyAndSaveAsync(person, input, cancellationToken);
    }

    public async Task<PersonPayload> UpdateAsync(MutationInput input, CancellationToken cancellationToken)
    {
        var errors = new List<MutationError>();
        var id = input.Id("id", errors);
        if (id is null)
        {
            return new PersonPayload(null, errors.Count > 0 ? errors : [new MutationError(MutationErrorCode.Validation, "updatePerson needs an id.", "id")]);
        }
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == id, cancellationToken);
        return person is null
            ? Fail(MutationErrorCode.NotFound, $"There is no person {id}.", "id")
            : await ApplyAndSaveAsync(person, input, cancellationToken);
    }

    private async Task<PersonPayload> ApplyAndSaveAsync(Person person, MutationInput input, CancellationToken cancellationToken)
    {
        if (input.Has("displayName"))
        {
            var name = input.Text("displayName")?.Trim();
            if (string.IsNullOrEmpty(name) || name.Length > 200)
            {
                db.ChangeTracker.Clear();
                return Fail(MutationErrorCode.Validation, "displayName must be 1–200 characters.", "displayName");
            }
            person.DisplayName = name;
        }
        person.PhabricatorUsername = Optional(input, "phabricatorUsername", person.PhabricatorUsername);
        person.PhabricatorPhid = Optional(input, "phabricatorPhid", person.PhabricatorPhid);
        person.GitHubLogin = Optional(input, "gitHubLogin", person.GitHubLogin);
        person.Email = Optional(input, "email", person.Email);

        var clash = await db.People.AsNoTracking().Where(p => p.Id != person.Id &&
                ((person.PhabricatorUsername != null && p.PhabricatorUsername == person.PhabricatorUsername) ||
                 (person.PhabricatorPhid != null && p.PhabricatorPhid == person.PhabricatorPhid) ||
                 (person.GitHubLogin != null && p.GitHubLogin == person.GitHubLogin)))
            .Select(p => p.DisplayName).FirstOrDefaultAsync(cancellationToken);
        if (clash is not null)
        {
            db.ChangeTracker.Clear();
            return Fail(MutationErrorCode.Conflict, $"'{clash}' already has one of these tracker accounts.");
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return Fail(MutationErrorCode.Conflict, "Someone else took one of these tracker accounts meanwhile.");
        }
        loaders.Clear();
        return new PersonPayload(person, []);
    }

    private static string? Optional(MutationInput input, string name, string? current) =>
        input.Has(name) ? (string.IsNullOrWhiteSpace(input.Text(name)) ? null : input.Text(name)!.Trim()) : current;

    private static PersonPayload Fail(MutationErrorCode code, string message, string? field = null) =>
        new(null, [new MutationError(code, message, field)]);
}
