using System.Diagnostics.CodeAnalysis;

namespace Vitals.Core.Monitoring;

/// <summary>The HTTP methods a health check may use.</summary>
public enum HttpCheckMethod
{
    Get,
    Head,
    Post,
}

/// <summary>Wire names of <see cref="HttpCheckMethod"/>.</summary>
public static class HttpCheckMethods
{
    public static string ToWire(this HttpCheckMethod method) => method switch
    {
        HttpCheckMethod.Get => "GET",
        HttpCheckMethod.Head => "HEAD",
        HttpCheckMethod.Post => "POST",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    public static bool TryParse(string? text, [NotNullWhen(true)] out HttpCheckMethod? method)
    {
        method = text?.Trim().ToUpperInvariant() switch
        {
            "GET" => HttpCheckMethod.Get,
            "HEAD" => HttpCheckMethod.Head,
            "POST" => HttpCheckMethod.Post,
            _ => null,
        };
        return method is not null;
    }
}
