using FastIo.Orleans.Events;

namespace FastIo.Orleans.Search;

/// <summary>A validated event search on behalf of one user. Only one profile filter survives validation.</summary>
[GenerateSerializer, Immutable]
public sealed record EventQuery
{
    /// <summary>The user searching; every result is checked against what this user may see.</summary>
    [Id(0)] public required string CallerId { get; init; }
    [Id(1)] public string? ParentEventId { get; init; }
    [Id(2)] public string? Event { get; init; }
    [Id(3)] public string? Category { get; init; }
    [Id(4)] public string? Subcategory { get; init; }
    [Id(5)] public string? CallingUserId { get; init; }
    [Id(6)] public string? ObjectId { get; init; }
    [Id(7)] public bool? Acknowledged { get; init; }
    [Id(8)] public EventVisibility? Visibility { get; init; }
    [Id(9)] public DateTime? CreatedMin { get; init; }
    [Id(10)] public DateTime? CreatedMax { get; init; }
    [Id(11)] public int Limit { get; init; } = 100;
    [Id(12)] public int Offset { get; init; }

    /// <summary>Set for OAuth scoped tokens: results are limited to the entities it names.</summary>
    [Id(13)] public TokenScope? Scope { get; init; }

    /// <summary>
    /// The kind of profile the caller named (<c>org_id</c> names an org): a profile of another kind is not searched
    /// under that name. Null for <c>parent_event_id</c> searches, which run in whatever profile holds the parent.
    /// </summary>
    [Id(14)] public Profiles.ProfileKind? ProfileKind { get; init; }
}
