namespace FastIo.Orleans.Profiles;

/// <summary>References to profile grains, made without looking up the grain type each time.</summary>
/// <remarks>
/// <c>GetGrain&lt;IProfileGrain&gt;(id)</c> resolves the interface and grain type by reflection on every call;
/// ingestion makes one reference per profile of every batch, so that lookup showed in the silo's profile.
/// The types depend only on the interface, so they are resolved once and the references built from them.
/// </remarks>
public static class ProfileGrainReferences
{
    private static (GrainType Grain, GrainInterfaceType Interface)? s_types;

    public static IProfileGrain GetProfile(this IGrainFactory grains, string profileId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(profileId);
        var types = s_types ??= Resolve(grains);
        return (IProfileGrain)grains.GetGrain(GrainId.Create(types.Grain, profileId), types.Interface);
    }

    private static (GrainType, GrainInterfaceType) Resolve(IGrainFactory grains)
    {
        var reference = (GrainReference)grains.GetGrain<IProfileGrain>("0");
        return (reference.GrainId.Type, reference.InterfaceType);
    }
}
