using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Activity;

/// <summary>
/// A profile's answer to an <see cref="ActivityQuery"/>, read in one turn so keys of one commit are never
/// split between two reads.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ActivityRead
{
    [Id(0)] public required ProfileAccess Access { get; init; }

    /// <summary>The profile's latest commit time that touched keys; null if none ever did.</summary>
    [Id(1)] public DateTime? Cursor { get; init; }

    /// <summary>
    /// False when <see cref="ActivityQuery.Since"/> is older than the history the profile keeps: changes may
    /// have been forgotten, so <see cref="Keys"/> holds every key still kept and the client should reload.
    /// </summary>
    [Id(2)] public bool Recovered { get; init; } = true;

    [Id(3)] public IReadOnlyList<ActivityStamp> Keys { get; init; } = [];
}
