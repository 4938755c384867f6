namespace FastIo.Orleans.Tests.Permissions;

public enum ModelRole
{
    None,
    Member,
    Admin,
    Owner,
}

public enum ModelKind
{
    Org,
    Workspace,
    Share,
}

public enum ModelVisibility
{
    Internal,
    AuditLog,
    External,
}

public enum ModelPermission
{
    Member,
    Admin,
    Targeted,
}

/// <summary>An org, workspace or share as the test believes it to be after everything it sent.</summary>
public sealed class ModelProfile(string id, ModelKind kind, string? orgId, string? workspaceId)
{
    public string Id { get; } = id;

    public ModelKind Kind { get; } = kind;

    /// <summary>The org above a workspace or share, if any.</summary>
    public string? OrgId { get; } = orgId;

    /// <summary>The workspace above a share.</summary>
    public string? WorkspaceId { get; } = workspaceId;

    public bool Closed { get; set; }

    /// <summary>Direct membership rows: user to role, exactly as the membership events left them.</summary>
    public Dictionary<string, ModelRole> Members { get; } = new(StringComparer.Ordinal);

    public string SearchFilter => Kind switch
    {
        ModelKind.Org => "org_id",
        ModelKind.Workspace => "workspace_id",
        _ => "share_id",
    };

    public ModelRole DirectRole(string userId) => Members.GetValueOrDefault(userId);
}

/// <summary>A recorded event with the levels the catalog (or an override) gave it and the profiles it names.</summary>
public sealed record ModelEvent(
    string EventId,
    string Name,
    ModelVisibility Visibility,
    ModelPermission Permission,
    string CallingUserId,
    string? TargetUserId,
    string? OrgId,
    string? WorkspaceId,
    string? ShareId,
    string? ParentEventId)
{
    /// <summary>The profile whose log holds the event: share, else workspace, else org; null in a user's log.</summary>
    public string? HoldingProfileId => ShareId ?? WorkspaceId ?? OrgId;

    /// <summary>For an event in a user's log, that user: the one it concerns, else the one who did it.</summary>
    public string? HoldingUserId => HoldingProfileId is null ? TargetUserId ?? CallingUserId : null;

    public bool Names(string profileId) => OrgId == profileId || WorkspaceId == profileId || ShareId == profileId;

    public bool Involves(string userId) => CallingUserId == userId || TargetUserId == userId;
}

/// <summary>What an access request should answer, in the API's words.</summary>
public readonly record struct ExpectedAnswer(int Status, string? ErrorCode)
{
    public static readonly ExpectedAnswer Granted = new(200, null);
    public static readonly ExpectedAnswer Denied = new(403, "APP_DENIED");
    public static readonly ExpectedAnswer InputInvalid = new(400, "APP_ERROR_INPUT_INVALID");
}

/// <summary>
/// The permission rules written out from the API text and the design notes, over the test's own model of the
/// world; it shares no code with the product.
/// </summary>
public sealed class PermissionOracle(IReadOnlyDictionary<string, ModelProfile> profiles)
{
    /// <summary>
    /// A user's role in a profile: the direct one, raised to admin by admin or owner rights in the workspace or
    /// org above. Closed profiles and unknown IDs give no role at all.
    /// </summary>
    public ModelRole EffectiveRole(string userId, string profileId)
    {
        if (!profiles.TryGetValue(profileId, out var profile) || profile.Closed)
        {
            return ModelRole.None;
        }

        var own = profile.DirectRole(userId);
        var parentId = profile.Kind switch
        {
            ModelKind.Share => profile.WorkspaceId,
            ModelKind.Workspace => profile.OrgId,
            _ => null,
        };
        var inherited = parentId is null ? ModelRole.None : EffectiveRole(userId, parentId);
        return own < ModelRole.Admin && inherited >= ModelRole.Admin ? ModelRole.Admin : own;
    }

    public bool CanSearch(string userId, string profileId) => EffectiveRole(userId, profileId) != ModelRole.None;

    /// <summary>Whether an event belongs in the answer to a search of an org, workspace or share.</summary>
    public bool VisibleInProfileSearch(string userId, string profileId, ModelVisibility? filter, ModelEvent e)
    {
        if (e.Visibility == ModelVisibility.Internal || (filter is { } only && e.Visibility != only)
            || !e.Names(profileId))
        {
            return false;
        }

        var isAdmin = EffectiveRole(userId, profileId) >= ModelRole.Admin;
        if (e.Permission == ModelPermission.Targeted)
        {
            return e.Involves(userId) || (isAdmin && filter == ModelVisibility.AuditLog);
        }

        if (isAdmin || e.Involves(userId))
        {
            return true;
        }

        if (e.Permission == ModelPermission.Member && e.HoldingProfileId == profileId)
        {
            return true;
        }

        var row = RowRole(userId, profiles[e.HoldingProfileId!]);
        return row != ModelRole.None && (e.Permission == ModelPermission.Member || row >= ModelRole.Admin);
    }

    /// <summary>
    /// The role membership rows give a user over the profile holding an event: their own row there, raised to
    /// admin when the event is in a share and they are admin or owner of the share's workspace (an admin above
    /// it). Closing a profile does not remove rows, so this ignores closures, as the search does.
    /// </summary>
    private ModelRole RowRole(string userId, ModelProfile holding)
    {
        var row = holding.DirectRole(userId);
        if (holding.Kind == ModelKind.Share && holding.WorkspaceId is { } workspace
            && profiles[workspace].DirectRole(userId) >= ModelRole.Admin && row < ModelRole.Admin)
        {
            row = ModelRole.Admin;
        }

        return row;
    }

    /// <summary>
    /// Children of a parent are searched from the parent's profile, with its rules, and only among the events of
    /// that profile and those below it; children of an event in a user's log only by that user, among their own.
    /// </summary>
    public bool CanSearchChildren(string userId, ModelEvent parent) =>
        parent.HoldingProfileId is { } holding ? CanSearch(userId, holding) : parent.HoldingUserId == userId;

    public bool VisibleAmongChildren(string userId, ModelEvent parent, ModelEvent child)
    {
        if (child.ParentEventId != parent.EventId || child.Visibility == ModelVisibility.Internal)
        {
            return false;
        }

        if (parent.HoldingProfileId is { } holding)
        {
            return VisibleInProfileSearch(userId, holding, null, child);
        }

        // A parent in a user's own log reaches only that user's own events: those they did or that concern them.
        return child.Involves(userId);
    }

    /// <summary>Whether an event belongs in the answer to <c>user_id</c> = the caller.</summary>
    public static bool VisibleInOwnSearch(string userId, ModelVisibility? filter, ModelEvent e) =>
        e.Visibility != ModelVisibility.Internal && (filter is not { } only || e.Visibility == only)
            && e.Involves(userId);

    /// <summary>The Access Rules table of Event Details (and so of Acknowledge).</summary>
    public ExpectedAnswer Details(string userId, ModelEvent e)
    {
        if (e.Visibility == ModelVisibility.Internal)
        {
            return ExpectedAnswer.InputInvalid;
        }

        if (e.Involves(userId))
        {
            return ExpectedAnswer.Granted;
        }

        if (e.Permission == ModelPermission.Targeted)
        {
            return ExpectedAnswer.InputInvalid;
        }

        var role = e.HoldingProfileId is { } holding ? EffectiveRole(userId, holding) : ModelRole.None;
        var granted = e.Permission == ModelPermission.Admin ? role >= ModelRole.Admin : role != ModelRole.None;
        return granted ? ExpectedAnswer.Granted : ExpectedAnswer.Denied;
    }
}
