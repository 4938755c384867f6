namespace FastIo.Orleans.Profiles;

/// <summary>What one user may do in one profile, with roles inherited down the hierarchy already applied.</summary>
[GenerateSerializer, Immutable]
public sealed record ProfileAccess(
    [property: Id(0)] ProfileKind Kind,
    [property: Id(1)] ProfileRole Role,
    [property: Id(2)] bool Multiplayer)
{
    public bool Exists => Kind != ProfileKind.Unknown;

    public bool CanView => Exists && Role != ProfileRole.None;

    public bool IsAdmin => Role.IsAdmin();
}
