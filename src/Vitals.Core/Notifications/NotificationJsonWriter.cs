using System.Buffers;
using System.Text.Json;
using Vitals.Core.Health;
using Vitals.Core.Probing;

namespace Vitals.Core.Notifications;

/// <summary>
/// Writes a <see cref="NotificationEvent"/> as the webhook payload: snake_case, every key always present (null when it
/// does not apply), in a fixed order, so the body of one event is the same bytes on every attempt and every node.
/// The schema is in docs/notifications.md.
/// </summary>
public static partial class NotificationJsonWriter
{
    /// <summary>Version of the payload's shape; a field added keeps it, a field changed or removed bumps it.</summary>
    public const int SchemaVersion = 1;

    /// <summary>The payload of <paramref name="evt"/> as UTF-8 bytes.</summary>
    /// <param name="evt">The event.</param>
    /// <param name="consoleBaseUrl">The console's address (e.g. <c>https://vitals.example.com/</c>); null leaves <c>console_url</c> null.</param>
    public static byte[] ToUtf8Bytes(NotificationEvent evt, string? consoleBaseUrl)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(buffer, evt, consoleBaseUrl);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the payload of <paramref name="evt"/> to <paramref name="output"/>.</summary>
    public static void Write(IBufferWriter<byte> output, NotificationEvent evt, string? consoleBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(evt);
        using var json = new Utf8JsonWriter(output);
        json.WriteStartObject();
        json.WriteString("id", evt.Id);
        json.WriteString("type", evt.Kind.ToWire());
        json.WriteNumber("schema_version", SchemaVersion);
        json.WriteString("time", evt.At.UtcDateTime);
        WriteNamed(json, "project", evt.ProjectId, evt.ProjectName);
        WriteNamed(json, "load_balancer", evt.Pool?.LoadBalancerId, evt.Pool?.LoadBalancerName);
        WriteNamed(json, "listener", evt.Pool?.ListenerId, evt.Pool?.ListenerName);
        WriteNamed(json, "pool", evt.Pool?.PoolId, evt.Pool?.PoolName);
        WriteMember(json, "member", evt.Member);
        var change = evt.Change;
        WriteState(json, "old_state", change?.From);
        WriteState(json, "new_state", change?.To);
        WriteReason(json, "reason_code", change?.Reason);
        WriteCheckCode(json, "check_code", change?.CheckCode);
        WriteNullableString(json, "detail", evt.Detail);
        WriteChecks(json, change?.Checks);
        WriteFlap(json, evt.Flap);
        WriteGroup(json, evt.Group);
        WritePanic(json, evt.Panic);
        WriteNullableString(json, "console_url", ConsoleLink.For(evt, consoleBaseUrl));
        json.WriteEndObject();
    }

    private static void WriteNamed(Utf8JsonWriter json, string name, string? id, string? label)
    {
        if (id is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("id", id);
        json.WriteString("name", label ?? "");
        json.WriteEndObject();
    }

    private static void WriteMember(Utf8JsonWriter json, string name, MemberRef? member)
    {
        if (member is null)
        {
            json.WriteNull(name);
            return;
        }

        json.WriteStartObject(name);
        json.WriteString("id", member.MemberId);
        json.WriteString("name", member.MemberName);
        json.WriteString("address", member.Address);
        json.WriteNumber("port", member.Port);
        json.WriteEndObject();
    }

    /// <summary>A state as the API words it everywhere (<c>Healthy</c>, <c>Unhealthy</c>, ...).</summary>
    private static string Wire(HealthState state) => state switch
    {
        HealthState.Initial => "Initial",
        HealthState.Healthy => "Healthy",
        HealthState.Unhealthy => "Unhealthy",
        HealthState.Unused => "Unused",
        HealthState.Unavailable => "Unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };

    private static void WriteState(Utf8JsonWriter json, string name, HealthState? state)
    {
        if (state is { } s)
        {
            json.WriteString(name, Wire(s));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteReason(Utf8JsonWriter json, string name, ReasonCode? reason) =>
        WriteNullableString(json, name, reason?.ToWire());

    private static void WriteCheckCode(Utf8JsonWriter json, string name, CheckCode? code) =>
        WriteNullableString(json, name, code?.ToWire());

    private static void WriteNullableString(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteNullableNumber(Utf8JsonWriter json, string name, int? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
