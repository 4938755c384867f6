using System.Text.Json;

namespace FastIo.Orleans.Replay.Http;

/// <summary>Runs <c>GET /current/events/search/</c> as a signed-in user.</summary>
public sealed class SearchClient(ApiClient api)
{
    public const string Path = "current/events/search/";
    public const int MaxLimit = 250;

    public async Task<IReadOnlyList<JsonElement>> SearchAsync(string userToken,
        IReadOnlyDictionary<string, string> query, CancellationToken cancellationToken)
    {
        var path = Path + "?" + string.Join('&',
            query.Select(pair => $"{Uri.EscapeDataString(pair.Key)}={Uri.EscapeDataString(pair.Value)}"));
        var answer = await api.SendAsync<SearchResponse>(
            () => ApiClient.Authorized(HttpMethod.Get, path, userToken), cancellationToken);
        return answer.Events ?? [];
    }

    /// <summary>Counts every match by paging with the largest limit until a short page.</summary>
    public async Task<int> CountAsync(string userToken, IReadOnlyDictionary<string, string> query,
        CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var page = new Dictionary<string, string>(query)
            {
                ["limit"] = $"{MaxLimit}",
                ["offset"] = $"{total}",
            };
            var events = await SearchAsync(userToken, page, cancellationToken);
            total += events.Count;
            if (events.Count < MaxLimit)
            {
                return total;
            }
        }
    }
}
