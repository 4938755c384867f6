namespace FastIo.Orleans.Events;

/// <summary>Which profile IDs an event needs, and so which profile's log it lands in.</summary>
public enum EventScope
{
    /// <summary>Needs <c>workspace_id</c>.</summary>
    Workspace,

    /// <summary>Needs <c>share_id</c>.</summary>
    Share,

    /// <summary>Needs <c>org_id</c>.</summary>
    Org,

    /// <summary>Needs <c>user_id</c>, the user the event concerns.</summary>
    User,

    /// <summary>Needs one of <c>share_id</c>, <c>workspace_id</c>, <c>org_id</c>; the category follows it.</summary>
    Context,

    /// <summary>Any profile, falling back to the calling user's own.</summary>
    Any,
}
