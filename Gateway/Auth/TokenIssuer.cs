using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FastIo.Orleans.Gateway.Auth;

/// <summary>Signs the short-lived tokens the gateway hands out (websocket and realtime rooms) with the HS256
/// key.</summary>
public sealed class TokenIssuer(AuthOptions options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public string Issue(IDictionary<string, object> claims, TimeSpan lifetime)
    {
        if (string.IsNullOrEmpty(options.SigningKey))
        {
            throw new InvalidOperationException("Issuing tokens needs Auth:SigningKey.");
        }

        var now = time.GetUtcNow().UtcDateTime;
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
