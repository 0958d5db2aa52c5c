using System.Globalization;
using ActionItems.Core;
using ActionItems.Core.Domain;
using Microsoft.Extensions.Configuration;

namespace ActionItems.Application.Policies;

/// <summary>What a remediation policy rule checks; README, "Remediation policies", says each in words.</summary>
public enum PolicyKind
{
    /// <summary>An open item has an owner within <see cref="PolicyRule.Days"/> of being opened.</summary>
    OwnerWithin,

    /// <summary>An item is resolved within <see cref="PolicyRule.Days"/> of being opened (open items past it violate).</summary>
    ResolvedWithin,

    /// <summary>An open item of an incident whose postmortem is final is linked to a tracker task.</summary>
    LinkedWhenFinal,

    /// <summary>An open item has a due date within <see cref="PolicyRule.Days"/> of being opened.</summary>
    DueDateSet,
}

/// <summary>
/// One rule. Its name is stable (what <c>policyViolations(rule:)</c> and the digest use); it applies to items of
/// <see cref="Priorities"/> only, or to every priority when that is empty.
/// </summary>
public sealed record PolicyRule(string Name, PolicyKind Kind, int Days, IReadOnlyList<Priority> Priorities)
{
    /// <summary>The rule in words, e.g. "Every High/Unbreak item is resolved within 30 day(s) of being opened".</summary>
    public string Description
    {
        get
        {
            var scope = Priorities.Count == 0 ? "Every item" : $"Every {string.Join("/", Priorities)} item";
            return Kind switch
            {
                PolicyKind.OwnerWithin => $"{scope} has an owner within {Days} day(s) of being opened",
                PolicyKind.ResolvedWithin => $"{scope} is resolved within {Days} day(s) of being opened",
                PolicyKind.LinkedWhenFinal => $"{scope} of a final postmortem is linked to a tracker task" +
                                              (Days > 0 ? $" within {Days} day(s) of being recorded" : ""),
                PolicyKind.DueDateSet => $"{scope} has a due date within {Days} day(s) of being opened",
                _ => Kind.ToString(),
            };
        }
    }
}

/// <summary>
/// The daily digest: POSTed to <see cref="WebhookUrl"/> (null: no digest; never logged in full, host only) at
/// <see cref="Hour"/> UTC, listing <see cref="TopItems"/> items per rule (oldest violation first).
/// </summary>
public sealed record PolicyDigestOptions(Uri? WebhookUrl, int Hour, int TopItems, TimeSpan Timeout);

/// <summary>
/// The <c>Policies</c> configuration section: the rules (<c>Policies:Rules:N:{Name,Kind,Days,Priorities}</c>; when none
/// is configured, <see cref="DefaultRules"/>) and the digest (<c>Policies:Digest:{WebhookUrl,Hour,TopItems,TimeoutSeconds}</c>).
/// Read once at start; any unknown key, kind, priority or bad number stops start-up naming the key.
/// </summary>
public sealed record PolicyOptions(IReadOnlyList<PolicyRule> Rules, PolicyDigestOptions Digest)
{
    public const string Section = "Policies";
    public const int MaxDays = 3650;

    public static IReadOnlyList<PolicyRule> DefaultRules { get; } =
    [
        new("owner-within-7-days", PolicyKind.OwnerWithin, 7, []),
        new("high-resolved-within-30-days", PolicyKind.ResolvedWithin, 30, [Priority.High, Priority.Unbreak]),
        new("final-postmortem-linked", PolicyKind.LinkedWhenFinal, 0, []),
    ];

    private static readonly string[] SectionKeys = ["Rules", "Digest"];
    private static readonly string[] RuleKeys = ["Name", "Kind", "Days", "Priorities"];
    private static readonly string[] DigestKeys = ["WebhookUrl", "Hour", "TopItems", "TimeoutSeconds"];

