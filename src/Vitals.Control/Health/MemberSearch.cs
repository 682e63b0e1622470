using Vitals.Core.Health;
using Vitals.Core.Resources;

namespace Vitals.Control.Health;

/// <summary>
/// What a pool's members are narrowed to: the states asked for (a bit per <see cref="HealthState"/>) and a text found,
/// ignoring case, in the name, the address, the <c>address:port</c> endpoint, the id or the instance id.
/// </summary>
internal sealed record MemberSearch(int StateMask, string? Text)
{
    /// <summary>The longest search text: a name is at most 255 characters.</summary>
    public const int MaxText = 255;

    public static readonly int AllStates = (1 << Enum.GetValues<HealthState>().Length) - 1;

    public bool IsEmpty => StateMask == AllStates && Text is null;

    public bool Matches(Member member, HealthState state)
    {
        ArgumentNullException.ThrowIfNull(member);
        if ((StateMask & (1 << (int)state)) == 0)
        {
            return false;
        }

        if (Text is not { } text)
        {
            return true;
        }

        return member.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
            || member.Address.Contains(text, StringComparison.OrdinalIgnoreCase)
            || member.Id.Contains(text, StringComparison.OrdinalIgnoreCase)
            || (member.InstanceId?.Contains(text, StringComparison.OrdinalIgnoreCase) ?? false)
            // "10.0.0.5:80" and "[::1]:80", only built when the text could be one.
            || (text.Contains(':', StringComparison.Ordinal)
                && MemberLiveHealth.Endpoint(member.Address, member.ProtocolPort).Contains(text, StringComparison.OrdinalIgnoreCase));
    }
}
