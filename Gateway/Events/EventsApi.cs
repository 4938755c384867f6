using System.Security.Claims;
using FastIo.Orleans.Events;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.RateLimits;
using FastIo.Orleans.RateLimits;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Events;

/// <summary>Event search, details and acknowledgement for users.</summary>
public static class EventsApi
{
    private const string Tag = "Events";

    public static IEndpointRouteBuilder MapEventsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/current").RequireAuthorization(AuthenticationExtensions.UserPolicy).WithTags(Tag);

        group.MapGet("/events/search/", SearchAsync)
            .RequireRateLimit(RateLimitChannel.EventsSearch, concurrent: true)
            .WithName("SearchEvents")
            .WithSummary("Search and filter events")
            .WithDescription("Newest first, ties broken by event ID; offset pagination. One profile filter "
                + "(user_id > org_id > workspace_id > share_id) or parent_event_id is required.");

        group.MapGet("/event/{event_id}/details/", DetailsAsync)
            .RequireRateLimit(RateLimitChannel.Default)
            .WithName("GetEventDetails")
            .WithSummary("Get one event")
            .WithDescription("Full details of an event the caller may see.");

        group.MapMethods("/event/{event_id}/ack/", ["GET", "POST"], AcknowledgeAsync)
            .RequireRateLimit(RateLimitChannel.Default)
            .WithName("AcknowledgeEvent")
            .WithSummary("Acknowledge an event")
            .WithDescription("Marks the event read for the caller only. Idempotent. POST /current/event/ack/ may "
                + "carry the ID as form field event_id instead of in the path.")
            .DisableAntiforgery();

        group.MapMethods("/event/ack/", ["GET", "POST"], AcknowledgeFromFormAsync)
            .RequireRateLimit(RateLimitChannel.Default)
            .WithName("AcknowledgeEventByForm")
            .WithSummary("Acknowledge an event named by a form field")
            .WithDescription("POST with form field event_id, as the platform's command-line client sends it; "
                + "otherwise the same as /event/{event_id}/ack/.")
            .DisableAntiforgery();

        // Everything else under /event/, whatever the method: a missing event ID ("/event//details/", which no
        // template can hold), a wrong method on a known route, or an unknown route. The routes above take
        // precedence wherever their template and method match.
        group.Map("/event/{**rest}", OtherEventRoute)
            .ExcludeFromDescription()
            .DisableAntiforgery();

