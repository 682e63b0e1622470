using Vitals.Core.Health;
using Vitals.Core.Monitoring;
using Vitals.Core.Probing;

namespace Vitals.Engine;

// The catalog: members, the shared checks they subscribe to, and live reconfiguration.
// Lock order: _catalogLock -> member.Gate -> target.Gate -> _queueLock. Events are raised after all are released.
public sealed partial class HealthEngine
{
    private readonly Lock _catalogLock = new();
    private readonly Dictionary<string, MemberEntry> _members = new(StringComparer.Ordinal);
    private readonly Dictionary<CheckKey, CheckTarget> _targets = [];

    // One instance per distinct probe spec, shared by every check using it (a pool's many members), counted by
    // the checks that use it so it goes when they do.
    private readonly Dictionary<HealthMonitorSpec, (HealthMonitorSpec Spec, int Checks)> _probeSpecs = [];
    private long _targetsCreated;

    /// <summary>
    /// Adds a member or changes it, live. A changed check (endpoint or probe fields) starts its verdict over from
    /// Initial; changed thresholds keep it; weight and admin state set the Unused and Unavailable overlays.
    /// Other members' schedules are never touched.
    /// </summary>
    public void Upsert(MemberRegistration member)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentException.ThrowIfNullOrEmpty(member.MemberId, nameof(member));
        ArgumentNullException.ThrowIfNull(member.Address, nameof(member));
        ArgumentNullException.ThrowIfNull(member.Spec, nameof(member));
        ArgumentOutOfRangeException.ThrowIfLessThan(member.Port, 1, nameof(member));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(member.Port, 65535, nameof(member));
        ArgumentOutOfRangeException.ThrowIfNegative(member.Weight, nameof(member));

        var key = CheckKey.For(member);
        var thresholds = HealthThresholds.From(member.Spec);
        var enabled = MemberEntry.ChecksEnabled(member);
        var now = _timeProvider.GetUtcNow();
        List<(MemberEntry, HealthEvent)>? events = null;
        lock (_catalogLock)
        {
            if (!_members.TryGetValue(member.MemberId, out var entry))
            {
                var tracker = new MemberTracker(thresholds, now, _options.Tracker, member.RestoredState, member.RestoredSince);

                // A member born disabled or with weight 0 starts in that state; there is no earlier state to leave.
                tracker.SetChecksEnabled(enabled, now);
                tracker.SetWeightZero(member.Weight == 0, now);
                entry = new MemberEntry(member, key, tracker);
                _members.Add(member.MemberId, entry);
                if (enabled)
                {
                    lock (entry.Gate)
                    {
                        Attach(entry, key);
                    }
                }

                return;
            }

            lock (entry.Gate)
            {
                Change(entry, member, key, thresholds, enabled, now, ref events);
            }
        }

