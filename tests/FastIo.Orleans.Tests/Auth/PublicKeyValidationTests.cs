using System.Security.Cryptography;
using FastIo.Orleans.Gateway.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace FastIo.Orleans.Tests.Auth;

/// <summary>Production keys: RS256 and ES256 tokens verified against public keys read from a PEM file.</summary>
public sealed class PublicKeyValidationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("fastio-keys-").FullName;

    [Fact]
    public async Task Rs256Token_SignedByTheConfiguredKeyPair_IsValid()
    {
        using var rsa = RSA.Create(2048);
        var parameters = ParametersFor(rsa.ExportSubjectPublicKeyInfoPem());

        var valid = await ValidateAsync(Sign(new RsaSecurityKey(rsa), SecurityAlgorithms.RsaSha256), parameters);
        using var other = RSA.Create(2048);
        var forged = await ValidateAsync(Sign(new RsaSecurityKey(other), SecurityAlgorithms.RsaSha256), parameters);

        Assert.True(valid.IsValid);
        Assert.False(forged.IsValid);
    }

    [Fact]
    public async Task Es256Token_SignedByTheConfiguredKeyPair_IsValid()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var parameters = ParametersFor(ec.ExportSubjectPublicKeyInfoPem());

        var result = await ValidateAsync(Sign(new ECDsaSecurityKey(ec), SecurityAlgorithms.EcdsaSha256), parameters);

        Assert.True(result.IsValid);
    }

    [Fact]
    public async Task Hs256Token_WhenOnlyPublicKeysAreConfigured_IsRefused()
    {
        using var rsa = RSA.Create(2048);
        var parameters = ParametersFor(rsa.ExportSubjectPublicKeyInfoPem());
        var hmac = new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(Infrastructure.Tokens.SigningKey));

        var result = await ValidateAsync(Sign(hmac, SecurityAlgorithms.HmacSha256), parameters);

        Assert.False(result.IsValid);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private TokenValidationParameters ParametersFor(string pem)
    {
        var path = Path.Combine(_directory, Guid.NewGuid().ToString("N") + ".pem");
        File.WriteAllText(path, pem);
        return AuthenticationExtensions.ValidationParameters(new AuthOptions { PublicKeys = path });
    }

    private static Task<TokenValidationResult> ValidateAsync(string token, TokenValidationParameters parameters) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);

    private static string Sign(SecurityKey key, string algorithm) => new JsonWebTokenHandler().CreateToken(
        new SecurityTokenDescriptor
        {
            Issuer = "fastio",
            Audience = "fastio",
            Expires = DateTime.UtcNow.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = "12345678901234567890", ["name"] = "x" },
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
}
