using System.Text.Json;
using FastIo.Orleans.Activity;
using FastIo.Orleans.Gateway.Api;

namespace FastIo.Orleans.Gateway.Activity;

/// <summary>The activity shapes of the API: the poll's key-to-time map and the WebSocket's key list.</summary>
public static class ActivityJson
{
    /// <summary>
    /// <c>results</c>, <c>activity</c> (a map, or <c>[]</c> when empty, as the API text shows) and the cursor to
    /// pass back as <c>lastactivity</c>, always present; <c>recovered: false</c> only when history was lost.
    /// </summary>
    public static void WritePoll(
        Utf8JsonWriter writer, IReadOnlyCollection<ActivityStamp> keys, DateTime? cursor, bool recovered)
    {
        writer.WriteNumber("results", keys.Count);
        if (keys.Count == 0)
        {
            writer.WriteStartArray("activity");
            writer.WriteEndArray();
        }
        else
        {
            writer.WriteStartObject("activity");
            foreach (var stamp in keys.OrderByDescending(k => k.At).ThenBy(k => k.Key, StringComparer.Ordinal))
            {
                writer.WriteString(stamp.Key, TimeInputs.FormatActivity(stamp.At));
            }

            writer.WriteEndObject();
        }

        writer.WriteString("lastactivity", TimeInputs.FormatActivity(CursorOrEpoch(cursor)));

        if (!recovered)
        {
            writer.WriteBoolean("recovered", false);
        }
    }

    /// <summary>One WebSocket message: <c>{"response":"activity","activity":[keys],"lastactivity":...}</c>.</summary>
    public static byte[] SocketMessage(IEnumerable<string> keys, DateTime cursor, bool recovered)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("response", "activity");
            writer.WriteStartArray("activity");
            foreach (var key in keys)
            {
                writer.WriteStringValue(key);
            }

            writer.WriteEndArray();
            writer.WriteString("lastactivity", TimeInputs.FormatActivity(CursorOrEpoch(cursor)));

            if (!recovered)
            {
                writer.WriteBoolean("recovered", false);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// A profile that never changed has no commit time to give; the epoch stands in, so a client always has a
    /// cursor to pass back and, passing it, is told of the profile's first change like any other.
    /// </summary>
    private static DateTime CursorOrEpoch(DateTime? cursor) =>
        cursor is { } at && at > DateTime.UnixEpoch ? at : DateTime.UnixEpoch;
}
