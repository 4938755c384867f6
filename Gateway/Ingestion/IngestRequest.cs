using System.Text.Json;
using FastIo.Orleans.Events;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Events;
using FastIo.Orleans.Ingestion;

namespace FastIo.Orleans.Gateway.Ingestion;

/// <summary>
/// Reads <c>{"events": [...]}</c> into items, naming every field of the wrong type, so a batch is refused
/// whole with the exact items at fault.
/// </summary>
public static class IngestRequest
{
    public const int MaxBatchSize = 1000;

    /// <summary>How far ahead of this gateway's clock an event may say it occurred.</summary>
    private static readonly TimeSpan MaxFutureSkew = TimeSpan.FromMinutes(1);

    /// <summary>Every field an item may carry; anything else is most likely a typo, so it is refused.</summary>
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "event", "calling_user_id", "calling_user_name", "org_id", "workspace_id", "share_id", "user_id",
        "object_id", "parent_event_id", "visibility", "permission", "idempotency_key", "occurred_at", "details",
        "activity",
    };

    private static readonly string[] StringFields =
    [
        "event", "calling_user_id", "calling_user_name", "org_id", "workspace_id", "share_id", "user_id",
        "object_id", "parent_event_id", "visibility", "permission", "idempotency_key",
    ];

    public static List<IngestItem>? Parse(JsonElement root, List<ApiParam> problems)
    {
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("events", out var events)
            || events.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new ApiParam("events", "the body must be a JSON object with an array \"events\""));
            return null;
        }

        var count = events.GetArrayLength();
        if (count is 0 or > MaxBatchSize)
        {
            problems.Add(new ApiParam("events", $"must hold 1 to {MaxBatchSize} events, not {count}"));
            return null;
        }

        var items = new List<IngestItem>(count);
        var index = 0;
        foreach (var element in events.EnumerateArray())
        {
            if (ParseItem(element, index, problems) is { } item)
            {
                items.Add(item);
            }

            index++;
        }

        return problems.Count == 0 ? items : null;
    }

    private static IngestItem? ParseItem(JsonElement element, int index, List<ApiParam> problems)
    {
        var prefix = $"events[{index}]";
        if (element.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ApiParam(prefix, "must be a JSON object"));
            return null;
        }

        var before = problems.Count;
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var field in StringFields)
        {
            if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }

            if (value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new ApiParam($"{prefix}.{field}", "must be a string"));
                continue;
            }

            if (!StorableText.TryGetStorable(value, out var text))
            {
                problems.Add(new ApiParam($"{prefix}.{field}", StorableText.Problem));
                continue;
            }

            values[field] = text;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (!KnownFields.Contains(property.Name))
            {
                problems.Add(new ApiParam($"{prefix}.{property.Name}", "is not a field of an ingested event"));
            }
        }

        DateTime? occurredAt = null;
        if (element.TryGetProperty("occurred_at", out var occurred) && occurred.ValueKind != JsonValueKind.Null)
        {
            if (occurred.ValueKind == JsonValueKind.String
                && StorableText.TryGetStorable(occurred, out var occurredText)
                && TimeInputs.TryParse(occurredText, out var utc, out _))
            {
                if (utc > DateTime.UtcNow + MaxFutureSkew || utc.Year < 1970)
                {
                    problems.Add(new ApiParam($"{prefix}.occurred_at",
                        "must not be in the future (beyond a minute of clock skew) nor before 1970"));
                }

                occurredAt = utc;
            }
            else
            {
                problems.Add(new ApiParam($"{prefix}.occurred_at",
                    "must be an ISO 8601 time, e.g. 2025-12-01T06:00:00Z"));
            }
        }

        var activity = ReadActivity(element, prefix, problems);

        var details = ReadDetails(element, prefix, problems);
        if (problems.Count > before)
        {
            return null;
        }

        return new IngestItem
        {
            Index = index,
            Event = Get("event"),
            CallingUserId = Get("calling_user_id"),
            CallingUserName = Get("calling_user_name"),
            OrgId = Get("org_id"),
            WorkspaceId = Get("workspace_id"),
            ShareId = Get("share_id"),
            UserId = Get("user_id"),
            ObjectId = Get("object_id"),
            ParentEventId = Get("parent_event_id"),
            Visibility = Get("visibility"),
            Permission = Get("permission"),
            IdempotencyKey = Get("idempotency_key"),
            OccurredAt = occurredAt,
            DetailsJson = details,
            Activity = activity,
        };

        string? Get(string field) => values.GetValueOrDefault(field);
    }

    /// <summary>The item's <c>activity</c> array of keys; their syntax is checked with the rest of the item.</summary>
    private static List<string>? ReadActivity(JsonElement element, string prefix, List<ApiParam> problems)
    {
        if (!element.TryGetProperty("activity", out var activity) || activity.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (activity.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new ApiParam($"{prefix}.activity", "must be an array of activity keys"));
            return null;
        }

        var keys = new List<string>(activity.GetArrayLength());
        var index = 0;
        foreach (var key in activity.EnumerateArray())
        {
            if (key.ValueKind == JsonValueKind.String && StorableText.TryGetStorable(key, out var text))
            {
                keys.Add(text!);
            }
            else
            {
                problems.Add(new ApiParam($"{prefix}.activity[{index}]", "must be a string of storable text"));
            }

            index++;
        }

        return keys;
    }

    /// <summary>The details object as raw JSON, after checking the fields profile state reads have the right
    /// types.</summary>
    private static string? ReadDetails(
        JsonElement element, string prefix, List<ApiParam> problems)
    {
        if (!element.TryGetProperty("details", out var details) || details.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (details.ValueKind != JsonValueKind.Object)
        {
            problems.Add(new ApiParam($"{prefix}.details", "must be a JSON object"));
            return null;
        }

        foreach (var property in details.EnumerateObject())
        {
            var field = $"{prefix}.details.{property.Name}";
            if (EventJson.ReservedNames.Contains(property.Name))
            {
                problems.Add(new ApiParam(field, "is a reserved event field name; put it at the top level"));
            }
            else if (property.Name is "role" or "name" && property.Value.ValueKind != JsonValueKind.String)
            {
                problems.Add(new ApiParam(field, "must be a string"));
            }
            else if (property.Name == "multiplayer"
                && property.Value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                problems.Add(new ApiParam(field, "must be true or false"));
            }
        }

        if (!StorableText.IsStorable(details))
        {
            problems.Add(new ApiParam($"{prefix}.details", StorableText.Problem));
        }

        return details.GetRawText();
    }
}
