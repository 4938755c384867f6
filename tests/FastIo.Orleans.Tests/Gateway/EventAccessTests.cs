using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Gateway;

/// <summary>No user sees an event they may not: membership, roles inherited down the hierarchy, targeting.</summary>
[Collection(ProductCollection.Name)]
public sealed class EventAccessTests(ProductStack stack)
{
    [Fact]
    public async Task Search_ProfileTheCallerDoesNotBelongTo_IsDenied()
    {
        var world = await CreateAsync(stack);

        var (workspace, _) = await stack.GetAsync($"/current/events/search/?workspace_id={world.WorkspaceId}",
            Tokens.User(world.Outsider));
        var (org, _) = await stack.GetAsync($"/current/events/search/?org_id={world.OrgId}",
            Tokens.User(world.Outsider));
        var (unknown, _) = await stack.GetAsync($"/current/events/search/?org_id={Ids.Next()}",
            Tokens.User(world.Outsider));
        var (otherUser, _) = await stack.GetAsync($"/current/events/search/?user_id={world.Owner}",
            Tokens.User(world.Outsider));

        Assert.Equal([403, 403, 403, 403], new[] { workspace, org, unknown, otherUser });
    }

    [Fact]
    public async Task Search_AdminEvents_ShownToAdminsOnly()
    {
        var world = await CreateAsync(stack);
        await stack.IngestAsync(Event("workspace_settings_updated", world.Owner, workspace_id: world.WorkspaceId));

        var member = await Names($"workspace_id={world.WorkspaceId}", world.WorkspaceMember);
        var orgAdmin = await Names($"workspace_id={world.WorkspaceId}", world.OrgAdmin);

        Assert.DoesNotContain("workspace_settings_updated", member);
        Assert.Contains("workspace_storage_file_added", await WithFile(world));
        Assert.Contains("workspace_settings_updated", orgAdmin);
    }

    [Fact]
    public async Task Search_TargetedEvent_ShownToTargetAndCallerOnly()
    {
        var world = await CreateAsync(stack);
        await stack.IngestAsync(Event("comment_mentioned", world.Owner, workspace_id: world.WorkspaceId,
            user_id: world.WorkspaceMember));

        Assert.Contains("comment_mentioned", await Names($"workspace_id={world.WorkspaceId}", world.WorkspaceMember));
        Assert.Contains("comment_mentioned", await Names($"workspace_id={world.WorkspaceId}", world.Owner));
        Assert.DoesNotContain("comment_mentioned", await Names($"workspace_id={world.WorkspaceId}", world.OrgAdmin));
        Assert.Contains("comment_mentioned", await Names($"workspace_id={world.WorkspaceId}&visibility=external",
            world.Owner));
    }

    [Fact]
    public async Task Search_ShareEventsInWorkspace_HiddenFromWorkspaceMembersOutsideTheShare()
    {
        var world = await CreateAsync(stack);
        await stack.IngestAsync(Event("share_storage_file_added", world.ShareMember, share_id: world.ShareId));

        var workspaceMember = await Names($"workspace_id={world.WorkspaceId}", world.WorkspaceMember);
        var orgAdmin = await Names($"workspace_id={world.WorkspaceId}", world.OrgAdmin);
        var shareMember = await Names($"share_id={world.ShareId}", world.ShareMember);

        Assert.DoesNotContain("share_storage_file_added", workspaceMember);
        Assert.Contains("share_storage_file_added", orgAdmin);
        Assert.Contains("share_storage_file_added", shareMember);
    }

    [Fact]
    public async Task Search_ChildrenOfAnEventInTheCallersOwnLog_ShowOnlyWhatTheirMembershipsAllow()
    {
        var world = await CreateAsync(stack);
        var parent = (await stack.IngestAsync(Event("upload_session_created", world.Outsider)))[0];
        var workspace = world.WorkspaceId;
        await stack.IngestAsync(
            Event("workspace_storage_file_added", world.Owner, workspace_id: workspace, parent_event_id: parent),
            Event("workspace_settings_updated", world.Owner, workspace_id: workspace, parent_event_id: parent),
            Event("upload_completed", world.Outsider, workspace_id: workspace, parent_event_id: parent));

        var outsider = await Names($"parent_event_id={parent}", world.Outsider);
        var (otherUser, _) = await stack.GetAsync($"/current/events/search/?parent_event_id={parent}",
            Tokens.User(world.Owner));

        Assert.Equal(["upload_completed"], outsider);
        Assert.Equal(403, otherUser);
    }

