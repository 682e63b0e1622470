namespace Vitals.Server.Dialects.Huawei.Signing;

/// <summary>Finds a Huawei AK; null when unknown. The store backs it; tests pass a dictionary.</summary>
internal delegate ValueTask<HuaweiAccessKey?> HuaweiAccessKeyLookup(string accessKey, CancellationToken cancellationToken);
