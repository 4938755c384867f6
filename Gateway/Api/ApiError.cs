namespace FastIo.Orleans.Gateway.Api;

/// <summary>The product's error codes with their numeric code and HTTP status, as the contract fixes them.</summary>
public sealed record ApiError(string ErrorCode, int Code, int Status)
{
    public static readonly ApiError InputInvalid = new("APP_ERROR_INPUT_INVALID", 1605, 400);
    public static readonly ApiError NotFound = new("APP_ERROR_NOT_FOUND", 1609, 404);
    public static readonly ApiError AuthInvalid = new("APP_AUTH_INVALID", 1650, 401);
    public static readonly ApiError RequestType = new("APP_REQUEST_TYPE", 1651, 400);
    public static readonly ApiError Internal = new("APP_INTERNAL_ERROR", 1654, 500);
    public static readonly ApiError DataStore = new("APP_ERROR_DATASTORE", 1664, 500);
    public static readonly ApiError EnhanceCalm = new("APP_ENHANCE_CALM", 1671, 429);
    public static readonly ApiError Denied = new("APP_DENIED", 1680, 403);
    public static readonly ApiError QueryError = new("APP_ERROR_QUERY_ERROR", 1690, 500);
    public static readonly ApiError EnqueueFailed = new("APP_ENQUEUE_FAILED", 1691, 500);
    public static readonly ApiError ObjectInit = new("APP_ERROR_OBJECT_INIT", 1692, 500);
    public static readonly ApiError General = new("APP_ERROR_GENERAL", 1693, 500);
}

/// <summary>One input at fault, as listed in the error envelope's <c>params</c>.</summary>
public sealed record ApiParam(string Name, string Message);
