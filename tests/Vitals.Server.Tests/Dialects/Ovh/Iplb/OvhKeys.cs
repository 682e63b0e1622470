namespace Vitals.Server.Tests.Dialects.Ovh.Iplb;

/// <summary>An OVH key triple as <c>POST /api/v1/ovh-credentials</c> issues it.</summary>
internal sealed record OvhKeys(string ApplicationKey, string ApplicationSecret, string ConsumerKey);
