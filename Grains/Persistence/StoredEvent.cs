using FastIo.Orleans.Events;
using FastIo.Orleans.Profiles;

namespace FastIo.Orleans.Grains.Persistence;

/// <summary>One row of the event log, as written and as read back to rebuild a profile's state.</summary>
public sealed record StoredEvent
{
    public required string ProfileId { get; init; }
    public required long Sequence { get; init; }
    public required string EventId { get; init; }
    public required DateTime Created { get; init; }

    /// <summary>When the commit that recorded the event happened: its activity timestamp, in microseconds.</summary>
    public required DateTime Committed { get; init; }

    public required string Name { get; init; }
    public required string Category { get; init; }
    public required string Subcategory { get; init; }
    public required EventVisibility Visibility { get; init; }
    public required EventPermission Permission { get; init; }
    public required string CallingUserId { get; init; }
    public required string CallingUserName { get; init; }
    public string? OrgId { get; init; }
    public string? WorkspaceId { get; init; }
    public string? ShareId { get; init; }
    public string? UserId { get; init; }
    public string? ObjectId { get; init; }
    public string? ParentEventId { get; init; }
    public string? IdempotencyKey { get; init; }
    public string? DetailsJson { get; init; }

    /// <summary>Fields of <see cref="DetailsJson"/> that profile state is derived from.</summary>
    public ProfileRole Role { get; init; }
    public bool? Multiplayer { get; init; }
    public string? DisplayName { get; init; }
}