        return app;
    }

    private static async Task<IResult> AcknowledgeFromFormAsync(HttpContext context, IGrainFactory grains)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form.TryGetValue("event_id", out var repeated) && repeated.Count > 1)
            {
                return Envelope.Error(ApiError.InputInvalid, "event_id is given more than once",
                    new ApiParam("event_id", "must be given once: one event per acknowledgement"));
            }

            if (form.TryGetValue("event_id", out var fromForm) && !string.IsNullOrEmpty(fromForm.ToString()))
            {
                var lookup = await LookupAsync(fromForm.ToString(), context, grains, acknowledge: true);
                return lookup.Error ?? Envelope.Acknowledged();
            }

            return MissingEventId();
        }

        return Envelope.Error(ApiError.InputInvalid, "event_id is required as a form field",
            new ApiParam("event_id", "is required in a body of type application/x-www-form-urlencoded or "
                + "multipart/form-data"));
    }

    private static IResult OtherEventRoute(string? rest, HttpContext context)
    {
        var segments = (rest ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var action = segments.Length > 0 ? segments[^1] : string.Empty;
        var method = context.Request.Method;
        var knownAction = action is "details" or "ack" && segments.Length <= 2;
        if (!knownAction)
        {
            return Envelope.Error(ApiError.NotFound, "No such route.");
        }

        var accepted = action == "details"
            ? HttpMethods.IsGet(method)
            : HttpMethods.IsGet(method) || HttpMethods.IsPost(method);
        return accepted
            ? MissingEventId()
            : Envelope.Error(ApiError.RequestType, $"{method} is not accepted on this route.");
    }

    private static async Task<IResult> SearchAsync(HttpContext context, IGrainFactory grains)
    {
        var (error, events) = await EventSearch.RunPageAsync(context, grains);
        if (error is not null)
        {
            return error;
        }

        return Envelope.Ok(writer =>
        {
            // Rendered by the profile grain with the same writer; checking it again would only cost time.
            writer.WritePropertyName("events");
            writer.WriteRawValue(events!, skipInputValidation: true);
        });
    }

    private static async Task<IResult> DetailsAsync(string event_id, HttpContext context, IGrainFactory grains)
    {
        var lookup = await LookupAsync(event_id, context, grains, acknowledge: false);
        if (lookup.Error is { } error)
        {
            return error;
        }

        return Envelope.Ok(writer =>
        {
            writer.WritePropertyName("event");
            EventJson.Write(writer, lookup.Event!);
        });
    }

    private static async Task<IResult> AcknowledgeAsync(string event_id, HttpContext context, IGrainFactory grains)
    {
        if (HttpMethods.IsPost(context.Request.Method) && context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form.TryGetValue("event_id", out var fromForm) && fromForm.ToString() != event_id)
            {
                return Envelope.Error(ApiError.InputInvalid, "event_id in the form differs from the one in the path",
                    new ApiParam("event_id", "differs from the event ID in the path"));
            }
        }

        var lookup = await LookupAsync(event_id, context, grains, acknowledge: true);
        return lookup.Error ?? Envelope.Acknowledged();
    }

    private static IResult MissingEventId() => Envelope.Error(ApiError.InputInvalid, "event_id is required",
        new ApiParam("event_id", "is required: 1 to 64 characters of A-Z a-z 0-9 _ -"));

    private static async Task<(IResult? Error, EventView? Event)> LookupAsync(
        string eventId, HttpContext context, IGrainFactory grains, bool acknowledge)
    {
        if (!EventIds.IsWellFormed(eventId))
        {
            return (Envelope.Error(ApiError.InputInvalid, "event_id is not a valid event ID",
                new ApiParam("event_id", "must be 1 to 64 characters of A-Z a-z 0-9 _ -")), null);
        }

        if (!EventIds.TryGetProfile(eventId, out var owner))
        {
            return (Envelope.Error(ApiError.NotFound, "No event exists with this ID."), null);
        }

        var userId = context.User.UserId();
        var grain = grains.GetProfile(owner);
        var lookup = await grain.GetEventAsync(eventId, userId);
        if (acknowledge && lookup.Status == LookupStatus.Found && ScopeAllows(context.User, lookup.Event!))
        {
            // Acknowledged only once the token's scope is known to cover the event.
            lookup = await grain.AcknowledgeAsync(eventId, userId);
        }
        IResult? error = lookup.Status switch
        {
            LookupStatus.Found when !ScopeAllows(context.User, lookup.Event!) =>
                Envelope.Error(ApiError.Denied, "Your token's scope does not include this event's profile.",
                    new ApiParam("event_id", "names an event outside your token's scope")),
            LookupStatus.Found => null,
            LookupStatus.NotFound => Envelope.Error(ApiError.NotFound, "No event exists with this ID."),
            LookupStatus.Internal => Envelope.Error(ApiError.InputInvalid, "This event has internal visibility.",
                new ApiParam("event_id", "names an internal event")),
            LookupStatus.NotTargeted => Envelope.Error(ApiError.InputInvalid,
                "You lack permission for this event: it is targeted at another user.",
                new ApiParam("event_id", "names an event targeted at another user")),
            LookupStatus.Denied => Envelope.Error(ApiError.Denied, "You may not view this event's profile.",
                new ApiParam("event_id", "names an event of a profile you may not view")),
            _ => Envelope.Error(ApiError.DataStore,
                acknowledge ? "The acknowledgement could not be saved; retry." : "The event could not be read; retry."),
        };
        return (error, lookup.Event);
    }

    private static bool ScopeAllows(ClaimsPrincipal caller, EventView e)
    {
        if (EventSearch.Scope(caller) is not { } scope)
        {
            return true;
        }

        return scope.AllowsEvent(e.OrgId, e.WorkspaceId, e.ShareId);
    }
}
