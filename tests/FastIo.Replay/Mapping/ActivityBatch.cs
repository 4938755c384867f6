namespace FastIo.Orleans.Replay.Mapping;

/// <summary>
/// Items sent in one ingestion request. <see cref="Offset"/> is how far into the hour the first item
/// happened (zero for profile creation), which pacing turns into a send time.
/// </summary>
public sealed record ActivityBatch(ReplayPhase Phase, IReadOnlyList<ProductEvent> Events, TimeSpan Offset);
