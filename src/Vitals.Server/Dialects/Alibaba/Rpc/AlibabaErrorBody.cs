namespace Vitals.Server.Dialects.Alibaba.Rpc;

/// <summary>Alibaba's error body (alibaba-nlb.md §4), PascalCase on the wire.</summary>
internal sealed record AlibabaErrorBody(string RequestId, string HostId, string Code, string Message, string Recommend);
