using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Quartier.Server.Cluster;

/// <summary>The Orleans silo a clustered server hosts beside its HTTP API.</summary>
public static class ClusterHosting
{
    /// <summary>Hosts the silo (the cluster's tables are applied before, with <see cref="ClusterSettings.ApplySchema"/>).</summary>
    public static WebApplicationBuilder AddCluster(this WebApplicationBuilder builder, ClusterSettings cluster)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(cluster);
        builder.UseOrleans(silo =>
        {
            silo.UseAdoNetClustering(o =>
            {
                o.Invariant = "Npgsql";
                o.ConnectionString = cluster.ConnectionString();
            });
            if (Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST") is { Length: > 0 } && Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 })
            {
                silo.UseKubernetesHosting();   // the pod's name, IP and labels (orleans/clusterId, orleans/serviceId)
            }
            else
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = cluster.ClusterId;
                    o.ServiceId = "quartier";
                });
                silo.ConfigureEndpoints(cluster.AdvertiseAddress, cluster.SiloPort, cluster.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(cluster.AdvertiseAddress));
            }

            silo.Configure<ClusterMembershipOptions>(o =>
            {
                o.ProbeTimeout = cluster.ProbeTimeout;
                o.NumMissedProbesLimit = 2;
                o.TableRefreshTimeout = cluster.ProbeTimeout;
                o.IAmAliveTablePublishTimeout = cluster.ProbeTimeout * 2;
                o.DeathVoteExpirationTimeout = cluster.ProbeTimeout * 4;
            });
            // a run may take long; a lost silo fails its calls through membership, not through this timeout
            silo.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromHours(6));
        });
        builder.Services.AddSingleton(new ClusterSlots(cluster.Slots));
        builder.Services.AddSingleton<PartitionInputs>();
        builder.Services.AddSingleton<ClusterDispatcher>();
        return builder;
    }
}
