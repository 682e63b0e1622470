using System.Text.Json;
using Vitals.Core.Probing;

namespace Vitals.Core.Notifications;

/// <summary>The nested objects of the payload: deciding checks, flapping, group and panic.</summary>
public static partial class NotificationJsonWriter
{
    private static void WriteChecks(Utf8JsonWriter json, IReadOnlyList<DecidingCheck>? checks)
    {
        json.WriteStartArray("deciding_checks");
        if (checks is not null)
        {
            foreach (var check in checks)
            {
                json.WriteStartObject();
                json.WriteString("at", check.At.UtcDateTime);
                json.WriteBoolean("passed", check.Passed);
                WriteReason(json, "reason_code", check.Reason);
                json.WriteString("check_code", check.CheckCode.ToWire());
                WriteNullableNumber(json, "status_code", check.StatusCode);
                if (check.DurationMs is { } ms)
                {
                    json.WriteNumber("duration_ms", Math.Round(ms, 3));
                }
                else
                {
                    json.WriteNull("duration_ms");
                }

                WriteNullableString(json, "detail", check.Detail);
                json.WriteEndObject();
            }
        }

        json.WriteEndArray();
    }

    private static void WriteFlap(Utf8JsonWriter json, FlapSummary? flap)
    {
        if (flap is not { } f)
        {
            json.WriteNull("flapping");
            return;
        }

        json.WriteStartObject("flapping");
        json.WriteStartArray("between");
        json.WriteStringValue(Wire(f.Between));
        json.WriteStringValue(Wire(f.And));
        json.WriteEndArray();
        json.WriteNumber("flips", f.Flips);
        json.WriteString("first_at", f.FirstAt.UtcDateTime);
        json.WriteString("last_at", f.LastAt.UtcDateTime);
        json.WriteString("final_state", Wire(f.FinalState));
        json.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter json, GroupSummary? group)
    {
        if (group is null)
        {
            json.WriteNull("group");
            return;
        }

        json.WriteStartObject("group");
        json.WriteString("window_start", group.WindowStart.UtcDateTime);
        json.WriteString("window_end", group.WindowEnd.UtcDateTime);
        json.WriteNumber("members_total", group.MembersTotal);
        json.WriteNumber("changes_total", group.ChangesTotal);
        json.WriteBoolean("truncated", group.Truncated);
        json.WriteStartArray("members");
        foreach (var m in group.Members)
        {
            json.WriteStartObject();
            json.WriteString("id", m.Member.MemberId);
            json.WriteString("name", m.Member.MemberName);
            json.WriteString("address", m.Member.Address);
            json.WriteNumber("port", m.Member.Port);
            json.WriteString("old_state", Wire(m.From));
            json.WriteString("new_state", Wire(m.To));
            WriteReason(json, "reason_code", m.Reason);
            json.WriteString("at", m.At.UtcDateTime);
            json.WriteNumber("changes", m.Changes);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePanic(Utf8JsonWriter json, PanicInfo? panic)
    {
        if (panic is null)
        {
            json.WriteNull("panic");
            return;
        }

        json.WriteStartObject("panic");
        json.WriteNumber("min_healthy_percent", panic.MinHealthyPercent);
        json.WriteNumber("eligible", panic.Eligible);
        json.WriteNumber("healthy", panic.Healthy);
        json.WriteNumber("required", panic.Required);
        json.WriteStartArray("kept");
        foreach (var id in panic.Kept)
        {
            json.WriteStringValue(id);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }
}
