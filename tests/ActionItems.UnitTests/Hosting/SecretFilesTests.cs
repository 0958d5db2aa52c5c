using System.Collections;
using ActionItems.Api.Hosting;
using ActionItems.Core;
using Microsoft.Extensions.Configuration;

namespace ActionItems.UnitTests.Hosting;

public sealed class SecretFilesTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("secret-files-").FullName;

    [Fact]
    public void A_FILE_variable_sets_its_key_to_the_file_content_without_the_trailing_line_break()
    {
        var path = Secret("db", "Host=db;Password=s3cret\n");

        var configuration = Build(new Hashtable { ["ConnectionStrings__ActionItems_FILE"] = path });

        Assert.Equal("Host=db;Password=s3cret", configuration["ConnectionStrings:ActionItems"]);
    }

    [Fact]
    public void The_command_line_still_wins_over_a_file()
    {
        var path = Secret("token", "from-file");

        var configuration = new ConfigurationBuilder()
            .AddCommandLine(["--Metrics:Token=from-command-line"])
            .AddSecretFiles(new Hashtable { ["Metrics__Token_FILE"] = path })
            .Build();

        Assert.Equal("from-command-line", configuration["Metrics:Token"]);
    }

    [Fact]
    public void A_file_that_cannot_be_read_stops_the_start_naming_the_key_and_the_path_but_no_content()
    {
        var e = Assert.Throws<ConfigurationErrorException>(() =>
            Build(new Hashtable { ["Sync__Targets__0__Token_FILE"] = Path.Combine(_directory, "missing") }));

        Assert.Equal("Sync:Targets:0:Token", e.Key);
        Assert.Contains("Sync__Targets__0__Token_FILE", e.Problem, StringComparison.Ordinal);
        Assert.Contains("missing", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_programs_FILE_variables_are_left_alone()
    {
        var configuration = Build(new Hashtable { ["TF_CLI_CONFIG_FILE"] = Path.Combine(_directory, "missing") });

        Assert.Null(configuration["TF_CLI_CONFIG"]);
    }

    [Fact]
    public void A_key_set_both_directly_and_by_a_file_is_refused()
    {
        var path = Secret("token", "from-file");

        var e = Assert.Throws<ConfigurationErrorException>(() =>
            Build(new Hashtable { ["Metrics__Token"] = "direct", ["Metrics__Token_FILE"] = path }));

        Assert.Equal("Metrics:Token", e.Key);
        Assert.DoesNotContain("direct", e.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_FILE_variable_maps_to_the_key_its_file_sets_so_deployment_files_are_checked_against_known_keys()
    {
        Assert.Equal("ConnectionStrings:ActionItems", SecretFiles.KeyOf("ConnectionStrings__ActionItems_FILE"));
        Assert.Null(SecretFiles.KeyOf("_FILE"));
        Assert.Null(SecretFiles.KeyOf("ConnectionStrings__ActionItems"));
        Assert.Equal("ConnectionStrings:ActionItems", SecretFiles.ConfigurationKeyOf("ConnectionStrings__ActionItems_FILE"));
        Assert.Equal("ConnectionStrings:ActionItems", SecretFiles.ConfigurationKeyOf("ConnectionStrings__ActionItems"));
        Assert.Equal("URLS", SecretFiles.ConfigurationKeyOf("ASPNETCORE_URLS"));
    }

    private static IConfiguration Build(IDictionary environment) => new ConfigurationBuilder().AddSecretFiles(environment).Build();

    private string Secret(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
