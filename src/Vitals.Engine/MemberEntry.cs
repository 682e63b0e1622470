using System.Net;
using Vitals.Core.Health;

namespace Vitals.Engine;

/// <summary>A registered member: its registration, its tracker and the check it is subscribed to.</summary>
internal sealed class MemberEntry(MemberRegistration registration, CheckKey key, MemberTracker tracker)
{
    /// <summary>
    /// Guards <see cref="Tracker"/>, <see cref="Target"/> and the registration fields below; the object's own monitor
    /// (no lock object per member).
    /// </summary>
    public object Gate => this;

    public string MemberId => Registration.MemberId;

    public MemberRegistration Registration { get; set; } = registration;

    public CheckKey Key { get; set; } = key;

    /// <summary>The endpoint checked, as shown in snapshots and logs; formatted on demand, not stored per member.</summary>
    public string TargetText => Format(Key.EndPoint);

    public MemberTracker Tracker { get; } = tracker;

    /// <summary>The check feeding this member; null while checking is switched off or after removal.</summary>
    public CheckTarget? Target { get; set; }

    public static bool ChecksEnabled(MemberRegistration registration)
        => registration.AdminStateUp && registration.Spec.AdminStateUp;

    public static string Format(IPEndPoint endPoint) => endPoint.ToString();
}
