namespace FastIo.Orleans.Replay.Mapping;

/// <summary>
/// The order items are sent in. Profiles come first, each kind in its own batches, because the directory
/// is a projection of the log: a membership needs its user, org and workspace recorded before it.
/// </summary>
public enum ReplayPhase
{
    Users,
    Orgs,
    Workspaces,
    OrgMembers,
    WorkspaceMembers,
    Hour,
}
