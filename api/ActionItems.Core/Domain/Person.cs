namespace ActionItems.Core.Domain;

/// <summary>Someone who can own action items; maps owners to tracker accounts in both directions.</summary>
public class Person
{
    public long Id { get; set; }
    public required string DisplayName { get; set; }
    public string? PhabricatorUsername { get; set; }
    public string? PhabricatorPhid { get; set; }
    public string? GitHubLogin { get; set; }
    public string? Email { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
