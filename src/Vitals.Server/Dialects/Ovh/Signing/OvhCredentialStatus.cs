namespace Vitals.Server.Dialects.Ovh.Signing;

internal enum OvhCredentialStatus
{
    Valid,

    /// <summary>No such application key.</summary>
    UnknownApplication,

    /// <summary>The consumer key is unknown or not bound to that application key.</summary>
    UnknownConsumer,
}
