using System.Globalization;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.Hosting;
using FastIo.Orleans.RateLimits;

namespace FastIo.Orleans.Gateway.RateLimits;

/// <summary>
/// Asks the user's rate-limit grain before the endpoint runs, so the limit holds across every gateway.
/// Answers carry <c>X-Rate-Limit-Max</c>, <c>-Available</c> and <c>-Expiry</c>; a refusal is
/// <c>429 APP_ENHANCE_CALM</c> with <c>Retry-After</c> in whole seconds, rounded up.
/// </summary>
public sealed partial class RateLimitFilter(string channel, IGrainFactory grains, GatewayMetrics metrics,
    ILogger<RateLimitFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var userId = http.User.UserId();
        var limiter = grains.GetGrain<IRateLimitGrain>(RateLimitChannel.GrainKey(channel, userId));
        var decision = await limiter.AcquireAsync();

        var headers = http.Response.Headers;
        headers["X-Rate-Limit-Max"] = decision.Limit.ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Available"] = decision.Remaining.ToString(CultureInfo.InvariantCulture);
        headers["X-Rate-Limit-Expiry"] = decision.ResetsAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        if (decision.Allowed)
        {
            return await next(context);
        }

        var seconds = (long)Math.Ceiling(decision.RetryAfter.TotalSeconds);
        headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        metrics.RateLimited(channel);
        LogLimited(channel, userId, seconds);
        return Envelope.Error(ApiError.EnhanceCalm, $"Too many requests on {channel}; retry in {seconds} s.");
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Information,
        Message = "Rate limit reached on {Channel} for user {UserId}; retry in {Seconds} s")]
    private partial void LogLimited(string channel, string userId, long seconds);
}

public static class RateLimitExtensions
{
    /// <summary>
    /// Counts every request to these endpoints against the caller's limits on <paramref name="channel"/>,
    /// unless <c>RateLimits:Enabled</c> is false (load tests and the end-to-end suite turn it off).
    /// </summary>
    public static TBuilder RequireRateLimit<TBuilder>(this TBuilder builder, string channel)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var configuration = factory.ApplicationServices.GetRequiredService<IConfiguration>();
            if (!configuration.GetValue("RateLimits:Enabled", defaultValue: true))
            {
                return next;
            }

            var filter = ActivatorUtilities.CreateInstance<RateLimitFilter>(factory.ApplicationServices, channel);
            return invocation => filter.InvokeAsync(invocation, next);
        });
}
