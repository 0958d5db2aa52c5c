using ActionItems.Api.Cli;

namespace ActionItems.UnitTests.Cli;

public class ConfigurationOverridesTests
{
    [Theory]
    [InlineData("--Database:SqlitePath=/tmp/ai.db", true)]
    [InlineData("--Sync:Targets:0:Token=api-x", true)]
    [InlineData("--urls=http://0.0.0.0:8080", true)]
    [InlineData("--URLS=http://0.0.0.0:8080", true)]
    [InlineData("--environment=Development", true)]
    [InlineData("--Database:SqlitePath=", true)]
    [InlineData("--Database:SqlitePath", false)]
    [InlineData("--urls", false)]
    [InlineData("--dryrun", false)]
    [InlineData("--bogus=1", false)]
    [InlineData("--Database:=x", false)]
    [InlineData("-Database:SqlitePath=x", false)]
    [InlineData("/Database:SqlitePath=x", false)]
    [InlineData("Database:SqlitePath=x", false)]
    [InlineData("--Database:SqlitePth=x", false)]
    [InlineData("--Nonsense:Key=x", false)]
    [InlineData("--Logging:LogLevel:Default=Debug", true)]
    [InlineData("--Kestrel:Limits:MaxConcurrentConnections=10", true)]
    public void Only_double_dash_key_equals_value_on_a_configuration_key_is_an_override(string token, bool expected) =>
        Assert.Equal(expected, ConfigurationOverrides.IsOverride(token));

    [Theory]
    [InlineData("import x --dryrun", "unknown option '--dryrun' (did you mean --dry-run?)")]
    [InlineData("import x --fromat wiki", "unknown option '--fromat' (did you mean --format?)")]
    [InlineData("serve --url=http://x", "unknown option '--url' (did you mean --urls?)")]
    [InlineData("serve --bogus --urls=http://x", "unknown option '--bogus' (see actionitems serve --help)")]
    [InlineData("token create --role admin --name n --nmae m", "unknown option '--nmae' (did you mean --name?)")]
    [InlineData("import a b", "unexpected argument 'b' (see actionitems import --help)")]
    [InlineData("serve --urls http://x", "unknown option '--urls' (a configuration override is written --urls=value)")]
    [InlineData("import x --Database:SqlitePth=a.db",
        "unknown configuration key 'Database:SqlitePth' (did you mean --Database:SqlitePath=…?)")]
    [InlineData("serve --Nonsense:Key=1", "unknown configuration key 'Nonsense:Key' (README.md, Configuration, lists the keys)")]
    public void An_unknown_token_is_one_specific_error(string commandLine, string expected) =>
        Assert.Equal(expected, ConfigurationOverrides.FindError(ActionItemsCli.Create().Parse(commandLine.Split(' '))));

    [Theory]
    [InlineData("import x --dry-run --Database:SqlitePath=/tmp/a.db")]
    [InlineData("serve --role api --urls=http://x --Auth:AnonymousRead=true")]
    [InlineData("extract f --json --Sync:Targets:0:Kind=Phabricator")]
    public void Known_options_and_overrides_are_no_error(string commandLine) =>
        Assert.Null(ConfigurationOverrides.FindError(ActionItemsCli.Create().Parse(commandLine.Split(' '))));

    [Theory]
    [InlineData("--dryrun", "--dry-run", 1)]
    [InlineData("--nmae", "--name", 1)]
    [InlineData("--format", "--format", 0)]
    [InlineData("--bogus", "--role", 4)]
    public void Edit_distance_counts_a_swap_of_neighbours_as_one_edit(string a, string b, int expected) =>
        Assert.Equal(expected, ConfigurationOverrides.EditDistance(a, b));
}
