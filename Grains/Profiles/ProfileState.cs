using System.Text.Json;
using System.Text.Json.Serialization;
using FastIo.Orleans.Grains.Persistence;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Grains.Profiles;

/// <summary>
/// Everything a profile knows about itself, derived only from its own event log. Small by design: it is
/// snapshotted as JSON, so it must never grow with the number of events.
/// </summary>
public sealed partial class ProfileState
{
    private static readonly JsonSerializerOptions SnapshotJson = new()
    {
        Converters = { new JsonStringEnumConverter() },
    };

    public ProfileKind Kind { get; set; }

    public string? Name { get; set; }

    /// <summary>The org a workspace or share belongs to, if any.</summary>
    public string? OrgId { get; set; }

    /// <summary>The workspace a share belongs to.</summary>
    public string? WorkspaceId { get; set; }

    public bool Multiplayer { get; set; }

    /// <summary>Closed orgs, deleted workspaces and shares: kept in the log, shown to no one.</summary>
    public bool Closed { get; set; }

    public Dictionary<string, ProfileRole> Members { get; set; } = new(StringComparer.Ordinal);

    public ProfileRole RoleOf(string userId) =>
        Members.TryGetValue(userId, out var role) ? role : ProfileRole.None;

    /// <summary>Folds one committed event into the state. Events that change nothing here are ignored.</summary>
    public void Apply(StoredEvent e)
    {
        ApplyToDirectory(e);
        ApplyToBilling(e);
        ApplyToActivity(e);
    }

    /// <summary>Billing state (kept in its own file) follows the billing events of an org's log.</summary>
    partial void ApplyToBilling(StoredEvent e);

    /// <summary>Activity timestamps (kept in their own file) follow every event.</summary>
    partial void ApplyToActivity(StoredEvent e);

    /// <summary>Kind, hierarchy, membership and roles.</summary>
    private void ApplyToDirectory(StoredEvent e)
    {
        switch (e.Name)
        {
            case "user_created":
                Kind = ProfileKind.User;
                Name = e.DisplayName ?? Name;
                break;
            case "org_created":
                Kind = ProfileKind.Org;
                Name = e.DisplayName ?? Name;
                AddCreator(e);
                break;
            case "workspace_created":
                Kind = ProfileKind.Workspace;
                Name = e.DisplayName ?? Name;
                OrgId = e.OrgId;
                AddCreator(e);
                break;
            case "share_created":
                Kind = ProfileKind.Share;
                Name = e.DisplayName ?? Name;
                OrgId = e.OrgId;
                WorkspaceId = e.WorkspaceId;
                Multiplayer = e.Multiplayer ?? false;
                AddCreator(e);
                break;
            case "share_updated" or "share_settings_updated" when e.Multiplayer is { } multiplayer:
                Multiplayer = multiplayer;
                break;
            case "org_updated" or "workspace_updated" or "share_updated" or "user_updated" when e.DisplayName is not null:
                Name = e.DisplayName;
                break;
            case "org_closed" or "workspace_deleted" or "share_deleted" or "user_deleted":
                Closed = true;
                break;
            case "added_member_to_org" or "added_member_to_workspace" or "added_member_to_share" when e.UserId is not null:
                Members[e.UserId] = e.Role == ProfileRole.None ? ProfileRole.Member : e.Role;
                break;
            case "membership_updated" when e.UserId is not null && e.Role != ProfileRole.None:
                Members[e.UserId] = e.Role;
                break;
            case "removed_member_from_org" or "removed_member_from_workspace" or "removed_member_from_share"
                when e.UserId is not null:
                Members.Remove(e.UserId);
                break;
        }
    }

    /// <summary>The membership row an event leaves behind, if it changes membership.</summary>
    public static MemberChange? MemberChangeOf(StoredEvent e) => e.Name switch
    {
        "added_member_to_org" or "added_member_to_workspace" or "added_member_to_share" when e.UserId is not null =>
            new MemberChange(e.ProfileId, e.UserId, e.Role == ProfileRole.None ? ProfileRole.Member : e.Role),
        "membership_updated" when e.UserId is not null && e.Role != ProfileRole.None =>
            new MemberChange(e.ProfileId, e.UserId, e.Role),
        "removed_member_from_org" or "removed_member_from_workspace" or "removed_member_from_share"
            when e.UserId is not null => new MemberChange(e.ProfileId, e.UserId, ProfileRole.None),
        "org_created" or "workspace_created" or "share_created" =>
            new MemberChange(e.ProfileId, e.CallingUserId, ProfileRole.Owner),
        _ => null,
    };

    public string ToJson() => JsonSerializer.Serialize(this, SnapshotJson);

    public static ProfileState FromJson(string json) =>
        JsonSerializer.Deserialize<ProfileState>(json, SnapshotJson) ?? new ProfileState();

    /// <summary>Whoever creates an org, workspace or share owns it until the log says otherwise.</summary>
    private void AddCreator(StoredEvent e) => Members[e.CallingUserId] = ProfileRole.Owner;
}
