namespace FastIo.Orleans.Ingestion;

/// <summary>The answer for one ingested item: the ID it was recorded under and when.</summary>
[GenerateSerializer, Immutable]
public sealed record RecordedEvent(
    [property: Id(0)] int Index,
    [property: Id(1)] string EventId,
    [property: Id(2)] DateTime Created);
