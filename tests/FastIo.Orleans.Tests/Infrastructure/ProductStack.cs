using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FastIo.Orleans.Tests.Infrastructure;

/// <summary>
/// The product as deployed, for one test class: a database of its own on the shared PostgreSQL server, a
/// silo process and a gateway process, and an HTTP client pointed at the gateway.
/// </summary>
public class ProductStack : IAsyncLifetime
{
    private readonly List<ProductProcess> _silos = [];

    public string ConnectionString { get; private set; } = string.Empty;

    public ProductProcess Gateway { get; private set; } = null!;

    public IReadOnlyList<ProductProcess> Silos => _silos;

    public HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync(GetType().Name);
        try
        {
            for (var i = 0; i < SiloCount; i++)
            {
                await StartSiloAsync();
            }

            Gateway = await ProductProcess.StartAsync("Gateway", FreePorts.Next(), GatewayEnvironment());
        }
        catch
        {
            // A stack that failed to start is never disposed by the test framework: stop what did start.
            await DisposeAsync();
            throw;
        }

        Http = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<ProductProcess> StartSiloAsync()
    {
        var env = new Dictionary<string, string>(Environment())
        {
            ["Orleans__Endpoints__SiloPort"] =
                FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__Endpoints__GatewayPort"] =
                FreePorts.Next().ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Profiles__SnapshotInterval"] = "50",
        };
        var silo = await ProductProcess.StartAsync("Silo", FreePorts.Next(), env);
        _silos.Add(silo);
        return silo;
    }

    /// <summary>
    /// Stops a silo (gracefully or with kill -9) and starts it again on the same ports, with its settings
    /// changed by <paramref name="changes"/> (a null value removes a setting).
    /// </summary>
    public async Task<ProductProcess> RestartSiloAsync(
        ProductProcess silo, bool kill, IReadOnlyDictionary<string, string?>? changes = null)
    {
        await silo.StopAsync(kill);
        var env = new Dictionary<string, string>(silo.Environment);
        foreach (var (key, value) in changes ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                env.Remove(key);
            }
            else
            {
                env[key] = value;
            }
        }

        var restarted = await ProductProcess.StartAsync("Silo", silo.HttpPort, env);
        _silos.Add(restarted);
        return restarted;
    }

    /// <summary>Most end-to-end tests search many times a second as one user; rate limits have their own
    /// tests.</summary>
    protected virtual bool RateLimited => false;

    /// <summary>Silos started with the stack.</summary>
    protected virtual int SiloCount => 1;

    /// <summary>The gateway's configuration: the common one, plus whatever a stack for special cases adds.</summary>
    protected virtual IReadOnlyDictionary<string, string> GatewayEnvironment() => Environment();

    public virtual IReadOnlyDictionary<string, string> Environment() => new Dictionary<string, string>
    {
        ["ConnectionStrings__Postgres"] = ConnectionString,
        ["Auth__SigningKey"] = Tokens.SigningKey,
        ["Stripe__WebhookSecrets"] = StripeSigning.Secrets,
        ["RateLimits__Enabled"] = RateLimited ? "true" : "false",
        ["Dashboard__Enabled"] = "true",
    };

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Gateway is not null)
        {
            await Gateway.DisposeAsync();
            Gateway = null!;
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        _silos.Clear();
    }

    /// <summary>Sends a request with a bearer token and reads the envelope back as JSON.</summary>
    public async Task<(int Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? token,
        HttpContent? content = null)
    {
        var (status, body, _) = await SendWithHeadersAsync(method, path, token, content);
        return (status, body);
    }

    public async Task<(int Status, JsonNode Body, HttpResponseHeaders Headers)> SendWithHeadersAsync(
        HttpMethod method, string path, string? token, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = string.IsNullOrEmpty(text) ? new JsonObject() : JsonNode.Parse(text)!;
        return ((int)response.StatusCode, body, response.Headers);
    }

    public Task<(int Status, JsonNode Body)> GetAsync(string path, string? token) =>
        SendAsync(HttpMethod.Get, path, token);

    /// <summary>Ingests events with a service token and fails the test unless all were recorded.</summary>
    public async Task<List<string>> IngestAsync(params object[] events)
    {
        var (status, body) = await SendAsync(HttpMethod.Post, "/internal/events/", Tokens.Service(),
            JsonContent.Create(new { events },
                options: new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
        Assert.True(status == 200, $"ingestion answered {status}: {body.ToJsonString()}");
        return body["response"]!["events"]!.AsArray().Select(e => e!["event_id"]!.GetValue<string>()).ToList();
    }

    public Task<(int Status, JsonNode Body)> IngestRawAsync(string json, string? token = null) =>
        SendAsync(HttpMethod.Post, "/internal/events/", token ?? Tokens.Service(),
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
}
