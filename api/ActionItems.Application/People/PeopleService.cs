using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Application.People;

/// <summary>
/// A person's fields: left out = unchanged, given as null or blank = cleared (displayName cannot be cleared).
/// Tracker accounts are unique across people.
/// </summary>
public sealed record PersonFields
{
    public Optional<string?> DisplayName { get; init; }
    public Optional<string?> PhabricatorUsername { get; init; }
    public Optional<string?> PhabricatorPhid { get; init; }
    public Optional<string?> GitHubLogin { get; init; }
    public Optional<string?> Email { get; init; }
}

public sealed record CreatePerson(PersonFields Fields);

public sealed record UpdatePerson(long Id, PersonFields Fields);

/// <summary>
/// People management. Triagers may create people (assigning an item to someone new creates them inline, issue 19);
/// only admins edit them. A second person with a tracker account someone already has is a conflict.
/// </summary>
public sealed class PeopleService(ActionItemsDbContext db, UnitOfWork unitOfWork, TimeProvider clock)
{
    public async Task<Result<Person>> CreateAsync(CreatePerson command, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Triager) is { } forbidden)
        {
            return forbidden;
        }
        if (!command.Fields.DisplayName.IsGiven)
        {
            return Result<Person>.Fail(ErrorKind.Validation, "A person needs a displayName.", "displayName");
        }
        var person = new Person { DisplayName = "", CreatedAt = clock.GetUtcNow() };
        db.People.Add(person);
        return await ApplyAndSaveAsync(person, command.Fields, cancellationToken);
    }

    public async Task<Result<Person>> UpdateAsync(UpdatePerson command, Actor actor, CancellationToken cancellationToken)
    {
        if (Access.Require(actor, ActorRole.Admin) is { } forbidden)
        {
            return forbidden;
        }
        var person = await db.People.FirstOrDefaultAsync(p => p.Id == command.Id, cancellationToken);
        return person is null
            ? Result<Person>.Fail(ErrorKind.NotFound, $"There is no person {command.Id}.", "id")
            : await ApplyAndSaveAsync(person, command.Fields, cancellationToken);
    }

    private async Task<Result<Person>> ApplyAndSaveAsync(Person person, PersonFields fields, CancellationToken cancellationToken)
    {
        if (fields.DisplayName.IsGiven)
        {
            person.DisplayName = fields.DisplayName.Value?.Trim() ?? "";
        }
        person.PhabricatorUsername = Cleared(fields.PhabricatorUsername, person.PhabricatorUsername);
        person.PhabricatorPhid = Cleared(fields.PhabricatorPhid, person.PhabricatorPhid);
        person.GitHubLogin = Cleared(fields.GitHubLogin, person.GitHubLogin);
        person.Email = Cleared(fields.Email, person.Email);
        try
        {
            person.RequireValid();
        }
        catch (DomainValidationException e)
        {
            unitOfWork.Abandoned();
            return Result<Person>.Fail(ErrorKind.Validation, e.Message, e.Field);
        }

        var clash = await db.People.AsNoTracking().Where(p => p.Id != person.Id &&
                ((person.PhabricatorUsername != null && p.PhabricatorUsername == person.PhabricatorUsername) ||
                 (person.PhabricatorPhid != null && p.PhabricatorPhid == person.PhabricatorPhid) ||
                 (person.GitHubLogin != null && p.GitHubLogin == person.GitHubLogin)))
            .Select(p => p.DisplayName).FirstOrDefaultAsync(cancellationToken);
        if (clash is not null)
        {
            unitOfWork.Abandoned();
            return Result<Person>.Fail(ErrorKind.Conflict, $"'{clash}' already has one of these tracker accounts.");
        }
        try
        {
            await unitOfWork.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            unitOfWork.Abandoned();
            return Result<Person>.Fail(ErrorKind.Conflict, "Someone else took one of these tracker accounts meanwhile.");
        }
        return Result<Person>.Ok(person);
    }

    private static string? Cleared(Optional<string?> given, string? current) =>
        given.IsGiven ? (string.IsNullOrWhiteSpace(given.Value) ? null : given.Value.Trim()) : current;
}
