using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FastIo.Orleans.Silo;

/// <summary>
/// Ready only while this silo is an active member of the cluster: not while it joins, and no longer once it has
/// begun to shut down, so probes stop routing to it while it hands its grains over.
/// </summary>
public sealed class SiloHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context,
        CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy($"Silo is {status}"));
    }
}
