namespace FastIo.Orleans.Activity;

/// <summary>An activity key and the commit time (UTC, microseconds) of its last change.</summary>
[GenerateSerializer, Immutable]
public readonly record struct ActivityStamp([property: Id(0)] string Key, [property: Id(1)] DateTime At);
