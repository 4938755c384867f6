using System.Net.WebSockets;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>
/// <c>/api/websocket/?token=...[&amp;lastactivity=...]</c>: checks the websocket token and the user's access
/// before the upgrade, sends every key changed since <c>lastactivity</c> first, then live changes.
/// </summary>
/// <remarks>The token travels in the URL: nothing here logs the query string, and the request-start log that
/// would is held at Warning (see <see cref="ActivityHostingExtensions"/>).</remarks>
public static partial class ActivitySocketEndpoint
{
    private const int MaxAttachAttempts = 3;

    public static async Task HandleAsync(
        HttpContext context, IGrainFactory grains, ActivityHub hub, TokenValidator tokens, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("FastIo.Gateway.Activity.WebSocket");
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await Envelope.WriteErrorAsync(context, ApiError.InputInvalid,
                "This endpoint only takes WebSocket connections.");
            return;
        }

        if (await ReadTokenAsync(context, tokens, logger) is not var (profileId, userId, expires))
        {
            await Envelope.WriteErrorAsync(context, ApiError.AuthInvalid,
                "A valid websocket token is required: GET /current/websocket/auth/{profile_id} issues one.");
            return;
        }

        DateTime? since = null;
        if (context.Request.Query.TryGetValue("lastactivity", out var text) && !string.IsNullOrEmpty(text))
        {
            if (!PollRequest.TryParseLastActivity(text.ToString(), out var parsed, out var problem))
            {
                await Envelope.WriteErrorAsync(context, ApiError.InputInvalid, "lastactivity " + problem,
                    new ApiParam("lastactivity", problem));
                return;
            }

            since = parsed;
        }

        var grain = grains.GetProfile(profileId);
        var query = new ActivityQuery { UserId = userId, Since = since };
        var read = await grain.GetActivityAsync(query);
        if (!ActivityAccess.MayWatch(userId, profileId, read.Access))
        {
            await Envelope.WriteErrorAsync(context, ApiError.Denied, "You no longer have access to this profile.");
            return;
        }

        var options = hub.Options;
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            KeepAliveInterval = options.KeepAliveInterval,
            KeepAliveTimeout = options.KeepAliveTimeout,
        });

        var watch = hub.Acquire(profileId);
        ActivitySocket? session = null;
        using var gone = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        try
        {
            // Reading starts at once, so pings are answered even while the watch is still subscribing.
            var receiving = ReceiveUntilClosedAsync(socket, gone);
            session = await JoinAsync(socket, watch, grain, query, read, expires, hub, logger, gone.Token);
            if (session is not null)
            {
                hub.Register(session);
                if (hub.Stopping.IsCancellationRequested)
                {
                    // Joined after the hub closed its sockets: this one goes the same way.
                    session.BeginClose(ActivitySocket.GoingAway, "The server is shutting down.");
                }
            }

            await receiving;
        }
        finally
        {
            if (session is not null)
            {
                hub.Unregister(session);
                watch.Detach(session);
            }

            hub.Release(watch);
        }
    }

    /// <summary>
    /// The profile, user and expiry of a valid websocket token, or null. Only these outlive the check: the
    /// decoded token itself would otherwise be held for the whole life of the socket.
    /// </summary>
    private static async Task<(string ProfileId, string UserId, DateTime Expires)?> ReadTokenAsync(
        HttpContext context, TokenValidator tokens, ILogger logger)
    {
        var token = context.Request.Query["token"].ToString();
        var check = token.Length == 0 ? null : await tokens.CheckAsync(token);
        if (check is { Verdict: TokenVerdict.Valid, Kind: TokenKind.WebSocket }
            && check.Principal!.FindFirst("profile_id")?.Value is { } profileId && ProfileIds.IsValid(profileId))
        {
            return (profileId, check.Principal.UserId(), check.Expires);
        }

        LogRefused(logger, check switch
        {
            null => "missing",
            { Verdict: TokenVerdict.Valid, Kind: not TokenKind.WebSocket } => $"of kind {check.Kind}, not websocket",
            { Verdict: TokenVerdict.Valid } => "without a valid profile_id",
            _ => check.Verdict.ToString(),
        });
        return null;
    }

    /// <summary>Joins the profile's watch from the point the connection's own read covers, then sends.</summary>
    private static async Task<ActivitySocket?> JoinAsync(
        WebSocket socket, ProfileWatch watch, IProfileGrain grain, ActivityQuery query, ActivityRead read,
        DateTime expires, ActivityHub hub, ILogger logger, CancellationToken aborted)
    {
        try
        {
            await watch.WhenReady.WaitAsync(aborted);
            var seen = Later(query.Since, read.Cursor);
            var initial = new HashSet<string>(StringComparer.Ordinal);
            var recovered = read.Recovered;
            initial.UnionWith(read.Keys.Where(k => !read.Recovered || k.At > (query.Since ?? DateTime.MaxValue))
                .Select(k => k.Key));
            for (var attempt = 0; attempt < MaxAttachAttempts; attempt++)
            {
                var session = new ActivitySocket(socket, grain.GetPrimaryKeyString(), query.UserId!, expires, seen,
                    hub.Options, () => StillAllowedAsync(grain, query.UserId!), hub.Metrics, logger);
                if (watch.TryAttach(session, seen))
                {
                    session.Start(initial, seen, recovered);
                    return session;
                }

                // Commits passed the watch between the read and the join: read what changed since the point
                // already covered, and send it with the rest.
                var since = seen;
                read = await grain.GetActivityAsync(query with { Since = since });
                recovered &= read.Recovered;
                initial.UnionWith(read.Keys.Where(k => !read.Recovered || k.At > since).Select(k => k.Key));
                seen = Later(seen, read.Cursor);
            }
        }
        catch (OperationCanceledException)
        {
            return null;
        }

        // Commits keep racing past: let the client reconnect rather than risk a gap.
        await socket.CloseOutputAsync(
            WebSocketCloseStatus.InternalServerError, "Please reconnect.", CancellationToken.None);
        return null;
    }

    private static async Task<bool> StillAllowedAsync(IProfileGrain grain, string userId) =>
        ActivityAccess.MayWatch(userId, grain.GetPrimaryKeyString(), await grain.GetAccessAsync(userId));

    /// <summary>
    /// Reads until the peer closes. Nothing the client sends means anything; reading is what lets the socket
    /// answer pings, notice pongs and complete a close handshake. Cancels <paramref name="gone"/> when done.
    /// </summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource gone)
    {
        var buffer = new byte[64];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.AsMemory(), gone.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }

                    return;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException
            or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // The peer went away, or stopped answering pings.
        }
        finally
        {
            await gone.CancelAsync();
        }
    }

    private static DateTime Later(DateTime? a, DateTime? b) =>
        (a ?? DateTime.MinValue) > (b ?? DateTime.MinValue) ? a!.Value : b ?? DateTime.MinValue;

    [LoggerMessage(EventId = 330, Level = LogLevel.Information,
        Message = "WebSocket refused at the handshake: token {Verdict}")]
    private static partial void LogRefused(ILogger logger, string verdict);
}
