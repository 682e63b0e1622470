namespace Vitals.Server.Dialects.Alibaba.Signing;

/// <summary>What the store knows about an AccessKey: its secret, the project it acts for, and whether it is enabled.</summary>
internal sealed record AlibabaAccessKey(string Secret, string ProjectId, bool Active = true);
