using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary><c>GET /current/websocket/auth/{profile_id}</c>: a 24-hour token bound to one profile.</summary>
public static class WebSocketAuth
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public static async Task<IResult> IssueAsync(
        string? profile_id, HttpContext context, IGrainFactory grains, TokenIssuer issuer)
    {
        if (string.IsNullOrEmpty(profile_id) || !ProfileIds.IsValid(profile_id))
        {
            return Envelope.Error(ApiError.InputInvalid, "A 20-digit profile ID is required.",
                new ApiParam("profile_id", "must be a 20-digit profile ID"));
        }

        var caller = context.User;
        var userId = caller.UserId();
        var access = await grains.GetProfile(profile_id).GetAccessAsync(userId);
        if (!ActivityAccess.MayWatch(userId, profile_id, access)
            || !TokenScopes.Reaches(caller, profile_id, access.Kind))
        {
            return Envelope.Error(ApiError.InputInvalid,
                "The profile is not one you can watch: unsupported, not found, or you lack permission.",
                new ApiParam("profile_id", "names a profile you may not watch"));
        }

        string token;
        try
        {
            token = issuer.Issue(new Dictionary<string, object>
            {
                [TokenKinds.SubjectClaim] = userId,
                [TokenKinds.ScopeClaim] = "websocket",
                ["profile_id"] = profile_id,
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
}
