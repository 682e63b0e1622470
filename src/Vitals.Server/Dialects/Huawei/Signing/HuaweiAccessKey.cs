namespace Vitals.Server.Dialects.Huawei.Signing;

/// <summary>What the store knows about a Huawei AK: its SK, the project it acts for, and whether it is still active.</summary>
internal sealed record HuaweiAccessKey(string Secret, string ProjectId, bool Active = true);
