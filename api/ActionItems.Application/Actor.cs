using ActionItems.Core.Domain;

namespace ActionItems.Application;

/// <summary>What a caller may do; each role includes the ones before it.</summary>
public enum ActorRole
{
    Viewer,
    Triager,
    Admin,
}

/// <summary>
/// Who runs a use case: the name history records and the role the use case checks. The origin of the changes is
/// the use case's to say, not the caller's: edits are <see cref="ChangeOrigin.Local"/>, imports
/// <see cref="ChangeOrigin.Import"/> (the importer's), pulled tracker values the tracker's (the sync engine's).
/// </summary>
public sealed record Actor(string Name, ActorRole Role)
{
    /// <summary>The command line: whoever can run the binary against the database may do anything.</summary>
    public static Actor Cli(string userName) => new($"cli:{userName}", ActorRole.Admin);

    public bool Has(ActorRole role) => Role >= role;

    /// <summary>A local edit by this actor, now.</summary>
    public Change ChangeAt(TimeProvider clock) => new(Name, ChangeOrigin.Local, clock.GetUtcNow());
}
