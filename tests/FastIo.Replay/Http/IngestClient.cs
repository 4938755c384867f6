using System.Net.Http.Headers;
using System.Text.Json;
using FastIo.Orleans.Replay.Mapping;

namespace FastIo.Orleans.Replay.Http;

/// <summary>Posts batches of product events to the internal ingestion API with a service token.</summary>
public sealed class IngestClient(ApiClient api, string serviceToken)
{
    // Relative to the gateway's base address, so a gateway behind a path prefix works too.
    public const string Path = "internal/events/";
    public const int MaxBatch = 1000;

    public async Task<IReadOnlyList<IngestedEvent>> SendAsync(IReadOnlyList<ProductEvent> events,
        CancellationToken cancellationToken)
    {
        // Serialised once: every retry sends the very same bytes, idempotency keys included.
        var body = JsonSerializer.SerializeToUtf8Bytes(new IngestRequest(events), ApiJson.Options);
        var answer = await api.SendAsync<IngestResponse>(
            () => ApiClient.Authorized(HttpMethod.Post, Path, serviceToken, Json(body)),
            cancellationToken);

        // One answer per item, in order, is the contract; anything else means items may have been lost.
        if (answer.Events is null || answer.Events.Count != events.Count)
        {
            throw new ApiException($"POST /{Path}", 200, null,
                $"sent {events.Count} events but the answer lists {answer.Events?.Count ?? 0}");
        }

        return answer.Events;
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
