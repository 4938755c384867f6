using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FastIo.Orleans.Gateway.Auth;

/// <summary>How a raw token fared: not a JWT at all, a JWT that failed verification, or a valid one.</summary>
public enum TokenVerdict
{
    Malformed,
    Rejected,
    Valid,
}

public sealed record TokenCheck(TokenVerdict Verdict, ClaimsPrincipal? Principal = null, DateTime Expires = default)
{
    public TokenKind Kind => Principal is null ? TokenKind.Invalid : TokenKinds.Of(Principal);
}

/// <summary>
/// Checks tokens that do not arrive as a bearer header for the authentication middleware (the WebSocket's
/// query string, the realtime token being validated), with exactly the rules the middleware applies.
/// </summary>
public sealed class TokenValidator(AuthOptions options)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters = AuthenticationExtensions.ValidationParameters(options);

    public async Task<TokenCheck> CheckAsync(string token)
    {
        if (!_handler.CanReadToken(token))
        {
            return new TokenCheck(TokenVerdict.Malformed);
        }

        var result = await _handler.ValidateTokenAsync(token, _parameters);
        if (!result.IsValid)
        {
            return new TokenCheck(result.Exception is SecurityTokenMalformedException
                ? TokenVerdict.Malformed
                : TokenVerdict.Rejected);
        }

        return new TokenCheck(TokenVerdict.Valid, new ClaimsPrincipal(result.ClaimsIdentity),
            result.SecurityToken.ValidTo);
    }
}
