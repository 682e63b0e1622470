namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>Finds an AccessKey by its id; null when unknown. The store backs it; tests pass a dictionary.</summary>
internal delegate ValueTask<AlibabaAccessKey?> AlibabaAccessKeyLookup(string accessKeyId, CancellationToken cancellationToken);
