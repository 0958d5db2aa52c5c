using ActionItems.Core.Domain;
using ActionItems.Data;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.Sync.Engine;

/// <summary>
/// Owners cross the boundary as remote account ids (Phabricator user PHIDs, GitHub logins); locally they
/// are <see cref="Person"/> rows. Unknown remote accounts become people; local people without an account
/// are looked up by username once and remembered.
/// </summary>
public sealed class PeopleMapper(ActionItemsDbContext db, ISyncConnector connector, TimeProvider clock)
{
    private readonly Dictionary<string, Person?> _byAccount = new(StringComparer.Ordinal);

    public static string? AccountOf(Person person, TrackerKind kind) =>
        kind == TrackerKind.Phabricator ? person.PhabricatorPhid : person.GitHubLogin;

    /// <summary>
    /// The people already known locally for these account ids, in one query and without asking the tracker;
    /// account ids no person has are absent.
    /// </summary>
    public static async Task<Dictionary<string, Person>> FindKnownAsync(ActionItemsDbContext db, TrackerKind kind,
        IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 0)
        {
            return new Dictionary<string, Person>(StringComparer.Ordinal);
        }
        var known = kind == TrackerKind.Phabricator
            ? await db.People.Where(p => p.PhabricatorPhid != null && accountIds.Contains(p.PhabricatorPhid)).ToListAsync(cancellationToken)
            : await db.People.Where(p => p.GitHubLogin != null && accountIds.Contains(p.GitHubLogin)).ToListAsync(cancellationToken);
        return known.ToDictionary(p => AccountOf(p, kind)!, StringComparer.Ordinal);
    }

    /// <summary>
    /// Loads (or creates) the people for these account ids in one query and at most one tracker call, and
    /// saves new people so that items can be assigned to them.
    /// </summary>
    public async Task PrepareAsync(IEnumerable<string?> accountIds, CancellationToken cancellationToken)
    {
        var wanted = accountIds.OfType<string>().Where(a => a.Length > 0 && !_byAccount.ContainsKey(a)).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        foreach (var (account, person) in await FindKnownAsync(db, connector.Kind, wanted, cancellationToken))
        {
            _byAccount[account] = person;
        }
        var unknown = wanted.Where(a => !_byAccount.ContainsKey(a)).ToList();
        if (unknown.Count == 0)
        {
            return;
        }
        var accounts = await connector.ResolveAccountsAsync(unknown, cancellationToken);
        foreach (var account in accounts)
        {
            _byAccount[account.Id] = await AdoptAsync(account, cancellationToken);
        }
        foreach (var missing in unknown.Where(a => !_byAccount.ContainsKey(a)))
        {
            _byAccount[missing] = null;
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The person for an account id (after <see cref="PrepareAsync"/>); null when the tracker does not know it either.</summary>
    public Person? PersonFor(string accountId) => _byAccount.GetValueOrDefault(accountId);

    /// <summary>Display name for history actors: the tracker username when known, else the account id.</summary>
    public string ActorFor(string? accountId, string fallback) =>
        accountId is null ? fallback
        : PersonFor(accountId) is { } person ? (connector.Kind == TrackerKind.Phabricator ? person.PhabricatorUsername : person.GitHubLogin) ?? person.DisplayName
        : accountId;

    /// <summary>
    /// The account a local owner has on this tracker; looked up by username when the person has none yet.
    /// Null when the tracker has no such user.
    /// </summary>
    public async Task<string?> AccountForAsync(Person person, CancellationToken cancellationToken)
    {
        if (AccountOf(person, connector.Kind) is { } account)
        {
            return account;
        }
        var username = connector.Kind == TrackerKind.Phabricator ? person.PhabricatorUsername : null;
        if (string.IsNullOrWhiteSpace(username))
        {
            return null;
        }
        var found = await connector.FindAccountByUsernameAsync(username, cancellationToken);
        if (found is null)
        {
            return null;
        }
        if (connector.Kind == TrackerKind.Phabricator)
        {
            person.PhabricatorPhid = found.Id;
        }
        else
        {
            person.GitHubLogin = found.Id;
        }
        _byAccount[found.Id] = person;
        return found.Id;
    }

    /// <summary>
    /// The tracker account of the item's owner (null when unassigned), or why the owner cannot be sent: the
    /// person has no account on this tracker.
    /// </summary>
    public async Task<(string? Account, string? Error)> OwnerAccountAsync(ActionItem item, CancellationToken cancellationToken)
    {
        if (item.OwnerId is not { } ownerId)
        {
            return (null, null);
        }
        var owner = item.Owner ?? await db.People.FirstAsync(p => p.Id == ownerId, cancellationToken);
        return await AccountForAsync(owner, cancellationToken) is { } account
            ? (account, null)
            : (null, $"owner '{owner.DisplayName}' has no {connector.Kind} account (set the person's username); the remote owner was left alone");
    }

    private async Task<Person> AdoptAsync(RemoteAccount account, CancellationToken cancellationToken)
    {
        // A person created by hand or by import may already carry the username without the account id.
        var person = connector.Kind == TrackerKind.Phabricator
            ? await db.People.FirstOrDefaultAsync(p => p.PhabricatorUsername == account.Username, cancellationToken)
            : null;
        if (person is null)
        {
            person = new Person
            {
                DisplayName = string.IsNullOrWhiteSpace(account.DisplayName) ? account.Username : account.DisplayName,
                CreatedAt = clock.GetUtcNow(),
            };
            db.People.Add(person);
        }
        if (connector.Kind == TrackerKind.Phabricator)
        {
            person.PhabricatorPhid = account.Id;
            person.PhabricatorUsername ??= account.Username;
        }
        else
        {
            person.GitHubLogin = account.Id;
        }
        return person;
    }
}
