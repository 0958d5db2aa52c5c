using System.Globalization;
using ActionItems.Core;
using ActionItems.Core.Domain;
using Microsoft.Extensions.Configuration;

namespace ActionItems.Sync.Engine;

/// <summary>
/// The targets configured under <c>Sync:Targets:N</c>, read and validated once at start. Every bad key
/// gets its own message naming the key; the token is never part of any message.
/// </summary>
public sealed class SyncTargetRegistry(IReadOnlyList<SyncTargetOptions> targets)
{
    public const string PushPolicyNone = "None";
    public const string PushPolicyNewItems = "NewItems";
    public const string PushPolicyWithTagPrefix = "NewItemsWithTag:";

    /// <summary>Keys each target may set, for the deployment checks of configuration keys.</summary>
    public static IReadOnlyList<string> Keys { get; } =
    [
        nameof(SyncTargetOptions.Kind), nameof(SyncTargetOptions.Name), nameof(SyncTargetOptions.BaseUrl),
        nameof(SyncTargetOptions.Token), nameof(SyncTargetOptions.WebhookSecret), nameof(SyncTargetOptions.ProjectTags),
        nameof(SyncTargetOptions.PushPolicy), nameof(SyncTargetOptions.PollInterval), nameof(SyncTargetOptions.StatusMap),
        nameof(SyncTargetOptions.PriorityMap), nameof(SyncTargetOptions.ConflictPolicy), nameof(SyncTargetOptions.Repository),
    ];

    public IReadOnlyList<SyncTargetOptions> Targets { get; } = targets;

