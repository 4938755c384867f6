using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.RateLimits;
using FastIo.Orleans.RateLimits;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>Activity polling, WebSocket tokens and the WebSocket itself.</summary>
public static class ActivityApi
{
    private const string Tag = "Activity";

    public static IEndpointRouteBuilder MapActivityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/current").RequireAuthorization(AuthenticationExtensions.UserPolicy).WithTags(Tag);

        group.MapGet("/activity/poll/",
                (HttpContext context, IGrainFactory grains, ActivityHub hub, ILoggerFactory loggers) =>
                    ActivityPolls.PollAsync(context, null, grains, hub, Logger(loggers)))
            .RequireRateLimit(RateLimitChannel.ActivityPoll)
            .WithName("PollUserActivity")
            .WithSummary("Long-poll the caller's own activity")
            .WithDescription(PollDescription);

        group.MapGet("/activity/poll/{profile_id}/",
                (string profile_id, HttpContext context, IGrainFactory grains, ActivityHub hub,
                    ILoggerFactory loggers) =>
                    ActivityPolls.PollAsync(context, profile_id, grains, hub, Logger(loggers)))
            .RequireRateLimit(RateLimitChannel.ActivityPoll)
            .WithName("PollProfileActivity")
            .WithSummary("Long-poll a profile's activity")
            .WithDescription(PollDescription + " Org and workspace: view permission; share: view permission and "
                + "multiplayer on; a user ID: your own only (upload progress).");

        group.MapGet("/websocket/auth/{profile_id}", WebSocketAuth.IssueAsync)
            .RequireRateLimit(RateLimitChannel.Default)
            .WithName("IssueWebSocketToken")
            .WithSummary("Issue a WebSocket token for a profile")
            .WithDescription("A 24-hour token with scope websocket, bound to the profile, for /api/websocket/?token=.");

        group.MapGet("/websocket/auth/", (HttpContext context, IGrainFactory grains, TokenIssuer issuer) =>
                WebSocketAuth.IssueAsync(null, context, grains, issuer))
            .ExcludeFromDescription();

        app.MapGet("/api/websocket/", ActivitySocketEndpoint.HandleAsync)
            .AllowAnonymous()
            .WithTags(Tag)
            .WithName("ActivityWebSocket")
            .WithSummary("Activity pushed over a WebSocket")
            .WithDescription("Connect with ?token={websocket token}[&lastactivity=...]. Messages: "
                + "{\"response\":\"activity\",\"activity\":[keys],\"lastactivity\":\"...\"}; keys changed since "
                + "lastactivity come first, then live changes, coalesced over a few tens of milliseconds. "
                + "\"recovered\":false means history since lastactivity was lost: reload. Close codes: 4001 token "
                + "expired, 4003 access lost, 4008 client not reading.");

        return app;
    }

    private static ILogger Logger(ILoggerFactory loggers) => loggers.CreateLogger(typeof(ActivityPolls));

    private const string PollDescription = "Answers at once when an activity key changed strictly after "
        + "lastactivity (default: now), else holds up to wait seconds (0-95) for the next change. Keys of one commit "
        + "are never split. Without updated, every profile-level key is returned with the changes; with it, only "
        + "the changes; with neither lastactivity nor updated, that status is answered at once. Every answer "
        + "carries lastactivity (the epoch for a profile that never changed): pass it to the next poll. "
        + "\"recovered\":false means lastactivity "
        + "is older than the history kept (1000 per-object keys, 7 days): reload.";
}
