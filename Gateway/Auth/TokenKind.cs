using System.Security.Claims;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Gateway.Auth;

/// <summary>The kinds of bearer token. A token of one kind is refused wherever another kind is expected.</summary>
public enum TokenKind
{
    Invalid,
    UserSession,
    OAuthScoped,
    WebSocket,
    Realtime,
    Service,

    /// <summary>An operator of the deployment: the Orleans dashboard only, never the product's API.</summary>
    Operator,
}

public static class TokenKinds
{
    public const string ScopeClaim = "scope";
    public const string SubjectClaim = "sub";
    public const string NameClaim = "name";

    /// <summary>Tells a token's kind from its claims alone; anything that fits no kind exactly is invalid.</summary>
    public static TokenKind Of(ClaimsPrincipal principal)
    {
        var subject = principal.FindFirst(SubjectClaim)?.Value;
        var scopes = principal.FindAll(ScopeClaim).ToList();
        if (scopes.Count > 1 || string.IsNullOrEmpty(subject))
        {
            return TokenKind.Invalid;
        }

        var scope = scopes.Count == 0 ? null : scopes[0].Value;
        return scope switch
        {
            null => ProfileIds.IsValid(subject) ? TokenKind.UserSession : TokenKind.Invalid,
            "service" => TokenKind.Service,
            "operator" => TokenKind.Operator,
            "websocket" => principal.HasClaim(c => c.Type == "profile_id") ? TokenKind.WebSocket : TokenKind.Invalid,
            "realtime" => principal.HasClaim(c => c.Type == "room_id") ? TokenKind.Realtime : TokenKind.Invalid,
            _ => ProfileIds.IsValid(subject) && OAuthScope.TryParse(scope, out _)
                ? TokenKind.OAuthScoped
                : TokenKind.Invalid,
        };
    }

    /// <summary>User session and OAuth scoped tokens both act for a user on the public endpoints.</summary>
    public static bool ActsForUser(this TokenKind kind) => kind is TokenKind.UserSession or TokenKind.OAuthScoped;

    public static string UserId(this ClaimsPrincipal principal) => principal.FindFirst(SubjectClaim)!.Value;
}
