using System.Text;

namespace FastIo.Orleans.Gateway.Auth;

/// <summary>How bearer tokens are checked and issued. Read from the <c>Auth</c> section.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";
    public const int MinimumSigningKeyBytes = 32;

    /// <summary>HS256 shared secret for development and tests; at least 32 bytes.</summary>
    public string? SigningKey { get; set; }

    /// <summary>Path of a PEM file or JWKS document with RS256/ES256 verification keys, for production.</summary>
    public string? PublicKeys { get; set; }

    /// <summary>The <c>iss</c> every token must carry. Default <c>fastio</c>.</summary>
    public string Issuer { get; set; } = "fastio";

    /// <summary>The <c>aud</c> every token must carry. Default <c>fastio</c>.</summary>
    public string Audience { get; set; } = "fastio";

    public static string? Validate(AuthOptions options)
    {
        if (string.IsNullOrEmpty(options.SigningKey) && string.IsNullOrEmpty(options.PublicKeys))
        {
            return "Auth:SigningKey or Auth:PublicKeys must be set (environment Auth__SigningKey).";
        }

        if (options.SigningKey is { } key && Encoding.UTF8.GetByteCount(key) < MinimumSigningKeyBytes)
        {
            return $"Auth:SigningKey must be at least {MinimumSigningKeyBytes} bytes.";
        }

        if (options.PublicKeys is { } path && !File.Exists(path))
        {
            return $"Auth:PublicKeys names a file that does not exist: {path}";
        }

        return null;
    }
}
