namespace Vitals.Server.Dialects.Huawei;

/// <summary>The JSON type a request field must have; Huawei's v3 SDKs send real numbers and booleans, never strings.</summary>
internal enum HuaweiFieldKind
{
    String,
    Integer,
    Boolean,
}
