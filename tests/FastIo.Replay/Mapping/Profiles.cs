namespace FastIo.Orleans.Replay.Mapping;

/// <summary>A user the activity implies: an actor, or a member someone added.</summary>
public sealed record UserProfile(string Id, string Name, DateTimeOffset FirstSeen);

/// <summary>A user's membership of an org or workspace, dated by the user's first activity in it.</summary>
public sealed record Membership(UserProfile User, string Role, DateTimeOffset Since);

/// <summary>An organisation; its first member is its owner.</summary>
public sealed record OrgProfile(string Id, string Name, DateTimeOffset FirstSeen, IReadOnlyList<Membership> Members)
{
    public UserProfile Owner => Members[0].User;
}

/// <summary>A repository as a workspace, in its org when it has one; its first member is its owner.</summary>
public sealed record WorkspaceProfile(
    string Id,
    string Name,
    string? OrgId,
    DateTimeOffset FirstSeen,
    IReadOnlyList<Membership> Members)
{
    public UserProfile Owner => Members[0].User;
}

/// <summary>The membership roles the ingestion API accepts in <c>details.role</c>.</summary>
public static class Roles
{
    public const string Owner = "owner";
    public const string Admin = "admin";
    public const string Member = "member";
}
