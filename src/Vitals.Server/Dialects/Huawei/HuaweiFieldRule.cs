namespace Vitals.Server.Dialects.Huawei;

/// <summary>One accepted field of a request body: its JSON type and whether null is meaningful (reset or "use the default").</summary>
internal readonly record struct HuaweiFieldRule(string Name, HuaweiFieldKind Kind, bool Nullable = false);
