namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>
/// A small org recorded through the ingestion API: an owner, an org admin, a workspace member, a share
/// member and an outsider, with a workspace in the org and a share in the workspace.
/// </summary>
public sealed class World
{
    public string OrgId { get; } = Ids.Next();
    public string WorkspaceId { get; } = Ids.Next();
    public string ShareId { get; } = Ids.Next();
    public string Owner { get; } = Ids.Next();
    public string OrgAdmin { get; } = Ids.Next();
    public string WorkspaceMember { get; } = Ids.Next();
    public string ShareMember { get; } = Ids.Next();
    public string Outsider { get; } = Ids.Next();

    public static async Task<World> CreateAsync(ProductStack stack)
    {
        var world = new World();
        var users = new[] { world.Owner, world.OrgAdmin, world.WorkspaceMember, world.ShareMember, world.Outsider };
        await stack.IngestAsync(users.Select(u => Event("user_created", u, user_id: u)).ToArray());
        await stack.IngestAsync(
            Event("org_created", world.Owner, org_id: world.OrgId, details: new { name = "Acme" }),
            Event("added_member_to_org", world.Owner, org_id: world.OrgId, user_id: world.OrgAdmin,
                details: new { role = "admin" }),
            Event("added_member_to_org", world.Owner, org_id: world.OrgId, user_id: world.WorkspaceMember),
            Event("workspace_created", world.Owner, org_id: world.OrgId, workspace_id: world.WorkspaceId,
                details: new { name = "Engineering" }),
            Event("added_member_to_workspace", world.Owner, workspace_id: world.WorkspaceId,
                user_id: world.WorkspaceMember, details: new { role = "member" }),
            Event("share_created", world.Owner, workspace_id: world.WorkspaceId, share_id: world.ShareId,
                details: new { name = "Client files", multiplayer = true }),
            Event("added_member_to_share", world.Owner, share_id: world.ShareId, user_id: world.ShareMember));
        return world;
    }

    /// <summary>One ingestion item; unset fields are left out of the JSON.</summary>
    public static Dictionary<string, object?> Event(
        string name, string callingUser, string? org_id = null, string? workspace_id = null, string? share_id = null,
        string? user_id = null, string? object_id = null, object? details = null, string? idempotency_key = null,
        string? occurred_at = null, string? parent_event_id = null)
    {
        var item = new Dictionary<string, object?>
        {
            ["event"] = name,
            ["calling_user_id"] = callingUser,
            ["calling_user_name"] = "User " + callingUser[^4..],
        };
        Put(item, "org_id", org_id);
        Put(item, "workspace_id", workspace_id);
        Put(item, "share_id", share_id);
        Put(item, "user_id", user_id);
        Put(item, "object_id", object_id);
        Put(item, "details", details);
        Put(item, "idempotency_key", idempotency_key);
        Put(item, "occurred_at", occurred_at);
        Put(item, "parent_event_id", parent_event_id);
        return item;
    }

    private static void Put(Dictionary<string, object?> item, string key, object? value)
    {
        if (value is not null)
        {
            item[key] = value;
        }
    }
}
