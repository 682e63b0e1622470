namespace Vitals.Control.Traffic.Haproxy;

/// <summary>A command of a batch with HAProxy's answer to it (without the trailing line end).</summary>
public readonly record struct HaproxyCommandResult(HaproxyCommand Command, string Answer)
{
    /// <summary>The answer is the command's success answer (always true for a read).</summary>
    public bool Succeeded => Command.IsSuccess(Answer);

    /// <summary>Throws <see cref="HaproxyRuntimeException"/> with the command and HAProxy's message unless it succeeded.</summary>
    public void ThrowIfFailed()
    {
        if (!Succeeded)
        {
            throw new HaproxyRuntimeException(Command.Text, Answer);
        }
    }
}
