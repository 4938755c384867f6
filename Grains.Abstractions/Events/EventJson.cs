using System.Globalization;
using System.Text.Json;

namespace FastIo.Orleans.Events;

/// <summary>
/// Writes an event object as the API shows it: the fixed fields, then its details flattened in. Shared by the
/// gateway and the profile grain, which renders search pages once and keeps them with its cached answers.
/// </summary>
public static class EventJson
{
    /// <summary>Names a details field may not take, since the fixed fields already use them.</summary>
    public static readonly HashSet<string> ReservedNames = new(StringComparer.Ordinal)
    {
        "event_id", "created", "acknowledged", "event", "category", "subcategory", "object_id", "calling_user_id",
        "calling_user_name", "org_id", "workspace_id", "share_id", "user_id", "parent_event_id",
    };

    public static void Write(Utf8JsonWriter writer, EventView e)
    {
        writer.WriteStartObject();
        writer.WriteString("event_id", e.EventId);
        writer.WriteString("created", FormatCreated(e.Created));
        writer.WriteBoolean("acknowledged", e.Acknowledged);
        writer.WriteString("event", e.Name);
        writer.WriteString("category", e.Category);
        writer.WriteString("subcategory", e.Subcategory);
        WriteIfPresent(writer, "object_id", e.ObjectId);
        writer.WriteString("calling_user_id", e.CallingUserId);
        writer.WriteString("calling_user_name", e.CallingUserName);
        WriteIfPresent(writer, "org_id", e.OrgId);
        WriteIfPresent(writer, "workspace_id", e.WorkspaceId);
        WriteIfPresent(writer, "share_id", e.ShareId);
        WriteIfPresent(writer, "user_id", e.UserId);
        WriteIfPresent(writer, "parent_event_id", e.ParentEventId);
        if (e.DetailsJson is { } details)
        {
            using var document = JsonDocument.Parse(details);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (!ReservedNames.Contains(property.Name))
                {
                    property.WriteTo(writer);
                }
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes the events as one JSON array, the <c>events</c> of a search answer, in UTF-8.</summary>
    public static byte[] WriteArray(IReadOnlyList<EventView> events)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(512 + events.Count * 512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var e in events)
            {
                Write(writer, e);
            }

            writer.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An event's <c>created</c> as the API shows it: UTC, whole seconds.</summary>
    public static string FormatCreated(DateTime utc) =>
        utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
