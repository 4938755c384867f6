using System.Net;
using FastIo.Orleans.Tests.Billing;
using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Operations;

/// <summary>
/// Readiness tells a load balancer whether a process can serve: a gateway with no active silo behind it is not
/// ready, and is again once a silo has joined.
/// </summary>
public sealed class ClusterReadinessTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private readonly ProductStack _stack = new();

    public Task InitializeAsync() => _stack.InitializeAsync();

    public Task DisposeAsync() => _stack.DisposeAsync();

    [Fact]
    public async Task GatewayReadiness_SiloStoppedThenStarted_FollowsTheCluster()
    {
        Assert.Equal(HttpStatusCode.OK, await ReadinessAsync());

        await _stack.Silos[0].StopAsync();
        await Eventually.TrueAsync(async () => await ReadinessAsync() == HttpStatusCode.ServiceUnavailable,
            "the gateway to report not ready without a silo", Bound);
        await _stack.StartSiloAsync();
        await Eventually.TrueAsync(async () => await ReadinessAsync() == HttpStatusCode.OK,
            "the gateway to report ready once a new silo joined", Bound);
    }

    private async Task<HttpStatusCode> ReadinessAsync()
    {
        using var answer = await _stack.Http.GetAsync("/health/ready");
        return answer.StatusCode;
    }
}
