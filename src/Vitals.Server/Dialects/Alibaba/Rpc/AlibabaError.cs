using Vitals.Server.Dialects.Alibaba.Signing;

namespace Vitals.Server.Dialects.Alibaba.Rpc;

/// <summary>An error answer of the RPC endpoint: an <see cref="AlibabaErrorCodes"/> code, its message and HTTP status.</summary>
internal sealed record AlibabaError(string Code, string Message)
{
    public int StatusCode => AlibabaErrorCodes.StatusOf(Code);

    public static AlibabaError Missing(string parameter) =>
        new(AlibabaErrorCodes.MissingParameter, AlibabaErrorCodes.MissingParameterMessage(parameter));

    public static AlibabaError Invalid(string parameter, string why) =>
        new(AlibabaErrorCodes.InvalidParameter, AlibabaErrorCodes.InvalidParameterMessage(parameter, why));
}
