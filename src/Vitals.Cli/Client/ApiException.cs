using System.Net;
using System.Text;

namespace Vitals.Cli.Client;

/// <summary>The server answered an error (RFC 9457 problem details); <see cref="Errors"/> holds its field messages.</summary>
internal sealed class ApiException : Exception
{
    public ApiException(HttpStatusCode status, string title, string? detail, IReadOnlyList<KeyValuePair<string, string>> errors)
        : base(Format(status, title, detail, errors))
    {
        Status = status;
        Title = title;
        Detail = detail;
        Errors = errors;
    }

    public HttpStatusCode Status { get; }

    public string Title { get; }

    public string? Detail { get; }

    /// <summary>Field and message pairs, in the order the server listed them.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Errors { get; }

    private static string Format(HttpStatusCode status, string title, string? detail, IReadOnlyList<KeyValuePair<string, string>> errors)
    {
        var sb = new StringBuilder();
        sb.Append((int)status).Append(' ').Append(title);
        if (errors.Count > 0)
        {
            foreach (var (field, message) in errors)
            {
                sb.Append("\n  ").Append(field).Append(": ").Append(message);
            }
        }
        else if (!string.IsNullOrEmpty(detail))
        {
            sb.Append(": ").Append(detail);
        }

        return sb.ToString();
    }
}
