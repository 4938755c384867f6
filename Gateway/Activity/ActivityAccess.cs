using System.Security.Claims;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>Who may watch a profile's activity, per the API text's access tables.</summary>
public static class ActivityAccess
{
    /// <summary>
    /// Polling: one's own user profile; view on an org or workspace; view on a share with multiplayer on.
    /// </summary>
    public static bool MayPoll(ClaimsPrincipal caller, string profileId, ProfileAccess access) =>
        TokenScopes.Reaches(caller, profileId, access.Kind) && access.Kind switch
        {
            ProfileKind.User or ProfileKind.Unknown => profileId == caller.UserId(),
            ProfileKind.Org or ProfileKind.Workspace => access.CanView,
            ProfileKind.Share => access.CanView && access.Multiplayer,
            _ => false,
        };

    /// <summary>WebSocket: one's own user profile; view on an org, workspace or share.</summary>
    public static bool MayWatch(string userId, string profileId, ProfileAccess access) => access.Kind switch
    {
        ProfileKind.User or ProfileKind.Unknown => profileId == userId,
        ProfileKind.Org or ProfileKind.Workspace or ProfileKind.Share => access.CanView,
        _ => false,
    };

    /// <summary>Whether a commit's key may change what the socket's user may see.</summary>
    public static bool MayChangeAccess(string key, string userId) =>
        key is "members" or "settings"
        || (key.StartsWith("member:", StringComparison.Ordinal) && key.AsSpan(7).SequenceEqual(userId));
}
