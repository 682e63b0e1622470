using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Dialects.Alibaba.Rpc;

/// <summary>An authenticated RPC call: the decoded request, the project its AccessKey acts for, its request id and time.</summary>
internal sealed record AlibabaCall(AlibabaRequest Request, string ProjectId, string RequestId, DateTimeOffset Now)
{
    public string? Parameter(string name) => Request.Parameter(name);
}
