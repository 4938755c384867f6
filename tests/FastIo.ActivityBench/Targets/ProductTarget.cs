using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace FastIo.Orleans.ActivityBench.Targets;

/// <summary>
/// The product: workspaces created through ingestion, WebSocket tokens from the auth endpoint, keys published
/// as recorded file events, polls with their cursor.
/// </summary>
public sealed class ProductTarget(HttpClient http, Uri gateway, int pid, Tokens tokens) : IBenchTarget
{
    private readonly string _run = Random.Shared.Next(100_000, 999_999).ToString(CultureInfo.InvariantCulture);
    private readonly Dictionary<int, string> _socketTokens = [];
    private string _owner = string.Empty;

    public string Name => "product";

    public int Pid => pid;

    public string Workspace(int profile) => "3" + _run + profile.ToString("D13", CultureInfo.InvariantCulture);

    public async Task PrepareAsync(int profiles, CancellationToken cancellation)
    {
        _owner = "4" + _run + "0000000000001";
        await IngestAsync([Item("user_created", user_id: _owner)], cancellation);
        foreach (var chunk in Enumerable.Range(0, profiles).Chunk(1000))
        {
            await IngestAsync([.. chunk.Select(p => Item("workspace_created", workspace_id: Workspace(p)))], cancellation);
        }

        var userToken = tokens.User(_owner);
        await Parallel.ForEachAsync(Enumerable.Range(0, profiles), new ParallelOptions
        {
            MaxDegreeOfParallelism = 16, CancellationToken = cancellation,
        }, async (profile, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, $"current/websocket/auth/{Workspace(profile)}"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", userToken);
            using var answer = await http.SendAsync(request, ct);
            var body = JsonNode.Parse(await answer.Content.ReadAsStringAsync(ct))!;
            var token = body["response"]!["auth_token"]!.GetValue<string>();
            lock (_socketTokens)
            {
                _socketTokens[profile] = token;
            }
        });
    }

    public Uri SocketUri(int profile) => new UriBuilder(gateway)
    {
        Scheme = "ws", Path = "/api/websocket/", Query = "token=" + _socketTokens[profile],
    }.Uri;

    public HttpRequestMessage PollRequest(int profile, string? cursor)
    {
        var query = "wait=95&updated" + (cursor is null ? string.Empty : "&lastactivity=" + Uri.EscapeDataString(cursor));
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(gateway, $"current/activity/poll/{Workspace(profile)}/?{query}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.User(_owner));
        return request;
    }

    public Task PublishAsync(int profile, string key, CancellationToken cancellation) => IngestAsync(
        [Item("workspace_storage_file_added", workspace_id: Workspace(profile), object_id: key["storage:".Length..])],
        cancellation);

    private async Task IngestAsync(object[] items, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(gateway, "internal/events/"))
        {
            Content = JsonContent.Create(new { events = items }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Service);
        using var answer = await http.SendAsync(request, cancellation);
        if (!answer.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"ingestion answered {(int)answer.StatusCode}: {await answer.Content.ReadAsStringAsync(cancellation)}");
        }
    }

    private Dictionary<string, string> Item(string name, string? user_id = null, string? workspace_id = null, string? object_id = null)
    {
        var item = new Dictionary<string, string>
        {
            ["event"] = name, ["calling_user_id"] = _owner, ["calling_user_name"] = "Bench",
        };
        if (user_id is not null)
        {
            item["user_id"] = user_id;
        }

        if (workspace_id is not null)
        {
            item["workspace_id"] = workspace_id;
        }

        if (object_id is not null)
        {
            item["object_id"] = object_id;
        }

        return item;
    }
}
