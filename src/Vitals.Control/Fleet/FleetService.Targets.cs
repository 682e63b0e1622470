using System.Net;
using Vitals.Core.Validation;

namespace Vitals.Control.Fleet;

public sealed partial class FleetService
{
    /// <summary>
    /// The target policy on an address a tenant asks the server to connect to: refused with the rule named, on the
    /// field that carries it. Nothing is written, so a denied member is never registered with the engine.
    /// </summary>
    private void Target(FieldErrorList errors, string field, IPAddress? address)
    {
        if (address is not null && _targets.Check(address).Refusal is { } refusal)
        {
            errors.Add(field, refusal);
        }
    }

    /// <summary>
    /// The policy on a URL's host when it is an address literal; a host name is checked on what it resolves to, each time
    /// the server connects (Control/Targets/TargetGuard.cs), as an answer given now proves nothing about later.
    /// </summary>
    private void TargetUrl(FieldErrorList errors, string field, string? url)
    {
        if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return;   // the URL rule reports it
        }

        if (_targets.CheckHost(uri)?.Refusal is { } refusal)
        {
            errors.Add(field, refusal);
        }
    }
}
