using System.Net.Http.Headers;
using FastIo.Orleans.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>Realtime room tokens: issued for workspaces and multiplayer shares, validated with every error row.</summary>
[Collection(ProductCollection.Name)]
public sealed class RealtimeTokenTests(ProductStack stack)
{
    private const string Validate = "/current/realtime/auth/validate/";

    [Fact]
    public async Task RealtimeAuth_WorkspaceAndMultiplayerShare_IssueTokensThatValidateToTheRoom()
    {
        var world = await CreateAsync(stack);

        var (workspaceStatus, workspace) = await stack.GetAsync($"/current/realtime/auth/{world.WorkspaceId}", Tokens.User(world.WorkspaceMember));
        var (shareStatus, share) = await stack.GetAsync($"/current/realtime/auth/{world.ShareId}", Tokens.User(world.ShareMember));
        var token = share["response"]!["auth_token"]!.GetValue<string>();
        var (validStatus, valid) = await ValidateAsync("Bearer " + token);

        Assert.Equal([200, 200, 200], new[] { workspaceStatus, shareStatus, validStatus });
        Assert.Equal(86400, workspace["response"]!["expires_in"]!.GetValue<int>());
        Assert.Equal("realtime", new JsonWebToken(token).GetClaim("scope").Value);
        Assert.Equal(world.ShareId, valid["response"]!["room_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task RealtimeAuth_ErrorRows_AnswerAsTheApiTextSays()
    {
        var world = await CreateAsync(stack);
        var soloShare = Ids.Next();
        await stack.IngestAsync(Event("share_created", world.Owner, workspace_id: world.WorkspaceId, share_id: soloShare,
            details: new { multiplayer = false }));

        var answers = new[]
        {
            await stack.GetAsync("/current/realtime/auth/", Tokens.User(world.Owner)),
            await stack.GetAsync("/current/realtime/auth/abc", Tokens.User(world.Owner)),
            await stack.GetAsync($"/current/realtime/auth/{world.OrgId}", Tokens.User(world.Owner)),
            await stack.GetAsync($"/current/realtime/auth/{world.Owner}", Tokens.User(world.Owner)),
            await stack.GetAsync($"/current/realtime/auth/{Ids.Next()}", Tokens.User(world.Owner)),
            await stack.GetAsync($"/current/realtime/auth/{world.WorkspaceId}", Tokens.User(world.Outsider)),
            await stack.GetAsync($"/current/realtime/auth/{soloShare}", Tokens.User(world.Owner)),
            await stack.GetAsync($"/current/realtime/auth/{world.WorkspaceId}", null),
        };

        Assert.Equal([400, 400, 400, 400, 400, 403, 403, 401], answers.Select(a => a.Status));
        Assert.Equal(["APP_ERROR_INPUT_INVALID", "APP_DENIED", "APP_AUTH_INVALID"],
            answers.Select(a => a.Body["error"]!["error_code"]!.GetValue<string>()).Distinct());
    }

    [Fact]
    public async Task RealtimeValidate_ErrorRows_AnswerAsTheApiTextSays()
    {
        var world = await CreateAsync(stack);
        var claims = new Dictionary<string, object> { ["sub"] = world.Owner, ["scope"] = "realtime", ["room_id"] = world.WorkspaceId };
        var noRoom = new Dictionary<string, object> { ["sub"] = world.Owner, ["scope"] = "realtime" };

        var answers = new[]
        {
            await ValidateAsync(null),
            await ValidateAsync("   "),
            await ValidateAsync("Basic dXNlcjpwYXNz"),
            await ValidateAsync("Bearer"),
            await ValidateAsync("Bearer not-a-jwt"),
            await ValidateAsync("Bearer " + Tokens.Sign(claims, key: "some-other-signing-key-0123456789-abcdefghij")),
            await ValidateAsync("Bearer " + Tokens.Sign(claims, lifetime: TimeSpan.FromMinutes(1), now: DateTime.UtcNow.AddMinutes(-10))),
            await ValidateAsync("Bearer " + Tokens.Sign(noRoom)),
            await ValidateAsync("Bearer " + Tokens.WebSocket(world.Owner, world.WorkspaceId)),
            await ValidateAsync("Bearer " + Tokens.User(world.Owner)),
            await ValidateAsync("Bearer " + Tokens.Sign(claims)),
        };

        Assert.Equal([401, 400, 400, 400, 400, 403, 403, 500, 400, 400, 200], answers.Select(a => a.Status));
        Assert.Equal("APP_ERROR_GENERAL", answers[7].Body["error"]!["error_code"]!.GetValue<string>());
        Assert.Contains("realtime", answers[8].Body["error"]!["text"]!.GetValue<string>());
    }

    private async Task<(int Status, System.Text.Json.Nodes.JsonNode Body)> ValidateAsync(string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Validate);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await stack.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return ((int)response.StatusCode, System.Text.Json.Nodes.JsonNode.Parse(text)!);
    }
}
