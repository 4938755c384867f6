namespace FastIo.Orleans.Activity;

/// <summary>
/// What a profile publishes on its activity stream after each commit that touched keys. <see cref="Previous"/>
/// is the profile's preceding commit time, so a subscriber that last saw another time knows it missed one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActivityChange(
    [property: Id(0)] DateTime At,
    [property: Id(1)] DateTime? Previous,
    [property: Id(2)] IReadOnlyList<string> Keys);
