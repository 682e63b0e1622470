namespace Vitals.Server.Dialects.Alibaba.Rpc;

/// <summary>One RPC operation (an <c>Action</c> of a <c>Version</c>).</summary>
internal interface IAlibabaOperation
{
    /// <summary>The API version, e.g. <c>2022-04-30</c>.</summary>
    string Version { get; }

    /// <summary>The action, e.g. <c>GetListenerHealthStatus</c>.</summary>
    string Action { get; }

    ValueTask<AlibabaOutcome> RunAsync(AlibabaCall call, CancellationToken cancellationToken);
}
