namespace FastIo.Orleans.Ingestion;

/// <summary>An idempotency key the log already holds, with the event recorded under it.</summary>
[GenerateSerializer, Immutable]
public sealed record RecordedKey(
    [property: Id(0)] string Key,
    [property: Id(1)] string EventId,
    [property: Id(2)] DateTime Created);
