using System.Diagnostics.Metrics;
using System.Reflection;
using System.Security.Claims;
using FastIo.Orleans.Gateway.Hosting;
using FastIo.Orleans.Gateway.RateLimits;
using FastIo.Orleans.RateLimits;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace FastIo.Orleans.Tests.RateLimits;

/// <summary>The rate-limit filter on an endpoint that runs while the limiter is asked.</summary>
public sealed class RateLimitFilterTests
{
    [Fact]
    public async Task Concurrent_BurstBeforeTheLimiterAnswers_RunsOneRequestOnly()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var answer = new TaskCompletionSource<RateLimitDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        var grains = DispatchProxy.Create<IGrainFactory, LimiterFactory>();
        ((LimiterFactory)(object)grains).Answer = answer.Task;
        var filter = new RateLimitFilter("events_search", true, grains,
            new GatewayMetrics(services.GetRequiredService<IMeterFactory>()), NullLogger<RateLimitFilter>.Instance);
        var runs = 0;
        EndpointFilterDelegate endpoint = _ =>
        {
            Interlocked.Increment(ref runs);
            return ValueTask.FromResult<object?>("page");
        };

        var burst = Enumerable.Range(0, 20).Select(_ => filter.InvokeAsync(Request(), endpoint).AsTask()).ToList();
        var runsBeforeTheAnswer = Volatile.Read(ref runs);
        answer.SetResult(new RateLimitDecision(false, 5, 0, DateTimeOffset.UtcNow.AddSeconds(3),
            TimeSpan.FromSeconds(3)));
        await Task.WhenAll(burst);

        Assert.Equal(1, runsBeforeTheAnswer);
        Assert.Equal(1, runs);
    }

    private static EndpointFilterInvocationContext Request() => EndpointFilterInvocationContext.Create(
        new DefaultHttpContext
        {
            User = new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "10000000000000000001")], "test")),
        });

    /// <summary>Answers every limiter with one pending decision; nothing else of the factory is used.</summary>
    public class LimiterFactory : DispatchProxy
    {
        public Task<RateLimitDecision> Answer { get; set; } = null!;

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true }
                && targetMethod.GetGenericArguments()[0] == typeof(IRateLimitGrain)
                ? new Limiter(Answer)
                : throw new NotSupportedException(targetMethod?.Name);
    }

    private sealed class Limiter(Task<RateLimitDecision> answer) : IRateLimitGrain
    {
        public Task<RateLimitDecision> AcquireAsync() => answer;
    }
}
