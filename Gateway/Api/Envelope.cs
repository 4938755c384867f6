using System.Text.Json;

namespace FastIo.Orleans.Gateway.Api;

/// <summary>
/// Writes the product's envelope: <c>{"result":"yes","response":{...}}</c> on success and
/// <c>{"result":"no","error":{...}}</c> on failure, both with <c>current_api_version</c>.
/// </summary>
public static class Envelope
{
    public const string ApiVersion = "1.0";

    public static IResult Ok(Action<Utf8JsonWriter> writeResponse) => new EnvelopeResult(200, writer =>
    {
        writer.WriteString("result", "yes");
        writer.WritePropertyName("response");
        writer.WriteStartObject();
        writeResponse(writer);
        writer.WriteEndObject();
    });

    /// <summary>Success with no response body (an accepted webhook delivery).</summary>
    public static IResult Yes(int status = 200) =>
        new EnvelopeResult(status, writer => writer.WriteString("result", "yes"));

    /// <summary>An acknowledgement's answer: exactly <c>{"result":"yes"}</c>, as the API text and CONTRACT.md give
    /// it, without the version the other answers carry.</summary>
    public static IResult Acknowledged() =>
        new EnvelopeResult(200, (writer, _) => writer.WriteString("result", "yes"), versioned: false);

    public static IResult Error(ApiError error, string text, params ApiParam[] parameters) =>
        new EnvelopeResult(error.Status, (writer, context) => WriteError(writer, context, error, text, parameters));

    public static IResult Error(ApiError error, string text, IEnumerable<ApiParam> parameters) =>
        Error(error, text, parameters.ToArray());

    /// <summary>Writes an error straight to a response, for middleware and authentication handlers.</summary>
    public static Task WriteErrorAsync(HttpContext context, ApiError error, string text,
        params ApiParam[] parameters) =>
        Error(error, text, parameters).ExecuteAsync(context);

    private static void WriteError(
        Utf8JsonWriter writer, HttpContext context, ApiError error, string text, ApiParam[] parameters)
    {
        writer.WriteString("result", "no");
        writer.WritePropertyName("error");
        writer.WriteStartObject();
        writer.WriteNumber("code", error.Code);
        writer.WriteString("error_code", error.ErrorCode);
        writer.WriteString("text", text);
        writer.WriteString("resource", $"{context.Request.Method} {context.Request.Path}");
        if (parameters.Length > 0)
        {
            writer.WritePropertyName("params");
            writer.WriteStartArray();
            foreach (var parameter in parameters)
            {
                writer.WriteStartObject();
                writer.WriteString("name", parameter.Name);
                writer.WriteString("message", parameter.Message);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private sealed class EnvelopeResult(
        int status, Action<Utf8JsonWriter, HttpContext> write, bool versioned = true) : IResult, IStatusCodeHttpResult
    {
        public EnvelopeResult(int status, Action<Utf8JsonWriter> write)
            : this(status, (writer, _) => write(writer))
        {
        }

        public int? StatusCode => status;

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = status;
            response.ContentType = "application/json; charset=utf-8";
            await using var writer = new Utf8JsonWriter(response.BodyWriter);
            writer.WriteStartObject();
            write(writer, httpContext);
            if (versioned)
            {
                writer.WriteString("current_api_version", ApiVersion);
            }

            writer.WriteEndObject();
            await writer.FlushAsync(httpContext.RequestAborted);
        }
    }
}
