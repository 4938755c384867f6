using FastIo.Orleans.Activity;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.Hosting;
using FastIo.Orleans.Profiles;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>
/// Long-polls. The profile grain is read once (access and timestamps) and answers at once; the wait itself is
/// held here in the gateway on the profile's shared watch, never as a grain call, so <c>wait=95</c> outlives
/// Orleans' 30 s call timeout and blocks no grain.
/// </summary>
public static partial class ActivityPolls
{
    /// <summary>Attempts to join the watch when commits raced past between the read and the join.</summary>
    private const int MaxAttachAttempts = 3;

    public static async Task<IResult> PollAsync(
        HttpContext context, string? profileId, IGrainFactory grains, ActivityHub hub, ILogger logger)
    {
        var caller = context.User;
        if (profileId is not null && !ProfileIds.IsValid(profileId))
        {
            return Envelope.Error(ApiError.InputInvalid, "profile_id must be a 20-digit profile ID.",
                new ApiParam("profile_id", "must be a 20-digit profile ID"));
        }

        var problems = new List<ApiParam>();
        var request = PollRequest.Parse(context.Request.Query, problems);
        if (request is null)
        {
            return Envelope.Error(ApiError.InputInvalid, problems[0].Name + " " + problems[0].Message, problems);
        }

        var target = profileId ?? caller.UserId();
        var query = new ActivityQuery
        {
            UserId = caller.UserId(),
            Since = request.LastActivity,
            Fields = request.Fields,
            IncludeProfileKeys = !request.UpdatedOnly,
        };
        var grain = grains.GetProfile(target);
        var deadline = DateTime.UtcNow.AddSeconds(request.Wait);
        try
        {
            var read = await ReadOnceMoreAfterTimeoutAsync(grain, query);
            if (!ActivityAccess.MayPoll(caller, target, read.Access))
            {
                return Envelope.Error(ApiError.InputInvalid,
                    "You lack permission to poll this profile's activity, or it is not a profile you can poll.",
                    new ApiParam("profile_id", "names a profile you may not poll"));
            }

            if (Answerable(read, request) || request.Wait == 0 || (IsFirstStatus(request) && read.Keys.Count > 0))
            {
                return Answer(read.Keys.Where(k => IsChange(k, request) || !read.Recovered || !request.UpdatedOnly)
                    .ToList(), read, request, hub.Metrics);
            }

            ForgetDecodedToken(context);
            return await WaitAsync(grain, query, read, request, hub, deadline, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return Results.Empty;
        }
        catch (Exception exception) when (exception is OrleansException or TimeoutException)
        {
            LogPollFailed(logger, exception, target);
            return Envelope.Error(ApiError.ObjectInit, "The activity status could not be read; retry shortly.");
        }
    }

    /// <summary>
    /// A read that timed out most likely went to a silo that just died; the profile's next activation answers the
    /// second one. Reads have no effects, so asking twice is safe.
    /// </summary>
    private static async Task<ActivityRead> ReadOnceMoreAfterTimeoutAsync(IProfileGrain grain, ActivityQuery query)
    {
        try
        {
            return await grain.GetActivityAsync(query);
        }
        catch (TimeoutException)
        {
            return await grain.GetActivityAsync(query);
        }
    }

    private static async Task<IResult> WaitAsync(
        IProfileGrain grain, ActivityQuery query, ActivityRead read, PollRequest request, ActivityHub hub,
        DateTime deadline, CancellationToken aborted)
    {
        var watch = hub.Acquire(grain.GetPrimaryKeyString());
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(aborted, hub.Stopping);
        try
        {
            var seen = Later(request.LastActivity, read.Cursor);
            for (var attempt = 0; attempt < MaxAttachAttempts; attempt++)
            {
                if (!await ReadyAsync(watch, deadline, ends.Token))
                {
                    return Empty(seen);
                }

                var waiter = new PollWaiter(request.Fields, seen);
                if (watch.TryAttach(waiter, seen))
                {
                    hub.Metrics.PollWaitStarted();
                    try
                    {
                        await WaitOrTimeoutAsync(waiter.Changed, deadline, ends.Token);
                    }
                    finally
                    {
                        watch.Detach(waiter);
                        hub.Metrics.PollWaitEnded();
                    }

                    var (keys, cursor, recovered) = waiter.Answer(request.UpdatedOnly ? [] : read.Keys);
                    if (keys.Count == 0 && recovered)
                    {
                        return Empty(cursor);
                    }

                    hub.Metrics.KeysPushed("poll", keys.Count);
                    return Envelope.Ok(w => ActivityJson.WritePoll(w, keys, cursor, recovered));
                }

                // Commits passed the watch between the read and the join and are no longer kept there: read
                // what changed since the point already covered.
                var point = request with { LastActivity = seen };
                read = await grain.GetActivityAsync(query with { Since = seen });
                if (Answerable(read, point))
                {
                    return Answer(read.Keys.Where(k => IsChange(k, point) || !read.Recovered || !request.UpdatedOnly)
                        .ToList(), read, point, hub.Metrics);
                }

                seen = Later(seen, read.Cursor);
            }

            return Empty(seen);
        }
        finally
        {
            hub.Release(watch);
        }
    }

    /// <summary>
    /// A poll may wait 95 s, and thousands wait at once: the decoded bearer token (principal, claims, the
    /// parsed JWT) is not needed once access is decided, so the request stops holding it.
    /// </summary>
    private static void ForgetDecodedToken(HttpContext context)
    {
        context.User = Anonymous;
        context.Features.Set<IAuthenticateResultFeature>(null);
        context.Features.Set<IHttpAuthenticationFeature>(null);
    }

    private static readonly System.Security.Claims.ClaimsPrincipal Anonymous = new();

    /// <summary>Whether the read itself already holds the answer: a change after the point, or lost history.</summary>
    private static bool Answerable(ActivityRead read, PollRequest request) =>
        !read.Recovered || read.Keys.Any(k => IsChange(k, request));

    /// <summary>
    /// A poll without <c>lastactivity</c> or <c>updated</c> asks for the profile's status (the first step of the API
    /// text's polling workflow): it is answered at once with every profile-level key and the cursor to pass back.
    /// </summary>
    private static bool IsFirstStatus(PollRequest request) => request.LastActivity is null && !request.UpdatedOnly;

    private static bool IsChange(ActivityStamp stamp, PollRequest request) =>
        request.LastActivity is { } since && stamp.At > since;

    private static IResult Answer(
        List<ActivityStamp> keys, ActivityRead read, PollRequest request, GatewayMetrics metrics)
    {
        if (keys.Count == 0 || (!IsFirstStatus(request) && !keys.Any(k => IsChange(k, request)) && read.Recovered))
        {
            return Empty(Later(request.LastActivity, read.Cursor));
        }

        metrics.KeysPushed("poll", keys.Count);
        var cursor = Later(request.LastActivity, read.Cursor);
        return Envelope.Ok(w => ActivityJson.WritePoll(w, keys, cursor, read.Recovered));
    }

    private static IResult Empty(DateTime cursor) => Envelope.Ok(w => ActivityJson.WritePoll(w, [], cursor, true));

    private static DateTime Later(DateTime? a, DateTime? b) =>
        (a ?? DateTime.MinValue) > (b ?? DateTime.MinValue) ? a!.Value : b ?? DateTime.MinValue;

    private static async Task<bool> ReadyAsync(ProfileWatch watch, DateTime deadline, CancellationToken aborted)
    {
        if (watch.WhenReady.IsCompleted)
        {
            return true;
        }

        await WaitOrTimeoutAsync(watch.WhenReady, deadline, aborted);
        return watch.WhenReady.IsCompleted;
    }

    /// <summary>
    /// Waits for <paramref name="task"/> until the deadline or until <paramref name="ends"/> (the client went away,
    /// or the gateway is stopping: then the poll answers what it has, so the client polls again elsewhere).
    /// </summary>
    private static async Task WaitOrTimeoutAsync(Task task, DateTime deadline, CancellationToken ends)
    {
        var remaining = deadline - DateTime.UtcNow;
        if (remaining <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await task.WaitAsync(remaining, ends);
        }
        catch (TimeoutException)
        {
            // The wait is over with nothing to report.
        }
        catch (OperationCanceledException) when (ends.IsCancellationRequested)
        {
            // Answered as a timeout; a client that went away never reads the answer.
        }
    }

    [LoggerMessage(EventId = 310, Level = LogLevel.Warning, Message = "Activity poll of profile {ProfileId} failed")]
    private static partial void LogPollFailed(ILogger logger, Exception exception, string profileId);
}
