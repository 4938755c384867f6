using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;
using static FastIo.Orleans.Tests.Infrastructure.World;

namespace FastIo.Orleans.Tests.Gateway;

[Collection(ProductCollection.Name)]
public sealed class ScopeAndCacheTests(ProductStack stack)
{
    [Fact]
    public async Task ScopedToken_LimitsResultsToTheEntitiesNamed()
    {
        var world = await CreateAsync(stack);
        await stack.IngestAsync(
            Event("workspace_storage_file_added", world.Owner, workspace_id: world.WorkspaceId),
            Event("share_storage_file_added", world.Owner, share_id: world.ShareId));
        var workspaceOnly = Tokens.Scoped(world.Owner, $"workspace:{world.WorkspaceId}:r");
        var workspaceAndShare = Tokens.Scoped(world.Owner, $"workspace:{world.WorkspaceId}:r share:{world.ShareId}:rw");

        var narrow = await Names($"workspace_id={world.WorkspaceId}", workspaceOnly);
        var wide = await Names($"workspace_id={world.WorkspaceId}", workspaceAndShare);
        var (org, _) = await stack.GetAsync($"/current/events/search/?org_id={world.OrgId}", workspaceOnly);
        var (share, _) = await stack.GetAsync($"/current/events/search/?share_id={world.ShareId}", workspaceOnly);
        var (own, _) = await stack.GetAsync($"/current/events/search/?user_id={world.Owner}", workspaceOnly);
        var (ownWithUser, _) = await stack.GetAsync(
            $"/current/events/search/?user_id={world.Owner}", Tokens.Scoped(world.Owner, "user"));

        Assert.Contains("workspace_storage_file_added", narrow);
        Assert.DoesNotContain("share_storage_file_added", narrow);
        Assert.Contains("share_storage_file_added", wide);
        Assert.Equal([403, 403, 403, 200], new[] { org, share, own, ownWithUser });
    }

    [Fact]
    public async Task ScopedToken_DetailsOfEventOutsideScope_IsDenied()
    {
        var world = await CreateAsync(stack);
        var ids = await stack.IngestAsync(Event("share_storage_file_added", world.Owner, share_id: world.ShareId));

        var (status, _) = await stack.GetAsync($"/current/event/{ids[0]}/details/",
            Tokens.Scoped(world.Owner, $"workspace:{world.WorkspaceId}:r"));
        var (allShares, _) = await stack.GetAsync($"/current/event/{ids[0]}/details/", Tokens.Scoped(world.Owner, "all_shares"));

        Assert.Equal(403, status);
        Assert.Equal(200, allShares);
    }

    [Fact]
    public async Task Cache_NewEventInProfileOrBelow_ShowsInTheNextIdenticalSearch()
    {
        var world = await CreateAsync(stack);
        var workspaceBefore = await Names($"workspace_id={world.WorkspaceId}", Tokens.User(world.Owner));
        var orgBefore = await Names($"org_id={world.OrgId}", Tokens.User(world.Owner));

        await stack.IngestAsync(Event("share_storage_file_added", world.Owner, share_id: world.ShareId));
        var workspaceAfter = await Names($"workspace_id={world.WorkspaceId}", Tokens.User(world.Owner));
        var orgAfter = await EventuallyAsync(() => Names($"org_id={world.OrgId}", Tokens.User(world.Owner)),
            names => names.Contains("share_storage_file_added"));

        Assert.DoesNotContain("share_storage_file_added", workspaceBefore);
        Assert.DoesNotContain("share_storage_file_added", orgBefore);
        Assert.Contains("share_storage_file_added", workspaceAfter);
        Assert.Contains("share_storage_file_added", orgAfter);
    }

    [Fact]
    public async Task Cache_Acknowledgement_ShowsAtOnceForThatUserOnly()
    {
        var world = await CreateAsync(stack);
        var id = (await stack.IngestAsync(Event("comment_created", world.Owner, workspace_id: world.WorkspaceId)))[0];
        var query = $"workspace_id={world.WorkspaceId}&acknowledged=false";
        var memberBefore = await Ids(query, world.WorkspaceMember);
        var ownerBefore = await Ids(query, world.Owner);

        await stack.GetAsync($"/current/event/{id}/ack/", Tokens.User(world.WorkspaceMember));

        Assert.Contains(id, memberBefore);
        Assert.DoesNotContain(id, await Ids(query, world.WorkspaceMember));
        Assert.Equal(ownerBefore, await Ids(query, world.Owner));
    }

    /// <summary>For answers that follow a one-way notification between grains: polls briefly, never sleeps blind.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var value = await read();
        while (!done(value) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            value = await read();
        }

        return value;
    }

    private async Task<List<string>> Names(string query, string token) => (await Search(query, token))
        .Select(e => e!["event"]!.GetValue<string>()).ToList();

    private async Task<List<string>> Ids(string query, string user) => (await Search(query, Tokens.User(user)))
        .Select(e => e!["event_id"]!.GetValue<string>()).ToList();

    private async Task<JsonArray> Search(string query, string token)
    {
        var (status, body) = await stack.GetAsync($"/current/events/search/?{query}&limit=250", token);
        Assert.True(status == 200, body.ToJsonString());
        return body["response"]!["events"]!.AsArray();
    }
}
