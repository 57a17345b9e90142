using YamlDotNet.RepresentationModel;

namespace Quartier.Cli.Tests.Server;

/// <summary>
/// The container image and Kubernetes manifests (issue 18's deployment past this machine) say what the server needs:
/// the silo args, Orleans's pod labels, the RBAC its Kubernetes hosting uses, the API port, the cluster schema. Neither
/// Docker nor a cluster exists here, so this reads the files, and the schema job's copy of the SQL must be the script's.
/// </summary>
public sealed class DeploymentFilesTests
{
    private static YamlMappingNode Manifest(string file) =>
        (YamlMappingNode)Load(file)[0];

    private static List<YamlNode> Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(Cli.Repo(Path.Combine("deploy", "k8s", file)));
        stream.Load(reader);
        return [.. stream.Documents.Select(d => d.RootNode)];
    }

    private static YamlNode At(YamlNode node, params string[] path) =>
        path.Aggregate(node, (n, key) => n is YamlSequenceNode seq ? seq[int.Parse(key, System.Globalization.CultureInfo.InvariantCulture)] : ((YamlMappingNode)n)[key]);

    [Fact]
    public void The_silo_deployment_runs_serve_with_cluster_and_the_labels_and_rights_orleans_kubernetes_hosting_reads()
    {
        var deployment = Manifest("silo-deployment.yaml");
        var labels = (YamlMappingNode)At(deployment, "spec", "template", "metadata", "labels");
        Assert.Equal("quartier", labels["orleans/serviceId"].ToString());
        Assert.Equal("quartier", labels["orleans/clusterId"].ToString());
        var container = At(deployment, "spec", "template", "spec", "containers", "0");
        var args = ((YamlSequenceNode)At(container, "args")).Select(a => a.ToString()).ToList();
        Assert.Equal("serve", args[0]);
        Assert.Equal("$(QUARTIER_CLUSTER)", args[args.IndexOf("--cluster") + 1]);
        Assert.Equal("$(POD_IP)", args[args.IndexOf("--advertise") + 1]);
        var env = ((YamlSequenceNode)At(container, "env")).Select(e => At(e, "name").ToString()).ToList();
        Assert.Contains("POD_NAME", env);
        Assert.Contains("POD_NAMESPACE", env);
        // the API listens beyond loopback, so DotsAuth refuses to start the server without both secrets
        Assert.Contains("OAUTH_PASSWORD", env);
        Assert.Contains("SECRET_KEY", env);
        var secret = (YamlMappingNode)At(Manifest("secret.yaml"), "stringData");
        Assert.All(((YamlSequenceNode)At(container, "env")).Select(e => ((YamlMappingNode)e).Children.TryGetValue("valueFrom", out var from) && ((YamlMappingNode)from).Children.TryGetValue("secretKeyRef", out var key) ? At(key, "key").ToString() : null)
            .OfType<string>(), key => Assert.True(secret.Children.ContainsKey(key), $"secret.yaml has no {key}"));
        Assert.Equal("/api/health", At(container, "readinessProbe", "httpGet", "path").ToString());

        var role = Load("rbac.yaml").Cast<YamlMappingNode>().Single(d => d["kind"].ToString() == "Role");
        var verbs = ((YamlSequenceNode)At(role, "rules", "0", "verbs")).Select(v => v.ToString());
        Assert.Equal(["delete", "get", "list", "watch"], verbs.Order(StringComparer.Ordinal));
        Assert.Equal("http", At(Manifest("service.yaml"), "spec", "ports", "0", "targetPort").ToString());

        var kustomization = ((YamlSequenceNode)At(Manifest("kustomization.yaml"), "resources")).Select(r => r.ToString()).ToList();
        Assert.All(Directory.GetFiles(Path.GetDirectoryName(Cli.Repo(Path.Combine("deploy", "k8s", "service.yaml")))!, "*.yaml").Select(Path.GetFileName)
            .Where(f => f != "kustomization.yaml"), f => Assert.Contains(f!, kustomization));
        Assert.Equal(File.ReadAllText(Cli.Repo(Path.Combine("scripts", "cluster-schema.sql"))), File.ReadAllText(Cli.Repo(Path.Combine("deploy", "k8s", "cluster-schema.sql"))));
    }

    [Fact]
    public void The_image_exposes_the_servers_default_ports_and_runs_the_quartier_command()
    {
        var dockerfile = File.ReadAllLines(Cli.Repo("Dockerfile"));
        var expose = dockerfile.Single(l => l.StartsWith("EXPOSE ", StringComparison.Ordinal)).Split(' ')[1..];
        var options = new Quartier.Server.ServeOptions();
        Assert.Contains(new Uri(options.Urls).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), expose);
        Assert.Contains(new Uri(options.EosUrls).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), expose);
        var cluster = new Quartier.Server.Cluster.ClusterSettings { Url = "postgres://u:p@h/d" };
        Assert.Contains(cluster.SiloPort.ToString(System.Globalization.CultureInfo.InvariantCulture), expose);
        Assert.Contains(cluster.GatewayPort.ToString(System.Globalization.CultureInfo.InvariantCulture), expose);
        Assert.Contains(dockerfile, l => l == "ENTRYPOINT [\"/app/quartier\"]");
        Assert.Contains(dockerfile, l => l.Contains("coinor-libcbc3", StringComparison.Ordinal));
    }
}
