using System.Security.Claims;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Auth;

/// <summary>Whether a user token's OAuth scope (if it has one) reaches a profile.</summary>
public static class TokenScopes
{
    public static bool Reaches(ClaimsPrincipal caller, string profileId, ProfileKind kind)
    {
        if (caller.FindFirst(TokenKinds.ScopeClaim)?.Value is not { } value)
        {
            return true;
        }

        if (!OAuthScope.TryParse(value, out var scope))
        {
            return false;
        }

        return kind is ProfileKind.User or ProfileKind.Unknown
            ? scope.IncludesOwnUser && profileId == caller.UserId()
            : scope.Allows(kind, profileId);
    }
}
