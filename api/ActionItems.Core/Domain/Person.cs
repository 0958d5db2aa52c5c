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

    /// <summary>
    /// Checks the person's fields against <see cref="FieldLimits"/> and the e-mail's rough shape; throws
    /// <see cref="DomainValidationException"/> naming the first field that breaks a rule.
    /// </summary>
    public void RequireValid()
    {
        if (string.IsNullOrWhiteSpace(DisplayName))
        {
            throw new DomainValidationException("displayName", $"displayName must be 1–{FieldLimits.PersonDisplayName} characters.");
        }
        FieldLimits.RequireMaxLength("displayName", DisplayName, FieldLimits.PersonDisplayName);
        FieldLimits.RequireMaxLength("phabricatorUsername", PhabricatorUsername, FieldLimits.PhabricatorUsername);
        FieldLimits.RequireMaxLength("phabricatorPhid", PhabricatorPhid, FieldLimits.PhabricatorPhid);
        FieldLimits.RequireMaxLength("gitHubLogin", GitHubLogin, FieldLimits.GitHubLogin);
        FieldLimits.RequireMaxLength("email", Email, FieldLimits.Email);
        if (Email is not null && !LooksLikeEmail(Email))
        {
            throw new DomainValidationException("email", "email must look like name@domain (one @, no spaces).");
        }
    }

    /// <summary>Loose on purpose: one @ with text on both sides and no whitespace; the mail system is the real judge.</summary>
    private static bool LooksLikeEmail(string email)
    {
        var at = email.IndexOf('@', StringComparison.Ordinal);
        return at > 0 && at == email.LastIndexOf('@') && at < email.Length - 1 && !email.Any(char.IsWhiteSpace);
    }
}
