using ActionItems.Api.Health;
using ActionItems.Api.Hosting;
using YamlDotNet.RepresentationModel;

namespace ActionItems.UnitTests.Deployment;

/// <summary>No cluster runs here, so deploy/kubernetes/ is checked by reading it against what the app reads and serves.</summary>
public class KubernetesManifestTests
{
    private static readonly string Folder = System.IO.Path.Combine(RepositoryRoot.Path, "deploy", "kubernetes");
    private static readonly IReadOnlyList<YamlMappingNode> Documents = Load();

    [Fact]
    public void The_folder_holds_the_api_and_worker_deployments_the_api_service_the_migration_job_and_the_secret()
    {
        Assert.Equal(
            ["Deployment/actionitems-api", "Deployment/actionitems-worker", "Job/actionitems-migrate", "Secret/actionitems", "Service/actionitems-api"],
            Documents.Select(d => $"{d["kind"]}/{((YamlMappingNode)d["metadata"])["name"]}").Order());
    }

    [Fact]
    public void The_api_runs_two_replicas_probed_on_the_health_endpoints_and_the_service_reaches_its_port()
    {
        var api = Resource("Deployment", "actionitems-api");
        Assert.Equal("2", ((YamlMappingNode)api["spec"])["replicas"].ToString());
        var container = SingleContainer(api);
        Assert.Equal(HostRole.Api, HostRoles.Parse(RoleOf(container)));
        Assert.Equal(HealthRegistration.LivenessPath, ProbePath(container, "livenessProbe"));
        Assert.Equal(HealthRegistration.ReadinessPath, ProbePath(container, "readinessProbe"));
        Assert.Equal(HealthRegistration.LivenessPath, ProbePath(container, "startupProbe"));
        var port = ((YamlSequenceNode)container["ports"]).Children.Cast<YamlMappingNode>().Single();
        Assert.EndsWith(":" + port["containerPort"], Environment(container)["ASPNETCORE_URLS"], StringComparison.Ordinal);
        foreach (var probe in (string[])["livenessProbe", "readinessProbe", "startupProbe"])
        {
            Assert.Equal(port["name"].ToString(), ((YamlMappingNode)((YamlMappingNode)container[probe])["httpGet"])["port"].ToString());
        }

        var service = (YamlMappingNode)Resource("Service", "actionitems-api")["spec"];
        Assert.Equal(Labels(api), ((YamlMappingNode)service["selector"]).Children.ToDictionary(c => c.Key.ToString(), c => c.Value.ToString()));
        Assert.Equal(port["name"].ToString(), ((YamlMappingNode)((YamlSequenceNode)service["ports"]).Children.Single())["targetPort"].ToString());
    }

