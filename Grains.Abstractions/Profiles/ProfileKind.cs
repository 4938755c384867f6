namespace FastIo.Orleans.Profiles;

/// <summary>What a profile is. Unknown until the event that creates the profile is in its log.</summary>
public enum ProfileKind
{
    Unknown = 0,
    User = 1,
    Org = 2,
    Workspace = 3,
    Share = 4,
}
