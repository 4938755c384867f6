using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FastIo.Orleans.Gateway.Hosting;

/// <summary>
/// Ready only while the cluster answers and has an active silo: a gateway without one can authenticate requests
/// but answer none of them, so the load balancer should send them elsewhere.
/// </summary>
public sealed class ClusterHealthCheck(IClusterClient client) : IHealthCheck
{
    /// <summary>Well under a load balancer's probe timeout; a cluster call may otherwise wait 30 s.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
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
