using FastIo.Orleans.LoadTest.Measure;
using FastIo.Orleans.Replay.Http;

namespace FastIo.Orleans.LoadTest.Clients;

/// <summary>What every socket client shares: the API for tokens, one connection handler, the metrics.</summary>
public sealed class SocketContext(Uri gateway, ApiClient api, string userToken, LoadMetrics metrics, ErrorLog errors)
    : IDisposable
{
    public ApiClient Api => api;

    public string UserToken => userToken;

    public LoadMetrics Metrics => metrics;

    public ErrorLog Errors => errors;

    public HttpMessageInvoker Invoker { get; } =
        new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue }, disposeHandler: true);

    /// <summary>First connections (the upgrade, not the token), apart from reconnects, which time a recovery.
    /// </summary>
    public Operation Connect { get; } = new("ws connect");

    public Uri SocketUri(string query) => new UriBuilder(new Uri(gateway, "api/websocket/"))
    {
        Scheme = gateway.Scheme == "https" ? "wss" : "ws",
        Query = query,
    }.Uri;

    public void Dispose() => Invoker.Dispose();
}
