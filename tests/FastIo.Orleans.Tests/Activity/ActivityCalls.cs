using System.Text.Json.Nodes;
using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Activity;

/// <summary>Polls and ingestion calls the activity tests share.</summary>
public static class ActivityCalls
{
    public static async Task<(int Status, JsonNode Response)> PollAsync(
        this ProductStack stack, string user, string? profileId = null, string query = "")
    {
        var path = profileId is null ? "/current/activity/poll/" : $"/current/activity/poll/{profileId}/";
        var (status, body) = await stack.GetAsync(path + (query.Length > 0 ? "?" + query : string.Empty),
            Tokens.User(user));
        return (status, status == 200 ? body["response"]! : body);
    }

    /// <summary>The keys of a poll answer with their timestamps (empty for the <c>[]</c> answer).</summary>
    public static Dictionary<string, string> Keys(JsonNode response) =>
        response["activity"] is JsonObject map
            ? map.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>())
            : [];

    /// <summary>Ingests and returns each item's <c>activity_at</c>, the commit time its keys carry.</summary>
    public static async Task<List<string?>> IngestWithTimesAsync(this ProductStack stack, params object[] items)
    {
        var (status, body) = await stack.SendAsync(HttpMethod.Post, "/internal/events/", Tokens.Service(),
            System.Net.Http.Json.JsonContent.Create(new { events = items }));
        Assert.True(status == 200, $"ingestion answered {status}: {body.ToJsonString()}");
        return body["response"]!["events"]!.AsArray().Select(e => e!["activity_at"]?.GetValue<string>()).ToList();
    }

    public static string Escape(string value) => Uri.EscapeDataString(value);
}
