using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Server.Api;

namespace Vitals.Server.Health;

/// <summary>
/// Reads what <c>GET /api/v1/pools/{id}/members/health</c> narrows a pool's members to: the states asked for
/// (<c>state=Unhealthy,Initial</c>, or repeated) and a text (<c>q=</c>); see <see cref="MemberSearch"/>.
/// </summary>
internal static class MemberSearchQuery
{
    private static readonly string[] StateNames = Enum.GetNames<HealthState>();

    /// <summary>Reads <c>state</c> and <c>q</c>; a state that is not one of the five is a field error on <c>state</c>.</summary>
    public static MemberSearch Parse(ApiQuery parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
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
        if (text is { Length: > MemberSearch.MaxText })
        {
            parameters.Errors.Add("q", $"must be at most {MemberSearch.MaxText} characters");
        }

        return new MemberSearch(mask == 0 ? MemberSearch.AllStates : mask, string.IsNullOrEmpty(text) ? null : text);
    }
}
