using System.Text.Json;
using FastIo.Orleans.Events;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// A matched event with its details read once: the scalar fields only (text, numbers, booleans), as
/// text. Nested values are left out; nothing a summary says needs them.
/// </summary>
public sealed record SummaryEvent(EventView View, IReadOnlyDictionary<string, string> Details)
{
    public static IReadOnlyList<SummaryEvent> From(IReadOnlyList<EventView> events) =>
        events.Select(e => new SummaryEvent(e, ReadDetails(e.DetailsJson))).ToList();

    public string? Detail(string name) => Details.TryGetValue(name, out var value) ? value : null;

    private static IReadOnlyDictionary<string, string> ReadDetails(string? json)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json is null)
        {
            return fields;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return fields;
            }

            foreach (var property in document.RootElement.EnumerateObject())
            {
                var value = property.Value;
                string? text = value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.True => "true",
                    JsonValueKind.False => "false",
                    _ => null,
                };
                if (text is not null)
                {
                    fields.TryAdd(property.Name, text);
                }
            }
        }
        catch (JsonException)
        {
            // Details are checked at ingestion; an unreadable one only means this event has no names to offer.
        }

        return fields;
    }

    /// <summary>Whole seconds, as <c>created</c> is shown everywhere else.</summary>
    public DateTime CreatedSeconds =>
        new(View.Created.Ticks - (View.Created.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);

    public string CreatedIso => SummaryMetrics.Iso(CreatedSeconds);
}
