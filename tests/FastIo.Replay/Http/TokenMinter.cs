using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FastIo.Orleans.Replay.Http;

/// <summary>
/// Mints HS256 bearer tokens the way the platform does for development: a service token for ingestion and
/// user session tokens for the searches a member would run.
/// </summary>
public sealed class TokenMinter
{
    public const string DevelopmentSigningKey = "fastio-development-signing-key-0123456789abcdef";
    private const string IssuerAndAudience = "fastio";

    private readonly SigningCredentials _credentials;
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TimeSpan _lifetime;

    public TokenMinter(string signingKey, TimeSpan? lifetime = null)
    {
        _lifetime = lifetime ?? TimeSpan.FromHours(1);
        var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey));

        // HS256 needs at least 256 bits; saying so here beats an obscure failure on the first request.
        if (key.KeySize < 256)
        {
            throw new ArgumentException("The signing key must be at least 32 bytes of UTF-8.");
        }

        _credentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256);
    }

    public string ServiceToken(string serviceName) => Mint(new Dictionary<string, object>
    {
        ["sub"] = serviceName,
        ["scope"] = "service",
    });

    /// <summary>An operator of the deployment: opens the Orleans dashboard, nothing else.</summary>
    public string OperatorToken(string operatorName) => Mint(new Dictionary<string, object>
    {
        ["sub"] = operatorName,
        ["scope"] = "operator",
    });

    public string UserToken(string userId, string name) => Mint(new Dictionary<string, object>
    {
        ["sub"] = userId,
        ["name"] = name,
    });

    private string Mint(Dictionary<string, object> claims) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = IssuerAndAudience,
        Audience = IssuerAndAudience,
        Expires = DateTime.UtcNow.Add(_lifetime),
        Claims = claims,
        SigningCredentials = _credentials,
    });
}
