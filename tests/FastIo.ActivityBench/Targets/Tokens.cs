using System.Collections.Concurrent;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FastIo.Orleans.ActivityBench.Targets;

/// <summary>Development tokens signed with the key the local stack runs with.</summary>
public sealed class Tokens(string signingKey)
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConcurrentDictionary<string, string> _users = new();
    private readonly SigningCredentials _credentials =
        new(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256);

    public string Service => _users.GetOrAdd("service", _ => Mint(new() { ["sub"] = "activity-bench", ["scope"] = "service" }));

    public string User(string userId) => _users.GetOrAdd(userId, id => Mint(new() { ["sub"] = id, ["name"] = "Bench" }));

    private string Mint(Dictionary<string, object> claims) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "fastio",
        Audience = "fastio",
        Expires = DateTime.UtcNow.AddHours(2),
        Claims = claims,
        SigningCredentials = _credentials,
    });
}
