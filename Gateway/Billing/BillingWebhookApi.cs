using System.Buffers;
using System.Text;
using FastIo.Orleans.Gateway.Api;
using FastIo.Orleans.Gateway.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Npgsql;

namespace FastIo.Orleans.Gateway.Billing;

/// <summary>
/// <c>POST /current/webhooks/billing/stripe/</c>: verifies a Stripe delivery over the exact bytes received,
/// stores it in the inbox, and only then answers 202. Processing happens later, on the silos.
/// </summary>
public static partial class BillingWebhookApi
{
    public const string Route = "/current/webhooks/billing/stripe/";
    private const string SignatureHeader = "Stripe-Signature";

    private static readonly UTF8Encoding StrictUtf8 =
        new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IEndpointRouteBuilder MapBillingWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, ReceiveAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(StripeWebhookOptions.MaxBodyBytes))
            .Accepts<StripeEventBody>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .Produces(StatusCodes.Status400BadRequest)
            .Produces(StatusCodes.Status500InternalServerError)
            .WithTags("Webhooks")
            .WithName("ReceiveStripeBillingWebhook")
            .WithSummary("Receive a Stripe billing webhook event")
            .WithDescription("Called by Stripe. Authenticated by the Stripe-Signature header (HMAC-SHA256 of the "
                + "exact body, 5-minute tolerance), not a bearer token. The event is stored durably before the "
                + "202; a repeated event ID is stored once. Processing is asynchronous.");
        return app;
    }

    private static async Task<IResult> ReceiveAsync(
        HttpContext context, StripeSignatureVerifier verifier, BillingInbox inbox, GatewayMetrics metrics,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(BillingWebhookApi).FullName!);
        var headers = context.Request.Headers[SignatureHeader];
        var header = headers.Count == 1 ? headers[0] : null;
        if (headers.Count > 1)
        {
            return Refuse(logger, $"The {SignatureHeader} header must appear once.", SignatureHeader);
        }

        if (!StripeSignatureHeader.TryParse(header, out var parsed, out var headerProblem))
        {
            return Refuse(logger, headerProblem, SignatureHeader);
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return Refuse(logger, "The request body must have the content type application/json.", "Content-Type");
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            // The rest of the body is left unread, so the connection cannot carry another request; saying so
            // keeps the client from sending its next one on a connection the server is about to close.
            context.Response.Headers.Connection = "close";
            return Refuse(logger, $"The request body is larger than {StripeWebhookOptions.MaxBodyBytes / 1024} KB.",
                "body");
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return Refuse(logger, "The request body is not valid JSON: it is not UTF-8.", "body");
        }

        switch (verifier.Verify(text, header!, parsed))
        {
            case SignatureCheck.OutsideTolerance:
                LogSignatureRefused(logger, "timestamp outside tolerance");
                return Invalid("Signature verification failed: the timestamp is more than 5 minutes from now.",
                    SignatureHeader);
            case SignatureCheck.Mismatch:
                LogSignatureRefused(logger, "no v1 signature matches");
                return Invalid("Signature verification failed: no v1 signature matches the body.", SignatureHeader);
        }

        if (!StripeEventEnvelope.TryRead(body, out var stripeEvent, out var bodyProblem))
        {
            return Refuse(logger, bodyProblem, "body");
        }

        try
        {
            var first = await inbox.StoreAsync(stripeEvent, text);
            LogStored(logger, stripeEvent.Id, stripeEvent.Type, first);
            metrics.WebhookReceived(first ? "stored" : "duplicate");
            return Envelope.Yes(StatusCodes.Status202Accepted);
        }
        catch (Exception exception)
            when (exception is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            LogStoreFailed(logger, exception, stripeEvent.Id);
            metrics.WebhookReceived("enqueue_failed");
            return Envelope.Error(ApiError.EnqueueFailed,
                "The event is valid but could not be queued for processing; Stripe will retry it.");
        }
    }

    /// <summary>The body, or null when it is over the limit; read whole, as the signature covers every byte.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = StripeWebhookOptions.MaxBodyBytes;
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream((int)Math.Min(request.ContentLength ?? 16 * 1024, limit));
        var chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }

        return buffer.ToArray();
    }

    private static IResult Refuse(ILogger logger, string text, string input)
    {
        LogRefused(logger, text);
        return Invalid(text, input);
    }

    private static IResult Invalid(string text, string input) =>
        Envelope.Error(ApiError.InputInvalid, text, new ApiParam(input, text));

    /// <summary>Describes the body for the OpenAPI document: a Stripe event, stored as received.</summary>
    public sealed record StripeEventBody(string Id, string Object, string Type, long Created);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug,
        Message = "Stripe event {StripeEventId} of type {StripeEventType} stored (first delivery: {First})")]
    private static partial void LogStored(ILogger logger, string stripeEventId, string stripeEventType, bool first);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Stripe webhook refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning,
        Message = "Stripe webhook signature refused: {Reason}")]
    private static partial void LogSignatureRefused(ILogger logger, string reason);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error,
        Message = "Stripe event {StripeEventId} could not be stored in the billing inbox; answered APP_ENQUEUE_FAILED")]
    private static partial void LogStoreFailed(ILogger logger, Exception exception, string stripeEventId);
}
