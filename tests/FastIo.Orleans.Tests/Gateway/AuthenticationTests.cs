using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Gateway;

[Collection(ProductCollection.Name)]
public sealed class AuthenticationTests(ProductStack stack)
{
    public static TheoryData<string, string> TokensRefusedForSearch => new()
    {
        { "none", "" },
        { "garbage", "not-a-jwt" },
        { "alg none", Tokens.Unsigned("12345678901234567890") },
        {
            "wrong key",
            Tokens.Sign(new Dictionary<string, object> { ["sub"] = "12345678901234567890" },
                "another-key-that-is-long-enough-0123456789")
        },
        {
            "expired",
            Tokens.Sign(new Dictionary<string, object> { ["sub"] = "12345678901234567890" },
                lifetime: TimeSpan.FromMinutes(1), now: DateTime.UtcNow.AddMinutes(-5))
        },
        { "service", Tokens.Service() },
        { "websocket", Tokens.WebSocket("12345678901234567890", "12345678901234567890") },
        { "sub not a user id", Tokens.Sign(new Dictionary<string, object> { ["sub"] = "alice" }) },
        { "scope substring", Tokens.Scoped("12345678901234567890", "org:1234:r") },
    };

    [Theory]
    [MemberData(nameof(TokensRefusedForSearch))]
    public async Task Search_WithTokenOfWrongKindOrInvalid_IsAuthInvalid(string kind, string token)
    {
        var (status, body) = await stack.GetAsync(
            "/current/events/search/?user_id=12345678901234567890", token.Length == 0 ? null : token);

        Assert.True(status == 401, $"{kind}: {status}");
        Assert.Equal("APP_AUTH_INVALID", body["error"]!["error_code"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ingest_WithUserToken_IsAuthInvalid()
    {
        var (status, body) = await stack.IngestRawAsync("{\"events\":[]}", Tokens.User("12345678901234567890"));

        Assert.Equal(401, status);
        Assert.Equal(1650, body["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Ingest_WithScopeClaimOfOtherCase_IsNotAServiceToken()
    {
        // Claim types are case-sensitive: "Scope" is not the "scope" that makes a token a service token.
        var token = Tokens.Sign(new Dictionary<string, object> { ["sub"] = "dev", ["Scope"] = "service" });

        var (status, body) = await stack.IngestRawAsync("{\"events\":[]}", token);

        Assert.Equal(401, status);
        Assert.Equal(1650, body["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Token_ExpiredWithinClockSkew_IsAccepted()
    {
        var user = Ids.Next();
        var token = Tokens.Sign(new Dictionary<string, object> { ["sub"] = user, ["name"] = "x" },
            lifetime: TimeSpan.FromMinutes(1), now: DateTime.UtcNow.AddSeconds(-70));

        var (status, _) = await stack.GetAsync($"/current/events/search/?user_id={user}", token);

        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Errors_NeverEchoTheToken()
    {
        var token = Tokens.Unsigned("12345678901234567890");

        var (_, body) = await stack.GetAsync("/current/events/search/?user_id=12345678901234567890", token);

        Assert.DoesNotContain(token.Split('.')[1], body.ToJsonString());
    }
}
