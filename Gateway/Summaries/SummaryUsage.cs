using System.Security.Claims;
using System.Text.Json;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Ingestion;

namespace FastIo.Orleans.Gateway.Summaries;

/// <summary>
/// Records <c>events_summary_generated</c> in the paying org's log, by the caller, with the tokens used,
/// so AI usage can be billed and audited from the log like everything else.
/// </summary>
public static class SummaryUsage
{
    public const string EventName = "events_summary_generated";

    /// <summary>The ingestion rules' limit for <c>calling_user_name</c>.</summary>
    private const int MaxNameLength = 200;

    public static IngestItem Item(
        string orgId, ClaimsPrincipal caller, string profileId, SummaryInput input, GeneratedSummary generated)
    {
        var userId = caller.UserId();
        var name = caller.FindFirst(TokenKinds.NameClaim)?.Value;
        return new IngestItem
        {
            Event = EventName,
            CallingUserId = userId,
            CallingUserName = string.IsNullOrWhiteSpace(name) ? userId : name[..Math.Min(name.Length, MaxNameLength)],
            OrgId = orgId,
            DetailsJson = Details(profileId, input, generated),
        };
    }

    public static string Details(string profileId, SummaryInput input, GeneratedSummary generated)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("profile_id", profileId);
            writer.WriteNumber("events_summarized", input.Metrics.TotalEvents);
            writer.WriteString("generator", generated.Generator);
            WriteIfPresent(writer, "model", generated.Model);
            WriteCount(writer, "input_tokens", generated.InputTokens);
            WriteCount(writer, "output_tokens", generated.OutputTokens);
            WriteCount(writer, "total_tokens",
                generated.TotalTokens ?? (generated.InputTokens + generated.OutputTokens));
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteIfPresent(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    /// <summary>A count the provider did not report is written as null, not as zero.</summary>
    private static void WriteCount(Utf8JsonWriter writer, string name, long? value)
    {
        if (value is { } count)
        {
            writer.WriteNumber(name, count);
        }
        else
        {
            writer.WriteNull(name);
        }
    }
}
