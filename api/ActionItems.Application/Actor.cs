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
/// Who runs a use case: the name history records, the role the use case checks, and the origin its changes carry
/// (<see cref="ChangeOrigin.Local"/> for people and tools, <see cref="ChangeOrigin.Import"/> for postmortem imports).
/// </summary>
public sealed record Actor(string Name, ActorRole Role, ChangeOrigin Origin = ChangeOrigin.Local)
{
    /// <summary>The command line: whoever can run the binary against the database may do anything.</summary>
    public static Actor Cli(string userName) => new($"cli:{userName}", ActorRole.Admin);

    public bool Has(ActorRole role) => Role >= role;

    public Change ChangeAt(TimeProvider clock) => new(Name, Origin, clock.GetUtcNow());
}
