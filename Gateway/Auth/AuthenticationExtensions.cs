using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Operations;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace FastIo.Orleans.Gateway.Auth;

public static class AuthenticationExtensions
{
    public const string UserPolicy = "user";
    public const string ServicePolicy = "service";
    public const string OperatorPolicy = "operator";

    /// <summary>
    /// Bearer JWTs checked by Microsoft's handler: only the configured algorithms, issuer and audience,
    /// <c>exp</c> required, 30 s of clock skew. Policies then admit only the token kind each endpoint takes.
    /// </summary>
    public static WebApplicationBuilder AddTokenAuthentication(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (AuthOptions.Validate(options) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<TokenIssuer>();
        builder.Services
            .AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = ValidationParameters(options);
                jwt.Events = new JwtBearerEvents
                {
                    OnMessageReceived = context =>
                    {
                        context.Token ??= OperatorSession.TokenOf(context.Request);
                        return Task.CompletedTask;
                    },
                    OnTokenValidated = context =>
                    {
                        context.Principal = Detached(context.Principal!);
                        return Task.CompletedTask;
                    },
                    OnChallenge = async context =>
                    {
                        context.HandleResponse();
                        await Envelope.WriteErrorAsync(context.HttpContext, ApiError.AuthInvalid,
                            context.AuthenticateFailure is null
                                ? "A bearer token is required."
                                : "The bearer token is invalid or expired.");
                    },
                    OnForbidden = context => Envelope.WriteErrorAsync(context.HttpContext, ApiError.AuthInvalid,
                        "This kind of token is not accepted here."),
                };
            });

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(UserPolicy, policy => policy.RequireAssertion(c => TokenKinds.Of(c.User).ActsForUser()))
            .AddPolicy(ServicePolicy, policy =>
                policy.RequireAssertion(c => TokenKinds.Of(c.User) == TokenKind.Service))
            .AddPolicy(OperatorPolicy, policy =>
                policy.RequireAssertion(c => TokenKinds.Of(c.User) == TokenKind.Operator));
        return builder;
    }

    /// <summary>
    /// The same claims, no longer tied to the decoded token. The handler's identity keeps the parsed JWT (its
    /// header, payload and encoded parts) reachable for as long as the request holds the principal, and a
    /// long-poll holds it for up to 95 s, thousands at once: a few kilobytes each. The copy stays case-sensitive
    /// like the handler's: a plain <see cref="ClaimsIdentity"/> finds claim types ignoring case, so a token's
    /// <c>Scope</c> claim would be read as its <c>scope</c> and change the token's kind.
    /// </summary>
    public static ClaimsPrincipal Detached(ClaimsPrincipal principal) => new(principal.Identities.Select(identity =>
        new CaseSensitiveClaimsIdentity(
            identity.Claims.Select(c => new Claim(c.Type, c.Value, c.ValueType, c.Issuer, c.OriginalIssuer)),
            identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType)));

    public static TokenValidationParameters ValidationParameters(AuthOptions options)
    {
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        if (!string.IsNullOrEmpty(options.SigningKey))
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(options.SigningKey)));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (!string.IsNullOrEmpty(options.PublicKeys))
        {
            keys.AddRange(ReadPublicKeys(options.PublicKeys));
            algorithms.Add(SecurityAlgorithms.RsaSha256);
            algorithms.Add(SecurityAlgorithms.EcdsaSha256);
        }

        return new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKeys = keys,
            ValidAlgorithms = algorithms,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = TimeSpan.FromSeconds(30),
            NameClaimType = TokenKinds.NameClaim,
        };
    }

    /// <summary>RS256/ES256 verification keys from a JWKS document (.json) or a PEM file of public keys.</summary>
    private static IEnumerable<SecurityKey> ReadPublicKeys(string path)
    {
        var text = File.ReadAllText(path);
        if (path.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return new JsonWebKeySet(text).GetSigningKeys();
        }

        // A SubjectPublicKeyInfo PEM ("BEGIN PUBLIC KEY") may hold either kind; the key itself says which.
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(text);
            return [new RsaSecurityKey(rsa)];
        }
        catch (Exception exception) when (exception is CryptographicException or ArgumentException)
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(text);
            return [new ECDsaSecurityKey(ec)];
        }
    }
}
