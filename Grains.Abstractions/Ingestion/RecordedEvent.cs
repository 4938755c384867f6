namespace FastIo.Orleans.Ingestion;

/// <summary>
/// The answer for one ingested item: the ID its event was recorded under and when, and the commit time its
/// activity keys carry. An item that only set activity keys has no event ID; an item answered from an
/// earlier recording (a repeated idempotency key) has no activity time.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record RecordedEvent(
    [property: Id(0)] int Index,
    [property: Id(1)] string? EventId,
    [property: Id(2)] DateTime Created,
    [property: Id(3)] DateTime? ActivityAt = null);
