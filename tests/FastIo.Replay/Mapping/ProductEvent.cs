using System.Text.Json.Serialization;

namespace FastIo.Orleans.Replay.Mapping;

/// <summary>
/// One item of <c>POST /internal/events/</c>: a catalog event with its profile context. Property names
/// serialise in snake_case; null fields are left out of the request.
/// </summary>
public sealed record ProductEvent
{
    public required string Event { get; init; }

    public required string CallingUserId { get; init; }

    public required string CallingUserName { get; init; }

    public string? OrgId { get; init; }

    public string? WorkspaceId { get; init; }

    public string? ShareId { get; init; }

    /// <summary>The target user of membership and user events.</summary>
    public string? UserId { get; init; }

    public string? ObjectId { get; init; }

    public string? ParentEventId { get; init; }

    /// <summary>When the source activity happened; sent as ISO 8601 in UTC.</summary>
    [JsonIgnore]
    public required DateTimeOffset OccurredAt { get; init; }

    [JsonPropertyName("occurred_at")]
    public string OccurredAtText => OccurredAt.UtcDateTime.ToString(
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Derived from the source event, so a second replay records nothing new.</summary>
    public required string IdempotencyKey { get; init; }

    public IReadOnlyDictionary<string, object>? Details { get; init; }
}
