using Vitals.Server.Api;
using Vitals.Server.Dialects.Huawei;
using Vitals.Server.Dialects.Ovh.Iplb;

namespace Vitals.Server.Input;

/// <summary>
/// Refuses a request whose decoded path or query holds NUL or another control character <see cref="StrictJson"/> also
/// refuses, before any endpoint runs: ids, markers and filters from there reach store parameters, and PostgreSQL's text
/// type refuses NUL (a 500 before this check). The 400 is in the caller's dialect: Huawei's <c>ELB.8902</c> under
/// <c>/v3/</c>, OVH's <c>Client::BadRequest</c> under <c>/1.0/</c>, native problem+json naming the parameter elsewhere.
/// Alibaba's RPC endpoint at <c>/</c> reads and validates its own parameters (after the signature) and is left alone.
/// </summary>
internal static class RequestTextCheck
{
    public static WebApplication UseRequestTextCheck(this WebApplication app)
    {
        app.Use(static async (context, next) =>
        {
            if (Refusal(context.Request) is { } refusal)
            {
                await Answer(context, refusal.Field, refusal.Message).ExecuteAsync(context);
                return;
            }

            await next(context);
        });
        return app;
    }

    private static (string Field, string Message)? Refusal(HttpRequest request)
    {
        var path = request.Path.Value ?? "";
        if (path is "" or "/")
        {
            return null;
        }

        if (Bad(path) is { } inPath)
        {
            return ("path", $"holds the control character U+{(int)inPath:X4}, which is not allowed");
        }

        foreach (var (name, values) in request.Query)
        {
            if (Bad(name) is { } inName)
            {
                return ("query", $"a parameter name holds the control character U+{(int)inName:X4}, which is not allowed");
            }

            foreach (var value in values)
            {
                if (value is not null && Bad(value) is { } inValue)
                {
                    return (name, $"holds the control character U+{(int)inValue:X4}, which is not allowed");
                }
            }
        }

        return null;
    }

    private static char? Bad(string text)
    {
        foreach (var c in text)
        {
            if (!StrictJson.IsAllowed(c))
            {
                return c;
            }
        }

        return null;
    }

    private static IResult Answer(HttpContext context, string field, string message)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/v3", StringComparison.Ordinal))
        {
            return HuaweiErrors.Invalid(context, $"Invalid input for field/attribute {field}. {message}.");
        }

        return path.StartsWithSegments("/1.0", StringComparison.Ordinal)
            ? OvhErrorResults.BadRequest($"{field} {message}")
            : ApiProblems.Validation(field, message);
    }
}
