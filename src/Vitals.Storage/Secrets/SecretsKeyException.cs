namespace Vitals.Storage.Secrets;

/// <summary>
/// The secrets key cannot be used: its file is unreadable or not a key, or the store holds secrets it cannot decrypt
/// (another node's key). Thrown at start, worded for the operator; it never carries a secret.
/// </summary>
public sealed class SecretsKeyException : Exception
{
    public SecretsKeyException()
    {
    }

    public SecretsKeyException(string message)
        : base(message)
    {
    }

    public SecretsKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
