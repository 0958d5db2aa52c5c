namespace ActionItems.Application;

/// <summary>
/// A command field that may be left out. Left out means "leave it as it is"; given as null means "clear it"
/// (an owner, a team, a due date), so updates change exactly what the caller sent.
/// </summary>
public readonly record struct Optional<T>(bool IsGiven, T Value)
{
    public static implicit operator Optional<T>(T value) => new(true, value);

    /// <summary>The given value, or <paramref name="current"/> when left out.</summary>
    public T Or(T current) => IsGiven ? Value : current;
}
