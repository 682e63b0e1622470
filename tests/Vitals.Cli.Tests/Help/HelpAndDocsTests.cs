using Vitals.Cli.Tests.Support;

namespace Vitals.Cli.Tests.Help;

/// <summary>What <c>vitals --help</c> shows, and that docs/cli.md covers every command and every <c>serve</c> flag.</summary>
public sealed class HelpAndDocsTests
{
    [Fact]
    public async Task TopLevelHelp_ShowsOptionalArgumentsInBrackets_AndRequiredOnesBare()
    {
        var run = await CliRun.InProcessAsync("--help");
        var tokens = await CliRun.InProcessAsync("tokens", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"(?m)^  get <KIND> \[<ID>\]\s+List resources", run.Stdout);
        Assert.Matches(@"(?m)^  history <MEMBER>\s+Show", run.Stdout);
        Assert.Matches(@"(?m)^  delete <KIND> <ID>\s+Delete", run.Stdout);
        Assert.DoesNotMatch(@"(?m)^  get <KIND> <ID>", run.Stdout);
        Assert.Matches(@"(?m)^  create <NAME>\s+Create a named token", tokens.Stdout);
    }

    [Fact]
    public void CliDoc_NamesEveryCommand()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli.md"));

        foreach (var command in CliApp.CreateRootCommand().Subcommands)
        {
            Assert.True(doc.Contains($"## `vitals {command.Name}", StringComparison.Ordinal)
                || doc.Contains($"`vitals {command.Name}`", StringComparison.Ordinal), $"docs/cli.md has no section for vitals {command.Name}");
        }
    }

    [Fact]
    public void CliDoc_ServeSection_ListsEveryServeFlag()
    {
        var doc = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "cli.md"));
        var serve = doc[doc.IndexOf("## `vitals serve`", StringComparison.Ordinal)..];
        serve = serve[..serve.IndexOf("\n## ", 1, StringComparison.Ordinal)];
        var command = CliApp.CreateRootCommand().Subcommands.Single(c => c.Name == "serve");

        Assert.NotEmpty(command.Options);
        foreach (var option in command.Options.Where(o => o.Name.StartsWith("--", StringComparison.Ordinal) && !o.Hidden && o.Name != "--help"))
        {
            Assert.True(serve.Contains($"`{option.Name}", StringComparison.Ordinal), $"the serve section of docs/cli.md does not list {option.Name}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Vitals.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Vitals.slnx not found above " + AppContext.BaseDirectory);
    }
}
