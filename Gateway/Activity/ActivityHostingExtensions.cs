using FastIo.Orleans.Gateway.Auth;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Instrumentation.AspNetCore;

namespace FastIo.Orleans.Gateway.Activity;

public static class ActivityHostingExtensions
{
    /// <summary>The activity hub (stream subscriptions, polls, sockets), its options, and token checks.</summary>
    public static WebApplicationBuilder AddActivity(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ActivityOptions>()
            .BindConfiguration(ActivityOptions.Section)
            .Validate(o => ActivityOptions.Validate(o) is null, "Activity options are invalid")
            .ValidateOnStart();
        var options = builder.Configuration.GetSection(ActivityOptions.Section).Get<ActivityOptions>() ?? new();
        if (ActivityOptions.Validate(options) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddSingleton<TokenValidator>();
        builder.Services.AddSingleton<ActivityHub>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ActivityHub>());
        KeepTokensOutOfTelemetry(builder);
        return builder;
    }

    /// <summary>
    /// WebSocket tokens travel in the query string. The hosting layer logs every request's full URL at
    /// Information, whatever level configuration sets for it, so that category is held at Warning here (a rule
    /// added after configuration's own, so it wins over them); traces keep the query out of <c>url.query</c>.
    /// </summary>
    private static void KeepTokensOutOfTelemetry(WebApplicationBuilder builder)
    {
        builder.Services.PostConfigure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(
            providerName: null, "Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning, filter: null)));
        builder.Services.Configure<AspNetCoreTraceInstrumentationOptions>(o =>
            o.EnrichWithHttpRequest = (activity, request) =>
            {
                if (request.QueryString.HasValue && request.Query.ContainsKey("token"))
                {
                    activity.SetTag("url.query", null);
                    activity.SetTag("url.full", null);
                }
            });
    }
}
