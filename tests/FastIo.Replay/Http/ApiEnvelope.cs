using System.Text.Json;
using System.Text.Json.Serialization;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Http;

/// <summary>The answer envelope: <c>result</c> "yes" with a <c>response</c>, or "no" with an <c>error</c>.</summary>
public sealed record ApiEnvelope<T>
{
    public string? Result { get; init; }

    public T? Response { get; init; }

    public ApiError? Error { get; init; }
}

public sealed record IngestRequest(IReadOnlyList<ProductEvent> Events);

public sealed record IngestResponse(IReadOnlyList<IngestedEvent> Events);

/// <summary>One item's answer; <c>activity_at</c> is the commit time its activity keys got.</summary>
public sealed record IngestedEvent(string EventId, string? Created, string? ActivityAt = null);

public sealed record SearchResponse(IReadOnlyList<JsonElement> Events);

/// <summary>One JSON setup for every request and answer: snake_case names, nulls left out.</summary>
public static class ApiJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
