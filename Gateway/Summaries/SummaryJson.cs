using System.Text.Json;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>Writes <c>summary</c> as the API shows it: text with pills and the metrics, or null.</summary>
public static class SummaryJson
{
    public static void Write(Utf8JsonWriter writer, EventSummary? summary)
    {
        writer.WritePropertyName("summary");
        if (summary is null)
        {
            writer.WriteNullValue();
            return;
        }

        var metrics = summary.Metrics;
        writer.WriteStartObject();
        writer.WriteString("text", summary.Text);
        writer.WriteStartObject("metrics");
        writer.WriteNumber("total_events", metrics.TotalEvents);
        writer.WriteNumber("unique_actors", metrics.UniqueActors);
        writer.WriteStartObject("date_range");
        writer.WriteString("start", SummaryMetrics.Iso(metrics.Start));
        writer.WriteString("end", SummaryMetrics.Iso(metrics.End));
        writer.WriteEndObject();
        writer.WriteStartObject("categories");
        foreach (var (category, count) in metrics.Categories)
        {
            writer.WriteNumber(category, count);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
