namespace FastIo.Orleans.Ingestion;

/// <summary>One event as the platform submits it to the ingestion API, before validation.</summary>
[GenerateSerializer, Immutable]
public sealed record IngestItem
{
    /// <summary>Position in the submitted batch, so problems and answers map back to it.</summary>
    [Id(0)] public int Index { get; init; }
    [Id(1)] public string? Event { get; init; }
    [Id(2)] public string? CallingUserId { get; init; }
    [Id(3)] public string? CallingUserName { get; init; }
    [Id(4)] public string? OrgId { get; init; }
    [Id(5)] public string? WorkspaceId { get; init; }
    [Id(6)] public string? ShareId { get; init; }
    [Id(7)] public string? UserId { get; init; }
    [Id(8)] public string? ObjectId { get; init; }
    [Id(9)] public string? ParentEventId { get; init; }
    [Id(10)] public string? Visibility { get; init; }
    [Id(11)] public string? Permission { get; init; }
    [Id(12)] public DateTime? OccurredAt { get; init; }
    [Id(13)] public string? IdempotencyKey { get; init; }

    /// <summary>Event-specific fields as a JSON object.</summary>
    [Id(14)] public string? DetailsJson { get; init; }

    /// <summary>Activity keys to set on the item's profile, with the event or, when there is none, alone.</summary>
    [Id(15)] public IReadOnlyList<string>? Activity { get; init; }

    /// <summary>An item that only sets activity keys: nothing is recorded in the log.</summary>
    public bool IsActivityOnly => Event is null && Activity is not null;
}