    [Fact]
    public async Task Details_FollowTheAccessRules()
    {
        var world = await CreateAsync(stack);
        var ids = await stack.IngestAsync(
            Event("workspace_storage_file_added", world.Owner, workspace_id: world.WorkspaceId,
                details: new { filename = "a.pdf" }),
            Event("comment_mentioned", world.Owner, workspace_id: world.WorkspaceId, user_id: world.OrgAdmin),
            Event("profile_snapshot_written", world.Owner, workspace_id: world.WorkspaceId));
        var (file, mention, internalEvent) = (ids[0], ids[1], ids[2]);

        Assert.Equal(200, (await Details(file, world.WorkspaceMember)).Status);
        var details = (await Details(file, world.WorkspaceMember)).Body;
        Assert.Equal("a.pdf", details["response"]!["event"]!["filename"]!.GetValue<string>());
        Assert.Equal(403, (await Details(file, world.Outsider)).Status);
        Assert.Equal(200, (await Details(mention, world.OrgAdmin)).Status);
        Assert.Equal(400, (await Details(mention, world.WorkspaceMember)).Status);
        Assert.Equal(400, (await Details(internalEvent, world.Owner)).Status);
        Assert.Equal(404, (await Details("e" + world.WorkspaceId + "999999999999", world.Owner)).Status);
        Assert.Equal(404, (await Details("evt_abc123", world.Owner)).Status);
        Assert.Equal(400, (await Details("bad.id!", world.Owner)).Status);
    }

    [Fact]
    public async Task Acknowledge_IsPerUserIdempotentAndReflectedInSearch()
    {
        var world = await CreateAsync(stack);
        var id = (await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId)))[0];
        var member = Tokens.User(world.WorkspaceMember);

        var (first, body) = await stack.GetAsync($"/current/event/{id}/ack/", member);
        var (second, _) = await stack.SendAsync(HttpMethod.Post, $"/current/event/{id}/ack/", member,
            new FormUrlEncodedContent([new("event_id", id)]));
        var acked = await EventIdsOf($"workspace_id={world.WorkspaceId}&acknowledged=true", world.WorkspaceMember);
        var ownerUnacked = await EventIdsOf($"workspace_id={world.WorkspaceId}&acknowledged=false", world.Owner);
        var (outsider, _) = await stack.GetAsync($"/current/event/{id}/ack/", Tokens.User(world.Outsider));

        Assert.Equal(200, first);
        Assert.Equal("""{"result":"yes"}""", body.ToJsonString());
        Assert.Equal(200, second);
        Assert.Equal([id], acked);
        Assert.Contains(id, ownerUnacked);
        Assert.Equal(403, outsider);
    }

    [Fact]
    public async Task Acknowledge_IdGivenTwiceInTheForm_IsRefusedSayingSo()
    {
        var world = await CreateAsync(stack);
        var ids = await stack.IngestAsync(
            Event("comment_created", world.Owner, workspace_id: world.WorkspaceId),
            Event("comment_created", world.Owner, workspace_id: world.WorkspaceId));

        var (status, body) = await stack.SendAsync(HttpMethod.Post, "/current/event/ack/",
            Tokens.User(world.WorkspaceMember),
            new FormUrlEncodedContent([new("event_id", ids[0]), new("event_id", ids[1])]));
        var acked = await EventIdsOf($"workspace_id={world.WorkspaceId}&acknowledged=true", world.WorkspaceMember);

        Assert.Equal(400, status);
        Assert.Contains("more than once", body["error"]!["text"]!.GetValue<string>());
        Assert.Empty(acked);
    }

    [Fact]
    public async Task Acknowledge_IdOnlyAsFormField_AcknowledgesForThatUser()
    {
        var world = await CreateAsync(stack);
        var id = (await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId)))[0];

        var (status, _) = await stack.SendAsync(HttpMethod.Post, "/current/event/ack/",
            Tokens.User(world.WorkspaceMember), new FormUrlEncodedContent([new("event_id", id)]));
        var acked = await EventIdsOf($"workspace_id={world.WorkspaceId}&acknowledged=true", world.WorkspaceMember);
        var (outsider, _) = await stack.SendAsync(HttpMethod.Post, "/current/event/ack/",
            Tokens.User(world.Outsider), new FormUrlEncodedContent([new("event_id", id)]));

        Assert.Equal(200, status);
        Assert.Equal([id], acked);
        Assert.Equal(403, outsider);
    }

    private async Task<List<string>> WithFile(World world)
    {
        await stack.IngestAsync(Event("workspace_storage_file_added", world.Owner, workspace_id: world.WorkspaceId));
        return await Names($"workspace_id={world.WorkspaceId}", world.WorkspaceMember);
    }

    private Task<(int Status, JsonNode Body)> Details(string id, string user) =>
        stack.GetAsync($"/current/event/{id}/details/", Tokens.User(user));

    private async Task<List<string>> Names(string query, string user) => (await Search(query, user))
        .Select(e => e!["event"]!.GetValue<string>()).ToList();

    private async Task<List<string>> EventIdsOf(string query, string user) => (await Search(query, user))
        .Select(e => e!["event_id"]!.GetValue<string>()).ToList();

    private async Task<JsonArray> Search(string query, string user)
    {
        var (status, body) = await stack.GetAsync($"/current/events/search/?{query}&limit=250", Tokens.User(user));
        Assert.True(status == 200, body.ToJsonString());
        return body["response"]!["events"]!.AsArray();
    }
}