    [Fact]
    public void Workers_scale_out_without_http_and_the_job_migrates()
    {
        var worker = SingleContainer(Resource("Deployment", "actionitems-worker"));
        Assert.Equal("2", ((YamlMappingNode)Resource("Deployment", "actionitems-worker")["spec"])["replicas"].ToString());
        Assert.Equal(HostRole.Worker, HostRoles.Parse(RoleOf(worker)));
        Assert.False(worker.Children.ContainsKey("livenessProbe") || worker.Children.ContainsKey("ports"));

        var migrate = SingleContainer(Resource("Job", "actionitems-migrate"));
        Assert.Equal(["migrate"], ((YamlSequenceNode)migrate["args"]).Children.Select(c => c.ToString()));
        Assert.Contains(Api.Cli.ActionItemsCli.Create().Subcommands, c => c.Name == "migrate");
        Assert.Equal("Never", ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)Resource("Job", "actionitems-migrate")["spec"])["template"])["spec"])["restartPolicy"].ToString());
    }

    [Fact]
    public void Every_environment_variable_is_a_configuration_key_the_app_reads_and_secrets_come_from_mounted_files()
    {
        var secretKeys = ((YamlMappingNode)Resource("Secret", "actionitems")["stringData"]).Children.Keys.Select(k => k.ToString()).ToHashSet();
        foreach (var workload in Documents.Where(d => d["kind"].ToString() is "Deployment" or "Job"))
        {
            var name = ((YamlMappingNode)workload["metadata"])["name"].ToString();
            var container = SingleContainer(workload);
            var environment = Environment(container);
            Assert.Contains("ConnectionStrings__ActionItems_FILE", environment.Keys);
            foreach (var (variable, value) in environment)
            {
                var key = SecretFiles.ConfigurationKeyOf(variable);
                Assert.True(ConfigurationKeys.IsKnown(key), $"{name}: {variable} maps to '{key}', which the app never reads");
                if (variable.EndsWith("_FILE", StringComparison.Ordinal))
                {
                    // The file is a key of the Secret, mounted read-only where the variable points.
                    var mount = ((YamlSequenceNode)container["volumeMounts"]).Children.Cast<YamlMappingNode>()
                        .Single(m => value.StartsWith(m["mountPath"] + "/", StringComparison.Ordinal));
                    Assert.Equal("true", mount["readOnly"].ToString());
                    var volume = Volumes(workload).Single(v => v["name"].ToString() == mount["name"].ToString());
                    Assert.Equal("actionitems", ((YamlMappingNode)volume["secret"])["secretName"].ToString());
                    Assert.Contains(value[(mount["mountPath"].ToString().Length + 1)..], secretKeys);
                }
            }
            Assert.DoesNotContain(environment.Values, v => v.Contains("Password=", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void Pods_run_as_non_root_on_a_read_only_root_filesystem()
    {
        foreach (var workload in Documents.Where(d => d["kind"].ToString() is "Deployment" or "Job"))
        {
            var pod = PodSpec(workload);
            Assert.Equal("true", ((YamlMappingNode)pod["securityContext"])["runAsNonRoot"].ToString());
            var security = (YamlMappingNode)SingleContainer(workload)["securityContext"];
            Assert.Equal("true", security["readOnlyRootFilesystem"].ToString());
            Assert.Equal("false", security["allowPrivilegeEscalation"].ToString());
        }
    }

    private static YamlMappingNode Resource(string kind, string name) =>
        Documents.Single(d => d["kind"].ToString() == kind && ((YamlMappingNode)d["metadata"])["name"].ToString() == name);

    private static YamlMappingNode PodSpec(YamlMappingNode workload) =>
        (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)workload["spec"])["template"])["spec"];

    private static YamlMappingNode SingleContainer(YamlMappingNode workload) =>
        (YamlMappingNode)((YamlSequenceNode)PodSpec(workload)["containers"]).Children.Single();

    private static IEnumerable<YamlMappingNode> Volumes(YamlMappingNode workload) =>
        ((YamlSequenceNode)PodSpec(workload)["volumes"]).Children.Cast<YamlMappingNode>();

    private static Dictionary<string, string> Labels(YamlMappingNode workload) =>
        ((YamlMappingNode)((YamlMappingNode)((YamlMappingNode)workload["spec"])["selector"])["matchLabels"]).Children
            .ToDictionary(c => c.Key.ToString(), c => c.Value.ToString());

    private static Dictionary<string, string> Environment(YamlMappingNode container) =>
        ((YamlSequenceNode)container["env"]).Children.Cast<YamlMappingNode>().ToDictionary(e => e["name"].ToString(), e => e["value"].ToString());

    private static string ProbePath(YamlMappingNode container, string probe) =>
        ((YamlMappingNode)((YamlMappingNode)container[probe])["httpGet"])["path"].ToString();

    private static string RoleOf(YamlMappingNode container)
    {
        var args = ((YamlSequenceNode)container["args"]).Children.Select(c => c.ToString()).ToList();
        Assert.Equal("serve", args[0]);
        return args[args.IndexOf("--role") + 1];
    }

    private static List<YamlMappingNode> Load()
    {
        var documents = new List<YamlMappingNode>();
        foreach (var file in Directory.GetFiles(Folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            documents.AddRange(stream.Documents.Select(d => (YamlMappingNode)d.RootNode));
        }
        return documents;
    }
}
