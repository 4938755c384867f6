using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Gateway;

/// <summary>
/// Every kind of token on every route the gateway maps. User session and OAuth scoped tokens reach the public
/// endpoints, service tokens the ingestion API, operator tokens the Orleans dashboard; any other token, and any
/// token that is expired, wrongly signed, unsigned or malformed, is <c>401 APP_AUTH_INVALID</c>. Health and the
/// OpenAPI document need no token.
/// </summary>
[Collection(ProductCollection.Name)]
public sealed class TokenMatrixTests(ProductStack stack)
{
    private const string Accepted = "200 yes";
    private const string Refused = "401 APP_AUTH_INVALID 1650";
    private const string OtherKey = "another-signing-key-that-is-long-enough-0123456789";

    /// <summary>What a route takes: user tokens (public), service tokens (ingestion), operator tokens (the
    /// dashboard) or nothing at all.</summary>
    public enum Audience
    {
        Public,
        Service,
        Operator,
        Anonymous,
    }

    public static TheoryData<string> Kinds => new()
    {
        "user session", "OAuth scoped", "websocket", "realtime", "service", "operator", "expired",
        "expired within skew",
        "wrong key", "alg none", "HS512", "no exp", "wrong issuer", "wrong audience", "malformed", "no token",
        "basic scheme", "empty bearer",
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task EveryRoute_TokenOfOneKind_AnswersAsTheContractSays(string kind)
    {
        var world = await CreateAsync(stack);
        var eventId = (await stack.IngestAsync(
            Event("workspace_storage_file_added", world.Owner, workspace_id: world.WorkspaceId)))[0];
        var routes = Routes(world, eventId);

        var answers = new List<string>();
        foreach (var route in routes)
        {
            var authorization = Authorization(kind, world, route.Audience);
            answers.Add($"{route.Name}: {await SendAsync(route, authorization)}");
        }

        Assert.Equal(routes.Select(r => $"{r.Name}: {Expected(kind, r.Audience)}"), answers);
    }

    private static List<Route> Routes(World world, string eventId) =>
    [
        new("search", HttpMethod.Get, $"/current/events/search/?workspace_id={world.WorkspaceId}", Audience.Public),
        new("details", HttpMethod.Get, $"/current/event/{eventId}/details/", Audience.Public),
        new("ack GET", HttpMethod.Get, $"/current/event/{eventId}/ack/", Audience.Public),
        new("ack POST", HttpMethod.Post, $"/current/event/{eventId}/ack/", Audience.Public),
        new("ingest", HttpMethod.Post, "/internal/events/", Audience.Service),
        new("health live", HttpMethod.Get, "/health/live", Audience.Anonymous),
        new("health ready", HttpMethod.Get, "/health/ready", Audience.Anonymous),
        new("openapi", HttpMethod.Get, "/openapi/v1.json", Audience.Anonymous),
        new("dashboard", HttpMethod.Get, "/dashboard/", Audience.Operator),
    ];

    private static string Expected(string kind, Audience audience) => (kind, audience) switch
    {
        (_, Audience.Anonymous) => "200",
        ("user session" or "OAuth scoped" or "expired within skew", Audience.Public) => Accepted,
        ("service" or "expired within skew", Audience.Service) => Accepted,
        ("operator" or "expired within skew", Audience.Operator) => "200",
        _ => Refused,
    };

    /// <summary>
    /// The Authorization header for a kind of token. Broken tokens carry the claims the route would accept, so
    /// only the fault named is wrong with them.
    /// </summary>
    private static AuthenticationHeaderValue? Authorization(string kind, World world, Audience audience)
    {
        var claims = audience switch
        {
            Audience.Service => new Dictionary<string, object> { ["sub"] = "test-service", ["scope"] = "service" },
            Audience.Operator => new Dictionary<string, object> { ["sub"] = "test-operator", ["scope"] = "operator" },
            _ => new Dictionary<string, object> { ["sub"] = world.Owner, ["name"] = "Owner" },
        };
        var token = kind switch
        {
            "user session" => Tokens.User(world.Owner),
            "OAuth scoped" => Tokens.Scoped(world.Owner, $"workspace:{world.WorkspaceId}:r"),
            "websocket" => Tokens.WebSocket(world.Owner, world.WorkspaceId),
            "realtime" => Tokens.Realtime(world.Owner, world.WorkspaceId),
            "service" => Tokens.Service(),
            "operator" => Tokens.Operator(),
            "expired" => Tokens.Sign(claims, lifetime: TimeSpan.FromMinutes(1), now: DateTime.UtcNow.AddMinutes(-5)),
            "expired within skew" => Tokens.Sign(claims, lifetime: TimeSpan.FromMinutes(1),
                now: DateTime.UtcNow.AddSeconds(-75)),
            "wrong key" => Tokens.Sign(claims, OtherKey),
            "alg none" => Tokens.Unsigned(claims),
            "HS512" => Tokens.Sign(claims, Tokens.SigningKey + Tokens.SigningKey,
                algorithm: SecurityAlgorithms.HmacSha512),
            "no exp" => Tokens.WithoutExpiry(claims),
            "wrong issuer" => Tokens.Sign(claims, issuer: "someone-else"),
            "wrong audience" => Tokens.Sign(claims, audience: "someone-else"),
            "malformed" => "not-a-jwt",
            _ => null,
        };
        return kind switch
        {
            "basic scheme" => new AuthenticationHeaderValue("Basic", "dXNlcjpwYXNzd29yZA=="),
            "empty bearer" => new AuthenticationHeaderValue("Bearer"),
            _ => token is null ? null : new AuthenticationHeaderValue("Bearer", token),
        };
    }

    /// <summary>Sends the request and describes the answer as status plus result or error code and number.</summary>
    private async Task<string> SendAsync(Route route, AuthenticationHeaderValue? authorization)
    {
        using var request = new HttpRequestMessage(route.Method, route.Path);
        request.Headers.Authorization = authorization;
        if (route.Audience == Audience.Service)
        {
            var user = Ids.Next();
            request.Content = new StringContent(
                $"{{\"events\":[{{\"event\":\"user_created\",\"calling_user_id\":\"{user}\","
                + $"\"calling_user_name\":\"New User\",\"user_id\":\"{user}\"}}]}}",
                System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await stack.Http.SendAsync(request);
        var status = (int)response.StatusCode;
        if (route.Audience == Audience.Anonymous || (route.Audience == Audience.Operator && status == 200))
        {
            return status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return body["error"] is { } error
            ? $"{status} {error["error_code"]} {error["code"]}"
            : $"{status} {body["result"]}";
    }

    private sealed record Route(string Name, HttpMethod Method, string Path, Audience Audience);
}
