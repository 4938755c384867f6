namespace FastIo.Orleans.Events;

/// <summary>
/// One catalog entry. A null <see cref="Category"/> means the category is the kind of profile the event
/// happened in (org, workspace or share).
/// </summary>
public sealed record EventDefinition(
    string Name,
    string? Category,
    string Subcategory,
    EventVisibility Visibility,
    EventPermission Permission,
    EventScope Scope)
{
    /// <summary>Membership events change who belongs to the profile, and so need the target user.</summary>
    public bool ChangesMembership => Subcategory == "members";
}
