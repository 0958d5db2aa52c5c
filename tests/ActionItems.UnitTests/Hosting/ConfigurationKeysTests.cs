using System.Text.RegularExpressions;
using ActionItems.Api.Hosting;

namespace ActionItems.UnitTests.Hosting;

public partial class ConfigurationKeysTests
{
    /// <summary>
    /// README.md, Command line, promises that <c>--Key=value</c> works for every key of its Configuration table, and the
    /// deployment tests accept only known keys; a key documented there but missing from <see cref="ConfigurationKeys.Known"/>
    /// is refused as unknown (exit 2) although the application reads it.
    /// </summary>
    [Fact]
    public void Every_key_of_the_readme_configuration_table_is_known()
    {
        var documented = DocumentedKeys();
        Assert.Contains("Database:SqlitePath", documented);
        Assert.Contains("Sync:Targets:N:*", documented);

        var unknown = documented.Where(key => !IsKnownOrKnownSection(key)).ToList();

        Assert.True(unknown.Count == 0, $"README.md, Configuration, documents keys ConfigurationKeys does not know: {string.Join(", ", unknown)}");
    }

    [Theory]
    [InlineData("Prevention:IndexMaxAge")]
    [InlineData("Sync:ProcessedOutboxRetention")]
    public void A_documented_duration_key_is_a_command_line_override(string key) =>
        Assert.True(ActionItems.Api.Cli.ConfigurationOverrides.IsOverride($"--{key}=00:00:00"));

    /// <summary>
    /// A row like <c>`Sync:Targets:N:*`</c> stands for a section: it is known when a key below it is (a section read
    /// whole, like <c>Sync:Targets</c>, or one whose keys are listed one by one, like <c>RateLimiting:GraphQL</c>).
    /// </summary>
    private static bool IsKnownOrKnownSection(string key)
    {
        if (!key.EndsWith('*'))
        {
            return ConfigurationKeys.IsKnown(key);
        }
        var section = key.TrimEnd('*').TrimEnd(':');
        if (section.EndsWith(":N", StringComparison.Ordinal))
        {
            section = section[..^2];
        }
        return ConfigurationKeys.IsKnown(section + ":AnyKey") ||
               ConfigurationKeys.Known.Any(known => known.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The backticked keys of the first column of README.md's Configuration table, without the parenthesised environment variables.</summary>
    private static List<string> DocumentedKeys()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryRoot.Path, "README.md"));
        var start = Array.IndexOf(lines, "## Configuration");
        Assert.True(start >= 0, "README.md has no '## Configuration' section");
        var keys = new List<string>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(line => !line.StartsWith("## ", StringComparison.Ordinal)))
        {
            if (!line.StartsWith("| `", StringComparison.Ordinal))
            {
                continue;
            }
            var firstCell = line.Split('|')[1];
            var withoutVariables = Parenthesised().Replace(firstCell, "");
            keys.AddRange(Backticked().Matches(withoutVariables).Select(match => match.Groups[1].Value));
        }
        return keys;
    }

    [GeneratedRegex(@"\([^)]*\)")]
    private static partial Regex Parenthesised();

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Backticked();
}
