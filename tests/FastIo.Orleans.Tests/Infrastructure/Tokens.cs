using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>Tokens of every kind, signed as a real issuer would sign them, plus the malformed ones attackers
/// send.</summary>
public static class Tokens
{
    public const string SigningKey = "fastio-test-signing-key-0123456789-abcdefghij";

    public static string User(string userId, string name = "Test User") =>
        Sign(new Dictionary<string, object> { ["sub"] = userId, ["name"] = name });

    public static string Scoped(string userId, string scope) =>
        Sign(new Dictionary<string, object> { ["sub"] = userId, ["name"] = "Scoped", ["scope"] = scope });

    public static string Service(string name = "test-service") =>
        Sign(new Dictionary<string, object> { ["sub"] = name, ["scope"] = "service" });

    public static string Operator(string name = "test-operator") =>
        Sign(new Dictionary<string, object> { ["sub"] = name, ["scope"] = "operator" });

    public static string WebSocket(string userId, string profileId) =>
        Sign(new Dictionary<string, object> { ["sub"] = userId, ["scope"] = "websocket", ["profile_id"] = profileId });

    public static string Realtime(string userId, string roomId) =>
        Sign(new Dictionary<string, object> { ["sub"] = userId, ["scope"] = "realtime", ["room_id"] = roomId });

    public static string Sign(
        IDictionary<string, object> claims, string key = SigningKey, TimeSpan? lifetime = null, DateTime? now = null,
        string issuer = "fastio", string audience = "fastio", string algorithm = SecurityAlgorithms.HmacSha256)
    {
        var issuedAt = now ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = issuedAt,
            NotBefore = issuedAt,
            Expires = issuedAt + (lifetime ?? TimeSpan.FromHours(1)),
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), algorithm),
        });
    }

    /// <summary>A correctly signed token without <c>exp</c>, which the contract requires.</summary>
    public static string WithoutExpiry(IDictionary<string, object> claims) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "fastio",
            Audience = "fastio",
            Claims = claims,
            SigningCredentials = new SigningCredentials(
                new SymmetricSecurityKey(Encoding.UTF8.GetBytes(SigningKey)), SecurityAlgorithms.HmacSha256),
        });

    /// <summary>An unsigned token (<c>alg: none</c>) with a user's claims.</summary>
    public static string Unsigned(string userId) =>
        Unsigned(new Dictionary<string, object> { ["sub"] = userId, ["name"] = "x" });

    /// <summary>An unsigned token (<c>alg: none</c>) with these claims, a valid issuer, audience and expiry.</summary>
    public static string Unsigned(IDictionary<string, object> claims)
    {
        static string Encode(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var payload = new Dictionary<string, object>(claims)
        {
            ["iss"] = "fastio",
            ["aud"] = "fastio",
            ["exp"] = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds(),
        };
        return Encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
            + Encode(System.Text.Json.JsonSerializer.Serialize(payload)) + ".";
    }
}
