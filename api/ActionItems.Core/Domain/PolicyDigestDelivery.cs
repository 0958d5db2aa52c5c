namespace ActionItems.Core.Domain;

/// <summary>
/// One UTC day whose remediation-policy digest was delivered to the configured webhook. The row is written in the
/// same transaction that posts the digest, so a day that has a row is never sent again (a second run, a retry).
/// </summary>
public class PolicyDigestDelivery
{
    public DateOnly Day { get; set; }

    public DateTimeOffset SentAt { get; set; }

    /// <summary>How many violations the digest reported, for looking back in SQL.</summary>
    public int Violations { get; set; }
}
