using FastIo.Orleans.Tests.Infrastructure;

namespace FastIo.Orleans.Tests.Gateway;

[Collection(ProductCollection.Name)]
public sealed class RoutingTests(ProductStack stack)
{
    [Fact]
    public async Task UnknownRoute_IsNotFoundInEnvelope()
    {
        var (status, body) = await stack.GetAsync("/current/no/such/route/", Tokens.User(Ids.Next()));

        Assert.Equal(404, status);
        Assert.Equal("no", body["result"]!.GetValue<string>());
        Assert.Equal("APP_ERROR_NOT_FOUND", body["error"]!["error_code"]!.GetValue<string>());
        Assert.Equal("1.0", body["current_api_version"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("POST", "/current/events/search/")]
    [InlineData("DELETE", "/current/event/e1/details/")]
    [InlineData("PUT", "/current/event/e1/ack/")]
    [InlineData("POST", "/current/event/e1/details/")]
    [InlineData("POST", "/current/event/details/")]
    [InlineData("DELETE", "/current/event/ack/")]
    [InlineData("GET", "/internal/events/")]
    public async Task WrongMethod_IsRequestTypeError(string method, string path)
    {
        var (status, body) = await stack.SendAsync(new HttpMethod(method), path, Tokens.User(Ids.Next()));

        Assert.Equal(400, status);
        Assert.Equal("APP_REQUEST_TYPE", body["error"]!["error_code"]!.GetValue<string>());
        Assert.Equal($"{method} {path}", body["error"]!["resource"]!.GetValue<string>());
    }

    [Fact]
    public async Task BodyOverTheRouteLimit_IsInputInvalidNamingTheBody()
    {
        // The declared length alone is over the ingestion route's limit: the gateway answers before the body is
        // sent, which the client waits for (Expect: 100-continue).
        var length = FastIo.Orleans.Gateway.Ingestion.IngestionApi.MaxBodyBytes + 1;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/internal/events/")
        {
            Content = new StreamContent(new MemoryStream(new byte[length])),
        };
        request.Content.Headers.ContentType = new("application/json");
        request.Headers.ExpectContinue = true;
        request.Headers.Authorization = new("Bearer", Tokens.Service());

        using var response = await stack.Http.SendAsync(request);
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Equal("APP_ERROR_INPUT_INVALID", body["error"]!["error_code"]!.GetValue<string>());
        Assert.Equal("body", body["error"]!["params"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task OpenApiDocument_NamesEveryRoute()
    {
        var (status, body) = await stack.GetAsync("/openapi/v1.json", null);

        Assert.Equal(200, status);
        var paths = body["paths"]!.AsObject().Select(p => p.Key).ToList();
        Assert.Contains("/current/events/search", paths);
        Assert.Contains("/current/event/{event_id}/details", paths);
        Assert.Contains("/internal/events", paths);
        foreach (var (_, path) in body["paths"]!.AsObject())
        {
            foreach (var (_, operation) in path!.AsObject())
            {
                Assert.NotNull(operation!["operationId"]);
                Assert.NotNull(operation["tags"]);
                Assert.NotNull(operation["summary"]);
            }
        }
    }
}
