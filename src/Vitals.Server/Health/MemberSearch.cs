using Vitals.Core.Health;
using Vitals.Server.Api;

namespace Vitals.Server.Health;

/// <summary>
/// What <c>GET /api/v1/pools/{id}/members/health</c> narrows a pool's members to: the states asked for
/// (<c>state=Unhealthy,Initial</c>, or repeated) and a text found, ignoring case, in the name, the address, the
/// <c>address:port</c> endpoint, the id or the instance id (<c>q=</c>).
/// </summary>
internal sealed record MemberSearch(int StateMask, string? Text)
{
    /// <summary>The longest search text: a name is at most 255 characters.</summary>
    public const int MaxText = 255;

    private static readonly string[] StateNames = Enum.GetNames<HealthState>();

    private static readonly int AllStates = (1 << StateNames.Length) - 1;

    public bool IsEmpty => StateMask == AllStates && Text is null;

    /// <summary>Reads <c>state</c> and <c>q</c>; a state that is not one of the five is a field error on <c>state</c>.</summary>
    public static MemberSearch Parse(ApiQuery parameters)
    {
        var mask = 0;
        if (parameters.Strings("state") is { } values)
        {
            foreach (var value in values)
            {
                foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    // Names only: Enum.TryParse would also take "1" or "healthy,unused" as a state.
                    var state = Array.FindIndex(StateNames, name => string.Equals(name, part, StringComparison.OrdinalIgnoreCase));
                    if (state < 0)
                    {
                        parameters.Errors.Add("state", $"must be one or more of {string.Join(", ", StateNames)} (got '{part}')");
                        continue;
                    }

                    mask |= 1 << state;
                }
            }
        }

        var text = parameters.String("q")?.Trim();
        if (text is { Length: > MaxText })
        {
            parameters.Errors.Add("q", $"must be at most {MaxText} characters");
        }

        return new MemberSearch(mask == 0 ? AllStates : mask, string.IsNullOrEmpty(text) ? null : text);
    }

    public bool Matches(CatalogMember entry, HealthState state)
    {
        if ((StateMask & (1 << (int)state)) == 0)
        {
            return false;
        }

        if (Text is not { } text)
        {
            return true;
        }

        var member = entry.Member;
        return member.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
            || member.Address.Contains(text, StringComparison.OrdinalIgnoreCase)
            || member.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (member.InstanceId?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
            // "10.0.0.5:80" and "[::1]:80", only built when the text could be one.
            || (text.Contains(':', StringComparison.Ordinal) && Endpoint(member.Address, member.ProtocolPort).Contains(text, StringComparison.OrdinalIgnoreCase));
    }

    private static string Endpoint(string address, int port) =>
        address.Contains(':', StringComparison.Ordinal) ? $"[{address}]:{port}" : $"{address}:{port}";
}