    public PolicyRule? Find(string name) => Rules.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <exception cref="ConfigurationErrorException">The first problem, naming its key.</exception>
    public static PolicyOptions FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        foreach (var child in section.GetChildren())
        {
            Require(SectionKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase), child.Path,
                $"unknown setting (expected one of {string.Join(", ", SectionKeys)})");
        }

        var ruleSections = section.GetSection("Rules").GetChildren().ToList();
        var rules = ruleSections.Count == 0 ? DefaultRules : ruleSections.Select(ReadRule).ToList();
        foreach (var duplicate in rules.GroupBy(r => r.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            throw new ConfigurationErrorException($"{Section}:Rules:*:Name", $"'{duplicate.Key}' names more than one rule");
        }
        return new PolicyOptions(rules, ReadDigest(section.GetSection("Digest")));
    }

    private static PolicyRule ReadRule(IConfigurationSection rule)
    {
        CheckKeys(rule, RuleKeys);
        var nameKey = $"{rule.Path}:Name";
        var name = rule["Name"]?.Trim() ?? "";
        Require(name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'), nameKey,
            name.Length == 0 ? "missing (a stable name such as owner-within-7-days)" : $"'{name}' is not 1 to 64 letters, digits, '-', '_' or '.'");

        var kindText = rule["Kind"];
        var kinds = string.Join(", ", Enum.GetNames<PolicyKind>());
        Require(kindText is not null, $"{rule.Path}:Kind", $"missing (one of {kinds})");
        Require(Enum.TryParse<PolicyKind>(kindText, ignoreCase: true, out var kind) && Enum.IsDefined(kind) && !int.TryParse(kindText, out _),
            $"{rule.Path}:Kind", $"'{kindText}' is not a policy kind (one of {kinds})");

        var days = 0;
        var daysText = rule["Days"];
        if (daysText is null)
        {
            // A grace period makes sense for linking only; the other kinds are about a number of days.
            Require(kind == PolicyKind.LinkedWhenFinal, $"{rule.Path}:Days", $"missing (a number of days, 0 to {MaxDays})");
        }
        else
        {
            Require(int.TryParse(daysText, NumberStyles.None, CultureInfo.InvariantCulture, out days) && days <= MaxDays,
                $"{rule.Path}:Days", $"'{daysText}' is not a whole number of days from 0 to {MaxDays}");
        }

        var priorities = new List<Priority>();
        var prioritySection = rule.GetSection("Priorities");
        // Either a list (Priorities:0=High) or one comma-separated value (Priorities=High,Unbreak).
        var priorityTexts = prioritySection.Value is { } joined
            ? joined.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => (prioritySection.Path, t))
            : prioritySection.GetChildren().Select(c => (c.Path, (c.Value ?? "").Trim()));
        foreach (var (key, text) in priorityTexts)
        {
            Require(Enum.TryParse<Priority>(text, ignoreCase: true, out var priority) && Enum.IsDefined(priority) && !int.TryParse(text, out _),
                key, $"'{text}' is not a priority (one of {string.Join(", ", Enum.GetNames<Priority>())})");
            if (!priorities.Contains(priority))
            {
                priorities.Add(priority);
            }
        }
        return new PolicyRule(name, kind, days, priorities);
    }

    private static PolicyDigestOptions ReadDigest(IConfigurationSection digest)
    {
        CheckKeys(digest, DigestKeys);
        Uri? url = null;
        if (!string.IsNullOrWhiteSpace(digest["WebhookUrl"]))
        {
            // The URL is a credential (a Slack webhook's path is its secret): the problem never repeats it.
            Require(Uri.TryCreate(digest["WebhookUrl"]!.Trim(), UriKind.Absolute, out url) && url.Scheme is "http" or "https",
                $"{digest.Path}:WebhookUrl", "needs an absolute http(s) URL");
        }
        return new PolicyDigestOptions(url,
            Number(digest, "Hour", 8, 0, 23),
            Number(digest, "TopItems", 5, 0, 50),
            TimeSpan.FromSeconds(Number(digest, "TimeoutSeconds", 10, 1, 120)));
    }

    private static int Number(IConfigurationSection section, string name, int fallback, int min, int max)
    {
        var text = section[name];
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }
        Require(int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max,
            $"{section.Path}:{name}", $"'{text}' is not a whole number from {min} to {max}");
        return value;
    }

    private static void CheckKeys(IConfigurationSection section, string[] known)
    {
        foreach (var child in section.GetChildren())
        {
            Require(known.Contains(child.Key, StringComparer.OrdinalIgnoreCase), child.Path,
                $"unknown setting (expected one of {string.Join(", ", known)})");
        }
    }

    private static void Require(bool condition, string key, string problem)
    {
        if (!condition)
        {
            throw new ConfigurationErrorException(key, problem);
        }
    }
}
