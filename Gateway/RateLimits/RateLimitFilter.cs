using System.Collections.Concurrent;
using System.Globalization;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.Hosting;
using FastIo.Orleans.RateLimits;

namespace FastIo.Orleans.Gateway.RateLimits;

/// <summary>
/// Asks the user's rate-limit grain for every request, so the limit holds across every gateway. Answers carry
/// <c>X-Rate-Limit-Max</c>, <c>-Available</c> and <c>-Expiry</c>; a refusal is <c>429 APP_ENHANCE_CALM</c>
/// with <c>Retry-After</c> in whole seconds, rounded up.
/// </summary>
/// <remarks>
/// For endpoints without side effects (<paramref name="concurrent"/>) the endpoint runs while the grain is
/// asked, so the limiter's round trip adds nothing to an accepted request; a refused request's work is
/// dropped. So that a caller over the limit cannot make the cluster do that work at will, a user has at most one
/// such request running per gateway before its limiter answers, and a gateway that saw a refusal waits for the
/// limiter's answer first, for that user, until the refusal's retry time.
/// </remarks>
public sealed partial class RateLimitFilter(string channel, bool concurrent, IGrainFactory grains,
    GatewayMetrics metrics, ILogger<RateLimitFilter> logger) : IEndpointFilter
{
    private const int MaxRefusalsKept = 10_000;
    private readonly ConcurrentDictionary<string, long> _refusedUntil = new(StringComparer.Ordinal);

    /// <summary>Users with a request running before its limiter answered: one at a time each, so a burst sent
    /// at once cannot make the cluster do many refused requests' work before the first refusal is known.</summary>
    private readonly ConcurrentDictionary<string, byte> _unanswered = new(StringComparer.Ordinal);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var userId = http.User.UserId();
        var limiter = grains.GetGrain<IRateLimitGrain>(RateLimitChannel.GrainKey(channel, userId));
        var acquiring = limiter.AcquireAsync();
        var alone = concurrent && !RecentlyRefused(userId) && _unanswered.TryAdd(userId, 0);
        Task<object?>? running = null;
        RateLimitDecision decision;
        try
        {
            running = alone ? next(context).AsTask() : null;
            decision = await acquiring;
        }
        finally
        {
            if (alone)
            {
                _unanswered.TryRemove(userId, out _);
            }
        }

        var headers = http.Response.Headers;
        headers["X-Rate-Limit-Max"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Available"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Expiry"] = decision.ResetsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
        {
            return running is null ? await next(context) : await running;
        }

        if (running is not null)
        {
            // The answer is not sent; its failure, if any, is of no interest.
            _ = running.ContinueWith(static task => task.Exception, TaskScheduler.Default);
        }

        Remember(userId, decision.RetryAfter);
        var seconds = (long)Math.Ceiling(decision.RetryAfter.TotalSeconds);
        headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        metrics.RateLimited(channel);
        LogLimited(channel, userId, seconds);
        return Envelope.Error(ApiError.EnhanceCalm, $"Too many requests on {channel}; retry in {seconds} s.");
    }

    private bool RecentlyRefused(string userId)
    {
        if (!_refusedUntil.TryGetValue(userId, out var until))
        {
            return false;
        }

        if (until > Environment.TickCount64)
        {
            return true;
        }

        _refusedUntil.TryRemove(userId, out _);
        return false;
    }

    private void Remember(string userId, TimeSpan retryAfter)
    {
        if (!concurrent)
        {
            return;
        }

        if (_refusedUntil.Count >= MaxRefusalsKept)
        {
            // Only a hint: forgetting it costs at most one dropped answer per user.
            _refusedUntil.Clear();
        }

        _refusedUntil[userId] = Environment.TickCount64 + (long)Math.Ceiling(retryAfter.TotalMilliseconds);
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Rate limit reached on {Channel} for user {UserId}; retry in {Seconds} s")]
    private partial void LogLimited(string channel, string userId, long seconds);
}

public static class RateLimitExtensions
{
    /// <summary>
    /// Counts every request to these endpoints against the caller's limits on <paramref name="channel"/>,
    /// unless <c>RateLimits:Enabled</c> is false (load tests and the end-to-end suite turn it off). With
    /// <paramref name="concurrent"/> the endpoint, which must have no side effects, runs while the limiter is asked.
    /// </summary>
    public static TBuilder RequireRateLimit<TBuilder>(this TBuilder builder, string channel, bool concurrent = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var configuration = factory.ApplicationServices.GetRequiredService<IConfiguration>();
            if (!configuration.GetValue("RateLimits:Enabled", defaultValue: true))
            {
                return next;
            }

            var filter = ActivatorUtilities.CreateInstance<RateLimitFilter>(
                factory.ApplicationServices, channel, concurrent);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}
