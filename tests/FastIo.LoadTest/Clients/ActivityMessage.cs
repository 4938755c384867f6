using System.Text.Json;

namespace FastIo.Orleans.LoadTest.Clients;

/// <summary>
/// The keys, cursor and <c>recovered</c> flag of a WebSocket message (<c>activity</c> is a list of keys) or of
/// a poll answer's <c>response</c> (<c>activity</c> is an object of key to time, or an empty list).
/// </summary>
public sealed record ActivityMessage(IReadOnlyList<string> Keys, string? LastActivity, bool RecoveredFalse)
{
    public static ActivityMessage From(JsonElement message)
    {
        var keys = new List<string>();
        if (message.TryGetProperty("activity", out var activity))
        {
            if (activity.ValueKind == JsonValueKind.Object)
            {
                keys.AddRange(activity.EnumerateObject().Select(p => p.Name));
            }
            else if (activity.ValueKind == JsonValueKind.Array)
            {
                keys.AddRange(activity.EnumerateArray()
                    .Where(k => k.ValueKind == JsonValueKind.String).Select(k => k.GetString()!));
            }
        }

        var cursor = message.TryGetProperty("lastactivity", out var last) && last.ValueKind == JsonValueKind.String
            ? last.GetString()
            : null;
        var recoveredFalse = message.TryGetProperty("recovered", out var recovered)
            && recovered.ValueKind == JsonValueKind.False;
        return new ActivityMessage(keys, cursor, recoveredFalse);
    }
}
