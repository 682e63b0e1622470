using System.CommandLine;

namespace Vitals.Cli.Completion;

/// <summary>
/// <c>vitals completion bash|zsh</c>: prints a script that completes <c>vitals</c> in that shell. The script asks
/// <c>vitals</c> itself through System.CommandLine's <c>[suggest:POSITION]</c> directive, so commands, options and
/// their fixed values complete from the command tree of the binary installed, never from a list that could drift.
/// </summary>
internal static class CompletionCommand
{
    internal const string Bash = """
        # vitals completion for bash: `source <(vitals completion bash)`, or save it as
        # /etc/bash_completion.d/vitals (or ~/.local/share/bash-completion/completions/vitals).
        _vitals_complete() {
            local IFS=$'\n'
            local candidates
            candidates="$("${COMP_WORDS[0]}" "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null)"
            COMPREPLY=($(compgen -W "${candidates}" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -F _vitals_complete vitals

        """;

    internal const string Zsh = """
        #compdef vitals
        # vitals completion for zsh: `source <(vitals completion zsh)`, or save it as _vitals in a directory of $fpath.
        _vitals() {
            local -a candidates
            candidates=("${(@f)$("${words[1]}" "[suggest:${CURSOR}]" "${BUFFER}" 2>/dev/null)}")
            compadd -a candidates
        }
        compdef _vitals vitals

        """;

    public static Command Create()
    {
        var shell = new Argument<string>("SHELL") { Description = "bash or zsh." };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var command = new Command("completion", "Print the shell completion script for bash or zsh (e.g. source <(vitals completion bash)).");
        command.Arguments.Add(shell);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            await parseResult.InvocationConfiguration.Output.WriteAsync(
                (parseResult.GetValue(shell) == "zsh" ? Zsh : Bash).AsMemory(), cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }
}
