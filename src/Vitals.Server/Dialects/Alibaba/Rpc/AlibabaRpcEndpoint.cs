using System.Text.Json;
using System.Globalization;
using Vitals.Server.Auth;
using Vitals.Server.Dialects.Alibaba.Signing;
using Vitals.Server.Failures;
using Vitals.Storage;

namespace Vitals.Server.Dialects.Alibaba.Rpc;

/// <summary>
/// The Alibaba RPC endpoint at <c>/</c>: reads the request, picks the operation from <c>Action</c> + <c>Version</c>,
/// verifies the signature (either scheme), runs the operation for the AccessKey's project and answers JSON, errors in
/// Alibaba's own shape. Every answer carries <c>x-acs-request-id</c>.
/// </summary>
internal sealed partial class AlibabaRpcEndpoint
{
    private const string JsonContentType = "application/json;charset=utf-8";

    private readonly AlibabaRequestAuthenticator _authenticator;
    private readonly FailedAuthLimiter _limiter;
    private readonly Dictionary<string, Dictionary<string, IAlibabaOperation>> _byVersion = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger<AlibabaRpcEndpoint> _logger;

    public AlibabaRpcEndpoint(AlibabaRequestAuthenticator authenticator, IEnumerable<IAlibabaOperation> operations, TimeProvider time,
        ILogger<AlibabaRpcEndpoint> logger, FailedAuthLimiter limiter)
    {
        ArgumentNullException.ThrowIfNull(operations);
        _authenticator = authenticator;
        _limiter = limiter;
        _time = time;
        _logger = logger;
        foreach (var operation in operations)
        {
            if (!_byVersion.TryGetValue(operation.Version, out var actions))
            {
                actions = new Dictionary<string, IAlibabaOperation>(StringComparer.Ordinal);
                _byVersion[operation.Version] = actions;
            }

            actions.Add(operation.Action, operation);
        }
    }

