using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Gateway;

/// <summary>Cases a reviewer broke by hand; each failed before its fix.</summary>
[Collection(ProductCollection.Name)]
public sealed class ReviewRegressionTests(ProductStack stack)
{
    [Fact]
    public async Task Ingest_EventInWorkspaceCreatedInSameBatch_IsFoundFromTheOrg()
    {
        var (owner, org, workspace) = (Ids.Next(), Ids.Next(), Ids.Next());
        await stack.IngestAsync(Event("user_created", owner, user_id: owner), Event("org_created", owner, org_id: org));

        await stack.IngestAsync(
            Event("workspace_created", owner, org_id: org, workspace_id: workspace),
            Event("workspace_storage_file_added", owner, workspace_id: workspace, object_id: "n1"));
        var (_, body) = await stack.GetAsync($"/current/events/search/?org_id={org}&event=workspace_storage_file_added",
            Tokens.User(owner));

        var found = Assert.Single(body["response"]!["events"]!.AsArray());
        Assert.Equal(org, found!["org_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Acknowledge_WithScopeNotCoveringTheEvent_RecordsNothing()
    {
        var world = await CreateAsync(stack);
        var id = (await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId)))[0];

        var (status, _) = await stack.GetAsync($"/current/event/{id}/ack/", Tokens.Scoped(world.Owner, $"share:{world.ShareId}:r"));
        var (_, details) = await stack.GetAsync($"/current/event/{id}/details/", Tokens.User(world.Owner));

        Assert.Equal(403, status);
        Assert.False(details["response"]!["event"]!["acknowledged"]!.GetValue<bool>());
    }

    [Fact]
    public async Task ParentSearch_ChildRecordedInAnotherProfile_IsNotShown()
    {
        var world = await CreateAsync(stack);
        var other = await CreateAsync(stack);
        var parent = (await stack.IngestAsync(Event("workspace_storage_zip_downloaded", world.Owner, workspace_id: world.WorkspaceId)))[0];
        await stack.IngestAsync(Event("workspace_storage_file_deleted", other.Owner, workspace_id: other.WorkspaceId,
            parent_event_id: parent));

        var (status, body) = await stack.GetAsync($"/current/events/search/?parent_event_id={parent}", Tokens.User(world.Owner));

        Assert.Equal(200, status);
        Assert.Empty(body["response"]!["events"]!.AsArray());
    }

    [Fact]
    public async Task Ingest_ShareInAUserInsteadOfAWorkspace_IsRefused()
    {
        var world = await CreateAsync(stack);

        var (status, body) = await stack.IngestRawAsync(System.Text.Json.JsonSerializer.Serialize(new
        {
            events = new[] { Event("share_created", world.Outsider, workspace_id: world.Owner, share_id: Ids.Next()) },
        }));

        Assert.Equal(400, status);
        Assert.Equal("events[0].workspace_id", body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ingest_OrgEventNamingAWorkspace_LandsInTheOrg()
    {
        var world = await CreateAsync(stack);

        await stack.IngestAsync(Event("removed_member_from_org", world.Owner, org_id: world.OrgId,
            workspace_id: world.WorkspaceId, user_id: world.OrgAdmin));
        var (status, _) = await stack.GetAsync($"/current/events/search/?org_id={world.OrgId}", Tokens.User(world.OrgAdmin));

        Assert.Equal(403, status);
    }

    [Theory]
    [InlineData("{\"events\":[{\"event\":\"user_created\",\"calling_user_name\":\"a\\u0000b\"}]}", "events[0].calling_user_name")]
    [InlineData("{\"events\":[{\"event\":\"user_created\",\"details\":{\"k\":\"\\ud800\"}}]}", "events[0].details")]
    [InlineData("{\"events\":[{\"event\":\"user_created\",\"visibilty\":\"internal\"}]}", "events[0].visibilty")]
    [InlineData("{\"events\":[{\"event\":\"user_created\",\"occurred_at\":\"9999-12-31T23:59:59Z\"}]}", "events[0].occurred_at")]
    public async Task Ingest_UnstorableOrUnknownInput_IsInputInvalid(string json, string name)
    {
        var (status, body) = await stack.IngestRawAsync(json);

        Assert.Equal(400, status);
        Assert.Contains(body["error"]!["params"]!.AsArray(), p => p!["name"]!.GetValue<string>() == name);
    }

    [Fact]
    public async Task Search_NulInAParameter_IsInputInvalid()
    {
        var (status, body) = await stack.GetAsync("/current/events/search/?org_id=12345678901234567890&event=%00",
            Tokens.User(Ids.Next()));

        Assert.Equal(400, status);
        Assert.Equal("event", body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }
}
