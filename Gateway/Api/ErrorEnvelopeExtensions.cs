using FastIo.Orleans.Persistence;
using Microsoft.AspNetCore.Diagnostics;

namespace FastIo.Orleans.Gateway.Api;

/// <summary>
/// Every error leaves in the envelope: unknown routes, wrong methods, and faults nobody handled. Stack
/// traces and exception text stay in the logs.
/// </summary>
public static partial class ErrorEnvelopeExtensions
{
    public static WebApplication UseErrorEnvelope(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Faults of known kinds are logged below at the level they deserve (an oversized body is the client's
            // mistake, an unreachable store or silo is no bug); anything else keeps the middleware's own error
            // entry and telemetry.
            SuppressDiagnosticsCallback = c => IsKnownFault(c.Exception),
            ExceptionHandler = HandleAsync,
        });

        app.UseStatusCodePages(async status =>
        {
            var context = status.HttpContext;
            var (error, text, input) = context.Response.StatusCode switch
            {
                404 => (ApiError.NotFound, "No such route.", null),
                405 => (ApiError.RequestType, $"{context.Request.Method} is not accepted on this route.", null),
                413 => (ApiError.InputInvalid, "The request body is too large.", BodyTooLarge),
                415 => (ApiError.InputInvalid, "The request body has an unsupported content type.",
                    new ApiParam("Content-Type", "is not accepted on this route")),
                401 => (ApiError.AuthInvalid, "A valid bearer token is required.", null),
                403 => (ApiError.Denied, "Not allowed.", null),
                _ => (ApiError.General, "The request could not be served.", (ApiParam?)null),
            };
            await Envelope.WriteErrorAsync(context, error, text, input is null ? [] : [input]);
        });
        return app;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("FastIo.Gateway.Errors");
        if (exception is BadHttpRequestException bad)
        {
            LogBadRequest(logger, bad.Message);
            await Envelope.WriteErrorAsync(context, ApiError.InputInvalid, BadRequestText(bad),
                bad.StatusCode == 413 ? [BodyTooLarge] : []);
            return;
        }

        if (exception is DataStoreUnavailableException)
        {
            LogDataStoreFault(logger, exception.Message);
            await Envelope.WriteErrorAsync(context, ApiError.DataStore,
                "The event store is unavailable; nothing was changed. Retry shortly.");
            return;
        }

        if (IsClusterFault(exception))
        {
            LogClusterFault(logger, exception!);
            await Envelope.WriteErrorAsync(context, ApiError.General,
                "The service is briefly unavailable; retry shortly.");
            return;
        }

        await Envelope.WriteErrorAsync(context, ApiError.Internal, "An internal error occurred.");
    }

    private static readonly ApiParam BodyTooLarge = new("body", "is larger than this route accepts");

    private static bool IsKnownFault(Exception exception) =>
        exception is BadHttpRequestException or DataStoreUnavailableException || IsClusterFault(exception);

    private static bool IsClusterFault(Exception? exception) =>
        exception is TimeoutException or OrleansException or SiloUnavailableException or OperationCanceledException;

    private static string BadRequestText(BadHttpRequestException exception) => exception.StatusCode == 413
        ? "The request body is too large."
        : "The request could not be read.";


    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "The Orleans cluster did not serve a request")]
    private static partial void LogClusterFault(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning,
        Message = "The event store did not serve a request: {Reason}")]
    private static partial void LogDataStoreFault(ILogger logger, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Unreadable request: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, string reason);
}