    /// <summary>
    /// <c>POST /</c> is always RPC; <c>GET /</c> only when it names an action, so the same path can serve the web
    /// console to browsers.
    /// </summary>
    public static bool Matches(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Path.Value, "/", StringComparison.Ordinal) && request.Path.HasValue)
        {
            return false;
        }

        return HttpMethods.IsPost(request.Method)
            || (HttpMethods.IsGet(request.Method) && (request.Query.ContainsKey("Action") || request.Headers.ContainsKey("x-acs-action")));
    }

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var requestId = Guid.NewGuid().ToString("D").ToUpperInvariant();
        var host = context.Request.Host.Value ?? "";
        var cancellationToken = context.RequestAborted;
        AlibabaOutcome outcome;
        try
        {
            outcome = await RunAsync(context, requestId, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (StorageUnavailableException ex)
        {
            // The store logged the database's own error; retryable, like Alibaba's own ServiceUnavailable.
            Log.StorageUnavailable(_logger, requestId, ex.Cause);
            context.Response.Headers.RetryAfter = ex.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            outcome = new AlibabaError(AlibabaErrorCodes.ServiceUnavailable, AlibabaErrorCodes.ServiceUnavailableMessage(StorageFailureAnswer.Sentence(ex)));
        }
#pragma warning disable CA1031 // any bug inside an operation is answered InternalError in Alibaba's shape, and logged
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.OperationFailed(_logger, requestId, ex);
            outcome = new AlibabaError(AlibabaErrorCodes.InternalError, "The request processing has failed due to some unknown error.");
        }

        var response = context.Response;
        response.Headers["x-acs-request-id"] = requestId;
        response.ContentType = JsonContentType;
        if (outcome.Error is { } error)
        {
            response.StatusCode = error.StatusCode;
            if (error.Code == AlibabaErrorCodes.Throttling)
            {
                response.Headers.RetryAfter = _limiter.RetryAfterSeconds;
            }

            var body = new AlibabaErrorBody(requestId, host, error.Code, error.Message,
                "https://api.aliyun.com/troubleshoot?q=" + Uri.EscapeDataString(error.Code));
            await JsonSerializer.SerializeAsync(response.Body, body, AlibabaJsonContext.Default.AlibabaErrorBody, cancellationToken);
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        await response.Body.WriteAsync(outcome.Json, cancellationToken);
    }

    private async ValueTask<AlibabaOutcome> RunAsync(HttpContext context, string requestId, CancellationToken cancellationToken)
    {
        // A source over its failed authentications is refused before its request is even read.
        if (_limiter.IsThrottled(context, AuthSurface.Alibaba))
        {
            return new AlibabaError(AlibabaErrorCodes.Throttling, "Request was denied due to too many failed authentications from your address.");
        }

        var httpRequest = context.Request;
        var request = await AlibabaRequestReader.ReadAsync(httpRequest, AlibabaRequestReader.DefaultMaxBodyBytes, cancellationToken);
        if (request is null)
        {
            return new AlibabaError(AlibabaErrorCodes.InvalidParameter,
                $"The request body is larger than {AlibabaRequestReader.DefaultMaxBodyBytes} bytes.");
        }

        if (Select(request) is not { } selected)
        {
            return Unselected(request);
        }

        var auth = await _authenticator.AuthenticateAsync(request, cancellationToken);
        if (!auth.Succeeded)
        {
            Log.Rejected(_logger, requestId, auth.Code!, auth.AccessKeyId ?? "");
            if (AlibabaErrorCodes.IsCredentialFailure(auth.Code!))
            {
                _limiter.Failed(context, AuthSurface.Alibaba);
            }

            return new AlibabaError(auth.Code!, auth.Message);
        }

        var call = new AlibabaCall(request, auth.ProjectId!, requestId, _time.GetUtcNow());
        return await selected.RunAsync(call, cancellationToken);
    }

    private IAlibabaOperation? Select(AlibabaRequest request)
    {
        if (SelectorOf(request, "x-acs-action", "Action") is not { } action || SelectorOf(request, "x-acs-version", "Version") is not { } version)
        {
            return null;
        }

        return _byVersion.TryGetValue(version, out var actions) && actions.TryGetValue(action, out var operation) ? operation : null;
    }

    /// <summary>Why no operation was selected: missing, conflicting or unknown action or version.</summary>
    private AlibabaError Unselected(AlibabaRequest request)
    {
        var header = request.Header("x-acs-action");
        var parameter = request.Parameter("Action");
        if (header is null && string.IsNullOrEmpty(parameter))
        {
            return AlibabaError.Missing("Action");
        }

        if (SelectorOf(request, "x-acs-action", "Action") is null)
        {
            return AlibabaError.Invalid("Action", "the x-acs-action header and the Action parameter differ.");
        }

        if (request.Header("x-acs-version") is null && string.IsNullOrEmpty(request.Parameter("Version")))
        {
            return AlibabaError.Missing("Version");
        }

        if (SelectorOf(request, "x-acs-version", "Version") is not { } version)
        {
            return AlibabaError.Invalid("Version", "the x-acs-version header and the Version parameter differ.");
        }

        if (!_byVersion.ContainsKey(version))
        {
            return new AlibabaError(AlibabaErrorCodes.InvalidVersion,
                $"Specified parameter Version \"{AlibabaParameters.Shorten(version)}\" is not valid.");
        }

        return new AlibabaError(AlibabaErrorCodes.InvalidActionNotFound, "Specified api is not found, please check your url and method.");
    }

    // With signature v1 only the parameter is signed, so a header that disagrees with it must not pick the operation.
    private static string? SelectorOf(AlibabaRequest request, string headerName, string parameterName)
    {
        var header = request.Header(headerName);
        var parameter = request.Parameter(parameterName);
        if (header is not null && !string.IsNullOrEmpty(parameter) && !string.Equals(header, parameter, StringComparison.Ordinal))
        {
            return null;
        }

        return string.IsNullOrEmpty(parameter) ? header : parameter;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4300, EventName = "AlibabaRequestRejected", Level = LogLevel.Debug,
            Message = "Alibaba RPC request {RequestId} rejected: {Code} (AccessKeyId '{AccessKeyId}')")]
        public static partial void Rejected(ILogger logger, string requestId, string code, string accessKeyId);

        [LoggerMessage(EventId = 4301, EventName = "AlibabaOperationFailed", Level = LogLevel.Error,
            Message = "Alibaba RPC request {RequestId} failed")]
        public static partial void OperationFailed(ILogger logger, string requestId, Exception exception);

        [LoggerMessage(EventId = 4302, EventName = "AlibabaStorageUnavailable", Level = LogLevel.Warning,
            Message = "Alibaba RPC request {RequestId} answered ServiceUnavailable: storage unavailable ({Cause})")]
        public static partial void StorageUnavailable(ILogger logger, string requestId, string cause);
    }
}
