using System.Net;
using System.Text.Json;

namespace Vitals.Server.Tests.Dialects.Huawei;

/// <summary>What the ELB API answered.</summary>
internal sealed record HuaweiAnswer(HttpStatusCode Status, JsonElement Body, string Text, string? RequestIdHeader)
{
    public string? ErrorCode => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("error_code", out var c) ? c.GetString() : null;

    public string? ErrorMsg => Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("error_msg", out var m) ? m.GetString() : null;

    public override string ToString() => $"{(int)Status} {Text}";
}
