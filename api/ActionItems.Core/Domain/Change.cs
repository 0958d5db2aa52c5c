namespace ActionItems.Core.Domain;

/// <summary>Who made a change, from where and when. Every mutation of an action item takes one.</summary>
public readonly record struct Change(string Actor, ChangeOrigin Origin, DateTimeOffset At)
{
    public static Change Local(string actor, TimeProvider clock) => new(actor, ChangeOrigin.Local, clock.GetUtcNow());
}
