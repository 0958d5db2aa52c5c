using System.CommandLine;
using System.CommandLine.Parsing;
using ActionItems.Api.Hosting;

namespace ActionItems.Api.Cli;

/// <summary>
/// The one place that decides which command-line tokens a command did not recognise are configuration
/// overrides. The rule: a token is an override only as <c>--Key=value</c>, where <c>Key</c> is a
/// configuration key the application reads (<see cref="ConfigurationKeys.IsKnown"/>: e.g. <c>Database:SqlitePath</c>,
/// anything under <c>Sync:Targets</c> or <c>Logging</c>, the top-level <c>urls</c> and <c>environment</c>). Anything else is a usage error: .NET's command-line
/// configuration would otherwise take a mistyped option as a key and swallow the next argument as its
/// value (<c>--bogus --urls=…</c> set <c>bogus</c> and dropped <c>--urls</c>).
/// </summary>
public static class ConfigurationOverrides
{
    /// <summary>The overrides of a parse that <see cref="FindError"/> accepted.</summary>
    public static string[] From(ParseResult parseResult) => [.. parseResult.UnmatchedTokens.Where(IsOverride)];

    public static bool IsOverride(string token)
    {
        if (!token.StartsWith("--", StringComparison.Ordinal))
        {
            return false;
        }
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 2)
        {
            return false;
        }
        var key = token[2..equals];
        return key.Split(':').All(part => part.Length > 0) && ConfigurationKeys.IsKnown(key);
    }

    /// <summary>
    /// The usage error for the first unmatched token that is not an override, e.g.
    /// <c>unknown option '--dryrun' (did you mean --dry-run?)</c>; null when there is none.
    /// </summary>
    public static string? FindError(ParseResult parseResult)
    {
        var offending = parseResult.UnmatchedTokens.FirstOrDefault(token => !IsOverride(token));
        if (offending is null)
        {
            return null;
        }
        if (!offending.StartsWith('-') || offending == "-")
        {
            return $"unexpected argument '{offending}' (see actionitems {CommandPath(parseResult.CommandResult)} --help)";
        }
        var name = offending.Split('=', 2)[0];
        var bareKey = name.TrimStart('-');
        if (name.StartsWith("--", StringComparison.Ordinal) && offending.Contains('=', StringComparison.Ordinal) &&
            bareKey.Contains(':', StringComparison.Ordinal))
        {
            // `--Database:SqlitePth=x` would configure nothing and the command would quietly use the default.
            return ClosestConfigurationKey(bareKey) is { } key
                ? $"unknown configuration key '{bareKey}' (did you mean --{key}=…?)"
                : $"unknown configuration key '{bareKey}' (README.md, Configuration, lists the keys)";
        }
        var looksLikeKey = bareKey.Contains(':', StringComparison.Ordinal) ||
            ConfigurationKeys.Known.Contains(bareKey, StringComparer.OrdinalIgnoreCase);
        if (looksLikeKey && name.StartsWith("--", StringComparison.Ordinal) && !offending.Contains('=', StringComparison.Ordinal))
        {
            // `--urls http://…`: the space-separated form is not an override, so its value would be a stray argument.
            return $"unknown option '{name}' (a configuration override is written {name}=value)";
        }
        var suggestion = ClosestOption(parseResult.CommandResult.Command, name);
        return suggestion is null
            ? $"unknown option '{name}' (see actionitems {CommandPath(parseResult.CommandResult)} --help)"
            : $"unknown option '{name}' (did you mean {suggestion}?)";
    }

    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is CommandResult { Command: not RootCommand } command; r = r.Parent)
        {
            names.Insert(0, command.Command.Name);
        }
        return string.Join(' ', names);
    }

    /// <summary>The command's own option closest to <paramref name="typed"/>, when it is close enough to be a typo.</summary>
    internal static string? ClosestOption(Command command, string typed)
    {
        var candidates = command.Options
            .SelectMany(option => option.Aliases.Prepend(option.Name))
            .Where(name => name.StartsWith("--", StringComparison.Ordinal))
            .Concat(ConfigurationKeys.Known.Where(key => !key.Contains(':', StringComparison.Ordinal)).Select(key => "--" + key))
            .Distinct(StringComparer.Ordinal);
        // Up to a third of the typed name may differ: --dryrun/--dry-run, --fromat/--format, --url/--urls.
        var tolerance = Math.Max(1, typed.TrimStart('-').Length / 3);
        return candidates
            .Select(candidate => (candidate, distance: EditDistance(typed.ToLowerInvariant(), candidate.ToLowerInvariant())))
            .Where(c => c.distance <= tolerance)
            .OrderBy(c => c.distance)
            .ThenBy(c => c.candidate, StringComparer.Ordinal)
            .Select(c => c.candidate)
            .FirstOrDefault();
    }

    private static string? ClosestConfigurationKey(string typed)
    {
        var tolerance = Math.Max(2, typed.Length / 4);
        return ConfigurationKeys.Known
            .Select(key => (key, distance: EditDistance(typed.ToLowerInvariant(), key.ToLowerInvariant())))
            .Where(c => c.distance <= tolerance)
            .OrderBy(c => c.distance)
            .Select(c => c.key)
            .FirstOrDefault();
    }

    /// <summary>
    /// Edit distance counting an insertion, deletion, substitution or swap of two neighbours as one edit
    /// (optimal string alignment), so <c>--nmae</c> is one edit from <c>--name</c>.
    /// </summary>
    internal static int EditDistance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(d[i - 1, j - 1] + cost, Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1));
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
