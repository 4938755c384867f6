using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FastIo.Orleans.Gateway.Hosting;

/// <summary>
/// Ready only while this gateway is connected to at least one silo and is not stopping: a gateway without a silo
/// can authenticate requests but answer none of them, so the load balancer should send them elsewhere. The
/// answer comes from this process's own connections, so one silo's death cannot fail every gateway's check at
/// once; only before the client has reported its connections is the cluster asked.
/// </summary>
public sealed class ClusterHealthCheck(
    IClusterClient client, ClusterConnectionState connections, IHostApplicationLifetime lifetime) : IHealthCheck
{
    /// <summary>Well under a load balancer's probe timeout; a cluster call may otherwise wait 30 s.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The gateway is stopping");
        }

        if (connections.ConnectedSilos is { } connected)
        {
            return connected > 0
                ? HealthCheckResult.Healthy($"Connected to {connected} silo(s)")
                : HealthCheckResult.Unhealthy("Connected to no silo");
        }

        try
        {
            var silos = await client.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)
                .WaitAsync(Timeout, cancellationToken);
            return silos.Count > 0
                ? HealthCheckResult.Healthy($"{silos.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("No active silo in the cluster");
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException
            or OperationCanceledException or InvalidOperationException)
        {
            return HealthCheckResult.Unhealthy("The cluster does not answer", exception);
        }
    }
}
