namespace Vitals.Cli.Tests.Support;

/// <summary>A file with the given text, deleted on dispose.</summary>
public sealed class TempFile : IDisposable
{
    public TempFile(string text)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"vitals-cli-{Guid.NewGuid():N}.txt");
        File.WriteAllText(Path, text);
    }

    public string Path { get; }

    public void Dispose() => File.Delete(Path);
}
