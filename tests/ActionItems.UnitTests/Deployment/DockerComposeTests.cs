using ActionItems.Api;
using ActionItems.Api.Cli;
using ActionItems.Api.Hosting;
using YamlDotNet.RepresentationModel;

namespace ActionItems.UnitTests.Deployment;

/// <summary>No Docker engine runs here, so the compose file is checked by reading it against what the app reads.</summary>
public class DockerComposeTests
{
    private static readonly YamlMappingNode Root = Load();
    private static YamlMappingNode Services => (YamlMappingNode)Root["services"];

    [Fact]
    public void Compose_defines_postgres_migrate_api_and_worker_and_prometheus_only_in_its_profile()
    {
        Assert.Equal(["api", "migrate", "postgres", "prometheus", "worker"], Services.Children.Keys.Select(k => k.ToString()).Order());
        Assert.Equal(["prometheus"], Services.Children.Where(s => ((YamlMappingNode)s.Value).Children.ContainsKey("profiles"))
            .Select(s => s.Key.ToString()));
        Assert.Equal(["metrics"], ((YamlSequenceNode)Service("prometheus")["profiles"]).Children.Select(c => c.ToString()));
    }

    [Fact]
    public void Prometheus_scrapes_the_api_metrics_with_the_token_the_api_is_given()
    {
        var mount = ((YamlSequenceNode)Service("prometheus")["volumes"]).Children.Select(v => v.ToString().Split(':'))
            .Single(v => v[1] == "/etc/prometheus/prometheus.yml");
        var config = new YamlStream();
        using (var reader = new StreamReader(System.IO.Path.Combine(RepositoryRoot.Path, mount[0])))
        {
            config.Load(reader);
        }
        var job = (YamlMappingNode)((YamlSequenceNode)((YamlMappingNode)config.Documents[0].RootNode)["scrape_configs"]).Children.Single();
        Assert.Equal(Api.Metrics.MetricsEndpoint.Path, job["metrics_path"].ToString());
        var target = ((YamlSequenceNode)((YamlMappingNode)((YamlSequenceNode)job["static_configs"]).Children.Single())["targets"]).Children.Single().ToString();
        Assert.Equal($"api:{AppInfo.DefaultPort}", target);
        var secret = ((YamlSequenceNode)Service("prometheus")["secrets"]).Children.Single().ToString();
        Assert.Equal($"/run/secrets/{secret}", ((YamlMappingNode)job["authorization"])["credentials_file"].ToString());
        Assert.Equal("METRICS_TOKEN", ((YamlMappingNode)((YamlMappingNode)Root["secrets"])[secret])["environment"].ToString());
        Assert.Equal("${METRICS_TOKEN:-}", ((YamlMappingNode)Service("api")["environment"])["Metrics__Token"].ToString());
    }

    [Fact]
    public void The_image_is_built_once_and_api_and_workers_start_after_the_migration_succeeded()
    {
        var built = Services.Children.Where(s => ((YamlMappingNode)s.Value).Children.ContainsKey("build")).Select(s => s.Key.ToString()).ToList();
        Assert.Equal(["migrate"], built);
        Assert.Equal(["migrate"], ((YamlSequenceNode)Service("migrate")["command"]).Children.Select(c => c.ToString()));
        foreach (var name in (string[])["api", "worker"])
        {
            Assert.Equal(Service("migrate")["image"].ToString(), Service(name)["image"].ToString());
            Assert.Equal("never", Service(name)["pull_policy"].ToString());
            var condition = ((YamlMappingNode)((YamlMappingNode)Service(name)["depends_on"])["migrate"])["condition"];
            Assert.Equal("service_completed_successfully", condition.ToString());
        }
    }

