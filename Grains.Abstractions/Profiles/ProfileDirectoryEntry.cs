namespace FastIo.Orleans.Profiles;

/// <summary>
/// What a profile is and where it sits: fixed once the profile is created (a workspace never changes org,
/// a share never changes workspace), so it may be cached anywhere once known.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ProfileDirectoryEntry(
    [property: Id(0)] ProfileKind Kind,
    [property: Id(1)] string? OrgId,
    [property: Id(2)] string? WorkspaceId);
