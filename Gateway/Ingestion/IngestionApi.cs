using System.Text.Json;
using FastIo.Orleans.Events;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Auth;
using FastIo.Orleans.Gateway.Hosting;
using FastIo.Orleans.Ingestion;
using FastIo.Orleans.Persistence;

namespace FastIo.Orleans.Gateway.Ingestion;

/// <summary>The internal ingestion endpoint through which the rest of the platform records events.</summary>
public static class IngestionApi
{
    /// <summary>A full batch of 1000 items with large details stays well under this.</summary>
    public const long MaxBodyBytes = 32 * 1024 * 1024;

    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/internal/events/", IngestAsync)
            .RequireAuthorization(AuthenticationExtensions.ServicePolicy)
            .WithTags("Ingestion")
            .WithName("IngestEvents")
            .WithSummary("Record a batch of events")
            .WithDescription("Service tokens only. Up to 1000 events, validated whole against the event catalog; "
                + "answers once every event is durable. A repeated idempotency_key returns the first event_id. "
                + "An item's activity array sets activity keys on its profile; an item with activity and a "
                + "profile ID but no event sets them without recording an event. activity_at in the answer is "
                + "the commit time the item's keys carry.")
            .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(MaxBodyBytes));
        return app;
    }

    private static async Task<IResult> IngestAsync(HttpContext context, IGrainFactory grains, GatewayMetrics metrics)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            return Envelope.Error(ApiError.InputInvalid, "The request body is not valid JSON.",
                new ApiParam("body",
                    $"invalid JSON at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}"));
        }

        List<IngestItem>? items;
        var problems = new List<ApiParam>();
        using (document)
        {
            items = IngestRequest.Parse(document.RootElement, problems);
        }

        if (items is null)
        {
            return Invalid(problems);
        }

        AppendOutcome outcome;
        try
        {
            outcome = await grains.GetGrain<IIngestionGrain>(0).IngestAsync(new IngestBatch(items));
        }
        catch (DataStoreUnavailableException)
        {
            outcome = AppendOutcome.DataStoreFailed;
        }

        if (outcome.Status == AppendStatus.Recorded)
        {
            metrics.EventsIngested(outcome.Recorded.Count(r => r.EventId is not null));
        }

        return outcome.Status switch
        {
            AppendStatus.Invalid => Invalid(outcome.Problems.Select(p => new ApiParam(p.Name, p.Message)).ToList()),
            AppendStatus.DataStoreFailed => Envelope.Error(ApiError.DataStore,
                "The batch was not fully stored. Retry it with the same idempotency keys: what was stored is "
                + "answered, not recorded twice."),
            _ => Envelope.Ok(writer =>
            {
                writer.WriteStartArray("events");
                foreach (var recorded in outcome.Recorded)
                {
                    writer.WriteStartObject();
                    if (recorded.EventId is { } eventId)
                    {
                        writer.WriteString("event_id", eventId);
                        writer.WriteString("created", EventJson.FormatCreated(recorded.Created));
                    }

                    if (recorded.ActivityAt is { } activityAt)
                    {
                        writer.WriteString("activity_at", TimeInputs.FormatActivity(activityAt));
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }),
        };
    }

    private static IResult Invalid(List<ApiParam> problems) => Envelope.Error(ApiError.InputInvalid,
        $"The batch was refused whole: {problems.Count} problem(s), first {problems[0].Name} {problems[0].Message}",
        problems);
}