    [Fact]
    public void The_database_password_has_no_default_so_a_forgotten_one_stops_compose()
    {
        var password = ((YamlMappingNode)Service("postgres")["environment"])["POSTGRES_PASSWORD"].ToString();
        Assert.StartsWith("${POSTGRES_PASSWORD:?", password, StringComparison.Ordinal);
        foreach (var name in (string[])["migrate", "api", "worker"])
        {
            var connection = ((YamlMappingNode)Service(name)["environment"])["ConnectionStrings__ActionItems"].ToString();
            Assert.Contains("Password=${POSTGRES_PASSWORD}", connection, StringComparison.Ordinal);
            Assert.DoesNotContain(":-", connection, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_api_has_a_health_check_through_the_binary_and_needs_no_volume_for_its_data_protection_keys()
    {
        var test = ((YamlSequenceNode)((YamlMappingNode)Service("api")["healthcheck"])["test"]).Children.Select(c => c.ToString()).ToList();
        Assert.Equal(["CMD", "dotnet", "actionitems.dll", "health"], test);
        Assert.Contains(Api.Cli.ActionItemsCli.Create().Subcommands, c => c.Name == test[^1]);
        // On PostgreSQL the keys are rows of the database, shared by every replica (Hosting/DataProtectionKeys.cs).
        Assert.False(((YamlMappingNode)Service("api")["environment"]).Children.ContainsKey("DataProtection__KeysDirectory"));
        Assert.False(Service("api").Children.ContainsKey("volumes"));
    }

    [Fact]
    public void Every_dependency_names_a_defined_service()
    {
        foreach (var (name, service) in Services.Children)
        {
            if (((YamlMappingNode)service).Children.TryGetValue("depends_on", out var dependsOn))
            {
                foreach (var dependency in ((YamlMappingNode)dependsOn).Children.Keys)
                {
                    Assert.True(Services.Children.ContainsKey(dependency), $"{name} depends on undefined service {dependency}");
                }
            }
        }
    }

    [Fact]
    public void Environment_variables_of_our_services_are_configuration_keys_the_app_reads()
    {
        foreach (var name in (string[])["migrate", "api", "worker"])
        {
            var environment = (YamlMappingNode)Service(name)["environment"];
            Assert.NotEmpty(environment.Children);
            foreach (var variable in environment.Children.Keys.Select(k => k.ToString()))
            {
                var key = SecretFiles.ConfigurationKeyOf(variable);
                Assert.True(ConfigurationKeys.IsKnown(key), $"{name}: {variable} maps to '{key}', which the app never reads");
            }
        }
    }

    [Fact]
    public void Api_and_worker_run_the_roles_the_cli_accepts_and_workers_scale_out()
    {
        Assert.Equal(HostRole.Api, HostRoles.Parse(RoleOf("api")));
        Assert.Equal(HostRole.Worker, HostRoles.Parse(RoleOf("worker")));
        Assert.Equal("2", ((YamlMappingNode)Service("worker")["deploy"])["replicas"].ToString());
        Assert.Contains($"{AppInfo.DefaultPort}:{AppInfo.DefaultPort}", ((YamlSequenceNode)Service("api")["ports"]).Children.Select(p => p.ToString()));
    }

    [Fact]
    public void The_image_listens_on_the_port_the_health_command_asks_by_default()
    {
        var dockerfile = File.ReadAllText(System.IO.Path.Combine(RepositoryRoot.Path, "deploy", "Dockerfile"));

        Assert.Contains($"ASPNETCORE_URLS=http://+:{AppInfo.DefaultPort}", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"EXPOSE {AppInfo.DefaultPort}", dockerfile, StringComparison.Ordinal);
        // The health check relies on the command's default address, which must then be the port above.
        var healthCheck = dockerfile.Split('\n').Single(line => line.StartsWith("HEALTHCHECK ", StringComparison.Ordinal));
        Assert.Contains("\"health\"", healthCheck, StringComparison.Ordinal);
        Assert.DoesNotContain("--url", healthCheck, StringComparison.Ordinal);
        Assert.Equal(AppInfo.DefaultLoopbackUrl, HealthCommand.Create().Parse([]).GetValue<string>("--url"));
    }

    [Fact]
    public void Postgres_has_a_volume_and_a_health_check_that_the_app_waits_for()
    {
        var postgres = Service("postgres");
        Assert.True(postgres.Children.ContainsKey("healthcheck"));
        var volume = ((YamlSequenceNode)postgres["volumes"]).Children.Single().ToString().Split(':')[0];
        Assert.True(((YamlMappingNode)Root["volumes"]).Children.ContainsKey(volume), $"volume {volume} is not declared");
        var condition = ((YamlMappingNode)((YamlMappingNode)Service("api")["depends_on"])["postgres"])["condition"];
        Assert.Equal("service_healthy", condition.ToString());
    }

    [Fact]
    public void Our_services_build_from_a_dockerfile_that_exists_and_runs_as_non_root()
    {
        foreach (var name in (string[])["migrate"])
        {
            var build = (YamlMappingNode)Service(name)["build"];
            var dockerfile = System.IO.Path.Combine(RepositoryRoot.Path, build["context"].ToString(), build["dockerfile"].ToString());
            Assert.True(File.Exists(dockerfile), $"{name}: {dockerfile} does not exist");
            var text = File.ReadAllText(dockerfile);
            Assert.Contains("FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build", text, StringComparison.Ordinal);
            Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", text, StringComparison.Ordinal);
            Assert.Contains("USER $APP_UID", text, StringComparison.Ordinal);
            Assert.Contains("ENTRYPOINT [\"dotnet\", \"actionitems.dll\"]", text, StringComparison.Ordinal);
            Assert.Contains("HEALTHCHECK", text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("ConnectionStrings__ActionItems", "ConnectionStrings:ActionItems", true)]
    [InlineData("ASPNETCORE_URLS", "URLS", true)]
    [InlineData("Database__SqlitePath", "Database:SqlitePath", true)]
    [InlineData("Sync__GitHub__Timeout", "Sync:GitHub:Timeout", true)]
    [InlineData("ConnectionStrings__Actionitem", "ConnectionStrings:Actionitem", false)]
    public void Environment_variable_names_map_to_configuration_keys(string variable, string key, bool known)
    {
        Assert.Equal(key, ConfigurationKeys.FromEnvironmentVariable(variable));
        Assert.Equal(known, ConfigurationKeys.IsKnown(key));
    }

    private static YamlMappingNode Service(string name) => (YamlMappingNode)Services[name];

    private static string RoleOf(string service)
    {
        var command = ((YamlSequenceNode)Service(service)["command"]).Children.Select(c => c.ToString()).ToList();
        Assert.Equal("serve", command[0]);
        return command[command.IndexOf("--role") + 1];
    }

    private static YamlMappingNode Load()
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(System.IO.Path.Combine(RepositoryRoot.Path, "docker-compose.yml"));
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }
}
