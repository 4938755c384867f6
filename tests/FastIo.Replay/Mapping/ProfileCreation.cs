namespace FastIo.Orleans.Replay.Mapping;

/// <summary>
/// The events that create what the hour implies, one phase at a time: users, orgs, workspaces, then
/// memberships. Idempotency keys are derived from profile IDs, so creating twice records nothing new.
/// </summary>
public static class ProfileCreation
{
    public static IEnumerable<ProductEvent> For(ReplayPhase phase, ProfileDirectory profiles) => phase switch
    {
        ReplayPhase.Users => profiles.Users.Select(UserCreated),
        ReplayPhase.Orgs => profiles.Orgs.Select(OrgCreated),
        ReplayPhase.Workspaces => profiles.Workspaces.Select(WorkspaceCreated),
        ReplayPhase.OrgMembers => profiles.Orgs.SelectMany(org => org.Members.Select(m => AddedToOrg(org, m))),
        ReplayPhase.WorkspaceMembers => profiles.Workspaces.SelectMany(
            workspace => workspace.Members.Select(m => AddedToWorkspace(workspace, m))),
        _ => [],
    };

    private static ProductEvent UserCreated(UserProfile user) => new()
    {
        Event = CatalogNames.UserCreated,
        CallingUserId = user.Id,
        CallingUserName = user.Name,
        UserId = user.Id,
        OccurredAt = user.FirstSeen,
        IdempotencyKey = $"replay-user-{user.Id}",
        Details = new Dictionary<string, object> { ["name"] = user.Name },
    };

    private static ProductEvent OrgCreated(OrgProfile org) => new()
    {
        Event = CatalogNames.OrgCreated,
        CallingUserId = org.Owner.Id,
        CallingUserName = org.Owner.Name,
        OrgId = org.Id,
        OccurredAt = org.FirstSeen,
        IdempotencyKey = $"replay-org-{org.Id}",
        Details = new Dictionary<string, object> { ["name"] = org.Name },
    };

    private static ProductEvent WorkspaceCreated(WorkspaceProfile workspace) => new()
    {
        Event = CatalogNames.WorkspaceCreated,
        CallingUserId = workspace.Owner.Id,
        CallingUserName = workspace.Owner.Name,
        OrgId = workspace.OrgId,
        WorkspaceId = workspace.Id,
        OccurredAt = workspace.FirstSeen,
        IdempotencyKey = $"replay-workspace-{workspace.Id}",
        Details = new Dictionary<string, object> { ["name"] = workspace.Name },
    };

    // The owner adds everyone, themselves included, so each membership has a caller who may grant it.
    private static ProductEvent AddedToOrg(OrgProfile org, Membership member) => new()
    {
        Event = CatalogNames.AddedMemberToOrg,
        CallingUserId = org.Owner.Id,
        CallingUserName = org.Owner.Name,
        OrgId = org.Id,
        UserId = member.User.Id,
        OccurredAt = member.Since,
        IdempotencyKey = $"replay-org-member-{org.Id}-{member.User.Id}",
        Details = MemberDetails(member),
    };

    private static ProductEvent AddedToWorkspace(WorkspaceProfile workspace, Membership member) => new()
    {
        Event = CatalogNames.AddedMemberToWorkspace,
        CallingUserId = workspace.Owner.Id,
        CallingUserName = workspace.Owner.Name,
        OrgId = workspace.OrgId,
        WorkspaceId = workspace.Id,
        UserId = member.User.Id,
        OccurredAt = member.Since,
        IdempotencyKey = $"replay-workspace-member-{workspace.Id}-{member.User.Id}",
        Details = MemberDetails(member),
    };

    private static Dictionary<string, object> MemberDetails(Membership member) => new()
    {
        ["role"] = member.Role,
        ["member_name"] = member.User.Name,
    };
}
