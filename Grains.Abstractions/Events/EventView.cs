namespace FastIo.Orleans.Events;

/// <summary>An event as a caller sees it: the stored fields plus whether that caller acknowledged it.</summary>
[GenerateSerializer, Immutable]
public sealed record EventView
{
    [Id(0)] public required string EventId { get; init; }
    [Id(1)] public required DateTime Created { get; init; }
    [Id(2)] public required bool Acknowledged { get; init; }
    [Id(3)] public required string Name { get; init; }
    [Id(4)] public required string Category { get; init; }
    [Id(5)] public required string Subcategory { get; init; }
    [Id(6)] public required string CallingUserId { get; init; }
    [Id(7)] public required string CallingUserName { get; init; }
    [Id(8)] public string? OrgId { get; init; }
    [Id(9)] public string? WorkspaceId { get; init; }
    [Id(10)] public string? ShareId { get; init; }
    [Id(11)] public string? UserId { get; init; }
    [Id(12)] public string? ObjectId { get; init; }
    [Id(13)] public string? ParentEventId { get; init; }

    /// <summary>Event-specific fields as a JSON object, flattened into the event when written out.</summary>
    [Id(14)] public string? DetailsJson { get; init; }
}
