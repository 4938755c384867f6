using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Realtime;

/// <summary>Tokens for collaborative-editing rooms (workspaces and multiplayer shares), and their validation.</summary>
public static class RealtimeApi
{
    private const string Tag = "Realtime";

    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static IEndpointRouteBuilder MapRealtimeApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/current/realtime/auth/validate/", ValidateAsync)
            .AllowAnonymous()
            .WithTags(Tag)
            .WithName("ValidateRealtimeToken")
            .WithSummary("Validate a realtime token")
            .WithDescription("The Authorization header carries the realtime token itself (not a user token). "
                + "Answers the room ID it is bound to. Websocket and other tokens are refused.");

        var group = app.MapGroup("/current/realtime")
            .RequireAuthorization(AuthenticationExtensions.UserPolicy)
            .WithTags(Tag);
        group.MapGet("/auth/{room_id}", IssueAsync)
            .WithName("IssueRealtimeToken")
            .WithSummary("Issue a realtime token for a room")
            .WithDescription("A 24-hour token with scope realtime for a workspace (view permission) or a share "
                + "(view permission and multiplayer on).");
        group.MapGet("/auth/", (HttpContext context, IGrainFactory grains, TokenIssuer issuer) =>
                IssueAsync(null, context, grains, issuer))
            .ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> IssueAsync(
        string? room_id, HttpContext context, IGrainFactory grains, TokenIssuer issuer)
    {
        if (string.IsNullOrEmpty(room_id))
        {
            return Invalid("A room ID is required.", "is required");
        }

        if (!room_id.All(char.IsAsciiDigit))
        {
            return Invalid("The room ID is not numeric.", "must be numeric");
        }

        var caller = context.User;
        var access = ProfileIds.IsValid(room_id)
            ? await grains.GetProfile(room_id).GetAccessAsync(caller.UserId())
            : null;
        if (access?.Kind is not (ProfileKind.Workspace or ProfileKind.Share))
        {
            return Invalid("The room ID does not name a workspace or share.", "must be a workspace or share ID");
        }

        var allowed = access.CanView && (access.Kind == ProfileKind.Workspace || access.Multiplayer);
        if (!allowed || !TokenScopes.Reaches(caller, room_id, access.Kind))
        {
            return Envelope.Error(ApiError.Denied, access.Kind == ProfileKind.Share && access.CanView
                ? "Multiplayer is off for this share."
                : "You lack permission on this room.");
        }

        string token;
        try
        {
            token = issuer.Issue(new Dictionary<string, object>
            {
                [TokenKinds.SubjectClaim] = caller.UserId(),
                [TokenKinds.ScopeClaim] = "realtime",
                ["room_id"] = room_id,
            }, Lifetime);
        }
        catch (InvalidOperationException)
        {
            return Envelope.Error(ApiError.AuthInvalid, "The token could not be issued.");
        }

        return Envelope.Ok(writer =>
        {
            writer.WriteNumber("expires_in", (int)Lifetime.TotalSeconds);
            writer.WriteString("auth_token", token);
        });
    }

    /// <summary>Checks the header, the JWT, its signature and lifetime, its scope, then its claims.</summary>
    private static async Task<IResult> ValidateAsync(HttpContext context, TokenValidator tokens)
    {
        switch (BearerHeader.TryRead(context.Request.Headers.Authorization, out var token))
        {
            case BearerProblem.Missing:
                return Envelope.Error(ApiError.AuthInvalid, "The Authorization header is missing.");
            case BearerProblem.Malformed:
                return Envelope.Error(ApiError.InputInvalid, "The Authorization header is malformed.");
            case BearerProblem.NotBearer:
                return Envelope.Error(ApiError.InputInvalid,
                    "The Authorization header does not use the Bearer scheme.");
            case BearerProblem.NoToken:
                return Envelope.Error(ApiError.InputInvalid, "No token follows the Bearer keyword.");
        }

        var check = await tokens.CheckAsync(token);
        if (check.Verdict == TokenVerdict.Malformed)
        {
            return Envelope.Error(ApiError.InputInvalid, "The token is not in valid JWT format.");
        }

        if (check.Verdict == TokenVerdict.Rejected)
        {
            return Envelope.Error(ApiError.Denied, "The token's signature or expiration check failed.");
        }

        var principal = check.Principal!;
        var scopes = principal.FindAll(TokenKinds.ScopeClaim).Select(c => c.Value).ToList();
        if (scopes is not ["realtime"])
        {
            return Envelope.Error(ApiError.InputInvalid, "The token's scope is not realtime.");
        }

        var roomId = principal.FindFirst("room_id")?.Value;
        var subject = principal.FindFirst(TokenKinds.SubjectClaim)?.Value;
        if (!ProfileIds.IsValid(roomId) || !ProfileIds.IsValid(subject))
        {
            return Envelope.Error(ApiError.General, "The token's payload is malformed or lacks required fields.");
        }

        return Envelope.Ok(writer => writer.WriteString("room_id", roomId));
    }

    private static IResult Invalid(string text, string message) =>
        Envelope.Error(ApiError.InputInvalid, text, new ApiParam("room_id", message));
}
