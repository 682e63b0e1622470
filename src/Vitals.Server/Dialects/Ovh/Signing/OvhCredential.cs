namespace Vitals.Server.Dialects.Ovh.Signing;

/// <summary>The answer to "who is application key AK with consumer key CK": both known and bound, or which one is not.</summary>
internal sealed record OvhCredential
{
    private OvhCredential(OvhCredentialStatus status, string applicationSecret, string projectId)
    {
        Status = status;
        ApplicationSecret = applicationSecret;
        ProjectId = projectId;
    }

    public static OvhCredential UnknownApplication { get; } = new(OvhCredentialStatus.UnknownApplication, string.Empty, string.Empty);

    public static OvhCredential UnknownConsumer { get; } = new(OvhCredentialStatus.UnknownConsumer, string.Empty, string.Empty);

    public OvhCredentialStatus Status { get; }

    public string ApplicationSecret { get; }

    /// <summary>The project the consumer key acts for.</summary>
    public string ProjectId { get; }

    public static OvhCredential Valid(string applicationSecret, string projectId)
    {
        ArgumentException.ThrowIfNullOrEmpty(applicationSecret);
        ArgumentNullException.ThrowIfNull(projectId);
        return new OvhCredential(OvhCredentialStatus.Valid, applicationSecret, projectId);
    }
}