        Raise(events);
    }

    /// <summary>Removes a member; its check stops when no other member shares it. False when unknown.</summary>
    public bool Remove(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        lock (_catalogLock)
        {
            if (!_members.Remove(memberId, out var entry))
            {
                return false;
            }

            lock (entry.Gate)
            {
                Detach(entry);
            }

            return true;
        }
    }

    public MemberSnapshot? GetMember(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        MemberEntry? entry;
        lock (_catalogLock)
        {
            _members.TryGetValue(memberId, out entry);
        }

        return entry is null ? null : Snapshot(entry);
    }

    /// <summary>The member's recent results, oldest first; empty when unknown.</summary>
    public IReadOnlyList<ProbeResult> GetHistory(string memberId)
    {
        ArgumentNullException.ThrowIfNull(memberId);
        MemberEntry? entry;
        lock (_catalogLock)
        {
            _members.TryGetValue(memberId, out entry);
        }

        if (entry is null)
        {
            return [];
        }

        lock (entry.Gate)
        {
            return entry.Tracker.History();
        }
    }

    /// <summary>Every member's snapshot, in no particular order.</summary>
    public IReadOnlyList<MemberSnapshot> GetMembers()
    {
        MemberEntry[] entries;
        lock (_catalogLock)
        {
            entries = new MemberEntry[_members.Count];
            _members.Values.CopyTo(entries, 0);
        }

        var snapshots = new MemberSnapshot[entries.Length];
        for (var i = 0; i < entries.Length; i++)
        {
            snapshots[i] = Snapshot(entries[i]);
        }

        return snapshots;
    }

    /// <summary>When the member's check is next due (timestamp units); null while it runs or is not scheduled.</summary>
    internal long? GetDueTimestamp(string memberId)
    {
        lock (_catalogLock)
        {
            if (!_members.TryGetValue(memberId, out var entry) || entry.Target is not { } target)
            {
                return null;
            }

            lock (target.Gate)
            {
                if (target.InFlight)
                {
                    return null;
                }
            }

            lock (_queueLock)
            {
                return target.DueTimestamp;
            }
        }
    }

    private static MemberSnapshot Snapshot(MemberEntry entry)
    {
        lock (entry.Gate)
        {
            var tracker = entry.Tracker;
            var checks = tracker.Checks;
            return new MemberSnapshot(entry.MemberId, entry.TargetText, tracker.State, tracker.Since, tracker.IsFlapping,
                tracker.IsRestored, tracker.LastResult, checks.Passes, checks.Failures);
        }
    }

    /// <summary>Applies a changed registration to an existing member; under the catalog lock and the member's gate.</summary>
    private void Change(MemberEntry entry, MemberRegistration member, CheckKey key, HealthThresholds thresholds,
        bool enabled, DateTimeOffset now, ref List<(MemberEntry, HealthEvent)>? events)
    {
        var old = entry.Registration;
        var wasEnabled = MemberEntry.ChecksEnabled(old);
        var checkChanged = !key.Equals(entry.Key);
        var tracker = entry.Tracker;

        if (entry.Target is not null && (!enabled || checkChanged))
        {
            Detach(entry);
        }

        entry.Registration = member;
        entry.Key = key;

        // Switching off first and on last, so a change made together with the toggle shows as one transition.
        if (!enabled && wasEnabled)
        {
            Collect(ref events, entry, tracker.SetChecksEnabled(false, now), null);
        }

        if (checkChanged || thresholds != tracker.Thresholds)
        {
            Collect(ref events, entry, tracker.ChangeMonitor(thresholds, startOver: checkChanged, now), null);
        }

        if (enabled && !wasEnabled)
        {
            Collect(ref events, entry, tracker.SetChecksEnabled(true, now), null);
        }

        if ((member.Weight == 0) != (old.Weight == 0))
        {
            Collect(ref events, entry, tracker.SetWeightZero(member.Weight == 0, now), null);
        }

        if (enabled && entry.Target is null)
        {
            Attach(entry, key);
        }
    }

    /// <summary>Subscribes the member to the check for <paramref name="key"/>, creating and scheduling it if new.</summary>
    private void Attach(MemberEntry entry, CheckKey key)
    {
        var created = false;
        if (!_targets.TryGetValue(key, out var target))
        {
            key = key with { Spec = InternSpec(key.Spec) };
            target = new CheckTarget(this, key, _frequency, _options.JitterCap, _options.Jitter);
            _targets.Add(key, target);
            created = true;
        }

        entry.Key = target.Key; // share the check's key instances rather than keep an equal copy per member

        lock (target.Gate)
        {
            target.Members = [.. target.Members, entry];
        }

        entry.Target = target;
        if (created)
        {
            ScheduleFirst(target, FirstOffset(target.DelayTicks, _targetsCreated++));
        }
    }

    /// <summary>Unsubscribes the member; the check is dropped when its last member leaves.</summary>
    private void Detach(MemberEntry entry)
    {
        if (entry.Target is not { } target)
        {
            return;
        }

        entry.Target = null;
        bool empty;
        lock (target.Gate)
        {
            var members = target.Members;
            var index = Array.IndexOf(members, entry);
            if (index >= 0)
            {
                var next = new MemberEntry[members.Length - 1];
                Array.Copy(members, 0, next, 0, index);
                Array.Copy(members, index + 1, next, index, members.Length - index - 1);
                target.Members = next;
            }

            empty = target.Members.Length == 0;
            if (empty)
            {
                target.Removed = true;
            }
        }

        if (empty)
        {
            _targets.Remove(target.Key);
            ReleaseSpec(target.Key.Spec);
        }
    }

    private HealthMonitorSpec InternSpec(HealthMonitorSpec spec)
    {
        if (_probeSpecs.TryGetValue(spec, out var interned))
        {
            _probeSpecs[spec] = (interned.Spec, interned.Checks + 1);
            return interned.Spec;
        }

        _probeSpecs.Add(spec, (spec, 1));
        return spec;
    }

    private void ReleaseSpec(HealthMonitorSpec spec)
    {
        if (_probeSpecs.TryGetValue(spec, out var interned))
        {
            if (interned.Checks <= 1)
            {
                _probeSpecs.Remove(spec);
            }
            else
            {
                _probeSpecs[spec] = (interned.Spec, interned.Checks - 1);
            }
        }
    }

    /// <summary>
    /// Where in its first interval the n-th new check goes: the golden-ratio sequence spreads any number of checks
    /// evenly over [0, delay), whether they arrive together or one by one, with no knowledge of the batch.
    /// </summary>
    internal static long FirstOffset(long delayTicks, long sequence)
    {
        const double goldenFraction = 0.6180339887498949;
        var fraction = (sequence * goldenFraction) % 1.0;
        return (long)(fraction * delayTicks);
    }
}
