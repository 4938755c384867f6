using FastIo.Orleans.Search;

namespace FastIo.Orleans.Grains.Search;

/// <summary>Which events a search reads before filters: those naming a profile, or the children of a parent.</summary>
public enum SearchScope
{
    Org,
    Workspace,
    Share,

    /// <summary>A user's own events: those they did or that concern them.</summary>
    User,
    Parent,
}

/// <summary>
/// An <see cref="EventQuery"/> together with what the profile grain decided about the caller, ready to run
/// as one SQL statement that applies permissions inside the query. For children of a parent event,
/// <see cref="ParentSubtree"/> keeps them inside the parent's own profile and the profiles below it, so a
/// producer naming a parent from elsewhere cannot widen what the parent's viewers see.
/// </summary>
public sealed record SearchPlan(
    EventQuery Query,
    SearchScope Scope,
    string ScopeId,
    string ProfileId,
    bool CallerIsAdmin,
    SearchScope? ParentSubtree = null);
