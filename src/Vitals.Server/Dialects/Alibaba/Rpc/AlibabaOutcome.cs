namespace Vitals.Server.Dialects.Alibaba.Rpc;

/// <summary>What an operation answers: the UTF-8 JSON body of a success, or an error.</summary>
internal readonly record struct AlibabaOutcome(byte[]? Json, AlibabaError? Error)
{
    public static implicit operator AlibabaOutcome(AlibabaError error) => new(null, error);

    public static AlibabaOutcome Ok(byte[] json) => new(json, null);
}
