using FastIo.Orleans.Events;

namespace FastIo.Orleans.Search;

public enum SearchStatus
{
    Found,

    /// <summary>The caller may not view the profile searched.</summary>
    Denied,

    /// <summary>The event store failed to answer the query.</summary>
    QueryFailed,
}

[GenerateSerializer, Immutable]
public sealed record SearchOutcome(
    [property: Id(0)] SearchStatus Status,
    [property: Id(1)] IReadOnlyList<EventView> Events)
{
    public static readonly SearchOutcome Denied = new(SearchStatus.Denied, []);
    public static readonly SearchOutcome QueryFailed = new(SearchStatus.QueryFailed, []);
}