    public SyncTargetOptions? Find(string name) =>
        Targets.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads every target; throws one <see cref="ConfigurationErrorException"/> listing each bad key.</summary>
    public static SyncTargetRegistry FromConfiguration(IConfiguration configuration)
    {
        var problems = new List<(string Key, string Problem)>();
        var targets = new List<SyncTargetOptions>();
        foreach (var section in configuration.GetSection(SyncTargetOptions.Section).GetChildren())
        {
            var target = Read(section, problems);
            if (target is not null)
            {
                targets.Add(target);
            }
        }
        foreach (var duplicate in targets.GroupBy(t => t.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            problems.Add(($"{SyncTargetOptions.Section}:*:{nameof(SyncTargetOptions.Name)}", $"'{duplicate.Key}' names more than one target"));
        }
        if (problems.Count > 0)
        {
            throw new ConfigurationErrorException(problems[0].Key,
                string.Join("; ", [problems[0].Problem, .. problems.Skip(1).Select(p => $"{p.Key}: {p.Problem}")]));
        }
        return new SyncTargetRegistry(targets);
    }

    private static SyncTargetOptions? Read(IConfigurationSection section, List<(string, string)> problems)
    {
        var before = problems.Count;
        string Key(string name) => $"{section.Path}:{name}";
        void Problem(string name, string problem) => problems.Add((Key(name), problem));

        foreach (var child in section.GetChildren())
        {
            if (!Keys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                Problem(child.Key, $"unknown setting (expected one of {string.Join(", ", Keys)})");
            }
        }

        var target = new SyncTargetOptions();
        var kind = section[nameof(SyncTargetOptions.Kind)];
        if (Enum.TryParse<TrackerKind>(kind, ignoreCase: true, out var parsedKind) && Enum.IsDefined(parsedKind) && !int.TryParse(kind, out _))
        {
            target.Kind = parsedKind;
        }
        else
        {
            Problem(nameof(SyncTargetOptions.Kind), kind is null ? "missing (Phabricator or GitHub)" : $"'{kind}' is not Phabricator or GitHub");
        }

        target.Name = section[nameof(SyncTargetOptions.Name)]?.Trim() ?? "";
        if (target.Name.Length is 0 or > 100 || target.Name.Any(c => char.IsWhiteSpace(c) || c == '/'))
        {
            Problem(nameof(SyncTargetOptions.Name), "needs 1 to 100 characters without spaces or '/' (it appears in the webhook URL)");
        }

        target.BaseUrl = section[nameof(SyncTargetOptions.BaseUrl)]?.Trim() ?? "";
        if (!Uri.TryCreate(target.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
        {
            Problem(nameof(SyncTargetOptions.BaseUrl), "needs an absolute http(s) URL");
        }

        target.Token = section[nameof(SyncTargetOptions.Token)];
        if (string.IsNullOrWhiteSpace(target.Token))
        {
            Problem(nameof(SyncTargetOptions.Token), "missing (set it from an environment variable, e.g. Sync__Targets__0__Token)");
        }
        target.WebhookSecret = NullIfEmpty(section[nameof(SyncTargetOptions.WebhookSecret)]);

        target.ProjectTags = [.. ReadList(section.GetSection(nameof(SyncTargetOptions.ProjectTags)))
            .Select(SyncedFields.NormalizeTag).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal)];

        target.PushPolicy = section[nameof(SyncTargetOptions.PushPolicy)]?.Trim() is { Length: > 0 } policy ? policy : PushPolicyNone;
        if (ParsePushPolicy(target.PushPolicy) is null)
        {
            Problem(nameof(SyncTargetOptions.PushPolicy), $"'{target.PushPolicy}' is not None, NewItems or NewItemsWithTag:<tag>");
        }

        if (section[nameof(SyncTargetOptions.PollInterval)] is { } interval)
        {
            if (TimeSpan.TryParse(interval, CultureInfo.InvariantCulture, out var parsed) && PollCron(parsed) is not null)
            {
                target.PollInterval = parsed;
            }
            else
            {
                Problem(nameof(SyncTargetOptions.PollInterval),
                    $"'{interval}' is not a whole number of minutes dividing an hour, or of hours dividing a day (e.g. 00:05:00, 01:00:00)");
            }
        }

        foreach (var entry in section.GetSection(nameof(SyncTargetOptions.StatusMap)).GetChildren())
        {
            if (Enum.TryParse<ActionItemStatus>(entry.Value, ignoreCase: true, out var status) && !int.TryParse(entry.Value, out _))
            {
                target.StatusMap[entry.Key] = status;
            }
            else
            {
                Problem($"{nameof(SyncTargetOptions.StatusMap)}:{entry.Key}",
                    $"'{entry.Value}' is not a status ({string.Join(", ", Enum.GetNames<ActionItemStatus>())})");
            }
        }
        foreach (var entry in section.GetSection(nameof(SyncTargetOptions.PriorityMap)).GetChildren())
        {
            if (Enum.TryParse<Priority>(entry.Value, ignoreCase: true, out var priority) && !int.TryParse(entry.Value, out _))
            {
                target.PriorityMap[entry.Key] = priority;
            }
            else
            {
                Problem($"{nameof(SyncTargetOptions.PriorityMap)}:{entry.Key}",
                    $"'{entry.Value}' is not a priority ({string.Join(", ", Enum.GetNames<Priority>())})");
            }
        }

        if (section[nameof(SyncTargetOptions.ConflictPolicy)] is { } conflictPolicy)
        {
            if (Enum.TryParse<ConflictPolicy>(conflictPolicy, ignoreCase: true, out var parsedPolicy) && !int.TryParse(conflictPolicy, out _))
            {
                target.ConflictPolicy = parsedPolicy;
            }
            else
            {
                Problem(nameof(SyncTargetOptions.ConflictPolicy), $"'{conflictPolicy}' is not NewestChangeWins, LocalWins or RemoteWins");
            }
        }

        target.Repository = NullIfEmpty(section[nameof(SyncTargetOptions.Repository)]);
        if (target.Kind == TrackerKind.GitHub && (target.Repository is null || target.Repository.Split('/').Length != 2))
        {
            Problem(nameof(SyncTargetOptions.Repository), "a GitHub target needs owner/repo");
        }
        return problems.Count == before ? target : null;
    }

    /// <summary>
    /// Which new items a target creates remote objects for: null = bad policy; otherwise (push, tag) where
    /// tag, when set, is the local tag an item needs.
    /// </summary>
    public static (bool Push, string? Tag)? ParsePushPolicy(string policy)
    {
        if (string.Equals(policy, PushPolicyNone, StringComparison.OrdinalIgnoreCase))
        {
            return (false, null);
        }
        if (string.Equals(policy, PushPolicyNewItems, StringComparison.OrdinalIgnoreCase))
        {
            return (true, null);
        }
        if (policy.StartsWith(PushPolicyWithTagPrefix, StringComparison.OrdinalIgnoreCase) &&
            SyncedFields.NormalizeTag(policy[PushPolicyWithTagPrefix.Length..]) is { Length: > 0 } tag)
        {
            return (true, tag);
        }
        return null;
    }

    /// <summary>The Hangfire cron for a poll interval, or null when the interval cannot be one.</summary>
    public static string? PollCron(TimeSpan interval)
    {
        if (interval <= TimeSpan.Zero || interval.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            return null;
        }
        var minutes = (int)interval.TotalMinutes;
        if (minutes < 60)
        {
            return 60 % minutes == 0 ? (minutes == 1 ? "* * * * *" : $"*/{minutes} * * * *") : null;
        }
        if (minutes % 60 != 0)
        {
            return null;
        }
        var hours = minutes / 60;
        return hours switch
        {
            24 => "0 0 * * *",
            < 24 when 24 % hours == 0 => hours == 1 ? "0 * * * *" : $"0 */{hours} * * *",
            _ => null,
        };
    }

    private static IEnumerable<string> ReadList(IConfigurationSection section) =>
        section.Value is { } single
            ? single.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : section.GetChildren().Select(c => c.Value ?? "");

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
