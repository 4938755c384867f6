using System.Diagnostics;
using System.Security.Claims;
using FastIo.Orleans.Events;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.Hosting;
using FastIo.Orleans.Profiles;
using FastIo.Orleans.Search;

namespace FastIo.Orleans.Gateway.Events;

/// <summary>
/// One validated event search as the search and summarize endpoints both run it: the query string read,
/// the caller's token checked against the profile, and the profile's grain asked.
/// </summary>
public sealed record EventSearch(SearchRequest Request, string? ProfileId, IReadOnlyList<EventView> Events)
{
    /// <summary>Runs the search; answers an error result instead when the request or the search fails.</summary>
    public static async Task<(IResult? Error, EventSearch? Search)> RunAsync(
        HttpContext context, IGrainFactory grains, params string[] extraParameters)
    {
        var (error, request, profileId, query) = Prepare(context, extraParameters);
        if (error is not null)
        {
            return (error, null);
        }

        if (profileId is null)
        {
            // A parent ID this product never issued has no children.
            return (null, new EventSearch(request!, null, []));
        }

        var outcome = await AskAsync(context, () => grains.GetProfile(profileId).SearchAsync(query!),
            o => o.Status);
        return Failed(outcome.Status, request!) is { } failed
            ? (failed, null)
            : (null, new(request!, profileId, outcome.Events));
    }

    /// <summary>
    /// The same search, answered as the rendered <c>events</c> array: what the search endpoint sends as it is.
    /// </summary>
    public static async Task<(IResult? Error, byte[]? EventsJson)> RunPageAsync(
        HttpContext context, IGrainFactory grains)
    {
        var (error, request, profileId, query) = Prepare(context, []);
        if (error is not null)
        {
            return (error, null);
        }

        if (profileId is null)
        {
            return (null, "[]"u8.ToArray());
        }

        var page = await AskAsync(context, () => grains.GetProfile(profileId).SearchPageAsync(query!),
            p => p.Status);
        return Failed(page.Status, request!) is { } failed ? (failed, null) : (null, page.EventsJson);
    }

    /// <summary>Reads and checks the request: the profile whose grain answers it, and the query to ask.</summary>
    private static (IResult? Error, SearchRequest? Request, string? ProfileId, EventQuery? Query) Prepare(
        HttpContext context, string[] extraParameters)
    {
        var caller = context.User;
        var problems = new List<ApiParam>();
        var request = SearchRequest.Parse(context.Request.Query, caller.UserId(), problems, extraParameters);
        if (request is null)
        {
            var text = problems[0].Name + " " + problems[0].Message;
            return (Envelope.Error(ApiError.InputInvalid, text, problems), null, null, null);
        }

        if (DeniedByToken(caller, request) is { } denied)
        {
            return (denied, null, null, null);
        }

        var profileId = request.Target switch
        {
            SearchTarget.Parent => EventIds.TryGetProfile(request.TargetId, out var owner) ? owner : null,
            _ => request.TargetId,
        };
        var query = Scope(caller) is { } scope ? request.Query with { Scope = scope.ToSearchScope() } : request.Query;
        return (null, request, profileId, query);
    }

    /// <summary>Asks the profile's grain, timing the answer for the search metric.</summary>
    /// <remarks>The metrics are taken from the request before the first await: a search the rate limit refused
    /// goes on after its request has ended, and a finished request's context must not be touched.</remarks>
    private static async Task<T> AskAsync<T>(HttpContext context, Func<Task<T>> ask, Func<T, SearchStatus> status)
    {
        var metrics = context.RequestServices.GetRequiredService<GatewayMetrics>();
        var started = Stopwatch.GetTimestamp();
        var answered = "error";
        try
        {
            var answer = await ask();
            answered = status(answer) switch
            {
                SearchStatus.Found => "found",
                SearchStatus.Denied => "denied",
                _ => "query_failed",
            };
            return answer;
        }
        finally
        {
            metrics.SearchAnswered(answered, Stopwatch.GetElapsedTime(started));
        }
    }

    private static IResult? Failed(SearchStatus status, SearchRequest request) => status switch
    {
        SearchStatus.Denied => Envelope.Error(ApiError.Denied, "You may not view events of this profile.",
            new ApiParam(ParameterOf(request.Target), "names a profile you may not view")),
        SearchStatus.QueryFailed => Envelope.Error(ApiError.QueryError, "The event search failed; retry shortly."),
        _ => null,
    };

    /// <summary>OAuth scoped tokens reach only the profiles their scope names; other user tokens pass.</summary>
    private static IResult? DeniedByToken(ClaimsPrincipal caller, SearchRequest request)
    {
        if (request.Target == SearchTarget.User && request.TargetId != caller.UserId())
        {
            return Envelope.Error(ApiError.Denied, "user_id searches only your own profile.",
                new ApiParam("user_id", "must be your own user ID"));
        }

        if (Scope(caller) is not { } scope)
        {
            return null;
        }

        var allowed = request.Target switch
        {
            SearchTarget.User => scope.IncludesOwnUser,
            SearchTarget.Org => scope.Allows(ProfileKind.Org, request.TargetId),
            SearchTarget.Workspace => scope.Allows(ProfileKind.Workspace, request.TargetId),
            SearchTarget.Share => scope.Allows(ProfileKind.Share, request.TargetId),
            _ => true, // a parent's children are limited to the scope inside the query
        };
        return allowed
            ? null
            : Envelope.Error(ApiError.Denied, "Your token's scope does not include this profile.",
                new ApiParam(ParameterOf(request.Target), "names a profile outside your token's scope"));
    }

    /// <summary>The query parameter that named the searched profile.</summary>
    private static string ParameterOf(SearchTarget target) => target switch
    {
        SearchTarget.User => "user_id",
        SearchTarget.Org => "org_id",
        SearchTarget.Workspace => "workspace_id",
        SearchTarget.Share => "share_id",
        _ => "parent_event_id",
    };

    /// <summary>The scope of an OAuth scoped token; null for user session tokens.</summary>
    public static OAuthScope? Scope(ClaimsPrincipal caller) =>
        caller.FindFirst(TokenKinds.ScopeClaim)?.Value is { } value && OAuthScope.TryParse(value, out var scope)
            ? scope
            : null;
}
