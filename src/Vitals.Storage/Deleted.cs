namespace Vitals.Storage;

/// <summary>The (empty) value of a successful delete.</summary>
public sealed class Deleted
{
    private Deleted()
    {
    }

    public static Deleted Value { get; } = new();

    public override string ToString() => "deleted";
}
