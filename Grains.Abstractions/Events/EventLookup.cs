namespace FastIo.Orleans.Events;

/// <summary>How a request for one event turned out.</summary>
public enum LookupStatus
{
    Found,
    NotFound,

    /// <summary>The event is internal: never shown to anyone.</summary>
    Internal,

    /// <summary>A targeted event, and the caller is neither its target nor its caller.</summary>
    NotTargeted,

    /// <summary>The caller has no standing in the event's profile that lets them see it.</summary>
    Denied,

    /// <summary>The event store could not be read or written.</summary>
    DataStoreFailed,
}

[GenerateSerializer, Immutable]
public sealed record EventLookup([property: Id(0)] LookupStatus Status, [property: Id(1)] EventView? Event = null)
{
    public static readonly EventLookup NotFound = new(LookupStatus.NotFound);
}
